package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
