package io.acrcmk.operator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Raises log levels while a one-shot command runs, so that standard error carries only what the
 * command itself reports, and puts the previous levels back when closed. The Azure SDK is silenced
 * entirely because every read failure it would log also appears in a condition's message.
 */
final class QuietLogs implements AutoCloseable {

  private final Map<Logger, Level> previous = new LinkedHashMap<>();

  private QuietLogs() {}

  /** Quiets the logs unless {@code verbose} is set, in which case nothing changes. */
  static QuietLogs unless(boolean verbose) {
    QuietLogs quiet = new QuietLogs();
    if (!verbose) {
      quiet.set(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
      quiet.set("io.acrcmk", Level.WARN);
      quiet.set("com.azure", Level.OFF);
    }
    return quiet;
  }

  private void set(String name, Level level) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    previous.put(logger, logger.getLevel());
    logger.setLevel(level);
  }

  @Override
  public void close() {
    previous.forEach(Logger::setLevel);
  }
}
