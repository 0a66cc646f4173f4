package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Path patterns and resource ID builders shared by the ARM routes. */
final class ArmPaths {

  static final String SUBSCRIPTION = "/subscriptions/([^/]+)";
  static final String GROUP = SUBSCRIPTION + "/resourceGroups/([^/]+)";
  static final String NAME = "([^/]+)";

  private ArmPaths() {}

  static String resourceId(String subscription, String group, String type, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + group
        + "/providers/"
        + type
        + "/"
        + name;
  }

  /** Returns whether an ID belongs to the subscription (and group, when not null). */
  static boolean inScope(String id, String subscription, String group) {
    String lower = id.toLowerCase(Locale.ROOT);
    String prefix = "/subscriptions/" + subscription.toLowerCase(Locale.ROOT) + "/";
    if (group != null) {
      prefix += "resourcegroups/" + group.toLowerCase(Locale.ROOT) + "/";
    }
    return lower.startsWith(prefix);
  }

  /** Returns the resource group segment of an ID, or null. */
  static String groupOf(String id) {
    String[] parts = id.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("resourceGroups")) {
        return parts[i + 1];
      }
    }
    return null;
  }

  /** Returns the subscription segment of an ID, or null. */
  static String subscriptionOf(String id) {
    String[] parts = id.split("/");
    for (int i = 0; i + 1 < parts.length; i++) {
      if (parts[i].equalsIgnoreCase("subscriptions")) {
        return parts[i + 1];
      }
    }
    return null;
  }

  /** Wraps documents in ARM's list shape, {@code {"value":[...]}} with no further page. */
  static ObjectNode page(List<ObjectNode> items) {
    ObjectNode body = Json.object();
    ArrayNode value = body.putArray("value");
    items.forEach(value::add);
    return body;
  }
}
