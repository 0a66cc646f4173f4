package io.acrcmk.operator.azure;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed ARM resource ID of the form {@code
 * /subscriptions/<sub>/resourceGroups/<group>/providers/<namespace>/<type>/<name>}. Comparison is
 * case-insensitive, as ARM's is.
 *
 * @param subscriptionId the subscription GUID
 * @param resourceGroup the resource group name
 * @param providerNamespace the resource provider, such as Microsoft.KeyVault
 * @param resourceType the resource type, such as vaults
 * @param name the resource name
 */
public record ResourceId(
    String subscriptionId,
    String resourceGroup,
    String providerNamespace,
    String resourceType,
    String name) {

  private static final Pattern SHAPE =
      Pattern.compile(
          "^/subscriptions/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
              + "-[0-9a-fA-F]{12})/resourceGroups/([^/]{1,90})/providers/([^/]+)/([^/]+)/([^/]+)$",
          Pattern.CASE_INSENSITIVE);

  /** ACR registries. */
  public static final String REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";

  /** Key vaults. */
  public static final String VAULT_TYPE = "Microsoft.KeyVault/vaults";

  /** User-assigned managed identities. */
  public static final String IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

  /**
   * Parses {@code id} and checks that it names a resource of {@code expectedType}.
   *
   * @throws InvalidResourceIdException when {@code id} is not an ARM resource ID of that type
   */
  public static ResourceId parse(String id, String expectedType) {
    if (id == null || id.isBlank()) {
      throw new InvalidResourceIdException(
          "resource ID is missing; expected a " + expectedType + " ID");
    }
    Matcher matcher = SHAPE.matcher(id.trim());
    if (!matcher.matches()) {
      throw new InvalidResourceIdException(
          "'"
              + id
              + "' is not an ARM resource ID; expected /subscriptions/<id>/resourceGroups/<group>"
              + "/providers/"
              + expectedType
              + "/<name>");
    }
    ResourceId parsed =
        new ResourceId(
            matcher.group(1).toLowerCase(Locale.ROOT),
            matcher.group(2),
            matcher.group(3),
            matcher.group(4),
            matcher.group(5));
    if (!parsed.type().equalsIgnoreCase(expectedType)) {
      throw new InvalidResourceIdException(
          "'" + id + "' names a " + parsed.type() + ", expected a " + expectedType);
    }
    return parsed;
  }

  /** Returns the full type, such as {@code Microsoft.KeyVault/vaults}. */
  public String type() {
    return providerNamespace + "/" + resourceType;
  }

  /** Returns the canonical ID string. */
  @Override
  public String toString() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + type()
        + "/"
        + name;
  }

  /** Returns whether {@code other} names the same resource, ignoring case. */
  public boolean sameAs(String other) {
    return other != null && toString().equalsIgnoreCase(other.trim());
  }

  /** Returns whether two ID strings name the same resource, ignoring case and outer spaces. */
  public static boolean sameId(String left, String right) {
    Objects.requireNonNull(left, "left");
    return right != null && left.trim().equalsIgnoreCase(right.trim());
  }
}
