package io.acrcmk.operator.api;

import java.util.List;

/** Condition types written to status, in the order they are checked. */
public final class ConditionTypes {

  /** The registry exists, is Premium, and is encrypted with the declared key and identity. */
  public static final String REGISTRY_ENCRYPTED = "RegistryEncrypted";

  /** The identity exists, is assigned to the registry, and its principal IDs agree. */
  public static final String IDENTITY_HEALTHY = "IdentityHealthy";

  /** The vault exists, its network lets ACR in, and the identity may get, wrap and unwrap. */
  public static final String KEY_VAULT_ACCESSIBLE = "KeyVaultAccessible";

  /** The key and any pinned version exist, are enabled, active, RSA, and allow wrap/unwrap. */
  public static final String KEY_USABLE = "KeyUsable";

  /** The key version in use is current and its expiry is outside the warning window. */
  public static final String KEY_ROTATION_CURRENT = "KeyRotationCurrent";

  /** Soft delete and purge protection are on for the vault. */
  public static final String RECOVERY_PROTECTED = "RecoveryProtected";

  /** All error-level conditions are True; rolls up the others. */
  public static final String READY = "Ready";

  /** The checked conditions, in evaluation order; Ready is derived from them. */
  public static final List<String> CHECKED =
      List.of(
          REGISTRY_ENCRYPTED,
          IDENTITY_HEALTHY,
          KEY_VAULT_ACCESSIBLE,
          KEY_USABLE,
          KEY_ROTATION_CURRENT,
          RECOVERY_PROTECTED);

  private ConditionTypes() {}
}
