package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataPlaneTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static StateCheckpoint healthy;
  private static KeyClient keys;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    healthy = simulator.checkpoint();
    keys = new SdkClients(simulator, setup.subscriptionId()).keys(setup.vaultUri());
  }

  @AfterEach
  void reset() {
    simulator.restore(healthy);
    simulator.faults().clear();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void keyClientPassesChallengeAndReadsCurrentVersion() {
    KeyVaultKey key = keys.getKey(setup.keyName());

    assertThat(key.getKeyType()).isEqualTo(KeyType.RSA);
    assertThat(key.getProperties().getVersion()).isEqualTo(setup.currentKeyVersion());
    assertThat(new BigInteger(1, key.getKey().getN()).bitLength()).isEqualTo(2048);
    assertThat(key.getKeyOperations())
        .extracting(Object::toString)
        .contains("wrapKey", "unwrapKey");
    assertThat(key.getProperties().getRecoveryLevel()).isEqualTo("Recoverable");
    List<RecordedRequest> gets = simulator.requestLog().forOperation("dataplane.keys.get");
    assertThat(gets).extracting(RecordedRequest::status).contains(401, 200);
  }

  @Test
  void keyClientListsVersionsOldestFirst() {
    List<String> versions =
        keys.listPropertiesOfKeyVersions(setup.keyName()).stream()
            .map(KeyProperties::getVersion)
            .toList();

    assertThat(versions).containsExactlyElementsOf(setup.keyVersions());
  }

  @Test
  void missingKeyIsNotFound() {
    assertThatThrownBy(() -> keys.getKey("no-such-key"))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));
  }

  @Test
  void deletedKeyIsReadableAndRecoverable() {
    simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());

    assertThatThrownBy(() -> keys.getKey(setup.keyName()))
        .isInstanceOf(ResourceNotFoundException.class);
    DeletedKey deleted = keys.getDeletedKey(setup.keyName());
    assertThat(deleted.getRecoveryId())
        .isEqualTo(setup.vaultUri() + "deletedkeys/" + setup.keyName());
    assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());

    KeyVaultKey recovered =
        keys.beginRecoverDeletedKey(setup.keyName()).waitForCompletion().getValue();
    assertThat(recovered.getProperties().getVersion()).isEqualTo(setup.currentKeyVersion());
  }

  @Test
  void undeletedKeyIsNotInDeletedKeys() {
    assertThatThrownBy(() -> keys.getDeletedKey(setup.keyName()))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class,
            e -> assertThat(e.getMessage()).contains("KeyNotFound"));
  }

  @Test
  void closedFirewallIsForbiddenByFirewall() {
    simulator.mutations().setNetworkAcls(setup.vaultId(), "Deny", "AzureServices");

    assertThatThrownBy(() -> keys.getKey(setup.keyName()))
        .isInstanceOfSatisfying(
            HttpResponseException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains("ForbiddenByFirewall");
            });
  }

  @Test
  void expiryNotBeforeAndDisabledVersionAreServed() {
    Instant expires = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
    Instant notBefore = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    KeyMutations mutations = simulator.mutations().keys();
    mutations.setExpiry(setup.vaultName(), setup.keyName(), null, expires);
    mutations.setNotBefore(setup.vaultName(), setup.keyName(), null, notBefore);
    mutations.disableVersion(setup.vaultName(), setup.keyName(), setup.keyVersions().get(0));

    KeyProperties current = keys.getKey(setup.keyName()).getProperties();
    KeyProperties old = keys.getKey(setup.keyName(), setup.keyVersions().get(0)).getProperties();

    assertThat(current.getExpiresOn().toInstant()).isEqualTo(expires);
    assertThat(current.getNotBefore().toInstant()).isEqualTo(notBefore);
    assertThat(current.isEnabled()).isTrue();
    assertThat(old.isEnabled()).isFalse();
  }

  @Test
  void deletedVersionIsNotFound() {
    simulator
        .mutations()
        .keys()
        .deleteVersion(setup.vaultName(), setup.keyName(), setup.keyVersions().get(0));

    assertThatThrownBy(() -> keys.getKey(setup.keyName(), setup.keyVersions().get(0)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(keys.getKey(setup.keyName()).getProperties().getVersion())
        .isEqualTo(setup.currentKeyVersion());
  }

  @Test
  void versionPagesFollowNextLink() {
    for (int i = 0; i < 30; i++) {
      simulator.mutations().keys().rotate(setup.vaultName(), setup.keyName());
    }

    long count = keys.listPropertiesOfKeyVersions(setup.keyName()).stream().count();

    assertThat(count).isEqualTo(32);
    assertThat(simulator.requestLog().count(Operations.DATAPLANE_KEYS_LIST_VERSIONS))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void ecReplacementIsServedAsEcKey() {
    String version =
        simulator.mutations().keys().replaceWithEcKey(setup.vaultName(), setup.keyName());

    KeyVaultKey key = keys.getKey(setup.keyName());

    assertThat(key.getProperties().getVersion()).isEqualTo(version);
    assertThat(key.getKeyType()).isEqualTo(KeyType.EC);
    assertThat(key.getKey().getCurveName().toString()).isEqualTo("P-256");
  }
}
