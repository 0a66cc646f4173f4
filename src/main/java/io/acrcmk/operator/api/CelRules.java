package io.acrcmk.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluator of a CRD's {@code x-kubernetes-validations} rules on create, as kube-apiserver runs
 * them: each rule with {@code self} bound to the value it sits on, {@code oldSelf} absent, and
 * transition rules (those that read {@code oldSelf}) skipped.
 *
 * <p>The environment is the CEL standard library with its macros ({@code has}, {@code all}, {@code
 * exists}, {@code exists_one}, {@code map}, {@code filter}). It covers what this project's rules
 * call, including {@code duration()} with Go duration strings such as {@code 1h30m} and {@code
 * matches()}. Kubernetes adds libraries of its own (lists, regex, URLs, quantities, IP addresses).
 * A rule that calls one of those fails to compile here, so the evaluator raises an error naming the
 * rule instead of passing it. Rule cost limits are not enforced.
 */
final class CelRules {

  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");

  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Evaluates every rule in {@code schema} that sits on a value present in {@code object}. */
  List<FieldError> evaluate(JsonNode schema, JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    walk(schema, object, "", errors);
    return errors;
  }

  private void walk(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
    if (value == null || value.isNull() || schema == null) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, schema.path("type").asText("object"), value, path, errors);
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      properties
          .fields()
          .forEachRemaining(
              property ->
                  walk(
                      property.getValue(),
                      value.get(property.getKey()),
                      StructuralSchema.child(path, property.getKey()),
                      errors));
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        value
            .fields()
            .forEachRemaining(
                field -> {
                  if (!properties.has(field.getKey())) {
                    walk(
                        additional,
                        field.getValue(),
                        StructuralSchema.key(path, field.getKey()),
                        errors);
                  }
                });
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), StructuralSchema.index(path, i), errors);
      }
    }
  }

  private void check(
      JsonNode rule, String schemaType, JsonNode value, String path, List<FieldError> errors) {
    String expression = rule.path("rule").asText();
    if (OLD_SELF.matcher(expression).find()) {
      if (rule.path("optionalOldSelf").asBoolean(false)) {
        throw new UnsupportedOperationException(
            "rule with optionalOldSelf is not supported by this evaluator: " + expression);
      }
      return;
    }
    String errorPath = path + rule.path("fieldPath").asText("");
    TextNode typeName = TextNode.valueOf(schemaType);
    Object self = toCel(value);
    Object result;
    try {
      result = program(expression).eval(Map.of("self", self));
    } catch (CelEvaluationException e) {
      errors.add(
          new FieldError(
              FieldError.Type.INVALID,
              errorPath,
              typeName,
              e.getMessage() + " evaluating rule: " + ruleErrorString(rule)));
      return;
    }
    if (!(result instanceof Boolean)) {
      throw new IllegalStateException(
          "rule " + expression + " returned " + result + " instead of a boolean");
    }
    if (!(Boolean) result) {
      errors.add(failure(rule, errorPath, typeName, message(rule, self)));
    }
  }

  private static FieldError failure(JsonNode rule, String path, TextNode typeName, String detail) {
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueForbidden" -> new FieldError(FieldError.Type.FORBIDDEN, path, null, detail);
      case "FieldValueRequired" -> new FieldError(FieldError.Type.REQUIRED, path, null, detail);
      case "FieldValueDuplicate" -> new FieldError(FieldError.Type.DUPLICATE, path, typeName, "");
      default -> new FieldError(FieldError.Type.INVALID, path, typeName, detail);
    };
  }

  /** Returns the message the API server shows for a failed rule, as its validator builds it. */
  private String message(JsonNode rule, Object self) {
    String messageExpression = rule.path("messageExpression").asText("");
    if (!messageExpression.isEmpty()) {
      try {
        Object message = program(messageExpression).eval(Map.of("self", self));
        if (message instanceof String text && !text.isBlank()) {
          return text;
        }
      } catch (CelEvaluationException e) {
        // The API server falls back to the static message when messageExpression fails.
      }
    }
    String message = rule.path("message").asText("");
    return message.isEmpty() ? "failed rule: " + ruleErrorString(rule) : message.trim();
  }

  private static String ruleErrorString(JsonNode rule) {
    String message = rule.path("message").asText("");
    return message.isEmpty() ? rule.path("rule").asText().trim() : message.trim();
  }

  private CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(
        expression,
        text -> {
          try {
            return cel.createProgram(cel.compile(text).getAst());
          } catch (CelValidationException e) {
            throw new IllegalStateException(
                "CEL rule does not compile with the standard library: " + text + "\n" + e, e);
          } catch (CelEvaluationException e) {
            throw new IllegalStateException("CEL rule cannot be planned: " + text, e);
          }
        });
  }

  /** Converts JSON to the values CEL's runtime works on, with integers as 64-bit longs. */
  static Object toCel(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(field -> map.put(field.getKey(), toCel(field.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.longValue();
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    return NullValue.NULL_VALUE;
  }
}
