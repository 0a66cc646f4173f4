package io.acrcmk.operator.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.acrcmk.operator.sandbox.AzureSimulator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scan of texts for the secrets the operator handles while it reads Azure (the access tokens it
 * was issued, the client assertion it signs in with, a client secret when one is used, private key
 * material), or for the public key material of the simulator's keys. Besides the exact values the
 * scan looks for their shapes, so that a token the recording missed is still found.
 */
final class AzureFaultSecrets {

  /** The length of the prefix of a secret that counts as a leak on its own. */
  private static final int PREFIX_LENGTH = 24;

  /** Shapes of secrets that never belong in a log line or a status, whatever their value. */
  private static final Map<String, Pattern> SECRET_SHAPES =
      Map.of(
          "simulator access token", Pattern.compile("simulated-[0-9a-f]{8}-[0-9a-f]{4}-"),
          "bearer credential", Pattern.compile("Bearer\\s+(?!\\*\\*\\*)[A-Za-z0-9._~+/=-]{12,}"),
          "JSON Web Token", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"),
          "private JWK field",
              Pattern.compile("\"(d|p|q|dp|dq|qi|k)\"\\s*:\\s*\"[A-Za-z0-9_-]{16,}"),
          "client secret parameter", Pattern.compile("client_secret=[^&\\s]"),
          "client assertion parameter", Pattern.compile("client_assertion=[^&\\s]"));

  /** The shape of an RSA public key in JWK form. */
  private static final Map<String, Pattern> PUBLIC_KEY_SHAPES =
      Map.of("JWK modulus", Pattern.compile("\"n\"\\s*:\\s*\"[A-Za-z0-9_-]{16,}"));

  private final Map<String, Pattern> shapes;
  private final Map<String, String> values = new LinkedHashMap<>();

  private AzureFaultSecrets(Map<String, Pattern> shapes) {
    this.shapes = shapes;
  }

  /** Returns a scan for credentials and private key material, which must appear nowhere. */
  static AzureFaultSecrets secrets() {
    return new AzureFaultSecrets(SECRET_SHAPES);
  }

  /** Returns a scan for the exact values added to it, without shapes. */
  static AzureFaultSecrets valuesOnly() {
    return new AzureFaultSecrets(Map.of());
  }

  /**
   * Returns a scan for public key material, which is not secret but has no place in a status or in
   * the operator's own log lines.
   */
  static AzureFaultSecrets publicKeyMaterial() {
    return new AzureFaultSecrets(PUBLIC_KEY_SHAPES);
  }

  /** Adds a secret value under a label that names its kind, such as "access token". */
  AzureFaultSecrets add(String label, String value) {
    if (value != null && !value.isBlank()) {
      values.put(value, label);
    }
    return this;
  }

  AzureFaultSecrets addAll(String label, Set<String> secrets) {
    secrets.forEach(secret -> add(label, secret));
    return this;
  }

  /**
   * Adds the client assertion and its payload segment, which identifies the workload on its own.
   */
  AzureFaultSecrets addClientAssertion(String assertion) {
    add("client assertion", assertion);
    String[] parts = assertion.split("\\.");
    if (parts.length > 1) {
      add("client assertion payload", parts[1]);
    }
    return this;
  }

  /** Adds the values of the given JWK fields of every key in the simulator's vaults. */
  AzureFaultSecrets addKeyFields(
      AzureSimulator simulator, List<String> vaultNames, List<String> fields) {
    for (String vault : vaultNames) {
      for (JsonNode key : simulator.state().keys(vault)) {
        for (String field : fields) {
          key.findValues(field).stream()
              .filter(JsonNode::isTextual)
              .forEach(value -> add("JWK field " + field + " of a key", value.asText()));
        }
      }
    }
    return this;
  }

  /** Returns how many exact values the scan looks for. */
  int size() {
    return values.size();
  }

  /**
   * Returns one finding per text that contains a secret value, the first {@value #PREFIX_LENGTH}
   * characters of one, or a secret's shape. A finding names the source and the label, never the
   * value.
   */
  List<String> scan(String source, List<String> texts) {
    List<String> findings = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      for (Map.Entry<String, String> secret : values.entrySet()) {
        String value = secret.getKey();
        String prefix = value.length() > PREFIX_LENGTH ? value.substring(0, PREFIX_LENGTH) : value;
        if (text.contains(prefix)) {
          findings.add(source + " #" + i + " contains a " + secret.getValue() + ": " + cut(text));
        }
      }
      for (Map.Entry<String, Pattern> shape : shapes.entrySet()) {
        Matcher matcher = shape.getValue().matcher(text);
        if (matcher.find()) {
          findings.add(source + " #" + i + " contains a " + shape.getKey() + ": " + cut(text));
        }
      }
    }
    return findings;
  }

  /** Returns the start of a text, enough to find it, with secret values masked. */
  private String cut(String text) {
    String masked = text;
    for (Map.Entry<String, String> secret : values.entrySet()) {
      String value = secret.getKey();
      String mask = "<" + secret.getValue() + ">";
      masked = masked.replace(value, mask);
      if (value.length() > PREFIX_LENGTH) {
        masked = masked.replace(value.substring(0, PREFIX_LENGTH), mask);
      }
    }
    return masked.length() <= 300 ? masked : masked.substring(0, 300) + "...";
  }
}
