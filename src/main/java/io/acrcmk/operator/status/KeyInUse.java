package io.acrcmk.operator.status;

import io.acrcmk.operator.azure.snapshot.AzureSnapshot;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import java.time.Instant;
import java.util.List;

/**
 * The key version a registry encrypts with now and when it expires, as shown in status.
 *
 * @param version the 32-hex version from the registry's versionedKeyIdentifier, or null
 * @param expiresOn the expiry of that version, or null when it has none or is unknown
 * @param versionRead whether the registry was read, so that a null version is a fact
 * @param expiryRead whether the key versions were read, so that a null expiry is a fact
 */
public record KeyInUse(String version, Instant expiresOn, boolean versionRead, boolean expiryRead) {

  /** Creates a key in use whose version and expiry were both read. */
  public KeyInUse(String version, Instant expiresOn) {
    this(version, expiresOn, true, true);
  }

  /**
   * Reads the version in use from the registry and its expiry from the key versions. A read that
   * failed leaves its part unread rather than null, so that status keeps the last value seen.
   */
  public static KeyInUse from(AzureSnapshot snapshot) {
    if (snapshot.registry().failureOrNull() != null) {
      return new KeyInUse(null, null, false, false);
    }
    String version = versionInUse(snapshot.registry().valueOrNull());
    if (version == null) {
      return new KeyInUse(null, null);
    }
    if (snapshot.keyVersions().failureOrNull() != null) {
      return new KeyInUse(version, null, true, false);
    }
    Instant expires = null;
    List<KeyState> versions = snapshot.keyVersions().valueOrNull();
    if (versions != null) {
      for (KeyState candidate : versions) {
        if (version.equalsIgnoreCase(candidate.version()) && candidate.attributes() != null) {
          expires = candidate.attributes().expires();
        }
      }
    }
    return new KeyInUse(version, expires);
  }

  private static String versionInUse(RegistryState registry) {
    if (registry == null
        || registry.encryption() == null
        || registry.encryption().keyVault() == null) {
      return null;
    }
    String kid = registry.encryption().keyVault().versionedKeyIdentifier();
    if (kid == null || kid.isBlank()) {
      return null;
    }
    String trimmed = kid.endsWith("/") ? kid.substring(0, kid.length() - 1) : kid;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return last.matches("[0-9a-fA-F]{32}") ? last.toLowerCase(java.util.Locale.ROOT) : null;
  }
}
