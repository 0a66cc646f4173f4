package io.acrcmk.operator.azure;

import com.azure.resourcemanager.containerregistry.models.IdentityProperties;
import com.azure.resourcemanager.containerregistry.models.ResourceIdentityType;
import com.azure.resourcemanager.containerregistry.models.UserIdentityProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The identities a registry must keep, built from its {@code identity} block as read, to which a
 * repair adds one. ACR's handling of a PATCH that leaves out an attached user-assigned identity is
 * not documented, so the block sent always lists every identity that must remain, as the CLI does.
 */
final class IdentityAssignment {

  private boolean systemAssigned;
  private final Map<String, UserIdentityProperties> userAssigned = new LinkedHashMap<>();

  private IdentityAssignment() {}

  /**
   * Reads the identities attached now. ARM may spell the type in lower camel case or without the
   * space after the comma, and the SDK cannot map such a type. In that case the principal ID and
   * the user-assigned map decide.
   */
  static IdentityAssignment of(IdentityProperties identity) {
    IdentityAssignment assignment = new IdentityAssignment();
    if (identity == null) {
      return assignment;
    }
    String type =
        identity.type() == null ? "" : identity.type().toString().toLowerCase(Locale.ROOT);
    boolean typeKnown = !type.isBlank() && !type.equals("none");
    assignment.systemAssigned =
        type.contains("systemassigned")
            || (!typeKnown && identity.principalId() != null && !identity.principalId().isBlank());
    boolean keepsUserAssigned = type.contains("userassigned") || !typeKnown;
    if (keepsUserAssigned && identity.userAssignedIdentities() != null) {
      // The inner fields are read-only; an empty object tells ARM to keep the identity.
      identity
          .userAssignedIdentities()
          .keySet()
          .forEach(id -> assignment.userAssigned.put(id, new UserIdentityProperties()));
    }
    return assignment;
  }

  /**
   * Adds {@code identity}, or the system-assigned identity when it is null.
   *
   * @return false when it is attached already, so there is nothing to send
   */
  boolean add(ResourceId identity) {
    if (identity == null) {
      if (systemAssigned) {
        return false;
      }
      systemAssigned = true;
      return true;
    }
    if (userAssigned.keySet().stream().anyMatch(identity::sameAs)) {
      return false;
    }
    userAssigned.put(identity.toString(), new UserIdentityProperties());
    return true;
  }

  /** Returns the {@code identity} block to send. */
  IdentityProperties toIdentityProperties() {
    ResourceIdentityType type;
    if (systemAssigned && !userAssigned.isEmpty()) {
      type = ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED;
    } else if (systemAssigned) {
      type = ResourceIdentityType.SYSTEM_ASSIGNED;
    } else {
      type = ResourceIdentityType.USER_ASSIGNED;
    }
    return new IdentityProperties()
        .withType(type)
        .withUserAssignedIdentities(
            userAssigned.isEmpty() ? null : new LinkedHashMap<>(userAssigned));
  }

  /** Returns how messages name the identities kept, such as "the system-assigned identity". */
  String describeKept() {
    if (!systemAssigned && userAssigned.isEmpty()) {
      return "no other identity";
    }
    StringBuilder text = new StringBuilder();
    if (systemAssigned) {
      text.append("the system-assigned identity");
    }
    if (!userAssigned.isEmpty()) {
      text.append(systemAssigned ? " and " : "")
          .append(userAssigned.size())
          .append(
              userAssigned.size() == 1 ? " user-assigned identity" : " user-assigned identities");
    }
    return text.toString();
  }
}
