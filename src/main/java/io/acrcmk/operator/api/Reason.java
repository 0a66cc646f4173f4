package io.acrcmk.operator.api;

/**
 * Condition reasons. The constant name is the wire value written to status and to events, so it is
 * UpperCamelCase as Kubernetes reasons are.
 */
public enum Reason {
  // Reasons of True conditions, one per condition type.
  /** The registry is Premium and encrypted with the declared key and identity. */
  Encrypted(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Info),
  /** The identity exists, is assigned to the registry, and its principal IDs agree. */
  IdentityAssigned(ConditionTypes.IDENTITY_HEALTHY, Severity.Info),
  /** The vault exists, lets ACR through its network, and grants the identity its key rights. */
  VaultAccessible(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Info),
  /** The key version in use is enabled, active, RSA and allows wrapKey and unwrapKey. */
  KeyActive(ConditionTypes.KEY_USABLE, Severity.Info),
  /** The key version in use is the latest and does not expire within the warning window. */
  RotationCurrent(ConditionTypes.KEY_ROTATION_CURRENT, Severity.Info),
  /** Soft delete and purge protection are on. */
  RecoveryEnabled(ConditionTypes.RECOVERY_PROTECTED, Severity.Info),
  /** Every error-level condition is True. */
  AllChecksPassed(ConditionTypes.READY, Severity.Info),

  // RegistryEncrypted
  /** The registry does not exist (ARM returned 404). */
  RegistryNotFound(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Error),
  /** The registry's SKU is not Premium; customer-managed keys need Premium. */
  SkuNotPremium(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Error),
  /** The registry has no customer-managed key: encryption status is disabled or absent. */
  EncryptionDisabled(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Error),
  /** The registry is encrypted with another vault, key or pinned version than declared. */
  KeyDrift(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Error),
  /** The registry reaches the vault with another identity than declared. */
  IdentityDrift(ConditionTypes.REGISTRY_ENCRYPTED, Severity.Error),

  // IdentityHealthy
  /** The declared user-assigned identity does not exist (ARM returned 404). */
  IdentityNotFound(ConditionTypes.IDENTITY_HEALTHY, Severity.Error),
  /** The encryption identity is not attached to the registry (az acr check-health CMK_ERROR). */
  IdentityNotAssigned(ConditionTypes.IDENTITY_HEALTHY, Severity.Error),
  /** The registry holds another principal ID for the identity than the identity has now. */
  IdentityPrincipalMismatch(ConditionTypes.IDENTITY_HEALTHY, Severity.Error),
  /** The identity, the vault or the registry identity belong to different tenants. */
  TenantMismatch(ConditionTypes.IDENTITY_HEALTHY, Severity.Error),

  // KeyVaultAccessible
  /** The vault does not exist and is not in the deleted-vault list. */
  VaultNotFound(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** The vault is deleted but recoverable from soft delete. */
  VaultSoftDeleted(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** The registry's key identifier points at another vault host than the declared vault. */
  VaultUriMismatch(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** The vault firewall denies by default and does not let trusted Azure services through. */
  TrustedServicesBypassDisabled(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** The vault's public network access is disabled, which ACR cannot reach around. */
  PublicNetworkAccessDisabled(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** A user-assigned identity encrypts the registry and the vault's firewall is on. */
  UserAssignedIdentityBehindFirewall(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** A private endpoint connection of the vault is not approved. */
  PrivateEndpointNotApproved(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Warning),
  /** The vault uses access policies and none grants the identity get, wrapKey and unwrapKey. */
  AccessPolicyMissing(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),
  /** The vault uses Azure RBAC and no role assignment grants the identity its key rights. */
  RoleAssignmentMissing(ConditionTypes.KEY_VAULT_ACCESSIBLE, Severity.Error),

  // KeyUsable
  /** The key does not exist and is not soft-deleted. */
  KeyNotFound(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key is deleted but recoverable from soft delete. */
  KeySoftDeleted(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The pinned or in-use key version does not exist. */
  KeyVersionNotFound(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key version in use is disabled. */
  KeyDisabled(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key version in use has passed its expiry date. */
  KeyExpired(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key version in use has a not-before date in the future. */
  KeyNotYetValid(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key is not RSA or RSA-HSM, the only types ACR accepts. */
  UnsupportedKeyType(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The RSA key is shorter than 2048 bits. */
  KeyTooSmall(ConditionTypes.KEY_USABLE, Severity.Error),
  /** The key does not allow wrapKey or unwrapKey. */
  KeyOperationsMissing(ConditionTypes.KEY_USABLE, Severity.Error),

  // KeyRotationCurrent
  /** The pinned key version is older than the newest enabled version. */
  KeyVersionBehind(ConditionTypes.KEY_ROTATION_CURRENT, Severity.Warning),
  /** The key version in use expires within the warning window. */
  KeyExpiringSoon(ConditionTypes.KEY_ROTATION_CURRENT, Severity.Warning),
  /** A versionless registry has not moved to a version created more than an hour ago. */
  RotationNotSynced(ConditionTypes.KEY_ROTATION_CURRENT, Severity.Warning),

  // RecoveryProtected
  /** Soft delete is off for the vault. */
  SoftDeleteDisabled(ConditionTypes.RECOVERY_PROTECTED, Severity.Warning),
  /** Purge protection is off for the vault. */
  PurgeProtectionDisabled(ConditionTypes.RECOVERY_PROTECTED, Severity.Warning),

  // Unknown: the operator could not tell. Never used with status False.
  /** Azure answered 429 to one of the operator's reads. */
  AzureThrottled(null, Severity.Info),
  /** Azure answered a 5xx, or the connection failed, on one of the operator's reads. */
  AzureUnavailable(null, Severity.Info),
  /** One of the operator's reads timed out. */
  AzureTimeout(null, Severity.Info),
  /** The operator's own identity was denied a read (403), so the fact is unknown. */
  OperatorAccessDenied(null, Severity.Info),
  /** The Key Vault data plane refused or could not be reached from the operator. */
  VaultDataPlaneUnreachable(null, Severity.Info),
  /** Azure answered with a body the operator could not parse. */
  AzureResponseInvalid(null, Severity.Info),
  /** A fact this check depends on is missing or unknown, so the check did not run. */
  DependencyNotReady(null, Severity.Info),
  /** The check itself failed with an unexpected error, a bug in the operator. */
  CheckFailed(null, Severity.Info),

  // Ready only
  /** The spec passed the schema but cannot be used; the policy waits for a spec change. */
  InvalidSpec(ConditionTypes.READY, Severity.Error),
  /** spec.suspend is true, so the registry is not checked. */
  Suspended(ConditionTypes.READY, Severity.Info),
  /** The check itself failed inside the operator; it is retried with backoff. */
  OperatorError(ConditionTypes.READY, Severity.Info);

  private final String conditionType;
  private final Severity severity;

  Reason(String conditionType, Severity severity) {
    this.conditionType = conditionType;
    this.severity = severity;
  }

  /** Returns the condition type this reason belongs to, or null when any condition may use it. */
  public String conditionType() {
    return conditionType;
  }

  /** Returns how much a False condition with this reason matters. */
  public Severity severity() {
    return severity;
  }
}
