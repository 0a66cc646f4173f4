package io.acrcmk.operator.api;

/** A repair with a known safe fix that a policy may allow. */
public enum HealAction {
  /** Attach the declared identity to the registry again (az acr identity assign). */
  ReassignIdentity,
  /** Let trusted Azure services through the vault firewall (az keyvault update --bypass). */
  EnableTrustedServicesBypass,
  /** Point the registry at the newest enabled key version (az acr encryption rotate-key). */
  RotateToLatestKeyVersion,
  /** Recover a soft-deleted key (az keyvault key recover). */
  RecoverDeletedKey
}
