package io.acrcmk.operator.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * A logback encoder that renders each event with a nested encoder and masks credentials and key
 * material in the result with {@link SecretRedactor}. It wraps both the plain and the JSON encoder
 * of the shipped logging configuration, so the stack traces and library lines are masked too.
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

  private Encoder<ILoggingEvent> encoder;

  /** Sets the encoder whose output is masked. Logback calls it for the nested element. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError(
          RedactingEncoder.class.getSimpleName()
              + " is missing its nested <encoder> element, so it cannot render events");
      return;
    }
    if (!encoder.isStarted()) {
      encoder.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    if (encoder != null) {
      encoder.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return encoder.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    byte[] rendered = encoder.encode(event);
    if (rendered == null) {
      return null;
    }
    // Both nested encoders write UTF-8: PatternLayoutEncoder by default, JsonEncoder always.
    String text = new String(rendered, StandardCharsets.UTF_8);
    String redacted = SecretRedactor.redact(text);
    return redacted == text ? rendered : redacted.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return encoder.footerBytes();
  }
}
