package io.acrcmk.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * Configures logback from the logging configuration the operator ships and checks what reaches
 * standard error, a line in each format with a token quoted by a library masked, and the levels
 * read from the environment.
 */
class ShippedLogConfigTest {

  private static final String TOKEN = "simulated-7d0c2f4e-0b1a-4c55-9e0f-6f2d9a1b3c4d";

  @ParameterizedTest
  @ValueSource(strings = {"plain", "json"})
  void libraryQuoteOfTokenMasked(String format) throws JoranException {
    String output = logWithShippedConfig(format);

    assertThat(output).contains("could not parse the token response");
    assertThat(output).contains("access_token");
    assertThat(output).contains(SecretRedactor.MASK);
    assertThat(output).doesNotContain(TOKEN);
    assertThat(output).doesNotContain(TOKEN.substring(0, 20));
    if (format.equals("json")) {
      assertThat(output.strip()).startsWith("{").endsWith("}");
    } else {
      assertThat(output).contains("ERROR").contains("IdentityClient");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"JSON", " Json "})
  void formatNameIgnoresCase(String format) throws JoranException {
    String output = logWithShippedConfig(format);

    assertThat(output.strip()).startsWith("{").endsWith("}");
    assertThat(output).contains("could not parse the token response");
  }

  @ParameterizedTest
  @ValueSource(strings = {"xml", "jsn", ""})
  void unknownFormatStillLogsPlainLines(String format) throws JoranException {
    String output = logWithShippedConfig(format);

    assertThat(output).contains("ERROR").contains("IdentityClient");
    assertThat(output).contains("could not parse the token response");
    if (!format.isEmpty()) {
      assertThat(output).contains("warning: LOG_FORMAT='" + format + "' is not plain or json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"debug", " Debug ", "DEBUG"})
  void levelNameIgnoresCase(String level) throws JoranException {
    Levels levels = levelsWith(Map.of("LOG_LEVEL", level));

    assertThat(levels.operator()).isEqualTo(Level.DEBUG);
    assertThat(levels.root()).isEqualTo(Level.DEBUG);
    assertThat(levels.warnings()).isEmpty();
  }

  @Test
  void unsetLevelsUseDefaults() throws JoranException {
    Levels levels = levelsWith(Map.of());

    assertThat(levels.operator()).isEqualTo(Level.INFO);
    assertThat(levels.root()).isEqualTo(Level.INFO);
    assertThat(levels.azure()).isEqualTo(Level.WARN);
    assertThat(levels.josdk()).isEqualTo(Level.INFO);
    assertThat(levels.warnings()).isEmpty();
  }

  /** Logback alone reads an unknown level name as DEBUG. */
  @Test
  void unknownLevelUsesDefaultWithWarning() throws JoranException {
    Levels levels =
        levelsWith(
            Map.of("LOG_LEVEL", "verbose", "AZURE_SDK_LOG_LEVEL", "loud", "JOSDK_LOG_LEVEL", "2"));

    assertThat(levels.operator()).isEqualTo(Level.INFO);
    assertThat(levels.root()).isEqualTo(Level.INFO);
    assertThat(levels.azure()).isEqualTo(Level.WARN);
    assertThat(levels.josdk()).isEqualTo(Level.INFO);
    assertThat(levels.warnings())
        .contains("warning: LOG_LEVEL='verbose' is not a log level")
        .contains("warning: AZURE_SDK_LOG_LEVEL='loud' is not a log level")
        .contains("warning: JOSDK_LOG_LEVEL='2' is not a log level")
        .contains("using INFO")
        .contains("using WARN");
  }

  /** ALL is logback's name for TRACE, and not one of the documented levels. */
  @Test
  void allIsNotALevel() throws JoranException {
    Levels levels = levelsWith(Map.of("LOG_LEVEL", "all"));

    assertThat(levels.operator()).isEqualTo(Level.INFO);
    assertThat(levels.warnings()).contains("warning: LOG_LEVEL='all' is not a log level");
  }

  @Test
  void levelWarningIsJsonInJsonFormat() throws Exception {
    Levels levels = levelsWith(Map.of("LOG_LEVEL", "verbose", "LOG_FORMAT", "json"));

    List<String> lines = levels.warnings().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode warning = new ObjectMapper().readTree(lines.get(0));
    assertThat(warning.path("level").asText()).isEqualTo("WARN");
    assertThat(warning.path("message").asText())
        .isEqualTo(
            "LOG_LEVEL='verbose' is not a log level (TRACE, DEBUG, INFO, WARN, ERROR or OFF);"
                + " using INFO");
    assertThat(warning.path("timestamp").isNumber()).isTrue();
    assertThat(levels.operator()).isEqualTo(Level.INFO);
  }

  /** Effective levels of the shipped loggers, and what configuring wrote to standard error. */
  private record Levels(Level operator, Level root, Level azure, Level josdk, String warnings) {}

  private static Levels levelsWith(Map<String, String> properties) throws JoranException {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = configure(properties, captured);
    // Stopping the context resets every level, so the levels are read first.
    Levels levels =
        new Levels(
            context.getLogger("io.acrcmk.operator").getEffectiveLevel(),
            context.getLogger(Logger.ROOT_LOGGER_NAME).getEffectiveLevel(),
            context.getLogger("com.azure.core").getEffectiveLevel(),
            context.getLogger("io.javaoperatorsdk.operator").getEffectiveLevel(),
            captured.toString(StandardCharsets.UTF_8));
    context.stop();
    return levels;
  }

  private static String logWithShippedConfig(String format) throws JoranException {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = configure(Map.of("LOG_FORMAT", format), captured);
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Logger logger = context.getLogger("com.azure.identity.implementation.IdentityClient");
      String body = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + TOKEN;
      logger.error(
          "could not parse the token response",
          new IllegalStateException("Unexpected end-of-input: " + body));
    } finally {
      context.stop();
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /**
   * Configures a new logger context from the shipped logback.xml with {@code properties} as context
   * properties, writing standard error to {@code captured} while it configures. Asserts that
   * logback reported no warning or error.
   */
  private static LoggerContext configure(
      Map<String, String> properties, ByteArrayOutputStream captured) throws JoranException {
    URL config = ShippedLogConfigTest.class.getClassLoader().getResource("logback.xml");
    assertThat(config).as("logback.xml on the class path").isNotNull();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    properties.forEach(context::putProperty);
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
    } finally {
      System.setErr(original);
    }
    // A configuration error shows only in the status list, because the shipped file silences it.
    List<Status> problems =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(status -> status.getLevel() >= Status.WARN)
            .filter(status -> !status.getMessage().contains("not referenced"))
            .toList();
    assertThat(problems).as("logback warnings and errors").isEmpty();
    return context;
  }
}
