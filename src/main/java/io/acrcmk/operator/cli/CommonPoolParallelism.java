package io.acrcmk.operator.cli;

/**
 * Raises the parallelism of the JVM's common ForkJoinPool to 2 when the JVM would pick less. It
 * takes effect only before anything uses the pool, so the entry points call it first.
 *
 * <p>The JVM sizes the common pool to {@code Runtime.availableProcessors() - 1}, so in a container
 * limited to one or two CPUs the parallelism is 1. CompletableFuture's default executor then starts
 * a new thread for every task instead of using the pool. The JDK HTTP client, which the Kubernetes
 * client uses, hands the completion of every response to that executor ({@code
 * HttpClientImpl.sendAsync} in JDK 17 and 25), so each status patch and each Event would start and
 * end a thread.
 */
public final class CommonPoolParallelism {

  /** The system property the common pool reads its parallelism from. */
  public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** The lowest parallelism at which CompletableFuture runs its tasks in the common pool. */
  static final int MINIMUM = 2;

  private CommonPoolParallelism() {}

  /**
   * Sets {@value #PROPERTY} to 2 unless the command line set it or 3 or more CPUs are available.
   */
  public static void ensureMinimum() {
    // NOTE: a value on the command line that is not a number, such as "abc", is kept here. The JDK
    // then ignores it without a warning and uses its own default.
    int jvmDefault = Runtime.getRuntime().availableProcessors() - 1;
    if (System.getProperty(PROPERTY) == null && jvmDefault < MINIMUM) {
      System.setProperty(PROPERTY, Integer.toString(MINIMUM));
    }
  }
}
