package io.acrcmk.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Checks the per-policy offset and the deferral of recently checked policies, without I/O. */
class CheckScheduleTest {

  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Instant START = Instant.parse("2026-03-01T12:00:00.400Z");

  @Test
  void jitterStaysWithinTenPercent() {
    List<Duration> offsets = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      offsets.add(CheckSchedule.jitter(uid(i), INTERVAL));
    }

    Duration limit = Duration.ofSeconds(30);
    assertThat(offsets).allSatisfy(offset -> assertThat(offset).isBetween(limit.negated(), limit));
    assertThat(offsets)
        .anySatisfy(offset -> assertThat(offset).isLessThan(Duration.ofSeconds(-27)));
    assertThat(offsets)
        .anySatisfy(offset -> assertThat(offset).isGreaterThan(Duration.ofSeconds(27)));
    long early = offsets.stream().filter(Duration::isNegative).count();
    assertThat(early).as("offsets below the interval").isBetween(400L, 600L);
  }

  @Test
  void jitterIsStablePerUid() {
    Set<Duration> distinct = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Duration first = CheckSchedule.jitter(uid(i), INTERVAL);
      Duration again = CheckSchedule.jitter(uid(i), INTERVAL);
      assertThat(again).isEqualTo(first);
      distinct.add(first);
    }

    assertThat(distinct).as("offsets of 100 policies").hasSizeGreaterThan(95);
  }

  @Test
  void jitterScalesWithInterval() {
    String uid = uid(7);

    Duration shortOffset = CheckSchedule.jitter(uid, Duration.ofSeconds(30));
    Duration longOffset = CheckSchedule.jitter(uid, Duration.ofSeconds(3000));

    assertThat(longOffset.toMillis()).isCloseTo(shortOffset.toMillis() * 100, within(100));
  }

  @Test
  void nextCheckIsIntervalPlusOffset() {
    RegistryEncryptionPolicy policy = policy(null);

    Duration next = new CheckSchedule(clock(START)).nextCheckAfter(policy, INTERVAL);

    assertThat(next).isEqualTo(INTERVAL.plus(CheckSchedule.jitter(uid(1), INTERVAL)));
  }

  @Test
  void policyWithoutUidUsesNamespaceAndName() {
    RegistryEncryptionPolicy policy = policy(null);
    policy.getMetadata().setUid(null);

    Duration next = new CheckSchedule(clock(START)).nextCheckAfter(policy, INTERVAL);

    assertThat(next).isEqualTo(INTERVAL.plus(CheckSchedule.jitter("platform/prod", INTERVAL)));
  }

  @Test
  void newPolicyIsCheckedAtOnce() {
    Optional<Duration> wait =
        new CheckSchedule(clock(START)).waitBeforeCheck(policy(null), INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void recentCheckOfEarlierInstanceDefers() {
    Instant lastCheck = START.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    RegistryEncryptionPolicy policy = policy(checked(lastCheck, Reason.AllChecksPassed));

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    Instant due = lastCheck.plus(INTERVAL).plus(CheckSchedule.jitter(uid(1), INTERVAL));
    assertThat(wait).contains(Duration.between(START, due));
  }

  @Test
  void failingPolicyDefersToo() {
    RegistryEncryptionPolicy policy =
        policy(checked(START.minus(Duration.ofMinutes(1)), Reason.IdentityNotAssigned));

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isPresent();
  }

  @Test
  void staleCheckIsRepeatedAtOnce() {
    RegistryEncryptionPolicy policy =
        policy(checked(START.minus(Duration.ofMinutes(6)), Reason.AllChecksPassed));

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void changedSpecIsCheckedAtOnce() {
    RegistryEncryptionPolicy policy =
        policy(checked(START.minus(Duration.ofMinutes(1)), Reason.AllChecksPassed));
    policy.getMetadata().setGeneration(2L);

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void statusNotFromCheckIsCheckedAtOnce() {
    for (Reason reason : List.of(Reason.OperatorError, Reason.InvalidSpec, Reason.Suspended)) {
      RegistryEncryptionPolicy policy = policy(checked(START.minus(Duration.ofMinutes(1)), reason));

      Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

      assertThat(wait).as(reason.name()).isEmpty();
    }
  }

  @Test
  void ownChecksAreNotDeferred() {
    ManualClock clock = new ManualClock(START);
    CheckSchedule schedule = new CheckSchedule(clock);
    assertThat(schedule.waitBeforeCheck(policy(null), INTERVAL)).isEmpty();
    clock.set(START.plus(Duration.ofSeconds(2)));
    RegistryEncryptionPolicy policy = policy(checked(clock.instant(), Reason.AllChecksPassed));
    clock.set(clock.instant().plus(Duration.ofSeconds(10)));

    Optional<Duration> wait = schedule.waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void checkInStartSecondIsNotDeferred() {
    // START is 400 ms into its second, and status times drop the fraction.
    RegistryEncryptionPolicy policy = policy(checked(START, Reason.AllChecksPassed));

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void futureLastCheckNotDeferred() {
    // Another replica, whose clock runs an hour ahead, checked the policy a minute ago.
    RegistryEncryptionPolicy policy =
        policy(checked(START.plus(Duration.ofMinutes(59)), Reason.AllChecksPassed));

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void clockStepBackWaitsAtMostOnePeriod() {
    ManualClock clock = new ManualClock(START);
    CheckSchedule schedule = new CheckSchedule(clock);
    schedule.waitBeforeCheck(policy(null), INTERVAL);
    RegistryEncryptionPolicy policy =
        policy(checked(START.minus(Duration.ofMinutes(1)), Reason.AllChecksPassed));
    clock.set(START.minus(Duration.ofHours(1)));

    Optional<Duration> wait = schedule.waitBeforeCheck(policy, INTERVAL);

    assertThat(wait).contains(schedule.nextCheckAfter(policy, INTERVAL));
  }

  @Test
  void unreadableLastCheckTimeIsCheckedAtOnce() {
    RegistryEncryptionPolicyStatus status =
        checked(START.minus(Duration.ofMinutes(1)), Reason.AllChecksPassed);
    status.setLastCheckTime("yesterday");

    Optional<Duration> wait =
        new CheckSchedule(clock(START)).waitBeforeCheck(policy(status), INTERVAL);

    assertThat(wait).isEmpty();
  }

  @Test
  void outageRecheckedSoonerWithOffset() {
    RegistryEncryptionPolicy policy = policy(null);
    RegistryEncryptionPolicyStatus outage = unknownSince(START.minus(Duration.ofSeconds(60)));

    Duration next = new CheckSchedule(clock(START)).nextCheckAfter(policy, outage, INTERVAL, START);

    // Status times drop START's 400 ms, so the outage is 60.4 s old.
    Duration backoff = Duration.ofMillis(60_400);
    assertThat(next).isEqualTo(backoff.plus(CheckSchedule.jitter(uid(1), backoff)));
  }

  @Test
  void factsRecheckedAfterIntervalWithOffset() {
    RegistryEncryptionPolicy policy = policy(null);
    RegistryEncryptionPolicyStatus facts = checked(START, Reason.KeyDisabled);

    Duration next = new CheckSchedule(clock(START)).nextCheckAfter(policy, facts, INTERVAL, START);

    assertThat(next).isEqualTo(new CheckSchedule(clock(START)).nextCheckAfter(policy, INTERVAL));
  }

  @Test
  void restartDefersOutageByItsBackoff() {
    // An earlier instance checked 20 s ago, in an outage that began 100 s ago, and scheduled the
    // next check 100 s (plus offset) after that check.
    Instant lastCheck = START.minus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);
    RegistryEncryptionPolicyStatus outage = unknownSince(lastCheck.minus(Duration.ofSeconds(80)));
    outage.setLastCheckTime(lastCheck.toString());
    RegistryEncryptionPolicy policy = policy(outage);

    Optional<Duration> wait = new CheckSchedule(clock(START)).waitBeforeCheck(policy, INTERVAL);

    Duration backoff = Duration.ofSeconds(80);
    Duration due = backoff.plus(CheckSchedule.jitter(uid(1), backoff));
    assertThat(wait).contains(due.minus(Duration.between(lastCheck, START)));
  }

  /** Returns a status whose vault condition turned Unknown at {@code since} in an outage. */
  private static RegistryEncryptionPolicyStatus unknownSince(Instant since) {
    RegistryEncryptionPolicyStatus status = checked(START, Reason.AllChecksPassed);
    String formatted = since.truncatedTo(ChronoUnit.SECONDS).toString();
    status.getConditions().clear();
    for (String type : List.of(ConditionTypes.KEY_VAULT_ACCESSIBLE, ConditionTypes.READY)) {
      status
          .getConditions()
          .add(
              new ConditionBuilder()
                  .withType(type)
                  .withStatus(ConditionStatus.Unknown.name())
                  .withReason(Reason.AzureUnavailable.name())
                  .withMessage("could not read vault kv: HTTP 503")
                  .withObservedGeneration(1L)
                  .withLastTransitionTime(formatted)
                  .build());
    }
    return status;
  }

  private static String uid(int index) {
    return UUID.nameUUIDFromBytes(("policy-" + index).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static RegistryEncryptionPolicy policy(RegistryEncryptionPolicyStatus status) {
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setName("prod");
    policy.getMetadata().setNamespace("platform");
    policy.getMetadata().setUid(uid(1));
    policy.getMetadata().setGeneration(1L);
    policy.setStatus(status);
    return policy;
  }

  /** Returns a status as a check of generation 1 at {@code time} writes it. */
  private static RegistryEncryptionPolicyStatus checked(Instant time, Reason readyReason) {
    String formatted = time.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition ready =
        new ConditionBuilder()
            .withType(ConditionTypes.READY)
            .withStatus(
                readyReason == Reason.AllChecksPassed
                    ? ConditionStatus.True.name()
                    : ConditionStatus.False.name())
            .withReason(readyReason.name())
            .withMessage("as written by a check")
            .withObservedGeneration(1L)
            .withLastTransitionTime(formatted)
            .build();
    RegistryEncryptionPolicyStatus status = new RegistryEncryptionPolicyStatus();
    status.setConditions(new ArrayList<>(List.of(ready)));
    status.setObservedGeneration(1L);
    status.setLastCheckTime(formatted);
    return status;
  }

  private static Clock clock(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  private static Offset<Long> within(long value) {
    return Offset.offset(value);
  }
}
