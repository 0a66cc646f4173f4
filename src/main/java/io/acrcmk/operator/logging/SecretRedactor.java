package io.acrcmk.operator.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials and key material in a rendered log line. The operator never logs them itself.
 * But the Azure SDK and MSAL quote a response body they cannot parse in their own ERROR lines, so a
 * token response or a key cut off in transit would carry an access token or a key into the log.
 *
 * <p>Masked: the values of the JSON fields {@code access_token}, {@code refresh_token}, {@code
 * id_token}, {@code client_secret}, {@code client_assertion} and the JWK key fields {@code n},
 * {@code d}, {@code p}, {@code q}, {@code dp}, {@code dq}, {@code qi} and {@code k}, also when the
 * JSON itself is escaped inside a JSON log line; the same parameters in a form-encoded body; the
 * credential after {@code Bearer}; and anything shaped like a JSON Web Token.
 */
public final class SecretRedactor {

  /** The text that replaces a masked value. */
  public static final String MASK = "***";

  private static final String SECRET_FIELDS =
      "access_token|refresh_token|id_token|client_secret|client_assertion|n|d|p|q|dp|dq|qi|k";

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES =
      List.of(
          // "field": "value" and, inside an escaped JSON string, \"field\": \"value\". The value
          // ends at the next quote or backslash, or at the end of a cut-off body.
          new Rule(
              Pattern.compile(
                  "(\\\\?\"(?:" + SECRET_FIELDS + ")\\\\?\"\\s*:\\s*\\\\?\")[^\"\\\\]+"),
              "$1" + MASK),
          new Rule(
              Pattern.compile(
                  "\\b((?:access_token|refresh_token|id_token|client_secret|client_assertion)=)"
                      + "[^&\\s\"']+"),
              "$1" + MASK),
          new Rule(Pattern.compile("(?i)\\b(Bearer\\s+)[A-Za-z0-9._~+/=-]+"), "$1" + MASK),
          new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]*){0,2}"), MASK));

  private SecretRedactor() {}

  /** Returns {@code line} with every credential and key value masked, or the same instance. */
  public static String redact(String line) {
    if (line == null || line.isEmpty()) {
      return line;
    }
    String redacted = line;
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(redacted);
      if (matcher.find()) {
        redacted = matcher.replaceAll(rule.replacement());
      }
    }
    return redacted;
  }
}
