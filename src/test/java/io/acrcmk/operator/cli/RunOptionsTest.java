package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.controller.LeaderElectionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks that the run command rejects invalid option values as usage errors, with exit code 2 and a
 * message naming the option, before it connects to Kubernetes or Azure.
 */
class RunOptionsTest {

  @Test
  void zeroConcurrencyIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--concurrency", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--concurrency must be at least 1, got 0");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void negativeConcurrencyIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--concurrency", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--concurrency must be at least 1, got -1");
  }

  @Test
  void unknownCloudIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--azure-cloud", "Mars");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "unknown --azure-cloud 'Mars'; expected AzurePublicCloud, AzureUSGovernment or"
                + " AzureChinaCloud");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void invalidLabelSelectorIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--label-selector", "bad selector!!");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("--label-selector 'bad selector!!' is not a valid label selector")
        .contains("'bad selector!!' is not a requirement");
  }

  @Test
  void labelSelectorNamesTheBadRequirement() {
    CliRun run = CliRun.of(new RunCommand(), "--label-selector", "tier=web,shard in blue");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'shard in blue' is not a requirement");
  }

  @Test
  void selectorSyntaxAcceptsKubernetesForms() {
    List<String> valid =
        List.of(
            "",
            "  ",
            "acrcmk.io/shard=blue",
            "acrcmk.io/shard == blue",
            "acrcmk.io/shard!=blue",
            "acrcmk.io/shard in (blue,green)",
            "acrcmk.io/shard notin (blue, green)",
            "!acrcmk.io/shard",
            "tier, !legacy",
            "env=",
            "replicas>2",
            "team=platform,acrcmk.io/shard in (blue,green),!legacy");
    for (String selector : valid) {
      assertThat(LabelSelectorSyntax.invalidRequirement(selector)).as(selector).isNull();
    }
  }

  @Test
  void selectorSyntaxRejectsMalformedForms() {
    List<String> invalid =
        List.of(
            "bad selector!!",
            "a=b=c",
            "shard in blue",
            "shard in (blue",
            "-shard=blue",
            "shard=blue green",
            "a,,b",
            "UPPER.Prefix/name=x",
            "key=" + "v".repeat(64),
            "replicas>two");
    for (String selector : invalid) {
      assertThat(LabelSelectorSyntax.invalidRequirement(selector)).as(selector).isNotNull();
    }
  }

  @Test
  void namespacesOfOnlyCommasIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--namespaces", ",,");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--namespaces names no namespace");
  }

  @Test
  void invalidNamespaceNameIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--namespaces", "platform,Team_A");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'Team_A' is not a valid namespace name");
  }

  @Test
  void invalidLeaseNameIsAUsageError() {
    for (String name : List.of("Shard_B", "-leader", "leader.", "a".repeat(254))) {
      CliRun run = CliRun.of(new RunCommand(), "--leader-election-lease", name);

      assertThat(run.exitCode()).as(name).isEqualTo(2);
      assertThat(run.err())
          .as(name)
          .contains(
              "--leader-election-lease (LEASE_NAME): \"" + name + "\" is not a valid Lease name");
    }
  }

  @Test
  void leaseNameControlCharactersQuoted() {
    CliRun run = CliRun.of(new RunCommand(), "--leader-election-lease", "abc\r");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"abc\\r\" is not a valid Lease name");
  }

  /** An empty name means the default, as an empty POD_NAME means the host name. */
  @Test
  void emptyLeaseNameMeansDefault() throws Exception {
    RunCommand command = new RunCommand();
    new CommandLine(command)
        .parseArgs("--leader-election-lease", "", "--leader-election-namespace", "acr-cmk");

    assertThat(command.leaseSettings().leaseName())
        .isEqualTo(LeaderElectionSettings.DEFAULT_LEASE_NAME);
  }

  @Test
  void missingLeaseNamespaceIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--leader-election-namespace", "");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("leader election needs the namespace of its Lease")
        .doesNotContain("Exception");
  }

  @Test
  void invalidLeaseNamespaceIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--leader-election-namespace", "Bad_NS");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--leader-election-namespace (POD_NAMESPACE): \"Bad_NS\" is not a valid namespace");
  }

  @Test
  void missingLeaseRightsNameTheLease() {
    LeaderElectionSettings lease = new LeaderElectionSettings("shard-a", "acr-cmk", "pod-1", true);
    RuntimeException error =
        new RuntimeException(
            new IllegalStateException(
                "No permission to lease resource. in namespace: acr-cmk; missing required verbs:"
                    + " [update, get]"));

    String message = RunCommand.startFailure(error, "https://10.0.0.1/", lease);

    assertThat(message)
        .startsWith("the operator may not read or renew its Lease acr-cmk/shard-a")
        .contains("missing required verbs: [update, get]")
        .doesNotContain("policies could not be listed");
  }

  @Test
  void otherStartFailureNamesTheApi() {
    LeaderElectionSettings lease = new LeaderElectionSettings("shard-a", "acr-cmk", "pod-1", true);
    RuntimeException error = new RuntimeException(new IllegalStateException("connection refused"));

    String message = RunCommand.startFailure(error, "https://10.0.0.1/", lease);

    assertThat(message)
        .startsWith("the policies could not be listed from the Kubernetes API at https://10.0.0.1/")
        .contains("IllegalStateException: connection refused");
  }

  @Test
  void leaseNameReachesLeaderElection() throws Exception {
    RunCommand command = new RunCommand();
    new CommandLine(command)
        .parseArgs(
            "--leader-election-lease", "shard-b.leader",
            "--leader-election-namespace", "acr-cmk",
            "--leader-election-id", "pod-1");

    LeaderElectionSettings lease = command.leaseSettings();

    assertThat(lease.leaseName()).isEqualTo("shard-b.leader");
    assertThat(lease.leaseNamespace()).isEqualTo("acr-cmk");
    assertThat(lease.identity()).isEqualTo("pod-1");
  }

  @Test
  void leaseNameDefaultsToOperatorLease() throws Exception {
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs("--leader-election-namespace", "acr-cmk");

    assertThat(command.leaseSettings().leaseName())
        .isEqualTo(LeaderElectionSettings.DEFAULT_LEASE_NAME);
  }

  @Test
  void zeroAzureTimeoutIsAUsageError() {
    CliRun run = CliRun.of(new RunCommand(), "--azure-timeout", "0s");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Invalid value for option '--azure-timeout'")
        .contains("invalid duration \"0s\": must be greater than 0");
  }

  @Test
  void zeroTimeoutRejectedByCheckToo() {
    CliRun run = CliRun.of(new CheckCommand(), "--azure-timeout", "0m", "-f", "policy.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("invalid duration \"0m\": must be greater than 0");
  }
}
