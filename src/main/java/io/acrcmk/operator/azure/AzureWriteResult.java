package io.acrcmk.operator.azure;

import java.util.Objects;

/**
 * The result of one healing write in Azure.
 *
 * @param outcome whether the change was applied, was not needed, or failed
 * @param operation the operation that decided the outcome, such as {@code registries.update}, or
 *     the read before it when that read failed
 * @param detail what was changed, why nothing was, or why it failed
 * @param requestId the {@code x-ms-request-id} of the write or of the failed call, or null when
 *     Azure returned none or the SDK does not expose it
 * @param httpStatus the HTTP status of a failed call, or 0 when no response arrived or nothing
 *     failed
 * @param errorCode the Azure error code of a failed call (the Key Vault inner code when present),
 *     or null
 */
public record AzureWriteResult(
    Outcome outcome,
    String operation,
    String detail,
    String requestId,
    int httpStatus,
    String errorCode) {

  /** The outcome of a healing write. */
  public enum Outcome {
    /** Azure accepted the change. */
    APPLIED,
    /** A fresh read showed that the change was already in place, so nothing was sent. */
    UNCHANGED,
    /** Azure rejected the change, a read before it failed, or the change could not be built. */
    FAILED
  }

  public AzureWriteResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(detail, "detail");
  }

  static AzureWriteResult applied(String operation, String detail, String requestId) {
    return new AzureWriteResult(Outcome.APPLIED, operation, detail, requestId, 0, null);
  }

  static AzureWriteResult unchanged(String operation, String detail) {
    return new AzureWriteResult(Outcome.UNCHANGED, operation, detail, null, 0, null);
  }

  static AzureWriteResult failed(
      String operation, String detail, String requestId, int httpStatus, String errorCode) {
    return new AzureWriteResult(
        Outcome.FAILED, operation, detail, requestId, httpStatus, errorCode);
  }

  /**
   * Returns the failure as one phrase, such as "registries.update failed with HTTP 403
   * (AuthorizationFailed): ...; request ID ...", or the detail when nothing failed.
   */
  public String describe() {
    if (outcome != Outcome.FAILED) {
      return detail;
    }
    StringBuilder text = new StringBuilder(operation).append(" failed");
    if (httpStatus > 0) {
      text.append(" with HTTP ").append(httpStatus);
    }
    if (errorCode != null && !errorCode.isBlank()) {
      text.append(" (").append(errorCode).append(')');
    }
    // Azure's messages end with a period, which would run into the request ID clause.
    text.append(": ").append(detail.strip().replaceFirst("\\.$", ""));
    if (requestId != null && !requestId.isBlank()) {
      text.append("; request ID ").append(requestId);
    }
    return text.toString();
  }
}
