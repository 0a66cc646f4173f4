package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Key faults: versions disabled, expired, not yet valid, deleted, replaced by an EC key, or the
 * whole key soft-deleted. Keys are named by vault name and key name; a null version means the
 * current one. Each method throws {@link NoSuchElementException} when the key or version is absent.
 */
public final class KeyMutations {

  private final SimulatorState state;
  private final ResourceFactory factory;

  KeyMutations(SimulatorState state) {
    this.state = state;
    this.factory = new ResourceFactory(state);
  }

  public ObjectNode setEnabled(String vaultName, String keyName, String version, boolean enabled) {
    return updateVersion(
        vaultName, keyName, version, bundle -> attributes(bundle).put("enabled", enabled));
  }

  public ObjectNode disableVersion(String vaultName, String keyName, String version) {
    return setEnabled(vaultName, keyName, version, false);
  }

  /** Sets {@code exp}, or removes it when {@code expires} is null. */
  public ObjectNode setExpiry(String vaultName, String keyName, String version, Instant expires) {
    return updateVersion(
        vaultName, keyName, version, bundle -> setTime(attributes(bundle), "exp", expires));
  }

  /** Sets {@code nbf}, or removes it when {@code notBefore} is null. */
  public ObjectNode setNotBefore(
      String vaultName, String keyName, String version, Instant notBefore) {
    return updateVersion(
        vaultName, keyName, version, bundle -> setTime(attributes(bundle), "nbf", notBefore));
  }

  /** Replaces {@code key_ops}, for example to drop {@code wrapKey}. */
  public ObjectNode setOperations(
      String vaultName, String keyName, String version, List<String> operations) {
    return updateVersion(
        vaultName,
        keyName,
        version,
        bundle -> ((ObjectNode) bundle.get("key")).set("key_ops", Json.arrayOf(operations)));
  }

  /**
   * Adds a new RSA version of the same size as the current one, created now, and returns its ID: a
   * rotation.
   */
  public String rotate(String vaultName, String keyName) {
    synchronized (state) {
      ObjectNode current = currentVersion(vaultName, keyName);
      int bits = Math.max(2048, KeyDocuments.keySize(current));
      List<String> operations = Json.strings(current.path("key").path("key_ops"));
      return factory.addRsaKeyVersion(vaultName, keyName, bits, operations, later(current));
    }
  }

  /** Adds a new EC P-256 version, which becomes the current one, and returns its ID. */
  public String replaceWithEcKey(String vaultName, String keyName) {
    synchronized (state) {
      ObjectNode current = currentVersion(vaultName, keyName);
      List<String> operations = Json.strings(current.path("key").path("key_ops"));
      return factory.addEcKeyVersion(vaultName, keyName, operations, later(current));
    }
  }

  /** Removes one version; removing the last version removes the key. */
  public void deleteVersion(String vaultName, String keyName, String version) {
    synchronized (state) {
      ObjectNode key = requireKey(vaultName, keyName);
      ArrayNode versions = KeyDocuments.versions(key);
      for (int i = 0; i < versions.size(); i++) {
        if (version.equalsIgnoreCase(KeyDocuments.versionId(versions.get(i)))) {
          versions.remove(i);
          if (versions.isEmpty()) {
            state.removeKey(vaultName, keyName);
          } else {
            state.putKey(key);
          }
          return;
        }
      }
      throw new NoSuchElementException("no version " + version + " of key " + keyName);
    }
  }

  /**
   * Soft-deletes a key: it moves to the deleted keys with a purge date after the vault's retention,
   * or is gone for good when the vault has soft delete off.
   */
  public void softDelete(String vaultName, String keyName) {
    synchronized (state) {
      ObjectNode key = requireKey(vaultName, keyName);
      state.removeKey(vaultName, keyName);
      ObjectNode vault = state.vaultByName(vaultName).orElse(null);
      KeyDocuments.RecoveryLevel recovery = KeyDocuments.RecoveryLevel.of(vault);
      if (recovery.days() == 0) {
        return;
      }
      long now = Instant.now().getEpochSecond();
      key.put("deletedDate", now);
      key.put("scheduledPurgeDate", now + Duration.ofDays(recovery.days()).toSeconds());
      state.putDeletedKey(key);
    }
  }

  private ObjectNode updateVersion(
      String vaultName,
      String keyName,
      String version,
      java.util.function.Consumer<ObjectNode> change) {
    synchronized (state) {
      ObjectNode key = requireKey(vaultName, keyName);
      ObjectNode bundle =
          version == null
              ? KeyDocuments.latest(key).orElseThrow()
              : KeyDocuments.version(key, version)
                  .orElseThrow(
                      () -> new NoSuchElementException("no version " + version + " of " + keyName));
      change.accept(bundle);
      attributes(bundle).put("updated", Instant.now().getEpochSecond());
      state.putKey(key);
      return bundle.deepCopy();
    }
  }

  private ObjectNode currentVersion(String vaultName, String keyName) {
    return KeyDocuments.latest(requireKey(vaultName, keyName)).orElseThrow();
  }

  private ObjectNode requireKey(String vaultName, String keyName) {
    return state
        .key(vaultName, keyName)
        .orElseThrow(
            () -> new NoSuchElementException("no key " + keyName + " in vault " + vaultName));
  }

  /** Returns now, or one second after the current version when its clock is ahead. */
  private static Instant later(ObjectNode current) {
    long now = Instant.now().getEpochSecond();
    return Instant.ofEpochSecond(Math.max(now, KeyDocuments.created(current) + 1));
  }

  private static ObjectNode attributes(ObjectNode bundle) {
    return Json.objectAt(bundle, "attributes");
  }

  private static void setTime(ObjectNode attributes, String name, Instant value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value.getEpochSecond());
    }
  }
}
