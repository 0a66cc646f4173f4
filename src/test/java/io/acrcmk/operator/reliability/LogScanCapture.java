package io.acrcmk.operator.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * A logback appender on the root logger that keeps every event as one text: level, logger, thread,
 * MDC, the formatted message, key-value pairs and the rendered stack trace. While attached it
 * lowers the operator's, the Azure SDK's, MSAL's and JOSDK's loggers to DEBUG, which the chart's
 * LOG_LEVEL, AZURE_SDK_LOG_LEVEL and JOSDK_LOG_LEVEL settings also allow.
 */
final class LogScanCapture extends AppenderBase<ILoggingEvent> {

  /** The loggers lowered to DEBUG while the capture is attached. */
  static final List<String> DEBUG_LOGGERS =
      List.of("io.acrcmk", "com.azure", "com.microsoft.aad", "io.javaoperatorsdk");

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();

  private LogScanCapture() {}

  /** Attaches a new capture to the root logger and lowers {@link #DEBUG_LOGGERS} to DEBUG. */
  static LogScanCapture attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogScanCapture capture = new LogScanCapture();
    capture.setContext(context);
    capture.setName("log-scan");
    capture.start();
    for (String name : DEBUG_LOGGERS) {
      Logger logger = context.getLogger(name);
      capture.previousLevels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
    return capture;
  }

  /** Detaches the capture and restores the levels it changed. */
  void detach() {
    LoggerContext context = (LoggerContext) getContext();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
    previousLevels.forEach(Logger::setLevel);
    stop();
  }

  /** Returns every captured event as text, oldest first. */
  List<String> events() {
    return List.copyOf(events);
  }

  /** Returns the captured events of the loggers whose names start with {@code prefix}. */
  List<String> eventsFrom(String prefix) {
    return events.stream().filter(event -> loggerOf(event).startsWith(prefix)).toList();
  }

  /** Returns the captured events of every other logger. */
  List<String> eventsNotFrom(String prefix) {
    return events.stream().filter(event -> !loggerOf(event).startsWith(prefix)).toList();
  }

  /** Returns the logger name, the second word of an event's text. */
  private static String loggerOf(String event) {
    String[] words = event.split(" ", 3);
    return words.length > 1 ? words[1] : "";
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(event.getLevel())
        .append(' ')
        .append(event.getLoggerName())
        .append(" [")
        .append(event.getThreadName())
        .append("] ")
        .append(event.getMDCPropertyMap())
        .append(' ')
        .append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      text.append(' ').append(event.getKeyValuePairs());
    }
    if (event.getThrowableProxy() != null) {
      text.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    events.add(text.toString());
  }
}
