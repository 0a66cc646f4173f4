package io.acrcmk.operator.reliability;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Operations;

/**
 * The Azure reads of the matrix's rows: every read the snapshot loader makes, and the token request
 * that each of them needs first. Each row names the setup in which the loader makes the read and
 * the condition that depends on it most directly.
 */
enum AzureFaultRead {
  REGISTRY(Operations.REGISTRIES_GET, ConditionTypes.REGISTRY_ENCRYPTED),
  IDENTITY(Operations.IDENTITIES_GET, ConditionTypes.IDENTITY_HEALTHY),
  VAULT(Operations.VAULTS_GET, ConditionTypes.KEY_VAULT_ACCESSIBLE),
  /** Read only when the vault is not found, so the vault is soft-deleted first. */
  DELETED_VAULTS(Operations.VAULTS_LIST_DELETED, ConditionTypes.KEY_VAULT_ACCESSIBLE) {
    @Override
    void prepare(AzureSimulator simulator, CmkSetup setup) {
      simulator.mutations().deleteVault(setup.vaultId());
    }

    @Override
    Reason reasonWhenUnread() {
      return Reason.VaultNotFound;
    }
  },
  KEY(Operations.KEYS_GET, ConditionTypes.KEY_USABLE),
  KEY_VERSIONS(Operations.KEYS_LIST_VERSIONS, ConditionTypes.KEY_ROTATION_CURRENT),
  /**
   * Read for the version the registry uses when it is not the current one. A rotation adds a
   * version that a versionless registry has not yet moved to, which is healthy for an hour.
   */
  KEY_VERSION(Operations.KEYS_GET_VERSION, ConditionTypes.KEY_USABLE) {
    @Override
    void prepare(AzureSimulator simulator, CmkSetup setup) {
      simulator.mutations().keys().rotate(setup.vaultName(), setup.keyName());
    }
  },
  ROLE_ASSIGNMENTS(
      Operations.ROLE_ASSIGNMENTS_LIST_FOR_SCOPE, ConditionTypes.KEY_VAULT_ACCESSIBLE) {
    @Override
    boolean rbacVault() {
      return true;
    }
  },
  ROLE_DEFINITION(Operations.ROLE_DEFINITIONS_GET, ConditionTypes.KEY_VAULT_ACCESSIBLE) {
    @Override
    boolean rbacVault() {
      return true;
    }
  },
  /**
   * Read on the vault's data plane only when ARM reports the key missing, so the key is
   * soft-deleted first. RecoverDeletedKey repairs that, so every reconcile without a fault heals.
   */
  DELETED_KEY(Operations.DATAPLANE_DELETED_KEYS_GET, ConditionTypes.KEY_USABLE) {
    @Override
    void prepare(AzureSimulator simulator, CmkSetup setup) {
      simulator.mutations().keys().softDelete(setup.vaultName(), setup.keyName());
    }

    @Override
    boolean healedWithoutFault() {
      return true;
    }

    @Override
    Reason reasonWhenUnread() {
      return Reason.KeyNotFound;
    }
  },
  /** The Microsoft Entra token request, which every ARM and data-plane read depends on. */
  TOKEN(Operations.TOKEN, ConditionTypes.REGISTRY_ENCRYPTED) {
    /**
     * The credential retries a throttled, failed or lost token request itself, after at least 800
     * ms, so the read's 500 ms attempt ends first. Only a body it cannot parse reaches the
     * operator.
     */
    @Override
    Reason unknownReason(AzureFaultKind kind) {
      return kind == AzureFaultKind.TRUNCATED || kind == AzureFaultKind.MALFORMED
          ? Reason.AzureResponseInvalid
          : Reason.AzureTimeout;
    }
  };

  final String operation;
  final String condition;

  AzureFaultRead(String operation, String condition) {
    this.operation = operation;
    this.condition = condition;
  }

  /** Changes the seeded state so that a reconcile of {@code setup} makes this read. */
  void prepare(AzureSimulator simulator, CmkSetup setup) {}

  /** Returns the Unknown reason of the row's condition when this read meets {@code kind}. */
  Reason unknownReason(AzureFaultKind kind) {
    return kind.reason;
  }

  /** Returns whether the row needs the setup whose vault authorises with Azure RBAC. */
  boolean rbacVault() {
    return false;
  }

  /**
   * Returns the False reason of the row's condition when this read fails, or null when the
   * condition is then Unknown. The deleted vault and deleted key are read only after ARM returned
   * 404 for the vault or key. The failed read does not change that fact, so the condition stays
   * False, and only whether the resource can be recovered is unknown.
   */
  Reason reasonWhenUnread() {
    return null;
  }

  /** Returns whether a reconcile without a fault repairs what {@link #prepare} changed. */
  boolean healedWithoutFault() {
    return false;
  }

  @Override
  public String toString() {
    return operation;
  }
}
