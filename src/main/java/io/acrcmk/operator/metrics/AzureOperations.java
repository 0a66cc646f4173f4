package io.acrcmk.operator.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names an Azure request by the service it goes to and the Azure RBAC action it performs, such as
 * {@code Microsoft.KeyVault/vaults/keys/versions/read}, so that the request counter has a small,
 * fixed set of label values and its operations read like the actions in the operator's role
 * definitions. Resource names never appear in the result.
 */
public final class AzureOperations {

  /** The service label of Azure Resource Manager requests. */
  public static final String ARM = "arm";

  /** The service label of Key Vault data-plane requests. */
  public static final String KEY_VAULT = "keyvault";

  /** The operation label of requests outside the resource types the operator reads or heals. */
  public static final String OTHER = "other";

  /** Resource providers whose types the operator reads or heals, by lower-case namespace. */
  private static final Map<String, String> PROVIDERS =
      Map.of(
          "microsoft.containerregistry", "Microsoft.ContainerRegistry",
          "microsoft.managedidentity", "Microsoft.ManagedIdentity",
          "microsoft.keyvault", "Microsoft.KeyVault",
          "microsoft.authorization", "Microsoft.Authorization");

  /** Key Vault data-plane collections the operator uses, by lower-case path segment. */
  private static final Map<String, String> DATA_PLANE_COLLECTIONS =
      Map.of("keys", "keys", "deletedkeys", "deletedKeys");

  /** A resource type or action segment: a word, never a resource name with other characters. */
  private static final Pattern TYPE_SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

  private AzureOperations() {}

  /** Returns {@link #ARM} for a Resource Manager path and {@link #KEY_VAULT} for any other. */
  public static String service(String path) {
    String lower = path == null ? "" : path.toLowerCase(Locale.ROOT);
    return lower.startsWith("/subscriptions/") || lower.startsWith("/providers/") ? ARM : KEY_VAULT;
  }

  /**
   * Returns the action of a request, or {@link #OTHER} when the path is not one the operator sends.
   *
   * @param method the HTTP method, such as GET
   * @param path the URL path, without the query
   */
  public static String operation(String method, String path) {
    List<String> segments = segments(path);
    return ARM.equals(service(path))
        ? armOperation(method, segments)
        : dataPlaneOperation(method, segments);
  }

  /**
   * Maps an ARM path to {@code Namespace/type[/subtype...]/verb}. The last {@code providers}
   * segment wins, so an extension resource such as a role assignment under a vault is named by its
   * own type. After the namespace, types and names alternate; an odd count means the path ends in a
   * collection, or, for POST, in an action.
   */
  private static String armOperation(String method, List<String> segments) {
    int providers = -1;
    for (int i = 0; i < segments.size(); i++) {
      if ("providers".equalsIgnoreCase(segments.get(i))) {
        providers = i;
      }
    }
    if (providers < 0 || providers + 2 >= segments.size()) {
      return OTHER;
    }
    String namespace = PROVIDERS.get(segments.get(providers + 1).toLowerCase(Locale.ROOT));
    List<String> rest = segments.subList(providers + 2, segments.size());
    List<String> types = new ArrayList<>();
    for (int i = 0; i < rest.size(); i += 2) {
      types.add(rest.get(i));
    }
    if (namespace == null || !types.stream().allMatch(t -> TYPE_SEGMENT.matcher(t).matches())) {
      return OTHER;
    }
    String verb = verb(method);
    if ("POST".equalsIgnoreCase(method) && rest.size() % 2 == 1 && types.size() > 1) {
      // POST .../registries/{name}/listCredentials names the action in its last segment.
      String action = types.remove(types.size() - 1);
      verb = action + "/action";
    }
    return verb == null ? OTHER : namespace + "/" + String.join("/", types) + "/" + verb;
  }

  /**
   * Maps a Key Vault path such as {@code /keys/{name}/{version}} or {@code
   * /deletedkeys/{name}/recover} to the data action it needs.
   */
  private static String dataPlaneOperation(String method, List<String> segments) {
    if (segments.isEmpty()) {
      return OTHER;
    }
    String collection = DATA_PLANE_COLLECTIONS.get(segments.get(0).toLowerCase(Locale.ROOT));
    if (collection == null) {
      return OTHER;
    }
    String verb = verb(method);
    if ("POST".equalsIgnoreCase(method)) {
      if (segments.size() != 3 || !TYPE_SEGMENT.matcher(segments.get(2)).matches()) {
        return OTHER;
      }
      verb = segments.get(2) + "/action";
    }
    return verb == null ? OTHER : "Microsoft.KeyVault/vaults/" + collection + "/" + verb;
  }

  private static String verb(String method) {
    return switch (method == null ? "" : method.toUpperCase(Locale.ROOT)) {
      case "GET", "HEAD" -> "read";
      case "PUT", "PATCH" -> "write";
      case "DELETE" -> "delete";
      case "POST" -> "action";
      default -> null;
    };
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    if (path == null) {
      return segments;
    }
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }
}
