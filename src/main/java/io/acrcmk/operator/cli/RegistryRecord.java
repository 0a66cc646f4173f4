package io.acrcmk.operator.cli;

import java.util.Map;

/**
 * A registry as a list read returned it, reduced to what discovery needs.
 *
 * @param id the ARM resource ID
 * @param name the registry name
 * @param sku {@code sku.name}, such as Premium, or null
 * @param encryptionStatus {@code properties.encryption.status}, or null
 * @param keyIdentifier {@code keyVaultProperties.keyIdentifier}, or null without a customer key
 * @param encryptionIdentity {@code keyVaultProperties.identity}: a client ID or {@code system}
 * @param userAssignedClientIds the attached user-assigned identities: resource ID to client ID
 */
record RegistryRecord(
    String id,
    String name,
    String sku,
    String encryptionStatus,
    String keyIdentifier,
    String encryptionIdentity,
    Map<String, String> userAssignedClientIds) {

  RegistryRecord {
    userAssignedClientIds = Map.copyOf(userAssignedClientIds);
  }

  /** Returns whether the registry is encrypted with a customer-managed key. */
  boolean hasCustomerManagedKey() {
    return "enabled".equalsIgnoreCase(encryptionStatus)
        && keyIdentifier != null
        && !keyIdentifier.isBlank();
  }
}
