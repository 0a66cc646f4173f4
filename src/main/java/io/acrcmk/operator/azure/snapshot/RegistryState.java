package io.acrcmk.operator.azure.snapshot;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A container registry as ARM returns it, reduced to the fields the checks use.
 *
 * @param id the ARM resource ID as returned
 * @param name the registry name
 * @param location the Azure region
 * @param skuName {@code sku.name}, such as Premium
 * @param provisioningState {@code properties.provisioningState}
 * @param identity the {@code identity} block, or null when the registry has none
 * @param encryption the {@code properties.encryption} block, or null when absent
 */
public record RegistryState(
    String id,
    String name,
    String location,
    String skuName,
    String provisioningState,
    RegistryIdentity identity,
    Encryption encryption) {

  /**
   * The registry's {@code identity} block.
   *
   * @param type the identity types, normalised: {@code SystemAssigned}, {@code UserAssigned}, both,
   *     or {@code None}; ARM may send {@code userAssigned} in lower camel case and both joined by a
   *     comma
   * @param principalId the system-assigned identity's object ID, or null when it has none
   * @param tenantId the system-assigned identity's tenant, or null
   * @param userAssignedIdentities the attached user-assigned identities, with IDs as returned
   */
  public record RegistryIdentity(
      List<String> type,
      String principalId,
      String tenantId,
      List<UserAssignedIdentityRef> userAssignedIdentities) {

    public boolean hasSystemAssigned() {
      return type.stream().anyMatch("SystemAssigned"::equalsIgnoreCase);
    }
  }

  /**
   * One entry of {@code identity.userAssignedIdentities}.
   *
   * @param resourceId the map key: the identity's ARM resource ID, in whatever case ARM sent
   * @param principalId the object ID ACR recorded for the identity, or null
   * @param clientId the client ID ACR recorded for the identity, or null
   */
  public record UserAssignedIdentityRef(String resourceId, String principalId, String clientId) {}

  /**
   * The registry's {@code properties.encryption} block.
   *
   * @param status {@code enabled} or {@code disabled}, as sent (lower case in practice)
   * @param keyVault {@code keyVaultProperties}, or null when the registry has no customer key
   */
  public record Encryption(String status, KeyVaultProperties keyVault) {

    public boolean enabled() {
      return "enabled".equalsIgnoreCase(status);
    }
  }

  /**
   * {@code properties.encryption.keyVaultProperties}.
   *
   * @param keyIdentifier the key URI the user configured, versionless or versioned
   * @param versionedKeyIdentifier the versioned key URI ACR uses now
   * @param identity the client ID of the identity ACR uses for the vault, or {@code system}
   * @param keyRotationEnabled whether ACR follows new key versions
   * @param lastKeyRotationTimestamp when ACR last moved to another key version, or null
   */
  public record KeyVaultProperties(
      String keyIdentifier,
      String versionedKeyIdentifier,
      String identity,
      Boolean keyRotationEnabled,
      OffsetDateTime lastKeyRotationTimestamp) {

    /** The reserved word ACR stores in {@code identity} for the system-assigned identity. */
    public static final String SYSTEM_IDENTITY = "system";

    public boolean usesSystemIdentity() {
      return SYSTEM_IDENTITY.equalsIgnoreCase(identity);
    }
  }
}
