package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicyStatus;
import io.acrcmk.operator.logging.SecretRedactor;
import io.acrcmk.operator.reliability.AzureFaultField.Expected;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import io.acrcmk.operator.sandbox.RecordedRequest;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Injects every transient Azure fault, and every missing or null field whose meaning is known, into
 * every read the operator makes, and runs the production reconciler with every heal action enabled.
 * Each cell starts from the row's status without the fault, reconciles once with the fault and once
 * after it is removed. The faulted reconcile must not throw, report False for a fault it did not
 * see, write to Azure or write a status the CRD rejects. The next reconcile must match the first.
 * Afterwards every log event and status of the run is scanned for secrets. The outcome of each cell
 * is printed as a table at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzureFaultMatrixTest {

  private static final AzureFaultTable TRANSIENT =
      new AzureFaultTable(Stream.of(AzureFaultKind.values()).map(kind -> kind.label).toList());
  private static final AzureFaultTable FIELDS =
      new AzureFaultTable(List.of("outcome", "expected because"));

  /** The status of each row without a fault, which each cell of the row starts from. */
  private static final Map<AzureFaultRead, RegistryEncryptionPolicyStatus> BASELINES =
      new EnumMap<>(AzureFaultRead.class);

  private static LogScanCapture logs;
  private static AzureFaultHarness harness;

  /** What one cell observed. */
  private record CellRun(
      Map<String, Condition> before,
      Map<String, Condition> during,
      Map<String, Condition> after,
      List<RecordedRequest> writes,
      List<Event> newWarnings,
      List<String> schemaErrors,
      int faulted) {

    Condition during(String type) {
      return during.get(type);
    }
  }

  @BeforeAll
  static void start() {
    logs = LogScanCapture.attach();
    harness = new AzureFaultHarness();
  }

  @AfterAll
  static void stop() {
    try {
      System.out.println("Transient faults: outcome of the condition that depends on the read");
      System.out.println(TRANSIENT.render("read"));
      System.out.println("Missing and null fields");
      System.out.println(FIELDS.render("read"));
    } finally {
      harness.close();
      logs.detach();
    }
  }

  static Stream<Arguments> transientCells() {
    List<Arguments> cells = new ArrayList<>();
    for (AzureFaultRead read : AzureFaultRead.values()) {
      for (AzureFaultKind kind : AzureFaultKind.values()) {
        cells.add(Arguments.of(read, kind));
      }
    }
    return cells.stream();
  }

  static Stream<AzureFaultField> fieldCells() {
    return AzureFaultFields.all().stream();
  }

  @Order(1)
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("transientCells")
  void transientFaultLeavesConditionUnknown(AzureFaultRead read, AzureFaultKind kind) {
    Consumer<String> cell = outcome -> TRANSIENT.put(read.operation, kind.label, outcome);
    CellRun run = run(read, kind.fault(), cell);
    Condition condition = run.during(read.condition);

    checked(
        cell,
        label(condition),
        () -> {
          assertThat(run.faulted()).as("requests the fault reached").isPositive();
          Reason unread = read.reasonWhenUnread();
          if (unread != null) {
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo(unread.name());
            assertThat(condition.getMessage()).contains("whether it is soft-deleted is unknown");
          } else {
            assertThat(condition.getStatus()).as(condition.getMessage()).isEqualTo("Unknown");
            assertThat(condition.getReason())
                .as(condition.getMessage())
                .isEqualTo(read.unknownReason(kind).name());
            assertThat(run.during(ConditionTypes.READY).getStatus()).isEqualTo("Unknown");
          }
          assertNoInventedFault(run, read.condition);
          assertThat(run.writes()).as("Azure writes during the fault").isEmpty();
          assertCommon(run);
        });
  }

  @Order(2)
  @ParameterizedTest(name = "{0}")
  @MethodSource("fieldCells")
  void missingFieldGivesFactOrUnknown(AzureFaultField field) {
    String row = field.read().operation + " " + field.label();
    Consumer<String> cell =
        outcome -> {
          FIELDS.put(row, "outcome", outcome);
          FIELDS.put(row, "expected because", field.why());
        };
    CellRun run = run(field.read(), field.fault(), cell);
    Expected expected = field.expected();
    String outcome;
    if (expected.condition() != null) {
      outcome = expected.condition() + " " + label(run.during(expected.condition()));
    } else if (statuses(run.during()).equals(statuses(run.before()))) {
      outcome = "unchanged";
    } else {
      outcome = "changed to " + statuses(run.during());
    }

    checked(
        cell,
        outcome,
        () -> {
          assertThat(run.faulted()).as("requests the change reached").isPositive();
          if (expected.condition() == null) {
            assertThat(statuses(run.during())).isEqualTo(statuses(run.before()));
          } else {
            Condition condition = run.during(expected.condition());
            assertThat(condition.getStatus())
                .as(condition.getMessage())
                .isEqualTo(expected.status().name());
            assertThat(condition.getReason())
                .as(condition.getMessage())
                .isEqualTo(expected.reason().name());
          }
          if (expected.condition() == null || expected.status() == ConditionStatus.Unknown) {
            assertNoInventedFault(run, null);
          }
          if (!expected.writes()) {
            assertThat(run.writes()).as("Azure writes during the change").isEmpty();
          }
          assertCommon(run);
        });
  }

  /** Runs {@code assertions} and notes {@code outcome} in the table, marked when they fail. */
  private static void checked(Consumer<String> cell, String outcome, Runnable assertions) {
    try {
      assertions.run();
      cell.accept(outcome);
    } catch (AssertionError e) {
      cell.accept(outcome + " !");
      throw e;
    }
  }

  private static String label(Condition condition) {
    return condition.getStatus() + "/" + condition.getReason();
  }

  private static void assertCommon(CellRun run) {
    assertThat(run.schemaErrors()).as("status schema errors").isEmpty();
    assertThat(statuses(run.after()))
        .as("conditions once the fault is gone")
        .isEqualTo(statuses(run.before()));
    if ("True".equals(run.before().get(ConditionTypes.READY).getStatus())) {
      assertThat(run.after().get(ConditionTypes.READY).getStatus()).isEqualTo("True");
    }
  }

  /**
   * Checks that every condition False during the fault was False for the same reason before it,
   * apart from {@code exempt}, and that every new Warning event belongs to such a condition.
   */
  private static void assertNoInventedFault(CellRun run, String exempt) {
    boolean exemptFalse = exempt != null && "False".equals(run.during().get(exempt).getStatus());
    for (Condition condition : run.during().values()) {
      if (condition.getType().equals(exempt) || !"False".equals(condition.getStatus())) {
        continue;
      }
      if (exemptFalse && condition.getType().equals(ConditionTypes.READY)) {
        // Ready takes the reason of the first False condition, here the exempt one.
        continue;
      }
      Condition before = run.before().get(condition.getType());
      assertThat(before.getStatus() + "/" + before.getReason())
          .as("%s is False during the fault: %s", condition.getType(), condition.getMessage())
          .isEqualTo("False/" + condition.getReason());
    }
    for (Event event : run.newWarnings()) {
      Condition condition =
          run.during().values().stream()
              .filter(c -> event.getReason().equals(c.getReason()))
              .findFirst()
              .orElse(null);
      if (condition == null || !condition.getType().equals(exempt)) {
        fail("Warning event during the fault: " + event.getReason() + ": " + event.getMessage());
      }
    }
  }

  /**
   * Gives a new policy of the row's setup the status of a reconcile without a fault, then
   * reconciles it with {@code fault} on the row's operation and again without it, and notes the
   * outcome in the table.
   */
  private static CellRun run(AzureFaultRead read, Fault fault, Consumer<String> cell) {
    RegistryEncryptionPolicyStatus baseline = BASELINES.get(read);
    if (baseline == null) {
      baseline = baseline(read, cell);
      BASELINES.put(read, baseline);
    }
    harness.reset();
    CmkSetup setup = harness.setupFor(read);
    read.prepare(harness.simulator, setup);
    RegistryEncryptionPolicy policy = harness.healingPolicy(setup);
    policy.setStatus(harness.copyOf(baseline));
    // The baseline was checked earlier, maybe before a reconciler of this cell started, so the
    // cell makes its check due, as the next scheduled check of a running operator is.
    harness.markDue(policy);
    if (read.healedWithoutFault()) {
      // The baseline's repair was recorded at the baseline's time; without the cooldown in the
      // way, the reconcile after the fault repairs again.
      harness.clock.advance(AzureFaultHarness.COOLDOWN.plusMinutes(1));
    }
    if (read == AzureFaultRead.TOKEN) {
      harness.renewTokens();
    }
    int warnings = harness.warningEvents(policy).size();

    FaultRule rule =
        harness.simulator.faults().inject(FaultRule.forOperation(read.operation, fault));
    Map<String, Condition> during =
        conditions(reconcileOrFail(() -> harness.reconcileWithFault(policy), cell, "during"));
    List<String> schemaErrors = harness.statusSchemaErrors(policy);
    List<RecordedRequest> writes = harness.azureWrites();
    List<Event> allWarnings = harness.warningEvents(policy);
    List<Event> newWarnings = allWarnings.subList(warnings, allWarnings.size());
    harness.simulator.faults().clear();

    Map<String, Condition> after =
        conditions(reconcileOrFail(() -> harness.reconcile(policy), cell, "after"));
    return new CellRun(
        conditions(baseline), during, after, writes, newWarnings, schemaErrors, rule.applied());
  }

  /** Returns the status of a new policy of the row's setup after a reconcile without a fault. */
  private static RegistryEncryptionPolicyStatus baseline(
      AzureFaultRead read, Consumer<String> cell) {
    harness.reset();
    CmkSetup setup = harness.setupFor(read);
    read.prepare(harness.simulator, setup);
    RegistryEncryptionPolicy policy = harness.healingPolicy(setup);
    return reconcileOrFail(() -> harness.reconcile(policy), cell, "before");
  }

  private static RegistryEncryptionPolicyStatus reconcileOrFail(
      Supplier<RegistryEncryptionPolicyStatus> reconcile, Consumer<String> cell, String phase) {
    try {
      return reconcile.get();
    } catch (RuntimeException e) {
      cell.accept("threw " + e.getClass().getSimpleName() + " !");
      throw new AssertionError("reconcile " + phase + " the fault threw", e);
    }
  }

  private static Map<String, Condition> conditions(RegistryEncryptionPolicyStatus status) {
    Map<String, Condition> byType = new LinkedHashMap<>();
    status.getConditions().forEach(condition -> byType.put(condition.getType(), condition));
    return byType;
  }

  private static Map<String, String> statuses(Map<String, Condition> conditions) {
    Map<String, String> statuses = new LinkedHashMap<>();
    conditions.forEach(
        (type, condition) ->
            statuses.put(type, condition.getStatus() + "/" + condition.getReason()));
    return statuses;
  }

  @Order(3)
  @Test
  void logsAndStatusesHoldNoSecret() {
    Assumptions.assumeFalse(
        TRANSIENT.isEmpty(), "the scan covers the matrix's logs, so it runs after the matrix");
    List<String> vaults =
        List.of(harness.accessPolicySetup.vaultName(), harness.rbacSetup.vaultName());
    AzureFaultSecrets secrets = AzureFaultSecrets.secrets();
    secrets.addAll("access token", harness.issuedTokens());
    harness.clientAssertions().forEach(secrets::addClientAssertion);
    secrets.addKeyFields(harness.simulator, vaults, List.of("d", "p", "q", "dp", "dq", "qi", "k"));
    AzureFaultSecrets publicKeys = AzureFaultSecrets.publicKeyMaterial();
    publicKeys.addKeyFields(harness.simulator, vaults, List.of("n"));
    List<String> statuses = harness.writtenStatuses();
    List<String> events = harness.eventMessages();

    assertThat(harness.issuedTokens()).as("tokens issued during the matrix").isNotEmpty();
    assertThat(harness.clientAssertions()).as("client assertions sent").isNotEmpty();
    assertThat(publicKeys.size()).as("key moduli").isPositive();
    assertThat(logs.eventsFrom("com.azure")).as("Azure SDK log events").isNotEmpty();
    List<String> findings = new ArrayList<>();
    findings.addAll(secrets.scan("log event", logs.events()));
    findings.addAll(secrets.scan("status", statuses));
    findings.addAll(secrets.scan("event", events));
    findings.addAll(publicKeys.scan("operator log event", logs.eventsFrom("io.acrcmk")));
    findings.addAll(publicKeys.scan("status", statuses));
    findings.addAll(publicKeys.scan("event", events));
    // azure-core logs a body it cannot parse at ERROR, so a truncated deleted-key response puts
    // part of the key's public modulus in its log. The shipped logging configuration masks it on
    // the way out, so each such line must come out clean.
    List<String> sdkKeyLines =
        publicKeys.scan("library log event", logs.eventsNotFrom("io.acrcmk"));
    List<String> maskedLibraryEvents =
        logs.eventsNotFrom("io.acrcmk").stream().map(SecretRedactor::redact).toList();
    findings.addAll(publicKeys.scan("library log event as logged", maskedLibraryEvents));
    System.out.printf(
        "Secret scan: %d log events (%d from com.azure, %d from com.microsoft.aad), %d statuses,"
            + " %d events, %d secret values, %d moduli; library log events quoting a modulus: %d%n",
        logs.events().size(),
        logs.eventsFrom("com.azure").size(),
        logs.eventsFrom("com.microsoft.aad").size(),
        statuses.size(),
        events.size(),
        secrets.size(),
        publicKeys.size(),
        sdkKeyLines.size());
    sdkKeyLines.forEach(line -> System.out.println("  " + line));
    assertThat(findings).isEmpty();
  }
}
