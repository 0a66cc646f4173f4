package io.acrcmk.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates RegistryEncryptionPolicy documents against the generated CRD and returns the rejection
 * messages {@code kubectl apply} would print, one per field error, such as {@code spec.key:
 * Required value}.
 *
 * <p>It follows kube-apiserver's order for a create: strict field validation first (an unknown
 * field rejects the object on its own), then null pruning and defaulting, then the OpenAPI schema
 * (checked with networknt's OpenAPI 3.0 dialect), then {@code x-kubernetes-list-type}, then the CEL
 * rules. As the API server does, it skips the CEL rules when a schema error of the blocking kinds
 * exists (required, enum, type, maxLength, maxItems), and adds one message to report that.
 *
 * <p>Known differences from a real API server: the order of schema errors (here sorted by path),
 * the wording of CEL runtime errors (cel-java's, not cel-go's), metadata is not validated, and rule
 * cost limits are not enforced.
 */
public final class CrdSchemaValidator {

  /** The message the API server adds when a blocking schema error made it skip the CEL rules. */
  public static final String CEL_SKIPPED =
      "<nil>: Invalid value: null: some validation rules were not checked because the object was"
          + " invalid; correct the existing errors to complete validation";

  /** Classpath location of the CRD that the crd-generator-maven-plugin writes. */
  public static final String GENERATED_CRD_RESOURCE =
      "META-INF/fabric8/registryencryptionpolicies.acrcmk.io-v1.yml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final StructuralSchema structural;
  private final Schema openApiSchema;
  private final CelRules celRules = new CelRules();

  private CrdSchemaValidator(JsonNode crd) {
    JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    if (!schema.isObject()) {
      throw new IllegalArgumentException(
          "CRD has no spec.versions[0].schema.openAPIV3Schema: " + crd.path("metadata"));
    }
    this.structural = new StructuralSchema(schema);
    this.openApiSchema = SchemaRegistry.withDefaultDialect(dialectFor(schema)).getSchema(schema);
  }

  /**
   * Returns a validator for the CRD the build generated from the api classes, which the jar and the
   * test classpath both carry.
   *
   * @throws IllegalStateException when the CRD is not on the classpath
   */
  public static CrdSchemaValidator forGeneratedCrd() {
    try (InputStream crd =
        CrdSchemaValidator.class.getClassLoader().getResourceAsStream(GENERATED_CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(
            GENERATED_CRD_RESOURCE + " is not on the classpath; run ./mvnw process-classes");
      }
      return new CrdSchemaValidator(YAML.readTree(crd));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + GENERATED_CRD_RESOURCE, e);
    }
  }

  /** Returns a validator for the first version of {@code crd}, a parsed CRD document. */
  public static CrdSchemaValidator forCrd(JsonNode crd) {
    return new CrdSchemaValidator(crd);
  }

  /** Parses one YAML document and validates it; see {@link #validate(JsonNode)}. */
  public List<String> validate(String yaml) {
    try {
      return validate(YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException("not a YAML document: " + yaml, e);
    }
  }

  /**
   * Returns the messages kube-apiserver would reject {@code document} with on create, or an empty
   * list when it would accept it. The status is dropped first, as the API server drops it on create
   * when the status subresource is on.
   */
  public List<String> validate(JsonNode document) {
    ObjectNode object = requireObject(document).deepCopy();
    object.remove("status");
    return check(object);
  }

  /** Returns the messages kube-apiserver would reject a write of the whole object to /status. */
  public List<String> validateStatusWrite(JsonNode document) {
    return check(requireObject(document).deepCopy());
  }

  /** Returns a copy of {@code document} with the schema's defaults applied. */
  public JsonNode withDefaults(JsonNode document) {
    ObjectNode object = requireObject(document).deepCopy();
    structural.pruneNullsAndApplyDefaults(object);
    return object;
  }

  private List<String> check(ObjectNode object) {
    List<String> unknown = structural.unknownFields(object);
    if (!unknown.isEmpty()) {
      return unknown.stream().map(path -> "unknown field \"" + path + "\"").toList();
    }
    structural.pruneNullsAndApplyDefaults(object);

    List<FieldError> errors = new ArrayList<>(schemaErrors(object));
    errors.addAll(structural.listTypeErrors(object));
    List<String> messages = new ArrayList<>(errors.stream().map(FieldError::message).toList());
    if (errors.stream().anyMatch(error -> error.type().blocksCel())) {
      messages.add(CEL_SKIPPED);
    } else {
      celRules.evaluate(structural.root(), object).forEach(e -> messages.add(e.message()));
    }
    return messages;
  }

  private List<FieldError> schemaErrors(JsonNode object) {
    return openApiSchema.validate(object).stream()
        .map(CrdSchemaValidator::toFieldError)
        .sorted(Comparator.comparing(FieldError::path))
        .toList();
  }

  /** Translates a networknt error into the field error kube-openapi reports for the keyword. */
  private static FieldError toFieldError(Error error) {
    String path = fieldPath(error.getInstanceLocation());
    JsonNode value = error.getInstanceNode();
    JsonNode keywordValue = error.getSchemaNode();
    return switch (error.getKeyword()) {
      case "required" ->
          new FieldError(
              FieldError.Type.REQUIRED,
              StructuralSchema.child(path, error.getProperty()),
              null,
              "");
      case "enum" ->
          new FieldError(FieldError.Type.NOT_SUPPORTED, path, value, supportedValues(keywordValue));
      case "type" ->
          new FieldError(
              FieldError.Type.TYPE_INVALID,
              path,
              TextNode.valueOf(jsonType(value)),
              path
                  + " in body must be of type "
                  + keywordValue.asText()
                  + ": "
                  + FieldError.goQuote(jsonType(value)));
      case "pattern" -> invalid(path, value, "should match '" + keywordValue.asText() + "'");
      case "maxLength" ->
          new FieldError(
              FieldError.Type.TOO_LONG,
              path,
              null,
              "may not be more than " + keywordValue.asInt() + " bytes");
      case "minLength" ->
          invalid(path, value, "should be at least " + keywordValue.asInt() + " chars long");
      case "maxItems" ->
          new FieldError(
              FieldError.Type.TOO_MANY,
              path,
              IntNode.valueOf(value.size()),
              "must have at most " + keywordValue.asInt() + " items");
      case "minItems" ->
          invalid(path, value, "should have at least " + keywordValue.asInt() + " items");
      case "minimum" ->
          invalid(
              path,
              value,
              "should be greater than or equal to " + FieldError.formatValue(keywordValue));
      case "maximum" ->
          invalid(
              path,
              value,
              "should be less than or equal to " + FieldError.formatValue(keywordValue));
      default ->
          new FieldError(FieldError.Type.INVALID, path, value, path + " " + error.getMessage());
    };
  }

  private static FieldError invalid(String path, JsonNode value, String rule) {
    return new FieldError(FieldError.Type.INVALID, path, value, path + " in body " + rule);
  }

  private static String supportedValues(JsonNode allowed) {
    List<String> quoted = new ArrayList<>();
    allowed.forEach(
        value ->
            quoted.add(
                value.isTextual()
                    ? FieldError.goQuote(value.textValue())
                    : FieldError.goQuote(value.toString())));
    return "supported values: " + String.join(", ", quoted);
  }

  private static String jsonType(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case NULL, MISSING -> "null";
      case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
      default -> value.getNodeType().name().toLowerCase();
    };
  }

  /** Converts a JSON Pointer-like location into a Kubernetes field path: a.b[0].c. */
  private static String fieldPath(NodePath location) {
    String path = "";
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path =
          element instanceof Integer index
              ? StructuralSchema.index(path, index)
              : StructuralSchema.child(path, element.toString());
    }
    return path;
  }

  /** OpenAPI 3.0 keywords plus the Kubernetes extensions the schema uses, which carry no checks. */
  private static Dialect dialectFor(JsonNode schema) {
    Set<String> extensions = new TreeSet<>();
    collectExtensions(schema, extensions);
    Dialect.Builder dialect =
        Dialect.builder("https://acrcmk.io/crd-openapi-v3", Dialects.getOpenApi30());
    extensions.forEach(name -> dialect.keyword(new NonValidationKeyword(name)));
    return dialect.build();
  }

  private static void collectExtensions(JsonNode schema, Set<String> extensions) {
    schema
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().startsWith("x-kubernetes-")) {
                extensions.add(field.getKey());
              } else if (field.getValue().isContainerNode()) {
                collectExtensions(field.getValue(), extensions);
              }
            });
    if (schema.isArray()) {
      schema.forEach(item -> collectExtensions(item, extensions));
    }
  }

  private static ObjectNode requireObject(JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("a custom resource must be a YAML mapping: " + document);
    }
    return (ObjectNode) document;
  }
}
