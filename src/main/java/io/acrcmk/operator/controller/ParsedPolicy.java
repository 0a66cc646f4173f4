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

  // The bounds repeat the CRD's validation rules, for policies that reached the API server
  // before those rules existed.
  static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(30);
  static final Duration MAX_CHECK_INTERVAL = Duration.ofHours(24);
  static final Duration MIN_EXPIRY_WARNING = Duration.ofHours(1);
  static final Duration MAX_EXPIRY_WARNING = Duration.ofHours(8760);

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException with a message naming the field when a value is unusable
   */
  static ParsedPolicy from(RegistryEncryptionPolicySpec spec) {
    PolicyTarget target = PolicyTarget.from(spec);
    Duration interval = parseDuration("spec.checkInterval", spec.getCheckInterval());
    requireBetween(
        "spec.checkInterval",
        spec.getCheckInterval(),
        interval,
        MIN_CHECK_INTERVAL,
        "30s",
        MAX_CHECK_INTERVAL,
        "24h");
    Duration warning = parseDuration("spec.keyExpiryWarning", spec.getKeyExpiryWarning());
    requireBetween(
        "spec.keyExpiryWarning",
        spec.getKeyExpiryWarning(),
        warning,
        MIN_EXPIRY_WARNING,
        "1h",
        MAX_EXPIRY_WARNING,
        "8760h");
    if (warning.compareTo(interval) < 0) {
      throw new IllegalArgumentException(
          "spec.keyExpiryWarning ("
              + spec.getKeyExpiryWarning()
              + ") must not be shorter than spec.checkInterval ("
              + spec.getCheckInterval()
              + "), or a key could expire between two checks without a warning");
    }
    return new ParsedPolicy(target, interval, warning);
  }

  private static void requireBetween(
      String field,
      String text,
      Duration value,
      Duration min,
      String minText,
      Duration max,
      String maxText) {
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(field + " must be at least " + minText + ", got " + text);
    }
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + " must be at most " + maxText + ", got " + text);
    }
  }

  private static Duration parseDuration(String field, String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
