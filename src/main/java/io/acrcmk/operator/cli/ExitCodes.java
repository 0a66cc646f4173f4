package io.acrcmk.operator.cli;

/**
 * Exit codes of the check and discover commands, chosen so that a script can tell "unhealthy" from
 * "could not tell".
 */
final class ExitCodes {

  /** check: every policy is Ready. discover: every CMK registry became a policy. */
  static final int READY = 0;

  /**
   * check: a policy is not Ready (or, with {@code --fail-on warning}, has a warning). discover: a
   * CMK registry could not be turned into a policy.
   */
  static final int NOT_READY = 1;

  /**
   * The input is invalid (options, files, schema), or Azure could not be read so a result is
   * Unknown. picocli also returns this for a usage error.
   */
  static final int INVALID_OR_UNKNOWN = 2;

  private ExitCodes() {}
}
