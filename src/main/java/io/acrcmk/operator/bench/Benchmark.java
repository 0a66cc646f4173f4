package io.acrcmk.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.cli.CommonPoolParallelism;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures check cycles of large fleets against the Azure simulator, under ARM's read limits. It
 * runs the operator through the java-operator-sdk runtime for cycle time, reads, heap and detection
 * latency. It runs the same cycle without Kubernetes, with shared reads and with the naive
 * one-policy-at-a-time approach, and it starts the operator in a fresh JVM. The results are written
 * as Markdown and JSON.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Check simulated fleets under ARM's read limits and report cycle time, reads per policy,"
            + " heap, detection latency and startup, next to their targets.")
public final class Benchmark implements Callable<Integer> {

  /** The scenarios the benchmark can run. */
  enum Mode {
    /** The operator through the java-operator-sdk runtime and the embedded API server. */
    operator,
    /** One cycle without Kubernetes, with shared reads and concurrent checks. */
    shared,
    /** One cycle without Kubernetes, without sharing, one check at a time. */
    naive,
    /** The operator's start in a fresh JVM. */
    startup
  }

  @Option(
      names = "--policies",
      split = ",",
      defaultValue = "1000,10000",
      description = "Fleet sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> policies;

  @Option(
      names = "--groups",
      split = ",",
      defaultValue = "10,100",
      description =
          "Numbers of shared vault-and-identity groups, comma-separated (default:"
              + " ${DEFAULT-VALUE}).")
  List<Integer> groups;

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "operator,shared,naive,startup",
      description = "What to run, comma-separated, from ${COMPLETION-CANDIDATES} (default: all).")
  Set<Mode> modes = EnumSet.allOf(Mode.class);

  @Option(
      names = "--latency",
      defaultValue = "50ms",
      converter = GoDurationConverter.class,
      description = "Simulated delay before each Azure response (default: ${DEFAULT-VALUE}).")
  Duration latency;

  @Option(
      names = "--concurrency",
      defaultValue = "16",
      description = "Checks run at once, except in naive mode (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--read-capacity",
      defaultValue = "" + SubscriptionBudgets.ARM_READ_CAPACITY,
      description = "ARM read bucket per subscription (default: ${DEFAULT-VALUE}).")
  int readCapacity;

  @Option(
      names = "--read-refill",
      defaultValue = "" + SubscriptionBudgets.ARM_READ_REFILL_PER_SECOND,
      description = "ARM read refill per second (default: ${DEFAULT-VALUE}).")
  double readRefill;

  @Option(
      names = "--ttl",
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description = "Time to live of shared reads (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(
      names = "--check-interval",
      defaultValue = "auto",
      description =
          "Check interval of every policy, and the max age of shared reads in the cycles"
              + " without Kubernetes, as a Go duration of whole seconds. auto picks per fleet the"
              + " shortest interval the read budget sustains: 1.2 times the floor, rounded up to"
              + " 10 s, at least 30 s (default: ${DEFAULT-VALUE}).")
  String checkInterval;

  @Option(
      names = "--fault-share",
      defaultValue = "0.01",
      description =
          "Share of the fleet whose registry loses its identity after the first cycle, at least"
              + " one policy (default: ${DEFAULT-VALUE}).")
  double faultShare;

  @Option(
      names = "--fault-window",
      defaultValue = "60s",
      converter = GoDurationConverter.class,
      description =
          "Each fault is injected at a random moment within this time after the first cycle"
              + " (default: ${DEFAULT-VALUE}).")
  Duration faultWindow;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed of the choice of faulty policies and moments (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--cycle-max-policies",
      defaultValue = "1000",
      description =
          "Run the shared cycle without Kubernetes only for fleets up to this size; the operator"
              + " mode measures the same cycle at every size (default: ${DEFAULT-VALUE}).")
  int cycleMaxPolicies;

  @Option(
      names = "--naive-max-policies",
      defaultValue = "1000",
      description =
          "Run the naive mode only for fleets up to this size, and only for the first group"
              + " count, because it takes about six latencies per policy whatever the groups"
              + " (default: ${DEFAULT-VALUE}).")
  int naiveMaxPolicies;

  @Option(
      names = "--startup-policies",
      defaultValue = "100",
      description = "Fleet size of the startup probe (default: ${DEFAULT-VALUE}).")
  int startupPolicies;

  @Option(
      names = "--output-dir",
      defaultValue = "target/bench",
      description =
          "Directory results.md and results.json are written to (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  /**
   * The JDK HTTP server behind the simulator leaves TCP_NODELAY off unless this property is true.
   * On the 2-core benchmark machine a sequential read at zero latency then took 25 ms, and 1.7 ms
   * with the property, which points at Nagle's algorithm meeting the client's delayed ACKs. Real
   * Azure has no such stall and the benchmark adds latency on purpose, so the property is set
   * before the first server starts.
   */
  private static final String HTTP_SERVER_NO_DELAY = "sun.net.httpserver.nodelay";

  /** The auto check interval is this multiple of the floor, so the budget keeps some slack. */
  private static final double AUTO_INTERVAL_OVER_FLOOR = 1.2;

  private static final Duration MIN_CHECK_INTERVAL = Duration.ofSeconds(30);

  public static void main(String[] args) {
    // The operator's main does the same, so the benchmark measures the operator as it runs.
    CommonPoolParallelism.ensureMinimum();
    enableHttpServerNoDelay();
    BenchLogs.quiet();
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  /** Sets {@value #HTTP_SERVER_NO_DELAY} unless the command line set it. */
  static void enableHttpServerNoDelay() {
    if (System.getProperty(HTTP_SERVER_NO_DELAY) == null) {
      System.setProperty(HTTP_SERVER_NO_DELAY, "true");
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    validate();
    long started = System.nanoTime();
    StartupProbe.Result startup = null;
    if (modes.contains(Mode.startup)) {
      System.out.printf(Locale.ROOT, "Startup probe, %,d policies...%n", startupPolicies);
      startup =
          StartupProbe.measure(startupPolicies, groups.get(0), latency, readCapacity, readRefill);
      System.out.print(ResultTable.startup(startup));
    }
    if (modes.contains(Mode.shared) || modes.contains(Mode.naive)) {
      warmUp();
    }
    List<BenchResult> cycles = new ArrayList<>();
    List<OperatorResult> operator = new ArrayList<>();
    for (int fleetSize : policies) {
      for (int groupCount : groups) {
        Duration interval = checkInterval(fleetSize, groupCount);
        if (modes.contains(Mode.shared) && fleetSize <= cycleMaxPolicies) {
          cycles.add(print(cycleScenario(true, fleetSize, groupCount, interval).run()));
        }
        if (modes.contains(Mode.naive)
            && fleetSize <= naiveMaxPolicies
            && groupCount == groups.get(0)) {
          cycles.add(print(cycleScenario(false, fleetSize, groupCount, interval).run()));
        }
        if (modes.contains(Mode.operator)) {
          operator.add(print(operatorScenario(fleetSize, groupCount, interval).run()));
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String report = markdown(cycles, operator, startup, took);
    System.out.println();
    System.out.println(report);
    Files.createDirectories(outputDir);
    Path markdown = outputDir.resolve("results.md");
    Path json = outputDir.resolve("results.json");
    Files.writeString(markdown, report, StandardCharsets.UTF_8);
    Files.writeString(
        json,
        new ObjectMapper()
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(json(cycles, operator, startup, took)),
        StandardCharsets.UTF_8);
    System.out.println("Results written to " + markdown.toAbsolutePath() + " and " + json);
    return 0;
  }

  private void validate() {
    for (int fleetSize : policies) {
      for (int groupCount : groups) {
        if (fleetSize < 1 || groupCount < 1 || groupCount > fleetSize) {
          throw parameterError(
              "each fleet needs at least 1 policy and between 1 and as many groups as policies,"
                  + " got "
                  + fleetSize
                  + " policies and "
                  + groupCount
                  + " groups");
        }
        checkInterval(fleetSize, groupCount);
      }
    }
    if (!(faultShare > 0 && faultShare <= 1)) {
      throw parameterError("--fault-share must be above 0 and at most 1, got " + faultShare);
    }
    if (startupPolicies < groups.get(0)) {
      throw parameterError(
          "--startup-policies must be at least the first group count, "
              + groups.get(0)
              + ", got "
              + startupPolicies);
    }
  }

  private CommandLine.ParameterException parameterError(String message) {
    return new CommandLine.ParameterException(new CommandLine(this), message);
  }

  /** Returns the check interval for a fleet, resolving {@code auto}. */
  Duration checkInterval(int fleetSize, int groupCount) {
    if ("auto".equals(checkInterval)) {
      double floorSeconds = BenchFleet.readsWithSharing(fleetSize, groupCount) / readRefill;
      long seconds = (long) Math.ceil(floorSeconds * AUTO_INTERVAL_OVER_FLOOR / 10) * 10;
      return Duration.ofSeconds(Math.max(MIN_CHECK_INTERVAL.toSeconds(), seconds));
    }
    Duration interval = new GoDurationConverter().convert(checkInterval);
    if (interval.compareTo(MIN_CHECK_INTERVAL) < 0 || interval.toNanosPart() != 0) {
      throw parameterError(
          "--check-interval must be auto or whole seconds of at least 30s, got " + checkInterval);
    }
    return interval;
  }

  private BenchScenario cycleScenario(
      boolean shared, int fleetSize, int groupCount, Duration interval) {
    return new BenchScenario(
        shared,
        fleetSize,
        groupCount,
        concurrency,
        latency,
        readCapacity,
        readRefill,
        ttl,
        interval);
  }

  private OperatorScenario operatorScenario(int fleetSize, int groupCount, Duration interval) {
    return new OperatorScenario(
        fleetSize,
        groupCount,
        concurrency,
        latency,
        readCapacity,
        readRefill,
        ttl,
        interval,
        faultShare,
        faultWindow,
        seed);
  }

  /** Runs a small fleet in both modes without latency, so that the JIT has compiled the paths. */
  private void warmUp() {
    System.out.println("Warming up...");
    for (boolean shared : new boolean[] {true, false}) {
      new BenchScenario(
              shared,
              200,
              10,
              concurrency,
              Duration.ZERO,
              10_000,
              10_000,
              ttl,
              SharedReadCache.DEFAULT_MAX_AGE)
          .run();
    }
  }

  private static BenchResult print(BenchResult result) {
    System.out.printf(
        Locale.ROOT,
        "%s: %,d policies over %,d groups in %.1f s, %.2f reads per policy, %d throttled%n",
        result.mode(),
        result.policies(),
        result.groups(),
        result.cycle().wall().toMillis() / 1000.0,
        result.readsPerPolicy(),
        result.throttled());
    return result;
  }

  private static OperatorResult print(OperatorResult result) {
    OperatorResult.Detection detection = result.detection();
    System.out.printf(
        Locale.ROOT,
        "operator: %,d policies over %,d groups, first cycle %s, %.2f reads per policy, operator"
            + " live heap %s, detection p50 %s p99 %s (%d of %d)%n",
        result.policies(),
        result.groups(),
        ResultTable.seconds(result.cycle()),
        result.readsPerPolicy(),
        ResultTable.mebibytes(result.memory().operatorLive()),
        ResultTable.seconds(detection.p50()),
        ResultTable.seconds(detection.p99()),
        detection.detected(),
        detection.injected());
    return result;
  }

  private String settings(Duration took) {
    return String.format(
        Locale.ROOT,
        "Run at %s on %d cores, Java %s, max heap %s, JVM options %s; the run took %.1f min."
            + " Simulated latency %d ms per request; ARM read bucket %d with %.0f per second,"
            + " enforced by the simulator and followed by the budget; shared-read time to live"
            + " %d s; %d checks at once; check interval %s; faults in %.1f %% of each fleet"
            + " within %d s, seed %d.%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ResultTable.mebibytes(Runtime.getRuntime().maxMemory()),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        took.toMillis() / 60_000.0,
        latency.toMillis(),
        readCapacity,
        readRefill,
        ttl.toSeconds(),
        concurrency,
        checkInterval,
        faultShare * 100,
        faultWindow.toSeconds(),
        seed);
  }

  private String markdown(
      List<BenchResult> cycles,
      List<OperatorResult> operator,
      StartupProbe.Result startup,
      Duration took) {
    StringBuilder report = new StringBuilder("# Benchmark results\n\n").append(settings(took));
    if (!operator.isEmpty()) {
      report.append("\n## Operator: first cycle after start\n\n");
      report.append(ResultTable.operatorCycles(operator));
      report.append("\n## Operator: heap and resident set\n\n");
      report.append(ResultTable.memory(operator));
      report.append("\n## Operator: detection latency\n\n");
      report.append(ResultTable.detection(operator));
    }
    if (startup != null) {
      report.append("\n## Operator: start in a fresh JVM\n\n");
      report.append(ResultTable.startup(startup));
    }
    if (!cycles.isEmpty()) {
      report.append("\n## One cycle without Kubernetes, shared and naive\n\n");
      report.append(ResultTable.cycles(cycles));
    }
    return report.toString();
  }

  private ObjectNode json(
      List<BenchResult> cycles,
      List<OperatorResult> operator,
      StartupProbe.Result startup,
      Duration took) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("runAt", Instant.now().toString());
    root.put("runMinutes", took.toMillis() / 60_000.0);
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("javaVersion", System.getProperty("java.version"));
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    machine.putPOJO("jvmOptions", ManagementFactory.getRuntimeMXBean().getInputArguments());
    ObjectNode setup = root.putObject("settings");
    setup.put("latencyMillis", latency.toMillis());
    setup.put("readCapacity", readCapacity);
    setup.put("readRefillPerSecond", readRefill);
    setup.put("sharedReadTtlSeconds", ttl.toSeconds());
    setup.put("concurrency", concurrency);
    setup.put("checkInterval", checkInterval);
    setup.put("faultShare", faultShare);
    setup.put("faultWindowSeconds", faultWindow.toSeconds());
    setup.put("seed", seed);
    root.set("operator", ResultJson.operator(operator));
    if (startup != null) {
      root.set("startup", ResultJson.startup(startup));
    }
    root.set("cycles", ResultJson.cycles(cycles));
    return root;
  }
}
