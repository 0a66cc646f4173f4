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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acrcmk.operator.azure.AzureFixtures.Payload;
import io.acrcmk.operator.azure.AzureFixtures.PayloadKind;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.sandbox.AzureSimulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the adapter's mapping and the simulator against real Azure payloads. Every response body
 * of every fixture file is deserialised into the SDK's model, mapped to a snapshot record and
 * compared with the record built straight from the JSON. Then it is imported into the simulator,
 * served over HTTPS, read back through the loader and compared again.
 */
class FixtureFidelityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VAULT_URL =
      Pattern.compile(
          "https://([a-z0-9-]+)\\.vault\\.(?:azure\\.net|usgovcloudapi\\.net|azure\\.cn"
              + "|microsoftazure\\.de|localhost)(?::\\d+)?/?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBSCRIPTION = Pattern.compile("/subscriptions/([^/\"]+)/");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final String EXAMPLE_GUID = "6c1f0e2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

  private static AzureSimulator simulator;
  private static SimulatorRoundTrip roundTrip;

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

  @BeforeAll
  static void startSimulator() {
    simulator = AzureSimulator.start();
    roundTrip = new SimulatorRoundTrip(simulator);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

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
    String text = withGuidSubscriptions(payload.text());
    JsonNode body = JSON.readTree(text);
    switch (kind) {
      case REGISTRY -> {
        RegistryState expected = FixtureExpectations.registry(body);
        assertThat(SnapshotMapper.registry(parse(text, RegistryInner::fromJson)))
            .isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.registry(text, body), expected);
      }
      case IDENTITY -> {
        IdentityState expected = FixtureExpectations.identity(body);
        assertThat(SnapshotMapper.identity(parse(text, IdentityInner::fromJson)))
            .isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.identity(text, body), expected);
      }
      case VAULT -> {
        VaultState expected = FixtureExpectations.vault(body);
        assertThat(SnapshotMapper.vault(parse(text, VaultInner::fromJson))).isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.vault(text, body), withServiceDefaults(expected));
      }
      case DELETED_VAULT -> {
        DeletedVaultState expected = FixtureExpectations.deletedVault(body);
        assertThat(SnapshotMapper.deletedVault(parse(text, DeletedVaultInner::fromJson)))
            .isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.deletedVault(text, body), expected);
      }
      case DELETED_VAULT_LIST -> {
        for (JsonNode item : body.get("value")) {
          DeletedVaultState expected = FixtureExpectations.deletedVault(item);
          assertThat(
                  SnapshotMapper.deletedVault(parse(item.toString(), DeletedVaultInner::fromJson)))
              .isEqualTo(expected);
          assertSameAfterRoundTrip(roundTrip.deletedVault(item.toString(), item), expected);
        }
      }
      case KEY -> {
        KeyState expected = FixtureExpectations.key(body);
        assertThat(SnapshotMapper.key(parse(text, KeyInner::fromJson))).isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.key(text, body), expected);
      }
      case KEY_VERSION_LIST -> {
        List<KeyState> expected =
            FixtureExpectations.list(body.get("value"), FixtureExpectations::key);
        List<KeyState> mapped = new ArrayList<>();
        for (JsonNode item : body.get("value")) {
          mapped.add(SnapshotMapper.key(parse(item.toString(), KeyInner::fromJson)));
        }
        assertThat(mapped).isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.keyVersions(text, body), expected);
      }
      case ROLE_ASSIGNMENT_LIST -> {
        List<RoleAssignmentState> expected =
            FixtureExpectations.list(body.get("value"), FixtureExpectations::roleAssignment);
        List<RoleAssignmentState> mapped = new ArrayList<>();
        for (JsonNode item : body.get("value")) {
          mapped.add(
              SnapshotMapper.roleAssignment(parse(item.toString(), RoleAssignmentInner::fromJson)));
        }
        assertThat(mapped).isEqualTo(expected);
        assertSameAfterRoundTrip(roundTrip.roleAssignments(text, body), expected);
      }
      case DELETED_KEY -> {
        DeletedKeyState expected = FixtureExpectations.deletedKey(body);
        assertThat(SnapshotMapper.deletedKey(parse(text, DeletedKey::fromJson)))
            .isEqualTo(expected);
        String vaultName = URI.create(body.path("recoveryId").asText()).getHost().split("\\.")[0];
        assertSameAfterRoundTrip(roundTrip.deletedKey(text, vaultName, expected.name()), expected);
      }
      case DELETED_KEY_NOT_FOUND -> {
        String code = body.path("error").path("code").asText();
        assertThat(AzureErrorClassifier.NOT_FOUND_CODES).contains(code);
        Observed<DeletedKeyState> outcome = roundTrip.missingDeletedKey("never-created");
        assertThat(outcome).isInstanceOf(Observed.NotFound.class);
        assertThat(((Observed.NotFound<?>) outcome).detail()).startsWith(code + ": ");
      }
      default ->
          fail(
              "%s (%s %s) has no mapping; map it in the adapter or list its kind with a reason",
              payload.source(), payload.method(), payload.uri());
    }
  }

  /**
   * Compares a record read back through the simulator with the one mapped from the payload. Key
   * Vault URLs are compared by vault name because the simulator serves every vault on its own host.
   */
  private static void assertSameAfterRoundTrip(Object actual, Object expected) {
    assertThat(withNeutralVaultHosts(String.valueOf(actual)))
        .as("read back through the simulator")
        .isEqualTo(withNeutralVaultHosts(String.valueOf(expected)));
  }

  private static String withNeutralVaultHosts(String text) {
    Matcher matcher = VAULT_URL.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          result, "https://" + matcher.group(1).toLowerCase(Locale.ROOT) + ".vault/");
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /**
   * Fills what Key Vault assumes when a vault omits soft delete: on, with 90 days of retention. The
   * snapshot keeps such fields null and the checks apply these defaults, so a simulator that stores
   * them explicitly describes the same vault.
   */
  private static VaultState withServiceDefaults(VaultState vault) {
    return new VaultState(
        vault.id(),
        vault.name(),
        vault.location(),
        vault.tenantId(),
        vault.vaultUri(),
        vault.enableSoftDelete() == null ? Boolean.TRUE : vault.enableSoftDelete(),
        vault.softDeleteRetentionInDays() == null ? 90 : vault.softDeleteRetentionInDays(),
        vault.enablePurgeProtection(),
        vault.enableRbacAuthorization(),
        vault.publicNetworkAccess(),
        vault.networkAcls(),
        vault.accessPolicies(),
        vault.privateEndpointConnections());
  }

  /**
   * Replaces a subscription that is not a GUID, such as the {@code subid} of some spec examples,
   * with a GUID, because ARM subscription IDs always are GUIDs and the policy parser requires one.
   */
  private static String withGuidSubscriptions(String text) {
    Matcher matcher = SUBSCRIPTION.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String subscription = matcher.group(1);
      String replacement = GUID.matcher(subscription).matches() ? subscription : EXAMPLE_GUID;
      matcher.appendReplacement(result, "/subscriptions/" + replacement + "/");
    }
    matcher.appendTail(result);
    return result.toString();
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
