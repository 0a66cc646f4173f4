package io.acrcmk.operator.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects the log events of the whole process while open, to check what an operator logged. */
final class KubeLogCapture implements AutoCloseable {

  /** The MDC key under which JOSDK puts the name of the policy being reconciled. */
  private static final String RESOURCE_NAME = "resource.name";

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  KubeLogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Returns the events at WARN or above that name {@code policy} in their MDC or message. */
  List<ILoggingEvent> warningsAbout(String policy) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .filter(
              event ->
                  policy.equals(event.getMDCPropertyMap().get(RESOURCE_NAME))
                      || event.getFormattedMessage().contains("'" + policy + "'"))
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
