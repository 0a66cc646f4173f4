package io.acrcmk.operator.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The log settings of a soak. 50,000 checks under faults would log hundreds of thousands of
 * condition changes and Azure SDK retries, so the operator logs only warnings and the Azure SDK and
 * Reactor Netty nothing. Warnings and errors of the operator and its runtime are kept, because each
 * of them counts as a failure. Closing puts the previous levels back.
 */
final class SoakLogs implements AutoCloseable {

  /** Loggers whose warnings and errors count as failures: the operator and its runtime. */
  private static final List<String> WATCHED =
      List.of("io.acrcmk", "io.javaoperatorsdk", "io.fabric8.kubernetes.client");

  private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
  private final ListAppender<ILoggingEvent> problems = new ListAppender<>();

  private SoakLogs() {}

  /** Lowers the chatty loggers and starts keeping warnings and errors. */
  static SoakLogs quietAndWatched() {
    SoakLogs logs = new SoakLogs();
    logs.problems.addFilter(new WarningsAndErrors());
    logs.problems.start();
    WATCHED.forEach(name -> logger(name).addAppender(logs.problems));
    logs.setLevel("io.acrcmk", Level.WARN);
    logs.setLevel("com.azure", Level.OFF);
    logs.setLevel("reactor.netty", Level.OFF);
    return logs;
  }

  /** Returns the warnings and errors kept since the last {@link #clear()}, one line each. */
  List<String> problems() {
    synchronized (problems) {
      return problems.list.stream().map(SoakLogs::describe).toList();
    }
  }

  void clear() {
    synchronized (problems) {
      problems.list.clear();
    }
  }

  @Override
  public void close() {
    previousLevels.forEach(Logger::setLevel);
    WATCHED.forEach(name -> logger(name).detachAppender(problems));
    problems.stop();
  }

  private void setLevel(String name, Level level) {
    Logger logger = logger(name);
    previousLevels.put(logger, logger.getLevel());
    logger.setLevel(level);
  }

  private static Logger logger(String name) {
    return (Logger) LoggerFactory.getLogger(name);
  }

  private static String describe(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    String cause =
        thrown == null ? "" : " (" + thrown.getClassName() + ": " + thrown.getMessage() + ")";
    return event.getLevel()
        + " ["
        + event.getThreadName()
        + "] "
        + event.getLoggerName()
        + ": "
        + event.getFormattedMessage()
        + cause;
  }

  /** Passes warnings and errors only. */
  private static final class WarningsAndErrors extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
      return event.getLevel().isGreaterOrEqual(Level.WARN) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
  }
}
