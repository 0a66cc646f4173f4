package io.acrcmk.operator.api;

/** Kind of managed identity the registry uses to reach its key vault. */
public enum IdentityType {
  /** A user-assigned managed identity, named by its ARM resource ID. */
  UserAssigned,
  /** The registry's own system-assigned identity. */
  SystemAssigned
}
