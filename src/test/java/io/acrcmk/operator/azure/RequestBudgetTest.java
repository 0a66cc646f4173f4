package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Checks the token bucket's slots, waits, refunds and drains on a clock the test moves. */
class RequestBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private static final int SECOND_INT = 1_000_000_000;
  private static final long NO_LIMIT = Long.MAX_VALUE;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  @Test
  void burstUpToCapacityDoesNotWait() {
    RequestBudget budget = new RequestBudget(5, 10, now::get);

    for (int i = 0; i < 5; i++) {
      assertThat(budget.reserve(NO_LIMIT).waitNanos()).isZero();
    }
    assertThat(budget.reserve(NO_LIMIT).waitNanos()).isEqualTo(SECOND / 10);
  }

  @Test
  void queuedRequestsGetSlotsInArrivalOrder() {
    RequestBudget budget = new RequestBudget(1, 4, now::get);
    budget.reserve(NO_LIMIT);

    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(budget.reserve(NO_LIMIT).waitNanos());
    }

    assertThat(waits).containsExactly(SECOND / 4, SECOND / 2, 3 * SECOND / 4, SECOND);
    assertThat(budget.tokens()).isEqualTo(-4.0);
  }

  @Test
  void bucketRefillsAtConfiguredRateUpToCapacity() {
    RequestBudget budget = new RequestBudget(3, 2, now::get);
    for (int i = 0; i < 3; i++) {
      budget.reserve(NO_LIMIT);
    }

    now.addAndGet(SECOND);
    assertThat(budget.tokens()).isEqualTo(2.0);
    now.addAndGet(10 * SECOND);
    assertThat(budget.tokens()).isEqualTo(3.0);
  }

  @Test
  void slotBeyondMaxWaitIsRejected() {
    RequestBudget budget = new RequestBudget(1, 1, now::get);
    budget.reserve(NO_LIMIT);

    assertThat(budget.reserve(SECOND / 2)).isNull();
    assertThat(budget.tokens()).isEqualTo(0.0);
    assertThat(budget.currentWaitNanos()).isEqualTo(SECOND);
    assertThat(budget.reserve(SECOND).waitNanos()).isEqualTo(SECOND);
  }

  @Test
  void refundGivesSlotToNextRequest() {
    RequestBudget budget = new RequestBudget(1, 1, now::get);
    budget.reserve(NO_LIMIT);
    budget.reserve(NO_LIMIT);

    budget.refund();

    assertThat(budget.reserve(NO_LIMIT).waitNanos()).isEqualTo(SECOND);
  }

  @Test
  void refundNeverFillsBeyondCapacity() {
    RequestBudget budget = new RequestBudget(2, 1, now::get);

    budget.refund();

    assertThat(budget.tokens()).isEqualTo(2.0);
  }

  @Test
  void drainDelaysNewRequestsByRetryAfter() {
    RequestBudget budget = new RequestBudget(10, 5, now::get);

    assertThat(budget.drain(Duration.ofSeconds(2), now.get())).isTrue();

    assertThat(budget.tokens()).isEqualTo(-10.0);
    assertThat(budget.reserve(NO_LIMIT).waitNanos()).isEqualTo(2 * SECOND + SECOND / 5);
  }

  @Test
  void drainPushesQueuedSlotsBack() {
    RequestBudget budget = new RequestBudget(1, 1, now::get);
    budget.reserve(NO_LIMIT);
    RequestBudget.Reservation queued = budget.reserve(NO_LIMIT);

    budget.drain(Duration.ofSeconds(3), now.get());

    assertThat(budget.pausedSince(queued.pauseMark())).isEqualTo(3 * SECOND);
    assertThat(budget.pausedSince(budget.pauseMark())).isZero();
  }

  @Test
  void drainWithoutRetryAfterOnlyEmptiesBucket() {
    RequestBudget budget = new RequestBudget(10, 5, now::get);
    long mark = budget.pauseMark();

    budget.drain(null, now.get());

    assertThat(budget.tokens()).isEqualTo(0.0);
    assertThat(budget.pausedSince(mark)).isZero();
  }

  @Test
  void staleThrottlingIsIgnored() {
    RequestBudget budget = new RequestBudget(10, 5, now::get);
    long sentEarlier = now.get();
    now.addAndGet(SECOND / 10);
    budget.drain(Duration.ofSeconds(1), now.get());
    long mark = budget.pauseMark();

    assertThat(budget.drain(Duration.ofSeconds(1), sentEarlier)).isFalse();
    assertThat(budget.pausedSince(mark)).isZero();
    assertThat(budget.drain(Duration.ofSeconds(1), now.get())).isTrue();
  }

  @Test
  void grantsStayWithinBucketInAnyWindow() {
    int capacity = 20;
    double rate = 50;
    RequestBudget budget = new RequestBudget(capacity, rate, now::get);
    Random random = new Random(42);
    List<Long> sendTimes = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      // Bursts of arrivals with idle gaps, so the bucket both empties and refills.
      now.addAndGet(random.nextInt(10) == 0 ? random.nextInt(SECOND_INT) : random.nextInt(5_000));
      sendTimes.add(now.get() + budget.reserve(NO_LIMIT).waitNanos());
    }
    sendTimes.sort(null);

    for (double window : new double[] {0.01, 0.1, 0.5, 1, 5}) {
      assertThat(RateWindows.maxInWindow(sendTimes, (long) (window * SECOND)))
          .as("sends within %s s", window)
          .isLessThanOrEqualTo((long) Math.floor(capacity + rate * window) + 1);
    }
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> new RequestBudget(0, 1, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity must be at least 1");
    assertThatThrownBy(() -> new RequestBudget(1, 0, now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refillPerSecond must be positive");
    assertThatThrownBy(() -> new RequestBudget(1, Double.NaN, now::get))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestBudget(1, Double.POSITIVE_INFINITY, now::get))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
