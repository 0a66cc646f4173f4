package io.acrcmk.operator.sandbox;

import java.net.URI;
import java.util.Locale;

/**
 * A parsed Key Vault key URL such as {@code https://kv1.vault.localhost:8443/keys/cmk/0123...}.
 *
 * @param vaultName the first label of the host
 * @param keyName the key name
 * @param version the version, or null for a versionless identifier
 */
record KeyIdentifier(String vaultName, String keyName, String version) {

  /** Parses a key URL, returning null when it is not one. */
  static KeyIdentifier parse(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (uri.getHost() == null || uri.getPath() == null) {
      return null;
    }
    String[] segments = uri.getPath().replaceAll("^/+|/+$", "").split("/");
    if (segments.length < 2 || segments.length > 3 || !segments[0].equalsIgnoreCase("keys")) {
      return null;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String vault = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    return new KeyIdentifier(vault, segments[1], segments.length == 3 ? segments[2] : null);
  }
}
