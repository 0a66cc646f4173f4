package io.acrcmk.operator.azure.snapshot;

import java.util.Objects;
import java.util.function.Function;

/**
 * The outcome of one Azure read: the resource was found, it does not exist (a fact), the read
 * failed so the operator cannot tell, or the read was not made because an earlier fact made it
 * pointless.
 */
public sealed interface Observed<T>
    permits Observed.Found, Observed.NotFound, Observed.Failed, Observed.Skipped {

  /** The resource exists and was read. */
  record Found<T>(T value) implements Observed<T> {
    public Found {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Azure answered that the resource does not exist. */
  record NotFound<T>(String detail) implements Observed<T> {}

  /** The read failed; what Azure holds is unknown. */
  record Failed<T>(ReadFailure failure) implements Observed<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** The read was not made, for the reason given. */
  record Skipped<T>(String reason) implements Observed<T> {}

  static <T> Observed<T> found(T value) {
    return new Found<>(value);
  }

  static <T> Observed<T> notFound(String detail) {
    return new NotFound<>(detail);
  }

  static <T> Observed<T> failed(ReadFailure failure) {
    return new Failed<>(failure);
  }

  static <T> Observed<T> skipped(String reason) {
    return new Skipped<>(reason);
  }

  /** Returns the value when found, otherwise null. */
  default T valueOrNull() {
    return this instanceof Found<T> found ? found.value() : null;
  }

  default boolean isFound() {
    return this instanceof Found;
  }

  default boolean isNotFound() {
    return this instanceof NotFound;
  }

  /** Returns the failure when the read failed, otherwise null. */
  default ReadFailure failureOrNull() {
    return this instanceof Failed<T> failed ? failed.failure() : null;
  }

  /** Applies {@code mapper} to a found value and keeps every other outcome as it is. */
  @SuppressWarnings("unchecked")
  default <R> Observed<R> map(Function<T, R> mapper) {
    if (this instanceof Found<T> found) {
      return new Found<>(mapper.apply(found.value()));
    }
    return (Observed<R>) this;
  }
}
