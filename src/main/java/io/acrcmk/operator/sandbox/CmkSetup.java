package io.acrcmk.operator.sandbox;

import java.util.List;

/**
 * The resources {@link HealthySetup} created, named so policies and assertions can refer to them.
 *
 * @param subscriptionId the subscription GUID
 * @param resourceGroup the resource group of every resource
 * @param registryId the registry's resource ID
 * @param registryName the registry name
 * @param vaultId the vault's resource ID
 * @param vaultName the vault name
 * @param vaultUri the vault's data-plane URI, with a trailing slash
 * @param keyName the key name
 * @param keyIdentifier the key URL the registry is configured with (versionless unless pinned)
 * @param keyVersions the key's versions, oldest first; the last is current
 * @param identityId the user-assigned identity's resource ID as a user writes it, or null for a
 *     system-assigned identity
 * @param identityName the user-assigned identity's name, or null
 * @param principalId the object ID of the identity the registry encrypts with
 * @param clientId the identity's client ID, or {@code system} for the system-assigned identity
 * @param roleAssignmentId the role assignment granting key access on an RBAC vault, or null
 */
public record CmkSetup(
    String subscriptionId,
    String resourceGroup,
    String registryId,
    String registryName,
    String vaultId,
    String vaultName,
    String vaultUri,
    String keyName,
    String keyIdentifier,
    List<String> keyVersions,
    String identityId,
    String identityName,
    String principalId,
    String clientId,
    String roleAssignmentId) {

  public CmkSetup {
    keyVersions = List.copyOf(keyVersions);
  }

  /** Returns the current key version. */
  public String currentKeyVersion() {
    return keyVersions.get(keyVersions.size() - 1);
  }

  /** Returns whether the registry encrypts with its system-assigned identity. */
  public boolean systemAssigned() {
    return identityId == null;
  }
}
