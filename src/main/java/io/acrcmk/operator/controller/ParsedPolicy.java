package io.acrcmk.operator.controller;

import io.acrcmk.operator.api.GoDuration;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.azure.PolicyTarget;
import java.time.Duration;

/**
 * A policy spec turned into the values the reconciler uses. The CRD schema rejects most bad input;
 * this catches what passes the schema but still cannot be used, such as a policy written before the
 * schema existed.
 *
 * @param target the Azure resources the policy names
 * @param checkInterval how often to check
 * @param keyExpiryWarning how long before expiry a key counts as expiring soon
 */
record ParsedPolicy(PolicyTarget target, Duration checkInterval, Duration keyExpiryWarning) {

  /** The shortest interval accepted, matching the CRD's validation rule. */
  static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(30);

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException with a message naming the field when a value is unusable
   */
  static ParsedPolicy from(RegistryEncryptionPolicySpec spec) {
    PolicyTarget target = PolicyTarget.from(spec);
    Duration interval = parseDuration("spec.checkInterval", spec.getCheckInterval());
    if (interval.compareTo(MIN_CHECK_INTERVAL) < 0) {
      throw new IllegalArgumentException(
          "spec.checkInterval must be at least 30s, got " + spec.getCheckInterval());
    }
    Duration warning = parseDuration("spec.keyExpiryWarning", spec.getKeyExpiryWarning());
    return new ParsedPolicy(target, interval, warning);
  }

  private static Duration parseDuration(String field, String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
