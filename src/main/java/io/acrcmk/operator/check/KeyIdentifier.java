package io.acrcmk.operator.check;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Key Vault key identifier, {@code
 * https://{vault}.{dnsSuffix}[:port]/keys/{name}[/{version}]}. Key Vault documents its object
 * identifiers as case-insensitive, so host and version are held in lower case and key names compare
 * ignoring case.
 *
 * @param host the vault host, such as {@code contoso-kv.vault.azure.net}
 * @param port the explicit port, or -1 when the identifier has none (HTTPS default 443)
 * @param keyName the key name as written
 * @param version the 32-hex version, or null for a versionless identifier
 */
public record KeyIdentifier(String host, int port, String keyName, String version) {

  private static final int HTTPS_PORT = 443;
  private static final Pattern VAULT_LABEL = Pattern.compile("^[a-z0-9-]{3,24}$");
  private static final Pattern KEY_PATH =
      Pattern.compile("^/(?i:keys)/([a-zA-Z0-9-]{1,127})(?:/([0-9a-fA-F]{32})?)?/?$");

  public KeyIdentifier {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(keyName, "keyName");
  }

  /**
   * The outcome of parsing: the identifier, or the reason the text is not one.
   *
   * @param identifier the parsed identifier, or null when the text is invalid
   * @param problem why the text is invalid, as a clause such as "it is not an https URL", or null
   *     when it parsed
   */
  public record ParseResult(KeyIdentifier identifier, String problem) {

    public boolean isValid() {
      return identifier != null;
    }
  }

  /**
   * Parses {@code text}. A malformed identifier gives a result with a problem instead of an
   * exception, so the checks can report it as a finding.
   */
  public static ParseResult parse(String text) {
    if (text == null || text.isBlank()) {
      return invalid("it is missing");
    }
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      return invalid("it is not a URI (" + e.getReason() + ")");
    }

    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return invalid("it is not an https URL");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null) {
      return invalid("it has no plain host name");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return invalid("it has a query or fragment, which key identifiers never carry");
    }

    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int dot = host.indexOf('.');
    if (dot < 0 || dot == host.length() - 1) {
      return invalid("its host " + host + " has no DNS suffix after the vault name");
    }
    if (!VAULT_LABEL.matcher(host.substring(0, dot)).matches()) {
      return invalid("its host " + host + " does not start with a vault name");
    }

    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    Matcher path = KEY_PATH.matcher(rawPath);
    if (!path.matches()) {
      return invalid(
          "its path " + rawPath + " is not /keys/{name} or /keys/{name}/{32-hex version}");
    }
    String version = path.group(2) == null ? null : path.group(2).toLowerCase(Locale.ROOT);
    return new ParseResult(new KeyIdentifier(host, uri.getPort(), path.group(1), version), null);
  }

  /** Returns the first DNS label of the host, which Key Vault makes the vault name. */
  public String vaultName() {
    return host.substring(0, host.indexOf('.'));
  }

  /** Returns the DNS suffix after the vault name, such as {@code vault.azure.net}. */
  public String dnsSuffix() {
    return host.substring(host.indexOf('.') + 1);
  }

  public boolean isVersioned() {
    return version != null;
  }

  /** Returns the vault base URI, such as {@code https://contoso-kv.vault.azure.net}. */
  public String vaultBaseUri() {
    return "https://" + host + (port < 0 ? "" : ":" + port);
  }

  /** Returns the identifier without its version. */
  public String versionless() {
    return vaultBaseUri() + "/keys/" + keyName;
  }

  /** Returns the identifier with {@code otherVersion}, or versionless when it is null. */
  public String withVersion(String otherVersion) {
    return otherVersion == null ? versionless() : versionless() + "/" + otherVersion;
  }

  /** Returns the identifier as Key Vault writes it. */
  @Override
  public String toString() {
    return withVersion(version);
  }

  /**
   * Returns whether this identifier's vault is the one at {@code vaultUri}, comparing host and
   * port. An absent port equals 443. A {@code vaultUri} that is not an https URL never matches.
   */
  public boolean isInVault(String vaultUri) {
    if (vaultUri == null || vaultUri.isBlank()) {
      return false;
    }
    URI vault;
    try {
      vault = new URI(vaultUri.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (!"https".equalsIgnoreCase(vault.getScheme()) || vault.getHost() == null) {
      return false;
    }
    return host.equals(vault.getHost().toLowerCase(Locale.ROOT))
        && effectivePort(port) == effectivePort(vault.getPort());
  }

  /** Returns whether this identifier names key {@code name}, ignoring case. */
  public boolean namesKey(String name) {
    return keyName.equalsIgnoreCase(name);
  }

  private static int effectivePort(int port) {
    return port < 0 ? HTTPS_PORT : port;
  }

  private static ParseResult invalid(String problem) {
    return new ParseResult(null, problem);
  }
}
