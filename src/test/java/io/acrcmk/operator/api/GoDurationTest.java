package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  private static final Pattern CRD_PATTERN =
      Pattern.compile(RegistryEncryptionPolicySpec.DURATION_PATTERN);

  static Stream<Arguments> validDurations() {
    return Stream.of(
        Arguments.of("5m", Duration.ofMinutes(5)),
        Arguments.of("720h", Duration.ofHours(720)),
        Arguments.of("1h30m", Duration.ofMinutes(90)),
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("1.5h", Duration.ofMinutes(90)),
        Arguments.of("0.5s", Duration.ofMillis(500)),
        Arguments.of("1h0m30s", Duration.ofSeconds(3630)),
        Arguments.of("30m1h", Duration.ofMinutes(90)),
        Arguments.of("1h1h", Duration.ofHours(2)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("2m500ms", Duration.ofMillis(120_500)),
        Arguments.of("1.000000001s", Duration.ofNanos(1_000_000_001)),
        Arguments.of("0.0000000009s", Duration.ZERO),
        Arguments.of("2562047h47m16.854775807s", Duration.ofNanos(Long.MAX_VALUE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validDurations")
  void parsesGoDuration(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validDurations")
  void crdPatternAcceptsDuration(String text, Duration expected) {
    assertThat(CRD_PATTERN.matcher(text).matches()).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "5",
        "0",
        "m",
        "5 m",
        " 5m",
        "5m ",
        "5M",
        "1d",
        "1w",
        "10ns",
        "10us",
        "-5m",
        "+5m",
        "1.h",
        ".5h",
        "1,5h",
        "5 minutes",
        "PT5M",
        "5m\n"
      })
  void rejectsInvalidDuration(String text) {
    assertThat(CRD_PATTERN.matcher(text).matches()).isFalse();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse(text))
        .withMessage(
            "invalid duration \""
                + text.replace("\n", "\\n")
                + "\""
                + ": expected a Go duration such as 90s, 5m, 1h30m or 1.5h, made of numbers with"
                + " the units h, m, s or ms");
  }

  @Test
  void rejectsNull() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse(null))
        .withMessageStartingWith("invalid duration null: expected a Go duration");
  }

  @Test
  void rejectsDurationBeyondGoRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse("2562048h"))
        .withMessage(
            "invalid duration \"2562048h\": longer than 2562047h47m16.854775807s, the longest"
                + " duration Go and the Kubernetes API server can hold");
  }

  @Test
  void rejectsHugeNumberWithoutOverflow() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GoDuration.parse("99999999999999999999999999999h"))
        .withMessageContaining("longer than 2562047h47m16.854775807s");
  }
}
