package io.acrcmk.operator.cli;

import io.acrcmk.operator.api.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations on the command line in the same Go syntax the policy spec uses (30s, 5m). Every
 * duration option is a timeout, interval or cooldown, so zero is rejected too.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration duration;
    try {
      duration = GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (duration.isZero()) {
      throw new TypeConversionException(
          "invalid duration \"" + value + "\": must be greater than 0, such as 30s or 1m");
    }
    return duration;
  }
}
