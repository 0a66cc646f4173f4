package io.acrcmk.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.azure.SharedReadCache;
import io.acrcmk.operator.azure.SubscriptionBudgets;
import io.acrcmk.operator.cli.CommonPoolParallelism;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures the operator's start in a fresh JVM, where no class is loaded and nothing is compiled
 * yet. {@link #measure} runs {@link #main} in a child process with this process's JVM options and
 * class path. The child seeds a small fleet into the simulator and the API server, starts the
 * operator and prints its timings as one JSON line.
 */
public final class StartupProbe {

  /** The prefix of the line the child prints its result on. */
  private static final String RESULT_PREFIX = "startup-probe ";

  /** Lines of the child's output kept for the error message when it fails. */
  private static final int OUTPUT_LINES_KEPT = 20;

  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The timings of one start.
   *
   * @param policies the policies in the fleet
   * @param jvmToMain from the JVM's start, as {@code RuntimeMXBean.getStartTime()} reports it, to
   *     the first line of {@code main}
   * @param fixtures the time the simulator and API server took to start and be seeded, which a real
   *     operator process does not spend
   * @param create the time it took to build the operator, before {@code start()}
   * @param startToFirstStatus from the call of {@code PolicyOperator.start()} to the first status
   *     the API server stored
   * @param startToAllStatuses from the same call until every policy had a status
   */
  record Result(
      int policies,
      Duration jvmToMain,
      Duration fixtures,
      Duration create,
      Duration startToFirstStatus,
      Duration startToAllStatuses) {

    /**
     * Returns the time from the JVM's start to the first status, without the fixtures. Building the
     * operator counts, because the run command does it too.
     */
    Duration jvmToFirstStatus() {
      return jvmToMain.plus(create).plus(startToFirstStatus);
    }
  }

  private StartupProbe() {}

  /**
   * Arguments: policies, groups, latency in milliseconds, ARM read capacity and refill per second.
   */
  public static void main(String[] args) throws Exception {
    long mainEntered = System.currentTimeMillis();
    long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
    CommonPoolParallelism.ensureMinimum();
    Benchmark.enableHttpServerNoDelay();
    BenchLogs.quiet();

    int policies = Integer.parseInt(args[0]);
    int groups = Integer.parseInt(args[1]);
    Duration latency = Duration.ofMillis(Long.parseLong(args[2]));
    int readCapacity = Integer.parseInt(args[3]);
    double readRefill = Double.parseDouble(args[4]);
    Duration checkInterval = Duration.ofMinutes(5);

    try (FleetFixtures fixtures =
        FleetFixtures.seedAzure(policies, groups, latency, readCapacity, readRefill)) {
      fixtures.applyPolicies(checkInterval);
      long fixturesReady = System.currentTimeMillis();

      long created;
      long start;
      StatusWatch watch = fixtures.watch();
      SubscriptionBudgets budgets =
          new SubscriptionBudgets(readCapacity, readRefill, SubscriptionBudgets.DEFAULT_MAX_WAIT);
      try (PolicyOperator operator =
          fixtures.createOperator(
              OperatorSettings.DEFAULT_CONCURRENCY, budgets, SharedReadCache.DEFAULT_TTL)) {
        created = System.currentTimeMillis();
        start = System.nanoTime();
        operator.start();
        if (!watch.awaitFirstStatuses(CHILD_TIMEOUT)) {
          throw new IllegalStateException("the first cycle did not finish");
        }
      }

      long first =
          watch.records().values().stream()
              .mapToLong(StatusWatch.PolicyRecord::firstStatusNanos)
              .min()
              .orElseThrow();
      ObjectNode result = JSON.createObjectNode();
      result.put("policies", policies);
      result.put("jvmToMainMillis", mainEntered - jvmStarted);
      result.put("fixturesMillis", fixturesReady - mainEntered);
      result.put("createMillis", created - fixturesReady);
      result.put("startToFirstStatusMillis", (first - start) / 1_000_000);
      result.put("startToAllStatusesMillis", (watch.lastFirstStatusNanos() - start) / 1_000_000);
      System.out.println(RESULT_PREFIX + result);
    }
    System.exit(0);
  }

  /**
   * Runs the probe in a child JVM with this JVM's options and class path, and returns its timings.
   *
   * @throws IllegalStateException when the child fails, times out or prints no result
   */
  static Result measure(
      int policies, int groups, Duration latency, int readCapacity, double readRefill)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StartupProbe.class.getName());
    command.add(Integer.toString(policies));
    command.add(Integer.toString(groups));
    command.add(Long.toString(latency.toMillis()));
    command.add(Integer.toString(readCapacity));
    command.add(Double.toString(readRefill));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    child.getOutputStream().close();
    String resultLine = null;
    Deque<String> lastLines = new ArrayDeque<>();
    try (BufferedReader output =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = output.readLine()) != null) {
        if (line.startsWith(RESULT_PREFIX)) {
          resultLine = line.substring(RESULT_PREFIX.length());
        }
        lastLines.addLast(line);
        if (lastLines.size() > OUTPUT_LINES_KEPT) {
          lastLines.removeFirst();
        }
      }
    }
    if (!child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new IllegalStateException("the startup probe did not exit within " + CHILD_TIMEOUT);
    }
    if (child.exitValue() != 0 || resultLine == null) {
      throw new IllegalStateException(
          "the startup probe failed with exit code "
              + child.exitValue()
              + (resultLine == null ? " and printed no result" : "")
              + "; its last output lines:\n"
              + String.join("\n", lastLines));
    }
    JsonNode result = JSON.readTree(resultLine);
    return new Result(
        result.path("policies").asInt(),
        Duration.ofMillis(result.path("jvmToMainMillis").asLong()),
        Duration.ofMillis(result.path("fixturesMillis").asLong()),
        Duration.ofMillis(result.path("createMillis").asLong()),
        Duration.ofMillis(result.path("startToFirstStatusMillis").asLong()),
        Duration.ofMillis(result.path("startToAllStatusesMillis").asLong()));
  }
}
