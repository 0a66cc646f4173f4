package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.azure.AzureFixtures.Payload;
import io.acrcmk.operator.azure.AzureFixtures.PayloadKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the adapter's mapping against real Azure payloads: every response body of every fixture
 * file is deserialised into the SDK's model, mapped to a snapshot record and compared with the
 * record built straight from the JSON.
 */
class FixtureFidelityTest {

  /** Files in the fixtures folder that hold no payload. */
  private static final Map<String, String> NOT_PAYLOADS =
      Map.of("README.md", "describes where each fixture comes from");

  /** Payload kinds the loader never reads, with the reason. Any other kind must be mapped. */
  private static final Map<PayloadKind, String> NOT_READ_BY_LOADER =
      Map.of(
          PayloadKind.DATA_PLANE_KEY,
          "the loader reads keys through ARM, which the vault firewall does not block",
          PayloadKind.DATA_PLANE_KEY_VERSION_LIST,
          "the loader lists key versions through ARM, which the vault firewall does not block",
          PayloadKind.DATA_PLANE_KEY_NOT_FOUND,
          "the loader reads keys through ARM; its data-plane 404 is covered by deleted keys",
          PayloadKind.AUTHENTICATION_CHALLENGE,
          "the Key Vault authentication challenge is answered inside the SDK",
          PayloadKind.RESOURCE_GROUP,
          "the loader reads resources by ID and never reads resource groups",
          PayloadKind.RESOURCE_LIST,
          "the loader reads the vault by ID instead of searching the subscription",
          PayloadKind.OPERATION_STATUS,
          "the status of a long-running write; the loader only reads");

  @TestFactory
  Stream<DynamicTest> fixturePayloadsMapLikeTheirJson() throws IOException {
    Path folder = AzureFixtures.folder().orElse(null);
    Assumptions.assumeTrue(
        folder != null,
        "fixtures folder ../shared/fixtures/azure not found; fidelity test skipped");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : AzureFixtures.files(folder)) {
      String name = folder.relativize(file).toString().replace('\\', '/');
      if (NOT_PAYLOADS.containsKey(name)) {
        continue;
      }
      List<Payload> payloads = AzureFixtures.payloads(folder, file);
      if (payloads.isEmpty()) {
        tests.add(
            dynamicTest(
                name + " has a known layout",
                () -> fail("%s is neither a spec example nor a recording", name)));
      }
      for (Payload payload : payloads) {
        tests.add(dynamicTest(payload.source() + " " + payload.kind(), () -> check(payload)));
      }
    }
    return tests.stream();
  }

  private static void check(Payload payload) throws IOException {
    PayloadKind kind = payload.kind();
    if (NOT_READ_BY_LOADER.containsKey(kind)) {
      Assumptions.abort(
          payload.source() + " is not read by the loader: " + NOT_READ_BY_LOADER.get(kind));
    }
    JsonNode body = payload.body();
    switch (kind) {
      case REGISTRY ->
          assertThat(SnapshotMapper.registry(parse(payload.text(), RegistryInner::fromJson)))
              .isEqualTo(FixtureExpectations.registry(body));
      case IDENTITY ->
          assertThat(SnapshotMapper.identity(parse(payload.text(), IdentityInner::fromJson)))
              .isEqualTo(FixtureExpectations.identity(body));
      case VAULT ->
          assertThat(SnapshotMapper.vault(parse(payload.text(), VaultInner::fromJson)))
              .isEqualTo(FixtureExpectations.vault(body));
      case DELETED_VAULT ->
          assertThat(
                  SnapshotMapper.deletedVault(parse(payload.text(), DeletedVaultInner::fromJson)))
              .isEqualTo(FixtureExpectations.deletedVault(body));
      case DELETED_VAULT_LIST -> {
        for (JsonNode item : body.get("value")) {
          assertThat(
                  SnapshotMapper.deletedVault(parse(item.toString(), DeletedVaultInner::fromJson)))
              .isEqualTo(FixtureExpectations.deletedVault(item));
        }
      }
      case KEY ->
          assertThat(SnapshotMapper.key(parse(payload.text(), KeyInner::fromJson)))
              .isEqualTo(FixtureExpectations.key(body));
      case KEY_VERSION_LIST -> {
        for (JsonNode item : body.get("value")) {
          assertThat(SnapshotMapper.key(parse(item.toString(), KeyInner::fromJson)))
              .isEqualTo(FixtureExpectations.key(item));
        }
      }
      case ROLE_ASSIGNMENT_LIST -> {
        for (JsonNode item : body.get("value")) {
          assertThat(
                  SnapshotMapper.roleAssignment(
                      parse(item.toString(), RoleAssignmentInner::fromJson)))
              .isEqualTo(FixtureExpectations.roleAssignment(item));
        }
      }
      case DELETED_KEY ->
          assertThat(SnapshotMapper.deletedKey(parse(payload.text(), DeletedKey::fromJson)))
              .isEqualTo(FixtureExpectations.deletedKey(body));
      case DELETED_KEY_NOT_FOUND ->
          assertThat(payload.body().path("error").path("code").asText()).isEqualTo("KeyNotFound");
      default ->
          fail(
              "%s (%s %s) has no mapping; map it in the adapter or list its kind with a reason",
              payload.source(), payload.method(), payload.uri());
    }
  }

  /** Deserialises with the SDK's own JSON reader, as the SDK does for a response. */
  private static <T> T parse(String json, ModelReader<T> reader) throws IOException {
    try (JsonReader jsonReader = JsonProviders.createReader(json)) {
      return reader.read(jsonReader);
    }
  }

  @FunctionalInterface
  private interface ModelReader<T> {
    T read(JsonReader reader) throws IOException;
  }
}
