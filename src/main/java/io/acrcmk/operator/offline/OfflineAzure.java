package io.acrcmk.operator.offline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureRetryOptions;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.azure.SnapshotSource;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of Azure JSON documents, as a user collects them for a support case, loaded into an
 * in-process Azure simulator so that the operator's own loader and checks run against it unchanged.
 * See {@link DocumentShapes} for the documents it reads.
 */
public final class OfflineAzure implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)/", Pattern.CASE_INSENSITIVE);
  private static final Pattern COLLECTED_VAULT_URL =
      Pattern.compile(
          "https://([a-z0-9-]+)\\.(vault\\.(?:azure\\.net|usgovcloudapi\\.net|azure\\.cn"
              + "|microsoftazure\\.de))",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SIMULATED_VAULT_URL =
      Pattern.compile("https://([a-z0-9-]+)\\.vault\\.localhost:\\d+", Pattern.CASE_INSENSITIVE);
  private static final String DEFAULT_VAULT_SUFFIX = "vault.azure.net";

  /** Offline every read is local, so a failed one is a bug that a retry would not fix. */
  private static final AzureRetryOptions NO_RETRIES =
      new AzureRetryOptions(0, Duration.ofMillis(100), Duration.ofMillis(100));

  private final AzureSimulator simulator;
  private final SnapshotSource snapshots;
  private final List<String> registrySubscriptions;
  private final List<String> vaultSubscriptions;
  private final List<String> notes;
  private final Map<String, String> vaultSuffixes;

  private OfflineAzure(
      AzureSimulator simulator,
      boolean roleAssignmentsCollected,
      List<String> registrySubscriptions,
      List<String> vaultSubscriptions,
      List<String> notes,
      Map<String, String> vaultSuffixes) {
    this.simulator = simulator;
    this.vaultSuffixes = Map.copyOf(vaultSuffixes);
    this.snapshots =
        new OfflineSnapshotSource(
            new AzureSnapshotLoader(simulator.connection(), NO_RETRIES, Clock.systemUTC()),
            roleAssignmentsCollected);
    this.registrySubscriptions = List.copyOf(registrySubscriptions);
    this.vaultSubscriptions = List.copyOf(vaultSubscriptions);
    this.notes = List.copyOf(notes);
  }

  /**
   * Reads every {@code .json} file of {@code folder} (not its subfolders) and loads the resources
   * into a new simulator. Nothing is skipped silently: a file that is not JSON, or a document that
   * is not one of the recognised shapes, fails the load with a message naming the file.
   *
   * @throws OfflineLoadException listing every problem found
   */
  public static OfflineAzure load(Path folder) throws OfflineLoadException {
    if (!Files.isDirectory(folder)) {
      throw new OfflineLoadException(List.of(folder + ": no such folder"));
    }
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<DocumentShapes.Item> items = new ArrayList<>();
    List<Path> files = jsonFiles(folder, notes);
    if (files.isEmpty()) {
      throw new OfflineLoadException(
          List.of(
              folder
                  + ": holds no .json file; save each az command's output (JSON is its default)"
                  + " to a file ending in .json"));
    }
    for (Path file : files) {
      readFile(file, items, problems, notes);
    }
    if (!problems.isEmpty()) {
      throw new OfflineLoadException(problems);
    }

    items.sort(Comparator.comparing(DocumentShapes.Item::kind));
    AzureSimulator simulator =
        AzureSimulator.start(
            SimulatorOptions.defaults().enforceRateLimits(false).enforceVaultFirewall(false));
    for (DocumentShapes.Item item : items) {
      try {
        simulator.importArm(item.document().toString());
      } catch (IllegalArgumentException e) {
        problems.add(item.origin() + ": cannot be loaded: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      simulator.close();
      throw new OfflineLoadException(problems);
    }
    notes.addAll(attributeOnlyKeyNotes(items));
    return new OfflineAzure(
        simulator,
        items.stream().anyMatch(item -> item.kind() == DocumentShapes.Kind.ROLE_ASSIGNMENT),
        subscriptionsOf(items, DocumentShapes.Kind.REGISTRY),
        subscriptionsOf(items, DocumentShapes.Kind.VAULT),
        notes,
        vaultSuffixes(items));
  }

  /** Returns the DNS suffix each vault had in the collected documents, keyed by vault name. */
  private static Map<String, String> vaultSuffixes(List<DocumentShapes.Item> items) {
    Map<String, String> suffixes = new LinkedHashMap<>();
    for (DocumentShapes.Item item : items) {
      Matcher matcher = COLLECTED_VAULT_URL.matcher(item.document().toString());
      while (matcher.find()) {
        suffixes.putIfAbsent(
            matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2).toLowerCase(Locale.ROOT));
      }
    }
    return suffixes;
  }

  private static List<Path> jsonFiles(Path folder, List<String> notes) throws OfflineLoadException {
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> files = new ArrayList<>();
      for (Path entry : entries.sorted().toList()) {
        if (!Files.isRegularFile(entry)) {
          continue;
        }
        if (entry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
          files.add(entry);
        } else {
          notes.add("ignored " + entry + ": only .json files are read");
        }
      }
      return files;
    } catch (IOException e) {
      throw new OfflineLoadException(List.of(folder + ": cannot be listed: " + e.getMessage()));
    }
  }

  private static void readFile(
      Path file, List<DocumentShapes.Item> items, List<String> problems, List<String> notes) {
    String text;
    try {
      text = decode(Files.readAllBytes(file));
    } catch (IOException e) {
      problems.add(file + ": cannot be read: " + e.getMessage());
      return;
    }
    if (text.isBlank()) {
      problems.add(file + ": is empty; the command that should have filled it printed nothing");
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      problems.add(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not valid JSON: "
              + e.getOriginalMessage().replaceAll("\\s+", " ").trim());
      return;
    }
    if (node.isArray() && node.isEmpty()) {
      notes.add(file + ": an empty list; nothing to load");
      return;
    }
    try {
      items.addAll(DocumentShapes.read(node, file.toString()));
    } catch (DocumentShapes.UnrecognisedException e) {
      problems.add(e.getMessage());
    }
  }

  /**
   * Decodes a file as az writes it: UTF-8, with or without a byte order mark, or UTF-16 with one,
   * which PowerShell's {@code >} produces.
   */
  static String decode(byte[] bytes) {
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
      return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
    }
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf) {
      return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * Returns a note for each key with versions known only from a version list, whose type, size and
   * operations the simulator had to assume.
   */
  private static List<String> attributeOnlyKeyNotes(List<DocumentShapes.Item> items) {
    Set<String> described = new LinkedHashSet<>();
    for (DocumentShapes.Item item : items) {
      if (item.kind() == DocumentShapes.Kind.KEY_BUNDLE) {
        described.add(item.document().path("key").path("kid").asText().toLowerCase(Locale.ROOT));
      } else if (item.kind() == DocumentShapes.Kind.ARM_KEY) {
        String uri = item.document().path("properties").path("keyUriWithVersion").asText("");
        described.add(uri.toLowerCase(Locale.ROOT));
      }
    }
    Map<String, Integer> attributeOnly = new LinkedHashMap<>();
    for (DocumentShapes.Item item : items) {
      String kid = item.document().path("kid").asText("");
      if (item.kind() == DocumentShapes.Kind.KEY_VERSION_ITEM
          && !described.contains(kid.toLowerCase(Locale.ROOT))) {
        String key = kid.substring(0, kid.lastIndexOf('/'));
        attributeOnly.merge(key, 1, Integer::sum);
      }
    }
    List<String> notes = new ArrayList<>();
    attributeOnly.forEach(
        (key, count) ->
            notes.add(
                "key "
                    + key
                    + ": "
                    + count
                    + (count == 1 ? " version has" : " versions have")
                    + " only attributes (as az keyvault key list-versions prints them), so its"
                    + " type, size and operations are assumed to be RSA 2048 with wrapKey and"
                    + " unwrapKey; add az keyvault key show --id <kid> for the version in use"));
    return notes;
  }

  private static List<String> subscriptionsOf(
      List<DocumentShapes.Item> items, DocumentShapes.Kind kind) {
    Set<String> subscriptions = new LinkedHashSet<>();
    for (DocumentShapes.Item item : items) {
      if (item.kind() == kind) {
        Matcher matcher = SUBSCRIPTION.matcher(item.document().path("id").asText(""));
        if (matcher.find()) {
          subscriptions.add(matcher.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return new ArrayList<>(subscriptions);
  }

  /** Returns the snapshots the checks read, with uncollected resources reported as such. */
  public SnapshotSource snapshots() {
    return snapshots;
  }

  /** Returns a connection to the simulator that contains the documents, for list reads. */
  public AzureConnection connection() {
    return simulator.connection();
  }

  /** Returns the subscriptions of the collected registries, lower case. */
  public List<String> registrySubscriptions() {
    return registrySubscriptions;
  }

  /** Returns the subscriptions of the collected vaults, lower case. */
  public List<String> vaultSubscriptions() {
    return vaultSubscriptions;
  }

  /**
   * Returns {@code text} with the simulator's vault URLs put back as the collected documents wrote
   * them, such as {@code https://contoso-kv.vault.azure.net}, so that messages name the user's
   * vaults and not the in-process ones.
   */
  public String restoreVaultUrls(String text) {
    if (text == null) {
      return null;
    }
    Matcher matcher = SIMULATED_VAULT_URL.matcher(text);
    StringBuilder restored = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1).toLowerCase(Locale.ROOT);
      String suffix = vaultSuffixes.getOrDefault(name, DEFAULT_VAULT_SUFFIX);
      matcher.appendReplacement(
          restored, Matcher.quoteReplacement("https://" + name + "." + suffix));
    }
    matcher.appendTail(restored);
    return restored.toString();
  }

  /** Returns what the user should know about the folder: ignored files, assumed key details. */
  public List<String> notes() {
    return notes;
  }

  @Override
  public void close() {
    simulator.close();
  }
}
