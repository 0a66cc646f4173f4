package io.acrcmk.operator.azure;

/** Raised when an Azure response lacks a field the checks rely on or is otherwise unusable. */
final class InvalidAzureResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String requestId;

  InvalidAzureResponseException(String message) {
    this(message, 0, null);
  }

  InvalidAzureResponseException(String message, int httpStatus, String requestId) {
    super(message);
    this.httpStatus = httpStatus;
    this.requestId = requestId;
  }

  /** Returns the HTTP status of the response, or 0 when it is not known. */
  int httpStatus() {
    return httpStatus;
  }

  /** Returns the response's {@code x-ms-request-id}, or null. */
  String requestId() {
    return requestId;
  }
}
