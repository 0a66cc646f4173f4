package io.acrcmk.operator.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Holds each ARM read until its subscription's budget has a slot for it, records the remaining
 * reads ARM reports, and drains the budget when ARM returns 429. It runs once per attempt, after
 * the retry policy, because ARM counts every attempt. Writes pass through, because ARM counts them
 * in a separate bucket and the operator reads only.
 */
final class RequestBudgetPolicy implements HttpPipelinePolicy {

  static final HttpHeaderName REMAINING_SUBSCRIPTION_READS =
      HttpHeaderName.fromString("x-ms-ratelimit-remaining-subscription-reads");
  static final HttpHeaderName REMAINING_TENANT_READS =
      HttpHeaderName.fromString("x-ms-ratelimit-remaining-tenant-reads");

  private static final Logger LOG = LoggerFactory.getLogger(RequestBudgetPolicy.class);
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);

  private final SubscriptionBudgets budgets;

  RequestBudgetPolicy(SubscriptionBudgets budgets) {
    this.budgets = budgets;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    HttpRequest request = context.getHttpRequest();
    if (request.getHttpMethod() != HttpMethod.GET && request.getHttpMethod() != HttpMethod.HEAD) {
      return next.process();
    }
    String scope = scopeOf(request.getUrl().getPath());
    RequestBudget budget = budgets.budget(scope);
    return Mono.defer(() -> acquire(scope, budget))
        .then(Mono.defer(() -> send(scope, budget, next)));
  }

  /** Returns the lower-case subscription ID the path names, or the tenant scope. */
  static String scopeOf(String path) {
    Matcher matcher = SUBSCRIPTION.matcher(path == null ? "" : path);
    return matcher.find() ? matcher.group(1) : SubscriptionBudgets.TENANT_SCOPE;
  }

  private Mono<Void> acquire(String scope, RequestBudget budget) {
    long start = budgets.now();
    RequestBudget.Reservation slot = budget.reserve(budgets.maxWait().toNanos());
    if (slot == null) {
      budgets.recordRejected();
      return Mono.error(exhausted(scope, budget.currentWaitNanos()));
    }
    // A read cancelled while it waits, by its deadline for instance, never uses its slot.
    return waitForSlot(scope, budget, slot.waitNanos(), slot.pauseMark(), start)
        .doOnCancel(budget::refund);
  }

  /**
   * Sleeps until the slot, then sleeps again for as long as a 429 elsewhere pushed the queue back
   * in the meantime, so that requests already waiting back off too.
   */
  private Mono<Void> waitForSlot(
      String scope, RequestBudget budget, long waitNanos, long pauseMark, long start) {
    Mono<Void> sleep =
        waitNanos > 0 ? Mono.delay(Duration.ofNanos(waitNanos)).then() : Mono.empty();
    return sleep.then(
        Mono.defer(
            () -> {
              long pushedBack = budget.pausedSince(pauseMark);
              long waited = budgets.now() - start;
              if (pushedBack <= 0) {
                budgets.recordWait(waited);
                return Mono.empty();
              }
              if (waited + pushedBack > budgets.maxWait().toNanos()) {
                budget.refund();
                budgets.recordRejected();
                budgets.recordWait(waited);
                return Mono.error(exhausted(scope, pushedBack));
              }
              return waitForSlot(scope, budget, pushedBack, pauseMark + pushedBack, start);
            }));
  }

  private Mono<HttpResponse> send(String scope, RequestBudget budget, HttpPipelineNextPolicy next) {
    long sentAt = budgets.now();
    return next.process().doOnNext(response -> observe(scope, budget, response, sentAt));
  }

  private void observe(String scope, RequestBudget budget, HttpResponse response, long sentAt) {
    HttpHeaderName header =
        SubscriptionBudgets.TENANT_SCOPE.equals(scope)
            ? REMAINING_TENANT_READS
            : REMAINING_SUBSCRIPTION_READS;
    String remaining = response.getHeaderValue(header);
    if (remaining != null) {
      try {
        budgets.recordRemainingReads(scope, Long.parseLong(remaining.trim()));
      } catch (NumberFormatException e) {
        LOG.debug("Ignoring {} header '{}' that is not a number", header, remaining);
      }
    }
    if (response.getStatusCode() == 429) {
      budgets.recordThrottled();
      Duration retryAfter = RetryAfter.from(response.getHeaders());
      if (budget.drain(retryAfter, sentAt)) {
        LOG.warn(
            "ARM throttled a read in {}; reads of that scope pause for {} ms",
            scope,
            retryAfter == null ? 0 : retryAfter.toMillis());
      }
    }
  }

  private RequestBudgetExhaustedException exhausted(String scope, long nextSlotNanos) {
    return new RequestBudgetExhaustedException(
        scope, Duration.ofNanos(nextSlotNanos), budgets.maxWait());
  }
}
