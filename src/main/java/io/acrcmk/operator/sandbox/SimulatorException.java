package io.acrcmk.operator.sandbox;

/** An Azure error a route returns: HTTP status plus the {@code error.code} and message. */
final class SimulatorException extends RuntimeException {

  private final int status;
  private final String code;
  private final String innerCode;

  SimulatorException(int status, String code, String message) {
    this(status, code, message, null);
  }

  SimulatorException(int status, String code, String message, String innerCode) {
    super(message);
    this.status = status;
    this.code = code;
    this.innerCode = innerCode;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String innerCode() {
    return innerCode;
  }

  SimulatorResponse toResponse() {
    return SimulatorResponse.error(status, code, getMessage(), innerCode);
  }

  static SimulatorException badRequest(String code, String message) {
    return new SimulatorException(400, code, message);
  }

  /** Builds ARM's 404 for a resource that does not exist. */
  static SimulatorException resourceNotFound(String type, String name, String group) {
    String where = group == null ? "" : " under resource group '" + group + "'";
    return new SimulatorException(
        404,
        "ResourceNotFound",
        "The Resource '"
            + type
            + "/"
            + name
            + "'"
            + where
            + " was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }
}
