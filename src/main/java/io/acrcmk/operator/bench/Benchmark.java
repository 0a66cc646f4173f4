package io.acrcmk.operator.bench;

import io.acrcmk.operator.azure.SubscriptionBudgets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures one check cycle of large fleets against the Azure simulator, with shared reads and with
 * the naive one-policy-at-a-time approach, and writes a Markdown table of the results.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Run one check cycle of simulated fleets with and without shared reads, under ARM's"
            + " read limits, and report wall time, reads per policy, heap and CPU.")
public final class Benchmark implements Callable<Integer> {

  @Option(
      names = "--policies",
      split = ",",
      defaultValue = "1000",
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
      names = "--latency",
      defaultValue = "50ms",
      converter = GoDurationConverter.class,
      description = "Simulated delay before each Azure response (default: ${DEFAULT-VALUE}).")
  Duration latency;

  @Option(
      names = "--concurrency",
      defaultValue = "16",
      description = "Checks run at once in shared mode (default: ${DEFAULT-VALUE}).")
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
      defaultValue = "5m",
      converter = GoDurationConverter.class,
      description =
          "Check interval of every policy, the max age of the shared reads it takes (default:"
              + " ${DEFAULT-VALUE}).")
  Duration checkInterval;

  @Option(
      names = "--naive-max-policies",
      defaultValue = "1000",
      description =
          "Run the naive mode only for fleets up to this size, because it takes about five"
              + " latencies per policy (default: ${DEFAULT-VALUE}).")
  int naiveMaxPolicies;

  @Option(
      names = "--output",
      defaultValue = "target/benchmark-results.md",
      description = "Markdown file the results are written to (default: ${DEFAULT-VALUE}).")
  Path output;

  /**
   * The JDK HTTP server behind the simulator leaves TCP_NODELAY off unless this property is true.
   * On the 2-core benchmark machine a sequential read at zero latency then took 25 ms, and 1.7 ms
   * with the property, which points at Nagle's algorithm meeting the client's delayed ACKs. Real
   * Azure has no such stall and the benchmark adds latency on purpose, so the property is set
   * before the first server starts.
   */
  private static final String HTTP_SERVER_NO_DELAY = "sun.net.httpserver.nodelay";

  public static void main(String[] args) {
    if (System.getProperty(HTTP_SERVER_NO_DELAY) == null) {
      System.setProperty(HTTP_SERVER_NO_DELAY, "true");
    }
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    validate();
    warmUp();
    List<BenchResult> results = new ArrayList<>();
    for (int fleetSize : policies) {
      for (int groupCount : groups) {
        results.add(print(scenario(true, fleetSize, groupCount).run()));
        if (fleetSize <= naiveMaxPolicies) {
          results.add(print(scenario(false, fleetSize, groupCount).run()));
        }
      }
    }
    String report = report(results);
    System.out.println();
    System.out.println(report);
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(output, report, StandardCharsets.UTF_8);
    System.out.println("Results written to " + output.toAbsolutePath());
    return 0;
  }

  private void validate() {
    for (int fleetSize : policies) {
      for (int groupCount : groups) {
        if (fleetSize < 1 || groupCount < 1 || groupCount > fleetSize) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "each fleet needs at least 1 policy and between 1 and as many groups as policies,"
                  + " got "
                  + fleetSize
                  + " policies and "
                  + groupCount
                  + " groups");
        }
      }
    }
  }

  private BenchScenario scenario(boolean shared, int fleetSize, int groupCount) {
    return new BenchScenario(
        shared,
        fleetSize,
        groupCount,
        concurrency,
        latency,
        readCapacity,
        readRefill,
        ttl,
        checkInterval);
  }

  /** Runs a small fleet in both modes without latency, so that the JIT has compiled the paths. */
  private void warmUp() {
    System.out.println("Warming up...");
    for (boolean shared : new boolean[] {true, false}) {
      new BenchScenario(
              shared, 200, 10, concurrency, Duration.ZERO, 10_000, 10_000, ttl, checkInterval)
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

  private String report(List<BenchResult> results) {
    return "# Benchmark results\n\n"
        + String.format(
            Locale.ROOT,
            "Run at %s on %d cores, Java %s. Simulated latency %d ms per request; ARM read bucket"
                + " %d with %.0f per second, enforced by the simulator and followed by the"
                + " budget; shared-read time to live %d s, check interval and max age %d s.%n%n",
            Instant.now(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            latency.toMillis(),
            readCapacity,
            readRefill,
            ttl.toSeconds(),
            checkInterval.toSeconds())
        + ResultTable.format(results);
  }
}
