package io.acrcmk.operator.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * Configures logback from the logging configuration the operator ships and checks what reaches
 * standard error: a line in each format, with a token quoted by a library masked.
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

  private static String logWithShippedConfig(String format) throws JoranException {
    URL config = ShippedLogConfigTest.class.getClassLoader().getResource("logback.xml");
    assertThat(config).as("logback.xml on the class path").isNotNull();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("LOG_FORMAT", format);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger logger = context.getLogger("com.azure.identity.implementation.IdentityClient");
      String body = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" + TOKEN;
      logger.error(
          "could not parse the token response",
          new IllegalStateException("Unexpected end-of-input: " + body));
    } finally {
      context.stop();
      System.setErr(original);
    }
    // A configuration error shows only in the status list, because the shipped file silences it.
    List<Status> problems =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(status -> status.getLevel() >= Status.WARN)
            .filter(status -> !status.getMessage().contains("not referenced"))
            .toList();
    assertThat(problems).as("logback warnings and errors").isEmpty();
    return captured.toString(StandardCharsets.UTF_8);
  }
}
