package io.acrcmk.operator.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the delay Azure requests before the next request. The headers are checked in the order
 * azure-core's RetryPolicy uses (azure-core 1.58): {@code x-ms-retry-after-ms}, {@code
 * retry-after-ms}, then {@code Retry-After} in seconds or as an HTTP date, so the delay seen here
 * is the delay the SDK waits.
 */
final class RetryAfter {

  private static final HttpHeaderName X_MS_RETRY_AFTER_MS =
      HttpHeaderName.fromString("x-ms-retry-after-ms");
  private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");

  private RetryAfter() {}

  /** Returns the requested delay, or null when no header carries a usable value. */
  static Duration from(HttpHeaders headers) {
    if (headers == null) {
      return null;
    }
    Duration millis = parseMillis(headers.getValue(X_MS_RETRY_AFTER_MS));
    if (millis == null) {
      millis = parseMillis(headers.getValue(RETRY_AFTER_MS));
    }
    if (millis != null) {
      return millis;
    }
    return parseRetryAfter(headers.getValue(HttpHeaderName.RETRY_AFTER), Instant.now());
  }

  private static Duration parseMillis(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofMillis(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration delay = Duration.between(now, at);
        return delay.isNegative() ? Duration.ZERO : delay;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
