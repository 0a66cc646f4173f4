package io.acrcmk.operator.metrics;

/**
 * Names, label names and descriptions of every metric the operator exports under the {@code
 * acrcmk_} prefix.
 *
 * <p>Micrometer meters have dotted names; the Prometheus registry turns the dots into underscores
 * and appends the base unit and {@code _total}, so {@code acrcmk.check.duration} is scraped as
 * {@code acrcmk_check_duration_seconds}. The per-policy series are computed at scrape time by a
 * Prometheus collector that bypasses Micrometer, so their names are given as scraped.
 */
public final class MetricNames {

  /** The prefix of every metric name, as scraped. */
  public static final String PREFIX = "acrcmk_";

  // Per-policy series, computed from the operator's cache on each scrape.

  /** One series per condition of each policy, for its current status and reason; value 1. */
  public static final String POLICY_CONDITION = "acrcmk_policy_condition";

  public static final String POLICY_CONDITION_HELP =
      "Current status of each condition of a RegistryEncryptionPolicy, one series per condition"
          + " with value 1. Labels: namespace, name, registry, type (condition type), status"
          + " (True, False or Unknown), reason (the condition's reason).";

  /** The Ready condition as a number: 1 True, 0 False, -1 Unknown. */
  public static final String POLICY_READY = "acrcmk_policy_ready";

  public static final String POLICY_READY_HELP =
      "Ready condition of a RegistryEncryptionPolicy: 1 True, 0 False, -1 Unknown; absent until"
          + " the first check. Labels: namespace, name, registry.";

  /** When the key version the registry uses expires, in seconds since the epoch. */
  public static final String KEY_EXPIRY_TIMESTAMP = "acrcmk_key_expiry_timestamp_seconds";

  public static final String KEY_EXPIRY_TIMESTAMP_HELP =
      "Expiry of the key version the registry encrypts with, in seconds since the Unix epoch;"
          + " absent when the key has no expiry or was not read. Labels: namespace, name,"
          + " registry.";

  /** When the policy was last checked, in seconds since the epoch. */
  public static final String LAST_CHECK_TIMESTAMP = "acrcmk_last_check_timestamp_seconds";

  public static final String LAST_CHECK_TIMESTAMP_HELP =
      "When the last check of a RegistryEncryptionPolicy finished, in seconds since the Unix"
          + " epoch; absent until the first check. Labels: namespace, name, registry.";

  /** How often the operator checks the policy; absent while the policy is suspended. */
  public static final String POLICY_CHECK_INTERVAL = "acrcmk_policy_check_interval_seconds";

  public static final String POLICY_CHECK_INTERVAL_HELP =
      "How often the operator checks a RegistryEncryptionPolicy, in seconds; absent while"
          + " spec.suspend is true or the interval is invalid. Labels: namespace, name, registry.";

  // ARM read quota per subscription, computed from the read budgets on each scrape.

  /** The remaining reads ARM last reported for a subscription. */
  public static final String AZURE_REMAINING_READS = "acrcmk_azure_ratelimit_remaining_reads";

  public static final String AZURE_REMAINING_READS_HELP =
      "Remaining ARM reads, as the x-ms-ratelimit-remaining-subscription-reads header of the latest"
          + " ARM read response for the subscription said (x-ms-ratelimit-remaining-tenant-reads"
          + " for subscription=\"tenant\"); absent until a response carried it. Labels:"
          + " subscription (the subscription ID, or tenant for reads that name none).";

  /** The tokens left in the operator's own read budget for a subscription. */
  public static final String AZURE_READ_BUDGET_TOKENS = "acrcmk_azure_read_budget_available_tokens";

  public static final String AZURE_READ_BUDGET_TOKENS_HELP =
      "Reads the operator may still send to a subscription at once under its own budget, which"
          + " mirrors ARM's documented bucket of 250 reads refilled at 25 a second; negative while"
          + " reads queue for a slot. Labels: subscription (the subscription ID, or tenant).";

  // Micrometer meters, all with a small fixed set of label values.

  /** Timer around the Azure reads of one policy check. */
  public static final String CHECK_DURATION = "acrcmk.check.duration";

  public static final String CHECK_DURATION_HELP =
      "Time to read the Azure resources of one policy check, which is nearly all of its cost;"
          + " suspended policies and rejected specs read nothing and are not counted. No labels.";

  /** Counter of Azure requests by service, operation and result code. */
  public static final String AZURE_REQUESTS = "acrcmk.azure.requests";

  public static final String AZURE_REQUESTS_HELP =
      "Azure requests the operator made, counted once per call after retries. Labels: service"
          + " (arm or keyvault), operation (the ARM or Key Vault action, such as"
          + " Microsoft.KeyVault/vaults/read, or other), code (the final HTTP status, or error"
          + " when no response arrived).";

  /** Counter of heal attempts by action and outcome. */
  public static final String HEAL_ACTIONS = "acrcmk.heal.actions";

  public static final String HEAL_ACTIONS_HELP =
      "Heal actions the operator attempted; DryRun plans are not counted. Labels: action"
          + " (ReassignIdentity, EnableTrustedServicesBypass, RotateToLatestKeyVersion,"
          + " RecoverDeletedKey), outcome (succeeded, failed, unconfirmed).";

  /** Gauge: 1 when this replica checks policies. */
  public static final String LEADER = "acrcmk.leader";

  public static final String LEADER_HELP =
      "1 when this replica holds the leader-election Lease, or runs without leader election, and"
          + " so checks policies and exports their series; 0 while it waits. No labels.";

  // Label names.

  public static final String LABEL_NAMESPACE = "namespace";
  public static final String LABEL_NAME = "name";
  public static final String LABEL_REGISTRY = "registry";
  public static final String LABEL_TYPE = "type";
  public static final String LABEL_STATUS = "status";
  public static final String LABEL_REASON = "reason";
  public static final String LABEL_SERVICE = "service";
  public static final String LABEL_OPERATION = "operation";
  public static final String LABEL_CODE = "code";
  public static final String LABEL_ACTION = "action";
  public static final String LABEL_OUTCOME = "outcome";
  public static final String LABEL_SUBSCRIPTION = "subscription";

  private MetricNames() {}
}
