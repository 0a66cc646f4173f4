package io.acrcmk.operator.heal;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Formats and parses the times and durations healing writes to status, events and messages. */
final class HealTimes {

  private HealTimes() {}

  /** Formats an instant as RFC 3339 in UTC with whole seconds, as Kubernetes writes times. */
  static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Formats a duration in the Go syntax the spec uses, such as 10m, 1h30m or 45s. */
  static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds == 0) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }

  /** Parses an RFC 3339 time from status, or returns null when it is absent or malformed. */
  static Instant parse(String time) {
    if (time == null || time.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(time.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
