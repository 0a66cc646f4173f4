package io.acrcmk.operator.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Tells whether the command talks to a person at a terminal or to a pipe or file. */
final class Terminal {

  private Terminal() {}

  /**
   * Returns whether standard input and output are an interactive terminal. Up to Java 21 {@link
   * System#console()} is null when either is redirected; from Java 22 it is returned regardless and
   * {@code Console.isTerminal()} answers the question, so that method is called when it exists.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
