package io.acrcmk.operator.azure.snapshot;

/**
 * A user-assigned managed identity as the MSI resource provider returns it.
 *
 * @param id the ARM resource ID as returned
 * @param name the identity name
 * @param tenantId {@code properties.tenantId}
 * @param principalId {@code properties.principalId}: the object ID used by access policies and role
 *     assignments
 * @param clientId {@code properties.clientId}: the ID ACR stores in keyVaultProperties.identity
 */
public record IdentityState(
    String id, String name, String tenantId, String principalId, String clientId) {}
