package io.acrcmk.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.api.GoDuration;
import io.acrcmk.operator.api.GoQuote;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.PolicyTarget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads RegistryEncryptionPolicy documents from files, folders and standard input, and validates
 * each against the CRD schema as {@code kubectl apply} would. Every problem is collected with the
 * file and line it was found at, so one run reports them all.
 */
final class PolicyLoader {

  /** The file name that stands for standard input, as in {@code kubectl apply -f -}. */
  static final String STDIN = "-";

  private static final String API_VERSION =
      RegistryEncryptionPolicy.GROUP + "/" + RegistryEncryptionPolicy.VERSION;
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /**
   * The policies and problems found in the files.
   *
   * @param policies the valid policies, in file and document order
   * @param errors one line per problem, each starting with {@code file:line}
   * @param notes documents that were skipped on purpose, such as other kinds
   */
  record Result(List<LoadedPolicy> policies, List<String> errors, List<String> notes) {}

  private final CrdSchemaValidator validator;
  private final InputStream stdin;
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final List<LoadedPolicy> policies = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> seen = new LinkedHashMap<>();

  PolicyLoader(CrdSchemaValidator validator, InputStream stdin) {
    this.validator = validator;
    this.stdin = stdin;
  }

  /** Loads every policy that {@code paths} name: files, folders (not recursed into) or "-". */
  Result load(List<String> paths) {
    for (String path : paths) {
      if (STDIN.equals(path)) {
        readStdin();
      } else {
        loadPath(Path.of(path));
      }
    }
    return new Result(List.copyOf(policies), List.copyOf(errors), List.copyOf(notes));
  }

  /**
   * Loads policy documents already in memory, such as drafted ones. Each map key names where its
   * document came from, for messages.
   */
  Result loadDocuments(Map<String, ObjectNode> documentsByOrigin) {
    documentsByOrigin.forEach((origin, document) -> loadObject(path -> origin, document, ""));
    return new Result(List.copyOf(policies), List.copyOf(errors), List.copyOf(notes));
  }

  /** Says where a field of the object being loaded is, such as {@code policies.yaml:12}. */
  private interface Locator {
    String at(String path);
  }

  private void readStdin() {
    byte[] bytes;
    try {
      bytes = stdin.readAllBytes();
    } catch (IOException e) {
      errors.add("<stdin>: cannot be read: " + e.getMessage());
      return;
    }
    String text = decodeUtf8("<stdin>", bytes);
    if (text != null) {
      loadManifest("<stdin>", text, false);
    }
  }

  /**
   * Returns {@code bytes} as UTF-8 text, or null after adding an error that names the line of the
   * first byte that is not UTF-8, as in a binary file or one saved in another encoding.
   */
  private String decodeUtf8(String name, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      errors.add(
          name
              + ":"
              + line
              + ": not UTF-8 text (byte "
              + (in.position() + 1)
              + "); a manifest is YAML or JSON saved as UTF-8");
      return null;
    }
    return out.flip().toString();
  }

  private void loadPath(Path path) {
    if (Files.isDirectory(path)) {
      List<Path> manifests = manifestsIn(path);
      if (manifests.isEmpty()) {
        errors.add(path + ": the folder holds no .yaml, .yml or .json file");
      }
      manifests.forEach(this::loadFile);
    } else if (Files.isRegularFile(path)) {
      loadFile(path);
    } else {
      errors.add(path + ": no such file or folder");
    }
  }

  private List<Path> manifestsIn(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(PolicyLoader::isManifest)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private void loadFile(Path file) {
    String text;
    try {
      text = decodeUtf8(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      errors.add(file + ": cannot be read: " + e.getMessage());
      return;
    }
    if (text == null) {
      return;
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    loadManifest(file.toString(), text, json);
  }

  private void loadManifest(String name, String text, boolean json) {
    List<ManifestDocuments.Document> documents;
    try {
      documents = ManifestDocuments.parse(text, json);
    } catch (ManifestDocuments.SyntaxException e) {
      errors.add(
          name
              + ":"
              + e.line()
              + ":"
              + e.column()
              + ": not valid "
              + (json ? "JSON" : "YAML")
              + ": "
              + e.getMessage());
      return;
    }
    for (ManifestDocuments.Document document : documents) {
      if (document.content() != null) {
        loadObject(path -> name + ":" + document.lineOf(path), document.content(), "");
      }
    }
  }

  /**
   * Loads one object, found at {@code prefix} in {@code document}: the document itself, or an item
   * of a {@code kind: List}.
   */
  private void loadObject(Locator locator, JsonNode object, String prefix) {
    String at = locator.at(prefix);
    if (!object.isObject()) {
      errors.add(at + ": expected a Kubernetes object, got " + describe(object));
      return;
    }
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      errors.add(
          at
              + ": apiVersion and kind are required; a policy has apiVersion "
              + API_VERSION
              + " and kind "
              + RegistryEncryptionPolicy.KIND);
      return;
    }
    if ("List".equals(kind) && "v1".equals(apiVersion) && object.path("items").isArray()) {
      JsonNode items = object.get("items");
      for (int i = 0; i < items.size(); i++) {
        loadObject(locator, items.get(i), join(prefix, "items[" + i + "]"));
      }
      return;
    }

    if (!RegistryEncryptionPolicy.KIND.equals(kind)) {
      notes.add(at + ": skipped " + apiVersion + " " + kind + ", not a policy");
      return;
    }
    if (!API_VERSION.equals(apiVersion)) {
      errors.add(
          at + ": apiVersion " + apiVersion + " is not served; this version reads " + API_VERSION);
      return;
    }

    String name = checkMetadata(at, object.path("metadata"));
    if (name == null) {
      return;
    }
    List<String> rejections = validator.validate(object);
    if (!rejections.isEmpty()) {
      for (String rejection : rejections) {
        errors.add(locator.at(join(prefix, pathOf(rejection))) + ": " + name + ": " + rejection);
      }
      return;
    }
    accept(at, name, (ObjectNode) validator.withDefaults(object));
  }

  /** Checks the metadata the CRD schema leaves to the API server and returns the display name. */
  private String checkMetadata(String at, JsonNode metadata) {
    String name = metadata.path("name").asText("");
    String namespace = metadata.path("namespace").asText("");
    if (name.isEmpty()) {
      errors.add(at + ": metadata.name: Required value");
      return null;
    }
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add(
          at
              + ": metadata.name: Invalid value: "
              + GoQuote.quote(name)
              + ": must be lower-case letters, digits, '-' and '.', starting and ending with a"
              + " letter or digit");
      return null;
    }
    if (!namespace.isEmpty()
        && (namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches())) {
      errors.add(
          at
              + ": metadata.namespace: Invalid value: "
              + GoQuote.quote(namespace)
              + ": must be lower-case letters, digits and '-', at most 63 characters");
      return null;
    }
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  private void accept(String at, String name, ObjectNode defaulted) {
    RegistryEncryptionPolicy policy;
    PolicyTarget target;
    Duration warning;
    try {
      policy = serialization.convertValue(defaulted, RegistryEncryptionPolicy.class);
      target = PolicyTarget.from(policy.getSpec());
      warning = GoDuration.parse(policy.getSpec().getKeyExpiryWarning());
    } catch (IllegalArgumentException e) {
      // The schema accepts what these reject only for values it cannot express, such as a
      // resource ID of the wrong type in a field whose pattern another type also matches.
      errors.add(at + ": " + name + ": " + e.getMessage());
      return;
    }
    String earlier = seen.putIfAbsent(name, at);
    if (earlier != null) {
      errors.add(at + ": " + name + " is defined twice, first at " + earlier);
      return;
    }
    policies.add(new LoadedPolicy(at, defaulted, policy, target, warning));
  }

  /** Returns the field path a validator message starts with, such as {@code spec.key.name}. */
  static String pathOf(String rejection) {
    if (rejection.startsWith("unknown field \"")) {
      int end = rejection.indexOf('"', "unknown field \"".length());
      return end < 0 ? "" : rejection.substring("unknown field \"".length(), end);
    }
    int colon = rejection.indexOf(": ");
    String path = colon < 0 ? "" : rejection.substring(0, colon);
    return path.equals("<nil>") ? "" : path;
  }

  private static String join(String prefix, String path) {
    if (prefix.isEmpty() || path.isEmpty()) {
      return prefix + path;
    }
    return prefix + "." + path;
  }

  /** Returns the JSON type of {@code node} with its article, such as "an array". */
  private static String describe(JsonNode node) {
    String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
