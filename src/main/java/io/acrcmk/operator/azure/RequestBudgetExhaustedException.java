package io.acrcmk.operator.azure;

import java.time.Duration;

/**
 * Thrown for a read that was not sent because its slot in the operator's own ARM read budget was
 * further away than the longest wait allowed. It is reported as throttled, like a 429.
 */
final class RequestBudgetExhaustedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  RequestBudgetExhaustedException(String scope, Duration nextSlot, Duration maxWait) {
    super(
        "the operator's ARM read budget for "
            + describe(scope)
            + " has no free slot within "
            + maxWait.toMillis()
            + " ms (the next is in "
            + nextSlot.toMillis()
            + " ms), so the read was not sent");
    this.retryAfter = nextSlot;
  }

  /** Returns how long until the budget would have had a slot. */
  Duration retryAfter() {
    return retryAfter;
  }

  private static String describe(String scope) {
    return SubscriptionBudgets.TENANT_SCOPE.equals(scope)
        ? "tenant-level requests"
        : "subscription " + scope;
  }
}
