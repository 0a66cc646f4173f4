package io.acrcmk.operator.azure.snapshot;

import java.util.List;

/**
 * A key vault as ARM returns it, reduced to the fields the checks use. Boolean fields are null when
 * ARM omitted them; the checks apply the service defaults.
 *
 * @param id the ARM resource ID as returned
 * @param name the vault name
 * @param location the Azure region
 * @param tenantId {@code properties.tenantId}
 * @param vaultUri {@code properties.vaultUri}, with or without a trailing slash
 * @param enableSoftDelete {@code properties.enableSoftDelete}; the service default is true
 * @param softDeleteRetentionInDays {@code properties.softDeleteRetentionInDays}
 * @param enablePurgeProtection {@code properties.enablePurgeProtection}
 * @param enableRbacAuthorization {@code properties.enableRbacAuthorization}; the spec default is
 *     false
 * @param publicNetworkAccess {@code properties.publicNetworkAccess}, such as Enabled or Disabled
 * @param networkAcls {@code properties.networkAcls}, or null when absent (no firewall)
 * @param accessPolicies {@code properties.accessPolicies}
 * @param privateEndpointConnections {@code properties.privateEndpointConnections}
 */
public record VaultState(
    String id,
    String name,
    String location,
    String tenantId,
    String vaultUri,
    Boolean enableSoftDelete,
    Integer softDeleteRetentionInDays,
    Boolean enablePurgeProtection,
    Boolean enableRbacAuthorization,
    String publicNetworkAccess,
    NetworkAcls networkAcls,
    List<AccessPolicy> accessPolicies,
    List<PrivateEndpointConnection> privateEndpointConnections) {

  /**
   * {@code properties.networkAcls}.
   *
   * @param bypass AzureServices or None; the service default is AzureServices
   * @param defaultAction Allow or Deny
   * @param ipRules the allowed address ranges
   * @param virtualNetworkRules the allowed subnet IDs
   */
  public record NetworkAcls(
      String bypass,
      String defaultAction,
      List<String> ipRules,
      List<String> virtualNetworkRules) {}

  /**
   * One access policy entry.
   *
   * @param tenantId the tenant of the principal
   * @param objectId the principal's object ID
   * @param applicationId the compound-identity application ID, or null
   * @param keyPermissions the key permissions as sent, such as get, wrapKey, unwrapKey or all
   */
  public record AccessPolicy(
      String tenantId, String objectId, String applicationId, List<String> keyPermissions) {}

  /**
   * One private endpoint connection.
   *
   * @param id the connection's resource ID
   * @param status {@code privateLinkServiceConnectionState.status}: Pending, Approved, Rejected or
   *     Disconnected
   * @param provisioningState the connection's provisioning state
   */
  public record PrivateEndpointConnection(String id, String status, String provisioningState) {}
}
