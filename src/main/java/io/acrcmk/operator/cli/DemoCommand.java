package io.acrcmk.operator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.acrcmk.operator.sandbox.demo.Demo;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the operator against an embedded Azure simulator and Kubernetes API, injecting faults. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against an embedded Azure simulator and Kubernetes API, inject the"
            + " classic customer-managed-key faults one at a time, and show each being"
            + " detected; then let the operator repair a detached identity and a vault bypass"
            + " while a DryRun policy only plans. Exits 0 only when every fault is detected with"
            + " the expected reason and both repairs happen.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--check-interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How often each policy is checked during the demo (default: ${DEFAULT-VALUE}).")
  Duration checkInterval;

  @Option(
      names = "--timeout",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description = "How long to wait for each fault to be detected (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the operator's log on standard error.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    if (!verbose) {
      // The demo's own table is the output; the operator's log would interleave with it.
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
      ((Logger) LoggerFactory.getLogger("io.acrcmk")).setLevel(Level.WARN);
      ((Logger) LoggerFactory.getLogger("io.javaoperatorsdk")).setLevel(Level.WARN);
    }
    int missed = new Demo(System.out, checkInterval, timeout).run();
    return missed == 0 ? 0 : 1;
  }
}
