package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Parses the delay headers in the order the SDK's retry policy honours them. */
class RetryAfterTest {

  @Test
  void readsSecondsMillisecondsAndDates() {
    assertThat(RetryAfter.from(headers("Retry-After", "7"))).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.from(headers("retry-after-ms", "250"))).isEqualTo(Duration.ofMillis(250));
    assertThat(RetryAfter.from(headers("x-ms-retry-after-ms", "1500")))
        .isEqualTo(Duration.ofMillis(1500));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(10).atOffset(ZoneOffset.UTC));
    assertThat(RetryAfter.parseRetryAfter(inTenSeconds, now)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void prefersMillisecondHeaders() {
    HttpHeaders headers =
        headers("Retry-After", "30").set(HttpHeaderName.fromString("x-ms-retry-after-ms"), "100");

    assertThat(RetryAfter.from(headers)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void ignoresUnusableValues() {
    assertThat(RetryAfter.from(new HttpHeaders())).isNull();
    assertThat(RetryAfter.from(headers("Retry-After", "soon"))).isNull();
    assertThat(RetryAfter.from(headers("Retry-After", "-5"))).isEqualTo(Duration.ZERO);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(RetryAfter.parseRetryAfter("Wed, 01 Jan 2025 00:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
  }

  private static HttpHeaders headers(String name, String value) {
    return new HttpHeaders().set(HttpHeaderName.fromString(name), value);
  }
}
