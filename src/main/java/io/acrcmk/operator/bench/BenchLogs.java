package io.acrcmk.operator.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the benchmark. The operator logs every condition change at INFO, seven lines per
 * policy on its first check. Those lines would bury the benchmark's own output and add console
 * writes to the CPU time measured, so only warnings and errors show.
 */
final class BenchLogs {

  private BenchLogs() {}

  static void quiet() {
    level("io.acrcmk", Level.WARN);
    level("io.javaoperatorsdk", Level.WARN);
    level("com.azure", Level.WARN);
    level("com.microsoft.aad.msal4j", Level.WARN);
  }

  private static void level(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger) {
      logger.setLevel(level);
    }
  }
}
