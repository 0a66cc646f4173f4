package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated Azure resources, each held as the JSON document the service returns so that no
 * field of a collected payload is lost. Thread-safe: every method locks the state, and callers that
 * need several steps to be atomic synchronise on the state object too. Reads return copies.
 */
public final class SimulatorState {

  /** The kinds of ARM resources the state holds, each keyed by its resource ID. */
  public enum Kind {
    REGISTRY("Microsoft.ContainerRegistry/registries"),
    IDENTITY("Microsoft.ManagedIdentity/userAssignedIdentities"),
    VAULT("Microsoft.KeyVault/vaults"),
    DELETED_VAULT("Microsoft.KeyVault/deletedVaults"),
    ROLE_ASSIGNMENT("Microsoft.Authorization/roleAssignments"),
    /** Keyed by the role's GUID because ARM serves one definition under several IDs. */
    ROLE_DEFINITION("Microsoft.Authorization/roleDefinitions");

    private final String type;

    Kind(String type) {
      this.type = type;
    }

    /** Returns the ARM resource type, such as {@code Microsoft.KeyVault/vaults}. */
    public String type() {
      return type;
    }
  }

  private final SimulatorEndpoints endpoints;
  private Documents documents = new Documents();

  SimulatorState(SimulatorEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  public SimulatorEndpoints endpoints() {
    return endpoints;
  }

  /** Returns a copy of the resource with this ID (case-insensitive), if present. */
  public synchronized Optional<ObjectNode> get(Kind kind, String id) {
    ObjectNode document = documents.resources.get(kind).get(keyOf(kind, id));
    return Optional.ofNullable(document).map(ObjectNode::deepCopy);
  }

  /** Returns the resource with this ID or throws {@link NoSuchElementException}. */
  public ObjectNode require(Kind kind, String id) {
    return get(kind, id)
        .orElseThrow(() -> new NoSuchElementException("no " + kind.type() + " with ID " + id));
  }

  /** Returns copies of every resource of a kind, in insertion order. */
  public synchronized List<ObjectNode> list(Kind kind) {
    List<ObjectNode> copies = new ArrayList<>();
    documents.resources.get(kind).values().forEach(document -> copies.add(document.deepCopy()));
    return copies;
  }

  /**
   * Stores a copy of {@code document}, replacing any resource with the same ID, and returns a copy.
   *
   * @throws IllegalArgumentException when the document has no {@code id} (or, for a role
   *     definition, no {@code name})
   */
  public synchronized ObjectNode put(Kind kind, ObjectNode document) {
    String id =
        kind == Kind.ROLE_DEFINITION ? Json.text(document, "name") : Json.text(document, "id");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          kind.type() + " document has no " + (kind == Kind.ROLE_DEFINITION ? "name" : "id"));
    }
    documents.resources.get(kind).put(keyOf(kind, id), document.deepCopy());
    return document.deepCopy();
  }

  /** Removes the resource and returns whether it existed. */
  public synchronized boolean remove(Kind kind, String id) {
    return documents.resources.get(kind).remove(keyOf(kind, id)) != null;
  }

  /**
   * Changes the stored document in place and returns a copy of the result.
   *
   * @throws NoSuchElementException when no such resource exists
   */
  public synchronized ObjectNode update(Kind kind, String id, Consumer<ObjectNode> change) {
    ObjectNode document = documents.resources.get(kind).get(keyOf(kind, id));
    if (document == null) {
      throw new NoSuchElementException("no " + kind.type() + " with ID " + id);
    }
    change.accept(document);
    return document.deepCopy();
  }

  /** Returns the vault with this name (vault names are unique across Azure), if present. */
  public synchronized Optional<ObjectNode> vaultByName(String vaultName) {
    return documents.resources.get(Kind.VAULT).values().stream()
        .filter(vault -> vaultName.equalsIgnoreCase(Json.text(vault, "name")))
        .findFirst()
        .map(ObjectNode::deepCopy);
  }

  /** Returns a copy of a key (every version) of a vault, if present and not deleted. */
  public synchronized Optional<ObjectNode> key(String vaultName, String keyName) {
    return Optional.ofNullable(documents.keys.get(keyKey(vaultName, keyName)))
        .map(ObjectNode::deepCopy);
  }

  /** Returns copies of the keys of one vault. */
  public synchronized List<ObjectNode> keys(String vaultName) {
    String prefix = SimulatorRequest.lower(vaultName) + "/";
    List<ObjectNode> keys = new ArrayList<>();
    documents.keys.forEach(
        (name, key) -> {
          if (name.startsWith(prefix)) {
            keys.add(key.deepCopy());
          }
        });
    return keys;
  }

  /** Stores a key document, as built by {@link KeyDocuments}, replacing one of the same name. */
  public synchronized void putKey(ObjectNode keyDocument) {
    documents.keys.put(keyKeyOf(keyDocument), keyDocument.deepCopy());
  }

  public synchronized boolean removeKey(String vaultName, String keyName) {
    return documents.keys.remove(keyKey(vaultName, keyName)) != null;
  }

  /** Changes a stored key in place and returns a copy. */
  public synchronized ObjectNode updateKey(
      String vaultName, String keyName, Consumer<ObjectNode> change) {
    ObjectNode key = documents.keys.get(keyKey(vaultName, keyName));
    if (key == null) {
      throw new NoSuchElementException("no key " + keyName + " in vault " + vaultName);
    }
    change.accept(key);
    return key.deepCopy();
  }

  /** Returns a copy of a soft-deleted key, if present. */
  public synchronized Optional<ObjectNode> deletedKey(String vaultName, String keyName) {
    return Optional.ofNullable(documents.deletedKeys.get(keyKey(vaultName, keyName)))
        .map(ObjectNode::deepCopy);
  }

  public synchronized void putDeletedKey(ObjectNode keyDocument) {
    documents.deletedKeys.put(keyKeyOf(keyDocument), keyDocument.deepCopy());
  }

  public synchronized boolean removeDeletedKey(String vaultName, String keyName) {
    return documents.deletedKeys.remove(keyKey(vaultName, keyName)) != null;
  }

  /** Keeps the full document of a soft-deleted vault so that a recover can bring it back. */
  synchronized void putDeletedVaultOriginal(String deletedVaultId, ObjectNode vault) {
    documents.deletedVaultOriginals.put(SimulatorRequest.lower(deletedVaultId), vault.deepCopy());
  }

  synchronized Optional<ObjectNode> takeDeletedVaultOriginal(String deletedVaultId) {
    return Optional.ofNullable(
        documents.deletedVaultOriginals.remove(SimulatorRequest.lower(deletedVaultId)));
  }

  /** Returns a copy of the whole state, to put back later with {@link #restore}. */
  public synchronized StateCheckpoint checkpoint() {
    return new StateCheckpoint(documents.deepCopy());
  }

  /** Replaces the whole state with a checkpoint's contents; the checkpoint stays reusable. */
  public synchronized void restore(StateCheckpoint checkpoint) {
    documents = checkpoint.documents().deepCopy();
  }

  /**
   * Loads resources from raw JSON as a user would collect it from ARM, Key Vault or a spec example;
   * see {@link ArmImporter} for what is recognised.
   *
   * @return how many resources or key versions were loaded
   * @throws IllegalArgumentException when the JSON is invalid or contains nothing recognisable
   */
  public int importArm(String json) {
    return new ArmImporter(this).importJson(json);
  }

  private static String keyOf(Kind kind, String id) {
    if (kind == Kind.ROLE_DEFINITION) {
      return SimulatorRequest.lower(id.substring(id.lastIndexOf('/') + 1));
    }
    return SimulatorRequest.lower(id.trim());
  }

  private static String keyKey(String vaultName, String keyName) {
    return SimulatorRequest.lower(vaultName + "/" + keyName);
  }

  private static String keyKeyOf(ObjectNode keyDocument) {
    return keyKey(KeyDocuments.vaultName(keyDocument), KeyDocuments.name(keyDocument));
  }

  /** Every document of the state, copied whole for checkpoints. */
  static final class Documents {
    private final Map<Kind, Map<String, ObjectNode>> resources = new EnumMap<>(Kind.class);
    private final Map<String, ObjectNode> keys = new LinkedHashMap<>();
    private final Map<String, ObjectNode> deletedKeys = new LinkedHashMap<>();
    private final Map<String, ObjectNode> deletedVaultOriginals = new LinkedHashMap<>();

    Documents() {
      for (Kind kind : Kind.values()) {
        resources.put(kind, new LinkedHashMap<>());
      }
    }

    Documents deepCopy() {
      Documents copy = new Documents();
      resources.forEach((kind, map) -> copyInto(map, copy.resources.get(kind)));
      copyInto(keys, copy.keys);
      copyInto(deletedKeys, copy.deletedKeys);
      copyInto(deletedVaultOriginals, copy.deletedVaultOriginals);
      return copy;
    }

    private static void copyInto(Map<String, ObjectNode> from, Map<String, ObjectNode> to) {
      from.forEach((key, value) -> to.put(key, value.deepCopy()));
    }
  }
}
