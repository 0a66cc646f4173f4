package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code check --offline} over hand-written documents in both shapes a user collects: az CLI
 * output (the payments registry, user-assigned identity, RBAC vault) and raw ARM JSON (the ledger
 * registry, system-assigned identity, access-policy vault behind a firewall, pinned key version).
 */
class OfflineCheckTest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @TempDir Path work;

  @Test
  void azCliDocumentsOfAHealthySetupAreReady() throws Exception {
    Path documents = copy("az-cli");

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.out()).contains("payments/contosopayacr").contains("AllChecksPassed");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.err())
        .isEqualTo(
            "note: key https://kv-payments-cmk.vault.azure.net/keys/cmk-payments: 1 version has"
                + " only attributes (as az keyvault key list-versions prints them), so its type,"
                + " size and operations are assumed to be RSA 2048 with wrapKey and unwrapKey; add"
                + " az keyvault key show --id <kid> for the version in use\n");
  }

  @Test
  void rawArmDocumentsOfAHealthySetupAreReady() throws Exception {
    Path documents = copy("arm");

    CliRun run =
        check("--offline", documents.toString(), "-f", policy("ledger.yaml"), "-o", "json");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(0);
    JsonNode status = JSON.readTree(run.out()).at("/items/0/status");
    assertThat(status.at("/conditions/6/status").asText()).isEqualTo("True");
    assertThat(status.at("/keyVersion").asText()).isEqualTo("4b6d8f0a2c4e46a8b0d2f4a6c8e0b2d4");
  }

  @Test
  void messagesNameTheCollectedVaultHosts() throws Exception {
    Path documents = copy("az-cli");

    CliRun run =
        check("--offline", documents.toString(), "-f", policy("payments.yaml"), "-o", "json");

    assertThat(JSON.readTree(run.out()).at("/items/0/status/conditions/0/message").asText())
        .contains("https://kv-payments-cmk.vault.azure.net/keys/cmk-payments");
    assertThat(run.out()).doesNotContain("vault.localhost");
  }

  @Test
  void withoutPolicyFilesEveryCollectedRegistryIsChecked() throws Exception {
    Path documents = copy("az-cli");
    copyInto("arm", documents);

    CliRun run = check("--offline", documents.toString());

    assertThat(run.out()).contains("contosoledgeracr", "contosopayacr");
    assertThat(run.out().lines().count()).isEqualTo(3);
    assertThat(run.exitCode()).isEqualTo(0);
  }

  @Test
  void detachedIdentityIsFoundInAzCliOutput() throws Exception {
    Path documents = copy("az-cli");
    edit(
        documents.resolve("acr-show.json"),
        registry -> ((ObjectNode) registry.get("identity")).putObject("userAssignedIdentities"));

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("IdentityHealthy False IdentityNotAssigned");
  }

  @Test
  void disabledKeyIsFoundInAzKeyShow() throws Exception {
    Path documents = copy("az-cli");
    edit(
        documents.resolve("key-show.json"),
        key -> ((ObjectNode) key.get("attributes")).put("enabled", false));

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("KeyUsable False KeyDisabled");
  }

  @Test
  void missingRoleAssignmentIsFound() throws Exception {
    Path documents = copy("az-cli");
    edit(documents.resolve("role-assignment-list.json"), list -> ((ArrayNode) list).remove(0));

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("KeyVaultAccessible False RoleAssignmentMissing");
  }

  @Test
  void closedFirewallIsFoundInArmVault() throws Exception {
    Path documents = copy("arm");
    edit(
        documents.resolve("vault.json"),
        vault -> ((ObjectNode) vault.at("/properties/networkAcls")).put("bypass", "None"));

    CliRun run = check("--offline", documents.toString(), "-f", policy("ledger.yaml"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("KeyVaultAccessible False TrustedServicesBypassDisabled");
  }

  @Test
  void uncollectedIdentityIsUnknown() throws Exception {
    Path documents = copy("az-cli");
    Files.delete(documents.resolve("identity-show.json"));

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .contains("IdentityHealthy Unknown DependencyNotReady")
        .contains("the offline folder holds no document for identity")
        .contains("az identity show --ids /subscriptions/5f2c8a71-3d4e-4b9a-8c6f-1e2d3c4b5a69");
    assertThat(run.out()).doesNotContain("IdentityNotFound");
  }

  @Test
  void uncollectedRoleAssignmentsAreUnknown() throws Exception {
    Path documents = copy("az-cli");
    Files.delete(documents.resolve("role-assignment-list.json"));

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("az role assignment list --assignee");
    assertThat(run.out()).doesNotContain("RoleAssignmentMissing");
  }

  @Test
  void unrecognisedDocumentIsReportedByFileName() throws Exception {
    Path documents = copy("az-cli");
    Path account =
        Files.writeString(
            documents.resolve("account.json"),
            "{\"environmentName\": \"AzureCloud\", \"id\": \"5f2c8a71\", \"isDefault\": true}");

    CliRun run = check("--offline", documents.toString(), "-f", policy("payments.yaml"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("error: " + account + ": not a document the offline check reads");
  }

  @Test
  void invalidJsonNamesLineAndColumn() throws Exception {
    Path documents = copy("arm");
    Path broken = Files.writeString(documents.resolve("broken.json"), "{\n  \"id\": \"x\",\n}\n");

    CliRun run = check("--offline", documents.toString(), "-f", policy("ledger.yaml"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: " + broken + ":3:1: not valid JSON: ");
  }

  @Test
  void readsUtf16FilesAndNotesOtherFiles() throws Exception {
    Path documents = copy("arm");
    Path registry = documents.resolve("registry.json");
    byte[] utf16 = Files.readString(registry).getBytes(StandardCharsets.UTF_16LE);
    byte[] withMark = new byte[utf16.length + 2];
    withMark[0] = (byte) 0xff;
    withMark[1] = (byte) 0xfe;
    System.arraycopy(utf16, 0, withMark, 2, utf16.length);
    Files.write(registry, withMark);
    Path notes = Files.writeString(documents.resolve("notes.txt"), "collected on Monday");

    CliRun run = check("--offline", documents.toString(), "-f", policy("ledger.yaml"));

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.err()).isEqualTo("note: ignored " + notes + ": only .json files are read\n");
  }

  @Test
  void missingFolderIsAnError() {
    CliRun run = check("--offline", work.resolve("absent").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: " + work.resolve("absent") + ": no such folder\n");
  }

  private Path copy(String folder) throws IOException, URISyntaxException {
    Path target = Files.createDirectories(work.resolve(folder));
    copyInto(folder, target);
    return target;
  }

  private static void copyInto(String folder, Path target) throws IOException, URISyntaxException {
    Path source = Path.of(OfflineCheckTest.class.getResource("/offline/" + folder).toURI());
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
  }

  private static String policy(String name) throws URISyntaxException {
    return Path.of(OfflineCheckTest.class.getResource("/offline/policies/" + name).toURI())
        .toString();
  }

  private static void edit(Path file, Consumer<JsonNode> change) throws IOException {
    JsonNode document = JSON.readTree(file.toFile());
    change.accept(document);
    Files.writeString(file, JSON.writeValueAsString(document));
  }

  private static CliRun check(String... args) {
    return CliRun.of(
        new CheckCommand(null, InputStream.nullInputStream(), Clock.systemUTC()), args);
  }
}
