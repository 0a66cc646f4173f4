package io.acrcmk.operator.check;

import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import java.util.Optional;

/**
 * Builds the Unknown results of a condition whose facts the operator could not read. Such a result
 * is never False, so nothing is healed and Ready does not blame the registry.
 */
final class UnknownResults {

  /** The inner error code Key Vault sends when its firewall refuses the caller. */
  static final String FORBIDDEN_BY_FIREWALL = "ForbiddenByFirewall";

  private UnknownResults() {}

  /**
   * Returns empty when {@code observed} was found; otherwise the Unknown result saying why the
   * condition cannot be evaluated. {@code what} names the resource, such as "vault contoso-kv".
   */
  static Optional<CheckResult> unlessFound(String type, Observed<?> observed, String what) {
    if (observed instanceof Observed.Found<?>) {
      return Optional.empty();
    }
    return Optional.of(notFoundOrUnread(type, observed, what));
  }

  /** Returns the Unknown result for an {@code observed} that is not Found. */
  static CheckResult notFoundOrUnread(String type, Observed<?> observed, String what) {
    if (observed instanceof Observed.Failed<?> failed) {
      return fromFailure(type, what, failed.failure());
    }
    if (observed instanceof Observed.NotFound<?>) {
      return dependencyNotReady(type, what + " not found");
    }
    if (observed instanceof Observed.Skipped<?> skipped && skipped.reason() != null) {
      return dependencyNotReady(type, what + " was not read because " + skipped.reason());
    }
    return dependencyNotReady(type, what + " was not read");
  }

  /** Returns an Unknown result with reason DependencyNotReady and {@code message}. */
  static CheckResult dependencyNotReady(String type, String message) {
    return CheckResult.unknown(type, Reason.DependencyNotReady, message);
  }

  /**
   * Returns the Unknown result for a failed read of {@code what}. The message keeps the operation,
   * HTTP status, Azure's error code and request ID, so that a support ticket can quote them.
   */
  static CheckResult fromFailure(String type, String what, ReadFailure failure) {
    return CheckResult.unknown(
        type, reasonFor(failure), "could not read " + what + ": " + describe(failure));
  }

  /** Returns the reason that classifies {@code failure}. */
  static Reason reasonFor(ReadFailure failure) {
    if (failure == null || failure.kind() == null) {
      return Reason.AzureResponseInvalid;
    }
    return switch (failure.kind()) {
      case THROTTLED -> Reason.AzureThrottled;
      case UNAVAILABLE -> Reason.AzureUnavailable;
      case TIMED_OUT -> Reason.AzureTimeout;
      case FORBIDDEN ->
          isFirewallRefusal(failure)
              ? Reason.VaultDataPlaneUnreachable
              : Reason.OperatorAccessDenied;
      case INVALID_RESPONSE -> Reason.AzureResponseInvalid;
    };
  }

  /**
   * Returns a one-line description of {@code failure} for a message: what failed, how, the request
   * ID and what it means for the operator.
   */
  static String describe(ReadFailure failure) {
    if (failure == null) {
      return "the read failed without details";
    }
    StringBuilder text = new StringBuilder();
    text.append(failure.operation() == null ? "the read" : failure.operation()).append(" failed");
    if (failure.httpStatus() > 0) {
      text.append(" with HTTP ").append(failure.httpStatus());
    }
    if (failure.errorCode() != null && !failure.errorCode().isBlank()) {
      text.append(" (").append(failure.errorCode()).append(')');
    }
    if (failure.message() != null && !failure.message().isBlank()) {
      text.append(": ").append(stripTrailingPeriod(failure.message().strip()));
    }
    if (failure.requestId() != null && !failure.requestId().isBlank()) {
      text.append("; request ID ").append(failure.requestId());
    }
    if (failure.retryAfter() != null) {
      text.append("; Azure asked to retry after ").append(failure.retryAfter().toSeconds());
      text.append('s');
    }
    text.append(consequence(failure));
    return text.toString();
  }

  private static String consequence(ReadFailure failure) {
    if (failure.kind() != ReadFailure.Kind.FORBIDDEN) {
      return "";
    }
    if (isFirewallRefusal(failure)) {
      return "; the vault's firewall refused the operator, which says nothing about the registry's"
          + " own access";
    }
    return "; the operator's identity lacks read rights here (the Reader role covers them)";
  }

  private static boolean isFirewallRefusal(ReadFailure failure) {
    return FORBIDDEN_BY_FIREWALL.equalsIgnoreCase(failure.errorCode());
  }

  private static String stripTrailingPeriod(String text) {
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
