package io.acrcmk.operator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the real Azure example payloads kept beside the repository and splits every file into the
 * response bodies it contains: one body for a spec example, one per call for a recording.
 */
final class AzureFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path RELATIVE = Path.of("shared", "fixtures", "azure");

  /** What a response body is, judged from its shape and the request that produced it. */
  enum PayloadKind {
    REGISTRY,
    IDENTITY,
    VAULT,
    DELETED_VAULT,
    DELETED_VAULT_LIST,
    KEY,
    KEY_VERSION_LIST,
    ROLE_ASSIGNMENT_LIST,
    DELETED_KEY,
    DELETED_KEY_NOT_FOUND,
    DATA_PLANE_KEY,
    DATA_PLANE_KEY_VERSION_LIST,
    DATA_PLANE_KEY_NOT_FOUND,
    AUTHENTICATION_CHALLENGE,
    RESOURCE_GROUP,
    RESOURCE_LIST,
    OPERATION_STATUS,
    UNKNOWN
  }

  /**
   * One response body of a fixture file.
   *
   * @param source the file name, plus the call's position for recordings
   * @param method the request method, or null for spec examples
   * @param uri the request URI, or null for spec examples
   * @param status the response status
   * @param body the parsed body, or null when it was empty
   * @param text the body as sent
   */
  record Payload(String source, String method, String uri, int status, JsonNode body, String text) {

    PayloadKind kind() {
      return kindOf(this);
    }
  }

  private AzureFixtures() {}

  /**
   * Returns the fixtures folder: {@code ../shared/fixtures/azure} relative to the repository root
   * (the {@code acrcmk.repoRoot} property surefire sets, else the working directory), or the same
   * folder under one of the root's ancestors, as in a git worktree kept below the project folder.
   */
  static Optional<Path> folder() {
    Path root = Path.of(System.getProperty("acrcmk.repoRoot", "")).toAbsolutePath().normalize();
    for (Path candidate = root; candidate != null; candidate = candidate.getParent()) {
      Path folder = candidate.resolve(RELATIVE);
      if (Files.isDirectory(folder)) {
        return Optional.of(folder);
      }
    }
    return Optional.empty();
  }

  /** Returns every regular file below {@code folder}, sorted by path. */
  static List<Path> files(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the response bodies of one fixture file, or an empty list for a file whose layout is
   * not known (the caller treats that as a failure).
   */
  static List<Payload> payloads(Path folder, Path file) throws IOException {
    String name = folder.relativize(file).toString().replace('\\', '/');
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return cassette(name, YAML.readTree(file.toFile()));
    }
    if (!lower.endsWith(".json")) {
      return List.of();
    }
    JsonNode root = JSON.readTree(file.toFile());
    if (root.has("networkCallRecords")) {
      return networkCallRecords(name, root.get("networkCallRecords"));
    }
    if (root.has("responses")) {
      return specExample(name, root.get("responses"));
    }
    return List.of();
  }

  /** Takes the first 2xx response of an x-ms-examples file. */
  private static List<Payload> specExample(String name, JsonNode responses) {
    for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> response = it.next();
      if (response.getKey().startsWith("2") && response.getValue().has("body")) {
        JsonNode body = response.getValue().get("body");
        int status = Integer.parseInt(response.getKey());
        return List.of(new Payload(name, null, null, status, body, body.toString()));
      }
    }
    return List.of();
  }

  /** Reads the azure-sdk-for-java recording layout: the body is a JSON string. */
  private static List<Payload> networkCallRecords(String name, JsonNode records) {
    List<Payload> payloads = new ArrayList<>();
    int index = 0;
    for (JsonNode record : records) {
      JsonNode response = record.path("Response");
      String text = response.path("Body").asText("");
      payloads.add(
          new Payload(
              name + " call " + index++,
              record.path("Method").asText(),
              record.path("Uri").asText(),
              Integer.parseInt(response.path("StatusCode").asText("0")),
              parse(text),
              text));
    }
    return payloads;
  }

  /** Reads the vcrpy cassette layout of azure-cli recordings. */
  private static List<Payload> cassette(String name, JsonNode root) {
    List<Payload> payloads = new ArrayList<>();
    int index = 0;
    for (JsonNode interaction : root.path("interactions")) {
      JsonNode response = interaction.path("response");
      String text = response.path("body").path("string").asText("");
      payloads.add(
          new Payload(
              name + " call " + index++,
              interaction.path("request").path("method").asText(),
              interaction.path("request").path("uri").asText(),
              response.path("status").path("code").asInt(),
              parse(text),
              text));
    }
    return payloads;
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private static PayloadKind kindOf(Payload payload) {
    JsonNode body = payload.body();
    String uri = payload.uri() == null ? "" : payload.uri().toLowerCase(Locale.ROOT);
    if (body == null) {
      return PayloadKind.UNKNOWN;
    }
    if (body.has("error")) {
      return errorKind(payload, uri);
    }
    if (uri.contains("/operationstatuses/")) {
      return PayloadKind.OPERATION_STATUS;
    }
    if (uri.contains("/resources?")) {
      return PayloadKind.RESOURCE_LIST;
    }
    if (body.has("value") && body.get("value").isArray()) {
      return listKind(body.get("value"));
    }
    if (body.has("recoveryId")) {
      return PayloadKind.DELETED_KEY;
    }
    if (body.path("key").has("kid")) {
      return PayloadKind.DATA_PLANE_KEY;
    }
    return typeKind(body.path("type").asText(""));
  }

  private static PayloadKind errorKind(Payload payload, String uri) {
    String code = payload.body().path("error").path("code").asText("");
    if (payload.status() == 401 && code.equals("Unauthorized")) {
      return PayloadKind.AUTHENTICATION_CHALLENGE;
    }
    if (payload.status() == 404 && uri.contains("/deletedkeys/")) {
      return PayloadKind.DELETED_KEY_NOT_FOUND;
    }
    if (payload.status() == 404 && uri.contains("/keys/")) {
      return PayloadKind.DATA_PLANE_KEY_NOT_FOUND;
    }
    return PayloadKind.UNKNOWN;
  }

  private static PayloadKind listKind(JsonNode items) {
    if (items.isEmpty()) {
      return PayloadKind.UNKNOWN;
    }
    JsonNode first = items.get(0);
    if (first.has("kid")) {
      return PayloadKind.DATA_PLANE_KEY_VERSION_LIST;
    }
    return switch (first.path("type").asText("").toLowerCase(Locale.ROOT)) {
      case "microsoft.keyvault/deletedvaults" -> PayloadKind.DELETED_VAULT_LIST;
      case "microsoft.keyvault/vaults/keys/versions" -> PayloadKind.KEY_VERSION_LIST;
      case "microsoft.authorization/roleassignments" -> PayloadKind.ROLE_ASSIGNMENT_LIST;
      default -> PayloadKind.UNKNOWN;
    };
  }

  private static PayloadKind typeKind(String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "microsoft.containerregistry/registries" -> PayloadKind.REGISTRY;
      case "microsoft.managedidentity/userassignedidentities" -> PayloadKind.IDENTITY;
      case "microsoft.keyvault/vaults" -> PayloadKind.VAULT;
      case "microsoft.keyvault/deletedvaults" -> PayloadKind.DELETED_VAULT;
      case "microsoft.keyvault/vaults/keys" -> PayloadKind.KEY;
      case "microsoft.resources/resourcegroups" -> PayloadKind.RESOURCE_GROUP;
      default -> PayloadKind.UNKNOWN;
    };
  }
}
