package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code Vaults_UpdateAccessPolicy}: {@code add} merges the given permissions into the entry of the
 * same object ID, {@code replace} sets them, {@code remove} takes them away and drops an entry left
 * with no permission.
 */
final class AccessPolicyUpdates {

  private static final List<String> PERMISSION_KINDS =
      List.of("keys", "secrets", "certificates", "storage");

  private AccessPolicyUpdates() {}

  static void apply(ObjectNode vault, String operation, JsonNode changes) {
    ArrayNode policies = Json.arrayAt(vault, "properties/accessPolicies");
    for (JsonNode change : changes) {
      String objectId = change.path("objectId").asText(null);
      if (objectId == null) {
        throw SimulatorException.badRequest("BadRequest", "Every access policy needs an objectId.");
      }
      ObjectNode existing = find(policies, objectId);
      switch (operation.toLowerCase(Locale.ROOT)) {
        case "add" -> add(policies, existing, change);
        case "replace" -> replace(policies, existing, change);
        case "remove" -> remove(policies, existing, change);
        default ->
            throw SimulatorException.badRequest(
                "BadRequest",
                "Access policy operation must be add, replace or remove, got '" + operation + "'.");
      }
    }
  }

  private static void add(ArrayNode policies, ObjectNode existing, JsonNode change) {
    if (existing == null) {
      policies.add(change.deepCopy());
      return;
    }
    for (String kind : PERMISSION_KINDS) {
      Set<String> merged = new LinkedHashSet<>(permissions(existing, kind));
      merged.addAll(permissions(change, kind));
      Json.objectAt(existing, "permissions").set(kind, Json.arrayOf(List.copyOf(merged)));
    }
  }

  private static void replace(ArrayNode policies, ObjectNode existing, JsonNode change) {
    if (existing != null) {
      existing.set("permissions", change.path("permissions").deepCopy());
    } else {
      policies.add(change.deepCopy());
    }
  }

  private static void remove(ArrayNode policies, ObjectNode existing, JsonNode change) {
    if (existing == null) {
      return;
    }
    boolean empty = true;
    for (String kind : PERMISSION_KINDS) {
      Set<String> remaining = new LinkedHashSet<>(permissions(existing, kind));
      permissions(change, kind).forEach(permission -> removeIgnoringCase(remaining, permission));
      Json.objectAt(existing, "permissions").set(kind, Json.arrayOf(List.copyOf(remaining)));
      empty &= remaining.isEmpty();
    }
    if (empty) {
      for (int i = 0; i < policies.size(); i++) {
        if (policies.get(i) == existing) {
          policies.remove(i);
          return;
        }
      }
    }
  }

  private static void removeIgnoringCase(Set<String> values, String value) {
    values.removeIf(candidate -> candidate.equalsIgnoreCase(value));
  }

  private static List<String> permissions(JsonNode policy, String kind) {
    return Json.strings(policy.path("permissions").path(kind));
  }

  private static ObjectNode find(ArrayNode policies, String objectId) {
    for (JsonNode policy : policies) {
      if (objectId.equalsIgnoreCase(policy.path("objectId").asText())) {
        return (ObjectNode) policy;
      }
    }
    return null;
  }
}
