package io.acrcmk.operator.sandbox;

/**
 * The operation names the simulator gives requests, for fault rules and request-log queries. The
 * adapter names Azure calls the same way in its errors.
 */
public final class Operations {

  /** {@code POST /{tenant}/oauth2/v2.0/token}. */
  public static final String TOKEN = "token";

  public static final String REGISTRIES_GET = "registries.get";
  public static final String REGISTRIES_LIST = "registries.list";

  /** {@code PATCH} of a registry. */
  public static final String REGISTRIES_UPDATE = "registries.update";

  /** {@code GET} of the status of a registry's long-running operation. */
  public static final String REGISTRIES_OPERATION_STATUS = "registries.operationStatuses.get";

  /** {@code PUT} of a registry. */
  public static final String REGISTRIES_CREATE = "registries.create";

  public static final String IDENTITIES_GET = "identities.get";
  public static final String VAULTS_GET = "vaults.get";
  public static final String VAULTS_LIST = "vaults.list";

  /** {@code PATCH} of a vault. */
  public static final String VAULTS_UPDATE = "vaults.update";

  /** {@code PUT} of a vault, including recovery with {@code createMode: recover}. */
  public static final String VAULTS_CREATE_OR_UPDATE = "vaults.createOrUpdate";

  /** {@code PUT .../accessPolicies/{add|replace|remove}}. */
  public static final String VAULTS_UPDATE_ACCESS_POLICY = "vaults.updateAccessPolicy";

  public static final String VAULTS_LIST_DELETED = "vaults.listDeleted";
  public static final String VAULTS_GET_DELETED = "vaults.getDeleted";

  /** Keys read through ARM. */
  public static final String KEYS_LIST = "keys.list";

  public static final String KEYS_GET = "keys.get";
  public static final String KEYS_LIST_VERSIONS = "keys.listVersions";
  public static final String KEYS_GET_VERSION = "keys.getVersion";
  public static final String ROLE_ASSIGNMENTS_LIST_FOR_SCOPE = "roleAssignments.listForScope";
  public static final String ROLE_ASSIGNMENTS_GET = "roleAssignments.get";
  public static final String ROLE_DEFINITIONS_GET = "roleDefinitions.get";

  /** Key Vault data plane: a key's current version or one version. */
  public static final String DATAPLANE_KEYS_GET = "dataplane.keys.get";

  public static final String DATAPLANE_KEYS_LIST_VERSIONS = "dataplane.keys.listVersions";
  public static final String DATAPLANE_DELETED_KEYS_GET = "dataplane.deletedKeys.get";
  public static final String DATAPLANE_DELETED_KEYS_RECOVER = "dataplane.deletedKeys.recover";

  /**
   * A request that matched no route, which the simulator returned 404 {@code
   * SimulatorRouteNotFound} for.
   */
  public static final String UNKNOWN = "unknown";

  private Operations() {}
}
