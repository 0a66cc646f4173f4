package io.acrcmk.operator.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/** A logback property definer that derives its value from one environment variable. */
abstract class EnvironmentDefiner extends PropertyDefinerBase {

  /**
   * Returns the value of {@code variable} as logback substitutes a variable: the logger context's
   * property, then the system property, then the environment variable; null when none is set.
   */
  String lookup(String variable) {
    String value = getContext() == null ? null : getContext().getProperty(variable);
    if (value == null) {
      value = System.getProperty(variable);
    }
    if (value == null) {
      value = System.getenv(variable);
    }
    return value;
  }
}
