package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the operator's main in child JVMs with 1, 2 or 4 available CPUs, and checks the common
 * pool's parallelism and CompletableFuture's default executor that result.
 */
class CommonPoolParallelismTest {

  @Test
  void oneCpuWithoutMainStartsThreadPerTask() throws Exception {
    assertThat(probe(1, false)).isEqualTo("1 ThreadPerTaskExecutor");
  }

  @Test
  void oneCpuRaisedToTwo() throws Exception {
    assertThat(probe(1, true)).isEqualTo("2 ForkJoinPool");
  }

  @Test
  void twoCpusRaisedToTwo() throws Exception {
    assertThat(probe(2, true)).isEqualTo("2 ForkJoinPool");
  }

  @Test
  void fourCpusKeepJvmDefault() throws Exception {
    assertThat(probe(4, true)).isEqualTo("3 ForkJoinPool");
  }

  @Test
  void commandLineValueWins() throws Exception {
    assertThat(probe(1, true, "-D" + CommonPoolParallelism.PROPERTY + "=5"))
        .isEqualTo("5 ForkJoinPool");
  }

  /**
   * Runs {@link CommonPoolProbe} in a JVM with {@code cpus} available CPUs and returns its report,
   * such as {@code 2 ForkJoinPool}.
   */
  private static String probe(int cpus, boolean runMain, String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:ActiveProcessorCount=" + cpus);
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CommonPoolProbe.class.getName());
    if (runMain) {
      command.add("main");
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
    assertThat(child.exitValue()).as("exit code of the child JVM; output:%n%s", output).isZero();
    return output
        .lines()
        .filter(line -> line.startsWith(CommonPoolProbe.PREFIX))
        .map(line -> line.substring(CommonPoolProbe.PREFIX.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no report from the child JVM:\n" + output));
  }
}
