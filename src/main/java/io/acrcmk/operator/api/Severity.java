package io.acrcmk.operator.api;

/** How much a False condition matters to the registry. */
public enum Severity {
  /** Registry content is, or will soon be, inaccessible; Ready turns False. */
  Error,
  /** A risk or drift that does not break encryption now; Ready stays True. */
  Warning,
  /** Not a fault: the condition is True or could not be evaluated. */
  Info
}
