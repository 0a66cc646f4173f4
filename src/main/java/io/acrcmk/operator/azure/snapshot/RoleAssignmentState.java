package io.acrcmk.operator.azure.snapshot;

/**
 * One role assignment of the identity's principal.
 *
 * @param id the assignment's resource ID
 * @param scope the scope it is assigned at: a management group, subscription, resource group, vault
 *     or key
 * @param roleDefinitionId the role definition's resource ID
 * @param principalId the principal it is assigned to
 */
public record RoleAssignmentState(
    String id, String scope, String roleDefinitionId, String principalId) {}
