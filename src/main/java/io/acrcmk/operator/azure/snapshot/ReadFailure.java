package io.acrcmk.operator.azure.snapshot;

import java.time.Duration;

/**
 * Why an Azure read failed, classified so that checks can report Unknown with the right reason.
 *
 * @param kind the class of failure
 * @param operation the read that failed, such as {@code registries.get}
 * @param httpStatus the HTTP status code, or 0 when no response arrived
 * @param errorCode the Azure error code from the body (or the inner code for Key Vault), or null
 * @param message a one-line description taken from the response or the exception
 * @param requestId the {@code x-ms-request-id} header, or null
 * @param retryAfter the delay Azure asked for, or null
 */
public record ReadFailure(
    Kind kind,
    String operation,
    int httpStatus,
    String errorCode,
    String message,
    String requestId,
    Duration retryAfter) {

  /** Class of an Azure read failure. */
  public enum Kind {
    /** 401 or 403 for the operator's own identity, including a vault firewall refusing it. */
    FORBIDDEN,
    /** 429. */
    THROTTLED,
    /** 5xx, a refused or reset connection, or a DNS failure. */
    UNAVAILABLE,
    /** No response within the configured timeout. */
    TIMED_OUT,
    /** A response that could not be parsed or lacks a field the operator needs. */
    INVALID_RESPONSE
  }

  /** Returns a short human-readable form: operation, status, code and message. */
  public String describe() {
    StringBuilder text = new StringBuilder(operation).append(" failed");
    if (httpStatus > 0) {
      text.append(" with HTTP ").append(httpStatus);
    }
    if (errorCode != null && !errorCode.isBlank()) {
      text.append(" (").append(errorCode).append(')');
    }
    if (message != null && !message.isBlank()) {
      text.append(": ").append(message);
    }
    return text.toString();
  }
}
