package io.acrcmk.operator.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A logback property definer that derives its value from one environment variable. */
abstract class EnvironmentDefiner extends PropertyDefinerBase {

  /**
   * Writes {@code message} to standard error as a warning, because logging has not started yet.
   * When LOG_FORMAT selects JSON the warning is one JSON object with the fields the JSON log lines
   * have, so that a collector parsing every line as JSON can read it.
   */
  void warn(String message) {
    String format = lookup(LogFormatDefiner.VARIABLE);
    if (format != null && format.strip().equalsIgnoreCase("json")) {
      ObjectNode line = JsonNodeFactory.instance.objectNode();
      line.put("timestamp", System.currentTimeMillis());
      line.put("level", "WARN");
      line.put("threadName", Thread.currentThread().getName());
      line.put("loggerName", getClass().getName());
      line.put("message", message);
      System.err.println(line);
    } else {
      System.err.println("warning: " + message);
    }
  }

  /**
   * Returns the value of {@code variable} as logback substitutes a variable: the logger context's
   * property, then the system property, then the environment variable, or null when none is set.
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
