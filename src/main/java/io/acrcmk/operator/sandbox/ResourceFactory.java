package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.IDENTITY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.ROLE_DEFINITION;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Creates resources in the state in the shapes the live services return them, for seeds and tests
 * that need more than {@link HealthySetup}.
 */
public final class ResourceFactory {

  private final SimulatorState state;

  ResourceFactory(SimulatorState state) {
    this.state = state;
  }

  /**
   * Creates a user-assigned identity with random principal and client IDs. Its ID spells {@code
   * resourcegroups} in lower case, as the managed identity service returns it.
   */
  public ObjectNode createIdentity(String subscriptionId, String resourceGroup, String name) {
    ObjectNode identity = Json.object();
    identity.put(
        "id",
        "/subscriptions/"
            + subscriptionId
            + "/resourcegroups/"
            + resourceGroup
            + "/providers/"
            + IDENTITY.type()
            + "/"
            + name);
    identity.put("name", name);
    identity.put("type", IDENTITY.type());
    identity.put("location", state.endpoints().location());
    identity.putObject("tags");
    ObjectNode properties = identity.putObject("properties");
    properties.put("tenantId", state.endpoints().tenantId());
    properties.put("principalId", UUID.randomUUID().toString());
    properties.put("clientId", UUID.randomUUID().toString());
    properties.put("isolationScope", "None");
    return state.put(IDENTITY, identity);
  }

  /**
   * Creates a standard vault with soft delete (90 days) and purge protection on, an open firewall
   * that lets trusted services through, and no access policies.
   *
   * @param rbac whether the vault authorises the data plane with Azure RBAC instead of policies
   */
  public ObjectNode createVault(
      String subscriptionId, String resourceGroup, String name, boolean rbac) {
    String id = ArmPaths.resourceId(subscriptionId, resourceGroup, VAULT.type(), name);
    ObjectNode vault = Json.object();
    vault.put("location", state.endpoints().location());
    ObjectNode properties = vault.putObject("properties");
    ObjectNode sku = properties.putObject("sku");
    sku.put("family", "A");
    sku.put("name", "standard");
    properties.put("tenantId", state.endpoints().tenantId());
    properties.putArray("accessPolicies");
    properties.put("enabledForDeployment", false);
    properties.put("enableSoftDelete", true);
    properties.put("softDeleteRetentionInDays", 90);
    properties.put("enablePurgeProtection", true);
    properties.put("enableRbacAuthorization", rbac);
    ObjectNode acls = properties.putObject("networkAcls");
    acls.put("bypass", "AzureServices");
    acls.put("defaultAction", "Allow");
    acls.putArray("ipRules");
    acls.putArray("virtualNetworkRules");
    properties.putArray("privateEndpointConnections");
    properties.put("publicNetworkAccess", "Enabled");
    VaultDocuments.complete(vault, id, name, state.endpoints());
    return state.put(VAULT, vault);
  }

  /**
   * Adds an RSA version with real key material to a key, creating the key when absent; the recovery
   * level follows the vault's soft delete settings.
   *
   * @return the new version ID
   */
  public String addRsaKeyVersion(
      String vaultName, String keyName, int bits, List<String> operations, Instant created) {
    synchronized (state) {
      ObjectNode key =
          state.key(vaultName, keyName).orElse(KeyDocuments.newKey(vaultName, keyName));
      String version = KeyDocuments.newVersionId();
      ObjectNode vault = state.vaultByName(vaultName).orElse(null);
      KeyDocuments.versions(key)
          .add(
              KeyDocuments.rsaVersion(
                  state.endpoints().vaultUri(vaultName),
                  keyName,
                  version,
                  bits,
                  operations,
                  created.getEpochSecond(),
                  KeyDocuments.RecoveryLevel.of(vault)));
      state.putKey(key);
      return version;
    }
  }

  /** Adds an EC P-256 version to a key, creating the key when absent, and returns its ID. */
  public String addEcKeyVersion(
      String vaultName, String keyName, List<String> operations, Instant created) {
    synchronized (state) {
      ObjectNode key =
          state.key(vaultName, keyName).orElse(KeyDocuments.newKey(vaultName, keyName));
      String version = KeyDocuments.newVersionId();
      ObjectNode vault = state.vaultByName(vaultName).orElse(null);
      KeyDocuments.versions(key)
          .add(
              KeyDocuments.ecVersion(
                  state.endpoints().vaultUri(vaultName),
                  keyName,
                  version,
                  operations,
                  created.getEpochSecond(),
                  KeyDocuments.RecoveryLevel.of(vault)));
      state.putKey(key);
      return version;
    }
  }

  /**
   * Creates a Premium registry encrypted with {@code keyIdentifier}. With a user-assigned {@code
   * identity} the registry reports {@code identity.type: userAssigned} (lower camel case, as the
   * live service does) and names the identity by client ID; with null it uses a system-assigned
   * identity and the reserved name {@code system}.
   */
  public ObjectNode createCmkRegistry(
      String subscriptionId,
      String resourceGroup,
      String name,
      String keyIdentifier,
      ObjectNode identity) {
    ObjectNode registry = Json.object();
    ObjectNode sku = registry.putObject("sku");
    sku.put("name", "Premium");
    registry.put("location", state.endpoints().location());
    registry.putObject("tags");
    ObjectNode identityBlock = registry.putObject("identity");
    String encryptionIdentity;
    if (identity != null) {
      identityBlock.put("type", "userAssigned");
      ObjectNode entry =
          identityBlock.putObject("userAssignedIdentities").putObject(Json.text(identity, "id"));
      entry.put("principalId", Json.text(identity, "properties/principalId"));
      entry.put("clientId", Json.text(identity, "properties/clientId"));
      encryptionIdentity = Json.text(identity, "properties/clientId");
    } else {
      identityBlock.put("type", "systemAssigned");
      encryptionIdentity = "system";
    }
    registry.set("properties", RegistryProperties.withCmk(keyIdentifier, encryptionIdentity));
    String id = ArmPaths.resourceId(subscriptionId, resourceGroup, REGISTRY.type(), name);
    RegistryDocuments.complete(registry, id, name, null);
    RegistryDocuments.resolveIdentity(registry, state, state.endpoints().tenantId());
    RegistryDocuments.resolveEncryption(registry, null, state);
    return state.put(REGISTRY, registry);
  }

  /**
   * Adds a custom role definition assignable at {@code assignableScope}.
   *
   * @return the stored definition
   */
  public ObjectNode addCustomRole(
      String roleName,
      List<String> actions,
      List<String> dataActions,
      List<String> notDataActions,
      String assignableScope) {
    ObjectNode role =
        BuiltInRoles.definition(
            UUID.randomUUID().toString(), roleName, "Custom role", actions, dataActions);
    ObjectNode properties = (ObjectNode) role.get("properties");
    properties.put("type", "CustomRole");
    properties.set("assignableScopes", Json.arrayOf(List.of(assignableScope)));
    ((ObjectNode) properties.get("permissions").get(0))
        .set("notDataActions", Json.arrayOf(notDataActions));
    return state.put(ROLE_DEFINITION, role);
  }
}
