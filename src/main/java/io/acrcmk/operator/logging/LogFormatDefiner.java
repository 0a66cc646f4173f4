package io.acrcmk.operator.logging;

import java.util.Locale;

/**
 * Picks the appender of the shipped logback configuration from {@code LOG_FORMAT}: {@code plain} or
 * {@code json}, in any case. Any other value falls back to plain lines with a warning on standard
 * error, because naming an appender that does not exist would silence every log line, startup
 * errors included.
 */
public final class LogFormatDefiner extends EnvironmentDefiner {

  static final String VARIABLE = "LOG_FORMAT";

  @Override
  public String getPropertyValue() {
    String value = lookup(VARIABLE);
    if (value == null || value.isBlank()) {
      return "plain";
    }
    String format = value.strip().toLowerCase(Locale.ROOT);
    if (format.equals("plain") || format.equals("json")) {
      return format;
    }
    warn(VARIABLE + "='" + value + "' is not plain or json; logging plain lines");
    return "plain";
  }
}
