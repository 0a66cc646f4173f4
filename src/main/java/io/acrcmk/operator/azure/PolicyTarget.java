package io.acrcmk.operator.azure;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;

/**
 * The Azure resources one policy names, parsed and validated.
 *
 * @param registry the registry
 * @param vault the key vault
 * @param keyName the key name
 * @param keyVersion the pinned key version in lower case, or null for the versionless key
 * @param identityType the kind of identity
 * @param identity the user-assigned identity, or null for SystemAssigned
 */
public record PolicyTarget(
    ResourceId registry,
    ResourceId vault,
    String keyName,
    String keyVersion,
    IdentityType identityType,
    ResourceId identity) {

  /**
   * Parses the resource IDs of {@code spec}.
   *
   * @throws InvalidResourceIdException when a resource ID is missing, malformed or of the wrong
   *     type, or when the identity fields contradict each other
   */
  public static PolicyTarget from(RegistryEncryptionPolicySpec spec) {
    if (spec == null) {
      throw new InvalidResourceIdException("spec is missing");
    }
    if (spec.getRegistry() == null) {
      throw new InvalidResourceIdException("spec.registry is missing");
    }
    if (spec.getKeyVault() == null) {
      throw new InvalidResourceIdException("spec.keyVault is missing");
    }
    if (spec.getKey() == null
        || spec.getKey().getName() == null
        || spec.getKey().getName().isBlank()) {
      throw new InvalidResourceIdException("spec.key.name is missing");
    }
    if (spec.getIdentity() == null || spec.getIdentity().getType() == null) {
      throw new InvalidResourceIdException("spec.identity.type is missing");
    }
    ResourceId registry =
        parseField(
            "spec.registry.resourceId",
            spec.getRegistry().getResourceId(),
            ResourceId.REGISTRY_TYPE);
    ResourceId vault =
        parseField(
            "spec.keyVault.resourceId", spec.getKeyVault().getResourceId(), ResourceId.VAULT_TYPE);
    IdentityType type = spec.getIdentity().getType();
    String identityId = spec.getIdentity().getResourceId();
    ResourceId identity = null;
    if (type == IdentityType.UserAssigned) {
      identity = parseField("spec.identity.resourceId", identityId, ResourceId.IDENTITY_TYPE);
    } else if (identityId != null && !identityId.isBlank()) {
      throw new InvalidResourceIdException(
          "spec.identity.resourceId must be empty when spec.identity.type is SystemAssigned");
    }
    String version =
        spec.getKey().pinsVersion()
            ? spec.getKey().getVersion().toLowerCase(java.util.Locale.ROOT)
            : null;
    return new PolicyTarget(registry, vault, spec.getKey().getName(), version, type, identity);
  }

  private static ResourceId parseField(String field, String value, String type) {
    try {
      return ResourceId.parse(value, type);
    } catch (InvalidResourceIdException e) {
      throw new InvalidResourceIdException(field + ": " + e.getMessage());
    }
  }
}
