package io.acrcmk.operator.sandbox;

import static io.acrcmk.operator.sandbox.SimulatorState.Kind.DELETED_VAULT;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.IDENTITY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.REGISTRY;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.ROLE_ASSIGNMENT;
import static io.acrcmk.operator.sandbox.SimulatorState.Kind.VAULT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Changes to the simulated resources that reproduce the faults a CMK setup meets: identities
 * detached or deleted, vault firewalls closed, permissions removed, keys disabled, deleted or
 * replaced. Each method throws {@link NoSuchElementException} when the resource is absent.
 */
public final class Mutations {

  private final SimulatorState state;
  private final KeyMutations keys;

  Mutations(SimulatorState state) {
    this.state = state;
    this.keys = new KeyMutations(state);
  }

  /** Returns the key-level mutations: disable, delete, replace, expire. */
  public KeyMutations keys() {
    return keys;
  }

  /**
   * Removes a user-assigned identity from a registry's identity block, leaving the encryption
   * settings that still name it, as {@code az acr identity remove} would if ACR allowed it.
   */
  public ObjectNode detachIdentity(String registryId, String identityId) {
    return state.update(
        REGISTRY,
        registryId,
        registry -> {
          JsonNode entries = Json.at(registry, "identity/userAssignedIdentities");
          if (entries instanceof ObjectNode map) {
            Iterator<String> names = map.fieldNames();
            while (names.hasNext()) {
              if (names.next().equalsIgnoreCase(identityId)) {
                names.remove();
              }
            }
            if (map.isEmpty()) {
              ObjectNode identity = (ObjectNode) registry.get("identity");
              identity.remove("userAssignedIdentities");
              String type = Json.text(identity, "type");
              if (type != null && type.toLowerCase().contains("system")) {
                identity.put("type", "systemAssigned");
              } else {
                registry.remove("identity");
              }
            }
          }
        });
  }

  /** Deletes a user-assigned identity; registries that list it keep their stale entries. */
  public void deleteIdentity(String identityId) {
    if (!state.remove(IDENTITY, identityId)) {
      throw new NoSuchElementException("no identity with ID " + identityId);
    }
  }

  /** Changes a registry document, for drift the typed methods do not cover. */
  public ObjectNode updateRegistry(String registryId, Consumer<ObjectNode> change) {
    return state.update(REGISTRY, registryId, change);
  }

  /** Changes a vault document, for settings the typed methods do not cover. */
  public ObjectNode updateVault(String vaultId, Consumer<ObjectNode> change) {
    return state.update(VAULT, vaultId, change);
  }

  /** Sets the vault firewall's {@code defaultAction} ({@code Allow}/{@code Deny}) and bypass. */
  public ObjectNode setNetworkAcls(String vaultId, String defaultAction, String bypass) {
    return updateVault(
        vaultId,
        vault -> {
          ObjectNode acls = Json.objectAt(vault, "properties/networkAcls");
          acls.put("defaultAction", defaultAction);
          acls.put("bypass", bypass);
          Json.arrayAt(acls, "ipRules");
          Json.arrayAt(acls, "virtualNetworkRules");
        });
  }

  /** Sets {@code publicNetworkAccess} ({@code Enabled}/{@code Disabled}). */
  public ObjectNode setPublicNetworkAccess(String vaultId, String value) {
    return updateVault(vaultId, vault -> properties(vault).put("publicNetworkAccess", value));
  }

  /**
   * Replaces the vault's private endpoint connections with one whose connection state has this
   * status ({@code Pending}, {@code Approved}, {@code Rejected} or {@code Disconnected}).
   */
  public ObjectNode setPrivateEndpointConnection(String vaultId, String status) {
    return updateVault(
        vaultId,
        vault -> {
          String id = Json.text(vault, "id");
          ArrayNode connections = properties(vault).putArray("privateEndpointConnections");
          ObjectNode connection = connections.addObject();
          connection.put("id", id + "/privateEndpointConnections/pe-" + Json.text(vault, "name"));
          ObjectNode properties = connection.putObject("properties");
          properties
              .putObject("privateEndpoint")
              .put(
                  "id",
                  ArmPaths.subscriptionOf(id) == null
                      ? ""
                      : "/subscriptions/"
                          + ArmPaths.subscriptionOf(id)
                          + "/resourceGroups/"
                          + ArmPaths.groupOf(id)
                          + "/providers/Microsoft.Network/privateEndpoints/pe");
          ObjectNode connectionState = properties.putObject("privateLinkServiceConnectionState");
          connectionState.put("status", status);
          connectionState.put("actionsRequired", "None");
          properties.put("provisioningState", "Succeeded");
        });
  }

  public ObjectNode setPurgeProtection(String vaultId, boolean enabled) {
    return updateVault(vaultId, vault -> properties(vault).put("enablePurgeProtection", enabled));
  }

  public ObjectNode setSoftDelete(String vaultId, boolean enabled) {
    return updateVault(vaultId, vault -> properties(vault).put("enableSoftDelete", enabled));
  }

  public ObjectNode setRbacAuthorization(String vaultId, boolean enabled) {
    return updateVault(vaultId, vault -> properties(vault).put("enableRbacAuthorization", enabled));
  }

  /**
   * Deletes a vault. With soft delete on it moves to the deleted vaults, from which a {@code PUT}
   * with {@code createMode: recover} brings it back; otherwise it and its keys are gone.
   *
   * @return the deleted-vault document, or null when the vault was purged at once
   */
  public ObjectNode deleteVault(String vaultId) {
    synchronized (state) {
      ObjectNode vault = state.require(VAULT, vaultId);
      state.remove(VAULT, vaultId);
      if (!vault.path("properties").path("enableSoftDelete").asBoolean(true)) {
        state
            .keys(Json.text(vault, "name"))
            .forEach(key -> state.removeKey(KeyDocuments.vaultName(key), KeyDocuments.name(key)));
        return null;
      }
      ObjectNode deleted = VaultDocuments.deletedVault(vault, Instant.now());
      state.putDeletedVaultOriginal(Json.text(deleted, "id"), vault);
      return state.put(DELETED_VAULT, deleted);
    }
  }

  /** Adds or replaces the access policy of {@code objectId} with these key permissions. */
  public ObjectNode addAccessPolicy(String vaultId, String objectId, List<String> keyPermissions) {
    return updateVault(
        vaultId,
        vault -> {
          ArrayNode policies = Json.arrayAt(vault, "properties/accessPolicies");
          removePolicies(policies, objectId);
          ObjectNode policy = policies.addObject();
          policy.put("tenantId", state.endpoints().tenantId());
          policy.put("objectId", objectId);
          ObjectNode permissions = policy.putObject("permissions");
          permissions.set("keys", Json.arrayOf(keyPermissions));
          permissions.putArray("secrets");
          permissions.putArray("certificates");
        });
  }

  /** Removes every access policy of {@code objectId}. */
  public ObjectNode removeAccessPolicy(String vaultId, String objectId) {
    return updateVault(
        vaultId,
        vault -> removePolicies(Json.arrayAt(vault, "properties/accessPolicies"), objectId));
  }

  /**
   * Assigns a role to a principal at a scope (a resource, group or subscription ID).
   *
   * @param roleDefinitionGuid the role's GUID, such as {@link
   *     BuiltInRoles#CRYPTO_SERVICE_ENCRYPTION_USER}
   */
  public ObjectNode addRoleAssignment(String scope, String principalId, String roleDefinitionGuid) {
    String name = UUID.randomUUID().toString();
    String subscription = ArmPaths.subscriptionOf(scope);
    ObjectNode assignment = Json.object();
    assignment.put("id", scope + "/providers/Microsoft.Authorization/roleAssignments/" + name);
    assignment.put("name", name);
    assignment.put("type", ROLE_ASSIGNMENT.type());
    ObjectNode properties = assignment.putObject("properties");
    properties.put(
        "roleDefinitionId",
        (subscription == null ? "" : "/subscriptions/" + subscription)
            + "/providers/Microsoft.Authorization/roleDefinitions/"
            + roleDefinitionGuid);
    properties.put("principalId", principalId);
    properties.put("principalType", "ServicePrincipal");
    properties.put("scope", scope);
    properties.put("createdOn", Instant.now().toString());
    properties.put("updatedOn", Instant.now().toString());
    return state.put(ROLE_ASSIGNMENT, assignment);
  }

  public void removeRoleAssignment(String assignmentId) {
    if (!state.remove(ROLE_ASSIGNMENT, assignmentId)) {
      throw new NoSuchElementException("no role assignment with ID " + assignmentId);
    }
  }

  /** Removes every role assignment of a principal and returns how many there were. */
  public int removeRoleAssignmentsOf(String principalId) {
    synchronized (state) {
      int removed = 0;
      for (ObjectNode assignment : state.list(ROLE_ASSIGNMENT)) {
        if (principalId.equalsIgnoreCase(Json.text(assignment, "properties/principalId"))) {
          state.remove(ROLE_ASSIGNMENT, Json.text(assignment, "id"));
          removed++;
        }
      }
      return removed;
    }
  }

  /**
   * Moves a registry with a versionless key to the key's current version, as ACR does within an
   * hour of a rotation.
   */
  public ObjectNode syncRegistryKeyVersion(String registryId) {
    synchronized (state) {
      ObjectNode previous = state.require(REGISTRY, registryId);
      ObjectNode registry = previous.deepCopy();
      RegistryDocuments.resolveEncryption(registry, previous, state);
      return state.put(REGISTRY, registry);
    }
  }

  private static void removePolicies(ArrayNode policies, String objectId) {
    for (int i = policies.size() - 1; i >= 0; i--) {
      if (objectId.equalsIgnoreCase(policies.get(i).path("objectId").asText())) {
        policies.remove(i);
      }
    }
  }

  private static ObjectNode properties(ObjectNode vault) {
    return Json.objectAt(vault, "properties");
  }
}
