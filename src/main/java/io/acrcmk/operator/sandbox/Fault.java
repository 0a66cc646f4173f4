package io.acrcmk.operator.sandbox;

import java.time.Duration;
import java.util.Objects;

/** A failure the simulator sends in place of, or applies to, a normal response. */
public sealed interface Fault
    permits Fault.ErrorStatus,
        Fault.Delay,
        Fault.ConnectionReset,
        Fault.TruncatedBody,
        Fault.CutOffBody,
        Fault.MalformedBody,
        Fault.RemoveField,
        Fault.NullField {

  /**
   * An Azure error response sent instead of calling the route.
   *
   * @param status the HTTP status
   * @param code the {@code error.code}
   * @param message the {@code error.message}
   * @param innerCode the {@code error.innererror.code}, or null for none
   * @param retryAfter the {@code Retry-After} header, or null for none
   */
  record ErrorStatus(int status, String code, String message, String innerCode, Duration retryAfter)
      implements Fault {
    public ErrorStatus {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("error status must be 4xx or 5xx, got " + status);
      }
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    /** Returns the same error with a {@code Retry-After} header. */
    public ErrorStatus withRetryAfter(Duration value) {
      return new ErrorStatus(status, code, message, innerCode, value);
    }
  }

  /** Waits this long, then responds normally; a delay over the client timeout looks like a hang. */
  record Delay(Duration duration) implements Fault {
    public Delay {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Closes the connection without sending any response. */
  record ConnectionReset() implements Fault {}

  /** Sends the normal status with only the first half of the JSON body. */
  record TruncatedBody() implements Fault {}

  /**
   * Sends the normal status with the body's last {@code droppedBytes} bytes left out, as a transfer
   * that stops just before its end; most of the body, its secrets included, still arrives.
   */
  record CutOffBody(int droppedBytes) implements Fault {
    public CutOffBody {
      if (droppedBytes < 1) {
        throw new IllegalArgumentException("droppedBytes must be at least 1, got " + droppedBytes);
      }
    }
  }

  /** Sends the normal status with a body that is not valid JSON. */
  record MalformedBody() implements Fault {}

  /**
   * Sends the normal response with one field removed.
   *
   * @param path slash-separated field path, such as {@code properties/encryption}; see {@link
   *     FaultBodies} for array indexes and the {@code *} wildcard
   */
  record RemoveField(String path) implements Fault {
    public RemoveField {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Sends the normal response with one field set to JSON null.
   *
   * @param path slash-separated field path, such as {@code properties/vaultUri}; see {@link
   *     FaultBodies} for array indexes and the {@code *} wildcard
   */
  record NullField(String path) implements Fault {
    public NullField {
      Objects.requireNonNull(path, "path");
    }
  }

  static ErrorStatus error(int status, String code, String message) {
    return new ErrorStatus(status, code, message, null, null);
  }

  /** Returns ARM's 429 with a {@code Retry-After} of the given length. */
  static ErrorStatus throttled(Duration retryAfter) {
    return new ErrorStatus(
        429,
        "TooManyRequests",
        "The request is being throttled. Retry after the interval in the Retry-After header.",
        null,
        retryAfter);
  }

  static ErrorStatus internalServerError() {
    return error(500, "InternalServerError", "Encountered internal server error.");
  }

  static ErrorStatus serviceUnavailable(Duration retryAfter) {
    return new ErrorStatus(
        503, "ServiceUnavailable", "The service is temporarily unavailable.", null, retryAfter);
  }

  /** Returns ARM's 403 for a caller without the role to perform the action. */
  static ErrorStatus authorizationFailed() {
    return error(
        403,
        "AuthorizationFailed",
        "The client does not have authorization to perform this action over this scope or the"
            + " scope is invalid. If access was recently granted, please refresh your"
            + " credentials.");
  }

  /** Returns Key Vault's 403 with an inner code such as {@code ForbiddenByRbac}. */
  static ErrorStatus keyVaultForbidden(String innerCode, String message) {
    return new ErrorStatus(403, "Forbidden", message, innerCode, null);
  }

  /** Returns Key Vault's 403 for a caller the vault firewall does not let in. */
  static ErrorStatus forbiddenByFirewall() {
    return keyVaultForbidden(
        "ForbiddenByFirewall",
        "Client address is not authorized and caller is not a trusted service.");
  }

  static Delay delay(Duration duration) {
    return new Delay(duration);
  }

  static ConnectionReset connectionReset() {
    return new ConnectionReset();
  }

  static TruncatedBody truncatedJson() {
    return new TruncatedBody();
  }

  static CutOffBody cutOffJson(int droppedBytes) {
    return new CutOffBody(droppedBytes);
  }

  static MalformedBody malformedJson() {
    return new MalformedBody();
  }

  static RemoveField removeField(String path) {
    return new RemoveField(path);
  }

  static NullField nullField(String path) {
    return new NullField(path);
  }
}
