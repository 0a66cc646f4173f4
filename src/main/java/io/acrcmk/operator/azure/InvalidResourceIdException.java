package io.acrcmk.operator.azure;

/** Raised when a policy names a resource with a malformed or wrongly typed ARM resource ID. */
public class InvalidResourceIdException extends IllegalArgumentException {

  public InvalidResourceIdException(String message) {
    super(message);
  }
}
