package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A builder that seeds a healthy CMK setup shaped like the live services' payloads. The registry is
 * Premium and encrypted with an RSA-2048 key that has two versions and allows wrap and unwrap. The
 * vault has soft delete, purge protection and an open firewall. The registry reaches the key
 * through a user-assigned identity that the vault's access policy lets get, wrap and unwrap.
 * Variants switch to the system-assigned identity, to an RBAC vault with a Key Vault Crypto Service
 * Encryption User assignment, or to a pinned key version.
 */
public final class HealthySetup {

  private String subscriptionId = "9b1f3c5e-2d4a-4e6b-8c7d-0a1b2c3d4e5f";
  private String resourceGroup = "rg-acr-cmk";
  private String registryName = "acrcmkdemo";
  private String vaultName = "kv-acr-cmk";
  private String keyName = "acr-cmk";
  private String identityName = "id-acr-cmk";
  private boolean systemAssigned;
  private boolean rbacVault;
  private boolean pinnedVersion;

  private HealthySetup() {}

  /** Starts a setup with the default names and a user-assigned identity. */
  public static HealthySetup builder() {
    return new HealthySetup();
  }

  public HealthySetup subscriptionId(String value) {
    subscriptionId = value;
    return this;
  }

  public HealthySetup resourceGroup(String value) {
    resourceGroup = value;
    return this;
  }

  public HealthySetup registryName(String value) {
    registryName = value;
    return this;
  }

  /** Sets the vault name; vault names are global, so two setups need two names. */
  public HealthySetup vaultName(String value) {
    vaultName = value;
    return this;
  }

  public HealthySetup keyName(String value) {
    keyName = value;
    return this;
  }

  public HealthySetup identityName(String value) {
    identityName = value;
    return this;
  }

  /** Encrypts with the registry's system-assigned identity ({@code identity: system}). */
  public HealthySetup systemAssignedIdentity() {
    systemAssigned = true;
    return this;
  }

  /** Uses an RBAC vault and a role assignment instead of an access policy. */
  public HealthySetup rbacVault() {
    rbacVault = true;
    return this;
  }

  /** Configures the registry with the current key version instead of a versionless key. */
  public HealthySetup pinnedKeyVersion() {
    pinnedVersion = true;
    return this;
  }

  /** Creates the resources in the simulator and returns their names and IDs. */
  public CmkSetup seed(AzureSimulator simulator) {
    return seed(simulator.state());
  }

  /** Creates the resources in a state and returns their names and IDs. */
  public CmkSetup seed(SimulatorState state) {
    synchronized (state) {
      ResourceFactory factory = new ResourceFactory(state);
      Mutations mutations = new Mutations(state);
      ObjectNode vault = factory.createVault(subscriptionId, resourceGroup, vaultName, rbacVault);
      String vaultUri = Json.text(vault, "properties/vaultUri");
      Instant now = Instant.now();
      List<String> operations = List.of("wrapKey", "unwrapKey");
      String first =
          factory.addRsaKeyVersion(
              vaultName, keyName, 2048, operations, now.minus(Duration.ofDays(30)));
      String second =
          factory.addRsaKeyVersion(
              vaultName, keyName, 2048, operations, now.minus(Duration.ofDays(1)));
      String keyIdentifier = vaultUri + "keys/" + keyName + (pinnedVersion ? "/" + second : "");
      ObjectNode identity =
          systemAssigned
              ? null
              : factory.createIdentity(subscriptionId, resourceGroup, identityName);
      ObjectNode registry =
          factory.createCmkRegistry(
              subscriptionId, resourceGroup, registryName, keyIdentifier, identity);
      String principalId =
          systemAssigned
              ? Json.text(registry, "identity/principalId")
              : Json.text(identity, "properties/principalId");
      String roleAssignmentId = grantKeyAccess(mutations, vault, principalId);
      return new CmkSetup(
          subscriptionId,
          resourceGroup,
          Json.text(registry, "id"),
          registryName,
          Json.text(vault, "id"),
          vaultName,
          vaultUri,
          keyName,
          keyIdentifier,
          List.of(first, second),
          systemAssigned
              ? null
              : ArmPaths.resourceId(
                  subscriptionId, resourceGroup, SimulatorState.Kind.IDENTITY.type(), identityName),
          systemAssigned ? null : identityName,
          principalId,
          systemAssigned ? "system" : Json.text(identity, "properties/clientId"),
          roleAssignmentId);
    }
  }

  private String grantKeyAccess(Mutations mutations, ObjectNode vault, String principalId) {
    String vaultId = Json.text(vault, "id");
    if (rbacVault) {
      ObjectNode assignment =
          mutations.addRoleAssignment(
              vaultId, principalId, BuiltInRoles.CRYPTO_SERVICE_ENCRYPTION_USER);
      return Json.text(assignment, "id");
    }
    mutations.addAccessPolicy(vaultId, principalId, List.of("get", "wrapKey", "unwrapKey"));
    return null;
  }
}
