package io.acrcmk.operator.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for the Go duration strings of a policy spec, such as {@code 5m}, {@code 1h30m}, {@code
 * 1.5h} or {@code 500ms}.
 *
 * <p>It accepts exactly the strings {@link RegistryEncryptionPolicySpec#DURATION_PATTERN} accepts:
 * one or more components, each a decimal number and one of the units h, m, s or ms. Unlike Go's
 * {@code time.ParseDuration} it rejects signs, a bare {@code 0}, and the units ns and us, because
 * the CRD rejects them. Components add up, so {@code 1h1h} is two hours, as in Go.
 */
public final class GoDuration {

  private static final Pattern WHOLE =
      Pattern.compile(RegistryEncryptionPolicySpec.DURATION_PATTERN);
  private static final Pattern COMPONENT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  // Go stores a duration as int64 nanoseconds, so the API server's CEL duration() rejects longer
  // values. Rejecting them here too keeps the operator and the API server in agreement.
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final String MAX_TEXT = "2562047h47m16.854775807s";

  private static final String EXPECTED =
      "expected a Go duration such as 90s, 5m, 1h30m or 1.5h, made of numbers with the units h,"
          + " m, s or ms";

  private GoDuration() {}

  /**
   * Parses {@code value}, rounding a fractional result down to whole nanoseconds.
   *
   * @throws IllegalArgumentException when {@code value} is null, is not a Go duration with the
   *     units h, m, s or ms, or is longer than the longest Go duration (about 292 years)
   */
  public static Duration parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("invalid duration null: " + EXPECTED);
    }
    if (!WHOLE.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid duration " + quote(value) + ": " + EXPECTED);
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher component = COMPONENT.matcher(value);
    while (component.find()) {
      BigDecimal number = new BigDecimal(component.group(1));
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(nanosPerUnit(component.group(2)))));
    }
    BigInteger wholeNanos = nanos.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    if (wholeNanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "invalid duration "
              + quote(value)
              + ": longer than "
              + MAX_TEXT
              + ", the longest duration Go and the Kubernetes API server can hold");
    }
    return Duration.ofNanos(wholeNanos.longValueExact());
  }

  /** Quotes {@code value} with its control characters escaped, so a message stays one line. */
  private static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static long nanosPerUnit(String unit) {
    return switch (unit) {
      case "h" -> Duration.ofHours(1).toNanos();
      case "m" -> Duration.ofMinutes(1).toNanos();
      case "s" -> Duration.ofSeconds(1).toNanos();
      case "ms" -> Duration.ofMillis(1).toNanos();
      default -> throw new IllegalStateException("unit " + unit + " passed the pattern");
    };
  }
}
