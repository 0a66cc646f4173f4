package io.acrcmk.operator.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.InvalidResourceIdException;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.check.KeyIdentifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns registries with a customer-managed key into policies that declare their current setup: the
 * vault whose URI the key identifier names, the key name and any pinned version, and the identity
 * whose client ID the encryption block names. Applied, such a policy is Ready exactly when the
 * current setup is healthy.
 */
final class PolicyDrafter {

  /**
   * A policy for one registry.
   *
   * @param registry the registry it declares
   * @param policy the RegistryEncryptionPolicy document
   * @param summary one line saying what was found, for a comment above the document
   */
  record Draft(RegistryRecord registry, ObjectNode policy, String summary) {}

  /**
   * A registry with a customer-managed key that no policy could be written for.
   *
   * @param registry the registry
   * @param reason why, with what the user can do
   */
  record Problem(RegistryRecord registry, String reason) {}

  /**
   * The result of discovery.
   *
   * @param drafts one policy per registry with a customer-managed key, sorted by registry name
   * @param withoutCmk registries without a customer-managed key, sorted by name
   * @param problems registries with a customer-managed key but no policy
   */
  record Outcome(List<Draft> drafts, List<RegistryRecord> withoutCmk, List<Problem> problems) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PolicyDrafter() {}

  /**
   * Drafts a policy for every registry with a customer-managed key.
   *
   * @param registries the registries found
   * @param vaults the vaults to look the key's vault up in, by URI host
   * @param namespace the namespace to put in each policy, or null for none
   */
  static Outcome draft(
      List<RegistryRecord> registries, List<VaultRecord> vaults, String namespace) {
    List<Draft> drafts = new ArrayList<>();
    List<RegistryRecord> withoutCmk = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<RegistryRecord> sorted = new ArrayList<>(registries);
    sorted.sort(Comparator.comparing(registry -> registry.name().toLowerCase(Locale.ROOT)));
    for (RegistryRecord registry : sorted) {
      if (!registry.hasCustomerManagedKey()) {
        withoutCmk.add(registry);
        continue;
      }
      try {
        drafts.add(draftOne(registry, vaults, namespace));
      } catch (DraftException e) {
        problems.add(new Problem(registry, e.getMessage()));
      }
    }
    return new Outcome(drafts, withoutCmk, problems);
  }

  private static Draft draftOne(RegistryRecord registry, List<VaultRecord> vaults, String namespace)
      throws DraftException {
    ResourceId registryId = parse(registry.id(), ResourceId.REGISTRY_TYPE, "its own ID");
    KeyIdentifier.ParseResult parsed = KeyIdentifier.parse(registry.keyIdentifier());
    if (!parsed.isValid()) {
      throw new DraftException(
          "its key identifier '"
              + registry.keyIdentifier()
              + "' cannot be used because "
              + parsed.problem());
    }
    KeyIdentifier key = parsed.identifier();
    VaultRecord vault = vaultOf(key, vaults);
    ResourceId vaultId = parse(vault.id(), ResourceId.VAULT_TYPE, "the ID of its vault");

    ObjectNode policy = NODES.objectNode();
    policy.put(
        "apiVersion", RegistryEncryptionPolicy.GROUP + "/" + RegistryEncryptionPolicy.VERSION);
    policy.put("kind", RegistryEncryptionPolicy.KIND);
    ObjectNode metadata = policy.putObject("metadata");
    metadata.put("name", registryId.name().toLowerCase(Locale.ROOT));
    if (namespace != null && !namespace.isBlank()) {
      metadata.put("namespace", namespace);
    }
    ObjectNode spec = policy.putObject("spec");
    spec.putObject("registry").put("resourceId", registryId.toString());
    spec.putObject("keyVault").put("resourceId", vaultId.toString());
    ObjectNode keyNode = spec.putObject("key");
    keyNode.put("name", key.keyName());
    if (key.isVersioned()) {
      keyNode.put("version", key.version());
    }
    String identity = putIdentity(spec.putObject("identity"), registry);
    String summary =
        "Discovered from registry " + registryId + ": key " + key + ", identity " + identity;
    return new Draft(registry, policy, summary);
  }

  /** Fills in {@code spec.identity} and returns how the identity was found, for the summary. */
  private static String putIdentity(ObjectNode identity, RegistryRecord registry)
      throws DraftException {
    String clientId = registry.encryptionIdentity();
    if (clientId == null || clientId.isBlank()) {
      throw new DraftException(
          "its encryption block names no identity (keyVaultProperties.identity is empty)");
    }
    if (KeyVaultProperties.SYSTEM_IDENTITY.equalsIgnoreCase(clientId)) {
      identity.put("type", IdentityType.SystemAssigned.name());
      return "system-assigned";
    }
    for (Map.Entry<String, String> entry : registry.userAssignedClientIds().entrySet()) {
      if (clientId.equalsIgnoreCase(entry.getValue())) {
        ResourceId id = parse(entry.getKey(), ResourceId.IDENTITY_TYPE, "an attached identity ID");
        identity.put("type", IdentityType.UserAssigned.name());
        identity.put("resourceId", id.toString());
        return id.name() + " (client ID " + clientId + ")";
      }
    }
    throw new DraftException(
        "it encrypts with client ID "
            + clientId
            + ", which none of its user-assigned identities has (az acr check-health reports"
            + " CMK_ERROR); find the identity with: az identity list --query"
            + " \"[?clientId=='"
            + clientId
            + "'].id\", attach it with: az acr identity assign -n "
            + registry.name()
            + " --identities <id>, and run discover again");
  }

  private static VaultRecord vaultOf(KeyIdentifier key, List<VaultRecord> vaults)
      throws DraftException {
    for (VaultRecord vault : vaults) {
      if (key.isInVault(vault.vaultUri())) {
        return vault;
      }
    }
    throw new DraftException(
        "its key is in vault "
            + key.vaultBaseUri()
            + ", which is not among the "
            + vaults.size()
            + " vaults read; if the vault is in another subscription, add"
            + " --vault-subscription <id>, and if it was deleted, check az keyvault list-deleted");
  }

  private static ResourceId parse(String id, String type, String what) throws DraftException {
    try {
      return ResourceId.parse(id, type);
    } catch (InvalidResourceIdException e) {
      throw new DraftException(what + " cannot be used: " + e.getMessage());
    }
  }

  /** The reason one registry got no policy. */
  private static final class DraftException extends Exception {
    DraftException(String message) {
      super(message);
    }
  }
}
