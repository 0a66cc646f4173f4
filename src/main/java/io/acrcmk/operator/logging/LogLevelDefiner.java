package io.acrcmk.operator.logging;

import java.util.Locale;
import java.util.Set;

/**
 * Reads a log level for the shipped logback configuration from an environment variable, such as
 * {@code LOG_LEVEL}, in any case. An unset or blank variable gives the default level. A value that
 * is not one of {@link #LEVELS} gives the default level with a warning on standard error, because
 * logback itself would read an unknown name as DEBUG.
 */
public final class LogLevelDefiner extends EnvironmentDefiner {

  /** The level names accepted: logback's, without ALL, which means TRACE. */
  static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private String variable;
  private String defaultLevel = "INFO";

  /**
   * Sets the environment variable to read, from the {@code <environmentVariable>} element. Logback
   * reserves {@code <variable>} for its own variables.
   */
  public void setEnvironmentVariable(String variable) {
    this.variable = variable;
  }

  /** Sets the level used when the variable is unset or invalid, from {@code <defaultLevel>}. */
  public void setDefaultLevel(String defaultLevel) {
    this.defaultLevel = defaultLevel;
  }

  @Override
  public String getPropertyValue() {
    String value = variable == null ? null : lookup(variable);
    if (value == null || value.isBlank()) {
      return defaultLevel;
    }
    String level = value.strip().toUpperCase(Locale.ROOT);
    if (LEVELS.contains(level)) {
      return level;
    }
    warn(
        variable
            + "='"
            + value
            + "' is not a log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF); using "
            + defaultLevel);
    return defaultLevel;
  }
}
