package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.HealthySetup;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import io.acrcmk.operator.sandbox.StateCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the check command in-process against the Azure simulator. */
class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static AzureSimulator azure;
  private static CmkSetup userAssigned;
  private static CmkSetup systemAssigned;
  private static StateCheckpoint healthy;

  @TempDir Path folder;

  @BeforeAll
  static void startAzure() {
    azure = AzureSimulator.start(SimulatorOptions.defaults().enforceRateLimits(false));
    userAssigned = HealthySetup.builder().seed(azure);
    systemAssigned =
        HealthySetup.builder()
            .registryName("acrcmksystem")
            .vaultName("kv-acr-cmk-system")
            .systemAssignedIdentity()
            .rbacVault()
            .seed(azure);
    healthy = azure.checkpoint();
  }

  @AfterAll
  static void stopAzure() {
    azure.close();
  }

  @BeforeEach
  void restoreHealthySetup() {
    azure.restore(healthy);
  }

  @AfterEach
  void clearFaults() {
    azure.faults().clear();
  }

  @Test
  void healthyPoliciesExitZeroWithQuietStandardError() throws IOException {
    Path policy = write("policies.yaml", twoPolicies());

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("POLICY")
        .contains("REGISTRY", "ENCRYPTED", "IDENTITY", "VAULT", "KEY", "ROTATION", "RECOVERY")
        .contains("READY", "REASON");
    assertThat(lines.get(1))
        .startsWith("platform/user-assigned")
        .contains("acrcmkdemo", "AllChecksPassed")
        .doesNotContain("False", "Unknown");
    assertThat(lines.get(2)).startsWith("platform/system-assigned").contains("acrcmksystem");
    assertThat(lines).hasSize(3);
  }

  @Test
  void unhealthyRegistryExitsOneAndNamesTheFix() throws IOException {
    azure.mutations().detachIdentity(userAssigned.registryId(), userAssigned.identityId());
    Path policy = write("policies.yaml", twoPolicies());

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("IdentityNotAssigned");
    assertThat(run.out()).contains("platform/user-assigned (" + policy + ":1):");
    assertThat(run.out()).contains("az acr identity assign");
    assertThat(run.err()).contains("Of 2 policies: 1 not Ready.");
  }

  @Test
  void unreadableAzureExitsTwo() throws IOException {
    azure
        .faults()
        .inject(FaultRule.forRequest("GET", "/subscriptions/.*", Fault.authorizationFailed()));
    Path policy = write("policy.yaml", CliRun.policyFor("user-assigned", null, userAssigned));

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("Unknown", "OperatorAccessDenied");
    assertThat(run.err()).contains("1 could not be checked because Azure could not be read");
  }

  @Test
  void notReadyWinsOverUnknown() throws IOException {
    azure.mutations().detachIdentity(userAssigned.registryId(), userAssigned.identityId());
    azure
        .faults()
        .inject(
            FaultRule.forRequest(
                "GET", "(?i).*/registries/acrcmksystem", Fault.authorizationFailed()));
    Path policy = write("policies.yaml", twoPolicies());

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("1 not Ready", "1 could not be checked");
  }

  @Test
  void expiringKeyFailsOnlyWithFailOnWarning() throws IOException {
    azure
        .mutations()
        .keys()
        .setExpiry(
            userAssigned.vaultName(),
            userAssigned.keyName(),
            userAssigned.currentKeyVersion(),
            Instant.now().plus(Duration.ofDays(10)));
    Path policy = write("policy.yaml", CliRun.policyFor("user-assigned", null, userAssigned));

    CliRun lenient = check("-f", policy.toString());
    CliRun strict = check("-f", policy.toString(), "--fail-on", "warning");

    assertThat(lenient.exitCode()).isEqualTo(0);
    assertThat(lenient.out()).contains("KeyRotationCurrent False KeyExpiringSoon");
    assertThat(lenient.err()).contains("1 Ready with warnings");
    assertThat(strict.exitCode()).isEqualTo(1);
  }

  @Test
  void jsonOutputCarriesTheOperatorsConditions() throws IOException {
    azure.mutations().detachIdentity(userAssigned.registryId(), userAssigned.identityId());
    Path policy = write("policies.yaml", twoPolicies());

    CliRun run = check("-f", policy.toString(), "-o", "json");

    JsonNode list = JSON.readTree(run.out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    JsonNode items = list.path("items");
    assertThat(items).hasSize(2);
    JsonNode first = items.get(0);
    assertThat(first.at("/metadata/name").asText()).isEqualTo("user-assigned");
    assertThat(first.at("/spec/checkInterval").asText()).as("defaults applied").isEqualTo("5m");
    List<String> types = new ArrayList<>();
    first.at("/status/conditions").forEach(condition -> types.add(condition.path("type").asText()));
    assertThat(types)
        .containsExactly(
            "RegistryEncrypted",
            "IdentityHealthy",
            "KeyVaultAccessible",
            "KeyUsable",
            "KeyRotationCurrent",
            "RecoveryProtected",
            "Ready");
    JsonNode identity = first.at("/status/conditions/1");
    assertThat(identity.path("status").asText()).isEqualTo("False");
    assertThat(identity.path("reason").asText()).isEqualTo("IdentityNotAssigned");
    assertThat(identity.path("message").asText()).contains("az acr identity assign");
    assertThat(identity.path("lastTransitionTime").asText()).endsWith("Z");
    assertThat(first.at("/status/registryName").asText()).isEqualTo("acrcmkdemo");
    assertThat(first.at("/status/keyVersion").asText()).isEqualTo(userAssigned.currentKeyVersion());
    assertThat(CrdSchemaValidator.forGeneratedCrd().validateStatusWrite(first)).isEmpty();
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void yamlOutputParsesAsTheSameList() throws IOException {
    Path policy = write("policy.yaml", CliRun.policyFor("user-assigned", "platform", userAssigned));

    CliRun run = check("-f", policy.toString(), "-o", "yaml");

    JsonNode list = YAML.readTree(run.out());
    assertThat(list.at("/items/0/metadata/namespace").asText()).isEqualTo("platform");
    assertThat(list.at("/items/0/status/conditions/6/type").asText()).isEqualTo("Ready");
    assertThat(list.at("/items/0/status/conditions/6/status").asText()).isEqualTo("True");
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void readsFoldersListsAndStandardInput() throws IOException {
    Path policies = Files.createDirectories(folder.resolve("policies"));
    Files.writeString(
        policies.resolve("a.yml"), CliRun.policyFor("user-assigned", null, userAssigned));
    Files.writeString(
        policies.resolve("b.json"),
        JSON.writeValueAsString(
            YAML.readTree(CliRun.policyFor("system-assigned", null, systemAssigned))));
    Files.writeString(policies.resolve("README.md"), "not a manifest");
    String list =
        "apiVersion: v1\nkind: List\nitems:\n- "
            + CliRun.policyFor("from-stdin", null, userAssigned).replace("\n", "\n  ").trim()
            + "\n";

    CliRun run =
        CliRun.of(
            new CheckCommand(azure.connection(), stdin(list), Clock.systemUTC()),
            "-f",
            policies.toString(),
            "-f",
            "-");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("user-assigned", "system-assigned", "from-stdin");
    assertThat(run.out().lines().count()).isEqualTo(4);
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void multiDocumentFileSkipsOtherKindsWithANote() throws IOException {
    String manifest =
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: platform\n---\n"
            + twoPolicies()
            + "---\n";
    Path policy = write("all.yaml", manifest);

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.err()).isEqualTo("note: " + policy + ":1: skipped v1 Namespace, not a policy\n");
    assertThat(run.out().lines().count()).isEqualTo(3);
  }

  @Test
  void schemaErrorStopsBeforeAzure() throws IOException {
    String good = CliRun.policyFor("user-assigned", null, userAssigned);
    String bad =
        CliRun.policyFor("bad-policy", null, userAssigned)
            .replace("name: " + userAssigned.keyName(), "name: not_a_key_name")
            .replace("  identity:\n", "  checkInterval: 10s\n  identity:\n");
    Path policy = write("policies.yaml", good + "---\n" + bad);
    azure.clearRequests();

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    int documentStart = (int) good.lines().count() + 2;
    int keyNameLine = documentStart + 10;
    assertThat(run.err())
        .contains(policy + ":" + keyNameLine + ": bad-policy: spec.key.name: Invalid value:");
    assertThat(run.err())
        .contains(policy + ":" + (keyNameLine + 1) + ": bad-policy: spec.checkInterval:");
    assertThat(run.err()).contains("checkInterval must be at least 30s");
    assertThat(run.err()).contains("nothing was checked");
    assertThat(azure.requests()).as("no Azure read").isEmpty();
  }

  @Test
  void yamlSyntaxErrorNamesLineAndColumn() throws IOException {
    Path policy = write("broken.yaml", "apiVersion: v1\nkind: [unclosed\n");

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "error: "
                + policy
                + ":3:1: not valid YAML: while parsing a flow sequence: expected ',' or ']', but"
                + " got <stream end>\n");
  }

  @Test
  void missingFileAndWrongKindsAreErrors() throws IOException {
    Path wrongVersion =
        write(
            "old.yaml",
            CliRun.policyFor("old", null, userAssigned)
                .replace("acrcmk.io/v1alpha1", "acrcmk.io/v1beta9"));
    Path noKind = write("nokind.yaml", "metadata:\n  name: x\n");

    CliRun run =
        check(
            "-f",
            folder.resolve("absent.yaml").toString(),
            "-f",
            wrongVersion.toString(),
            "-f",
            noKind.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(folder.resolve("absent.yaml") + ": no such file or folder");
    assertThat(run.err()).contains(wrongVersion + ":1: apiVersion acrcmk.io/v1beta9 is not served");
    assertThat(run.err()).contains(noKind + ":1: apiVersion and kind are required");
  }

  @Test
  void duplicatePolicyIsAnError() throws IOException {
    String policy = CliRun.policyFor("same", null, userAssigned);
    Path file = write("twice.yaml", policy + "---\n" + policy);

    CliRun run = check("-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("same is defined twice, first at " + file + ":1");
  }

  @Test
  void suspendedPolicyIsNotRead() throws IOException {
    Path policy =
        write(
            "suspended.yaml", CliRun.policyFor("paused", null, userAssigned) + "  suspend: true\n");
    azure.clearRequests();

    CliRun run = check("-f", policy.toString());

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.out()).contains("Suspended");
    assertThat(azure.requests()).isEmpty();
  }

  @Test
  void nothingToCheckIsAnError() {
    CliRun run = check();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nothing to check");
  }

  @Test
  void progressShowsOnlyWhenAskedAndPastAHandful() throws IOException {
    StringBuilder manifest = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      manifest.append(CliRun.policyFor("policy-" + i, null, userAssigned)).append("---\n");
    }
    Path policies = write("six.yaml", manifest.toString());
    Path one = write("one.yaml", CliRun.policyFor("single", null, userAssigned));

    CliRun piped = check("-f", policies.toString());
    CliRun shown = check("-f", policies.toString(), "--progress");
    CliRun few = check("-f", one.toString(), "--progress");

    assertThat(piped.err()).isEmpty();
    assertThat(shown.err()).contains("\rchecking policies 6/6");
    assertThat(shown.err()).endsWith("\r");
    assertThat(shown.err().replaceAll("[^\\r]*\\r", "").trim()).isEmpty();
    assertThat(few.err()).isEmpty();
    assertThat(shown.exitCode()).isEqualTo(0);
  }

  private String twoPolicies() {
    return CliRun.policyFor("user-assigned", "platform", userAssigned)
        + "---\n"
        + CliRun.policyFor("system-assigned", "platform", systemAssigned);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(folder.resolve(name), text);
  }

  private static CliRun check(String... args) {
    return CliRun.of(
        new CheckCommand(azure.connection(), InputStream.nullInputStream(), Clock.systemUTC()),
        args);
  }

  private static InputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
