package io.acrcmk.operator.sandbox;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * When to apply a {@link Fault}: an operation name, a method and path pattern, or both, for a
 * number of matching requests or until cleared.
 */
public final class FaultRule {

  private final String operation;
  private final String method;
  private final Pattern path;
  private final Fault fault;
  private final int limit;
  private final AtomicInteger applied = new AtomicInteger();

  private FaultRule(String operation, String method, Pattern path, Fault fault, int limit) {
    this.operation = operation;
    this.method = method;
    this.path = path;
    this.fault = Objects.requireNonNull(fault, "fault");
    this.limit = limit;
  }

  /** Applies {@code fault} to every request of an operation, such as {@code keys.get}. */
  public static FaultRule forOperation(String operation, Fault fault) {
    return new FaultRule(Objects.requireNonNull(operation, "operation"), null, null, fault, 0);
  }

  /**
   * Applies {@code fault} to every request whose method and decoded path match; a null method
   * matches any method and the path regex is matched case-insensitively against the whole path.
   */
  public static FaultRule forRequest(String method, String pathRegex, Fault fault) {
    Pattern path = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
    return new FaultRule(null, method, path, fault, 0);
  }

  /** Returns a copy that also requires the path to match. */
  public FaultRule withPath(String pathRegex) {
    return new FaultRule(
        operation, method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), fault, limit);
  }

  /** Returns a copy that applies to the first {@code count} matching requests only. */
  public FaultRule times(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    return new FaultRule(operation, method, path, fault, count);
  }

  public Fault fault() {
    return fault;
  }

  /** Returns how many requests this rule has faulted so far. */
  public int applied() {
    return applied.get();
  }

  /** Returns whether a limited rule has been used up. */
  public boolean exhausted() {
    return limit > 0 && applied.get() >= limit;
  }

  boolean matches(String requestOperation, String requestMethod, String requestPath) {
    if (operation != null && !operation.equals(requestOperation)) {
      return false;
    }
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    return path == null || path.matcher(requestPath).matches();
  }

  /** Counts one application, or returns false when a concurrent request used the last one. */
  boolean claim() {
    while (true) {
      int current = applied.get();
      if (limit > 0 && current >= limit) {
        return false;
      }
      if (applied.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  @Override
  public String toString() {
    return "FaultRule[operation="
        + operation
        + ", method="
        + method
        + ", path="
        + path
        + ", fault="
        + fault
        + ", limit="
        + (limit == 0 ? "none" : limit)
        + ", applied="
        + applied.get()
        + "]";
  }
}
