package io.acrcmk.operator.check;

import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.RegistryState.RegistryIdentity;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a registry's {@code identity} block. ARM spells the identity type in several ways ({@code
 * userAssigned}, {@code SystemAssigned, UserAssigned}) and the MSI provider lower-cases parts of
 * resource IDs, so types and IDs compare ignoring case and outer spaces.
 */
final class RegistryIdentities {

  private static final String SYSTEM_ASSIGNED = "systemassigned";
  private static final String USER_ASSIGNED = "userassigned";

  private RegistryIdentities() {}

  /** Returns the identity types as lower-case tokens; a type sent as "A, B" gives two tokens. */
  static Set<String> typeTokens(RegistryIdentity identity) {
    Set<String> tokens = new HashSet<>();
    if (identity == null || identity.type() == null) {
      return tokens;
    }
    for (String type : identity.type()) {
      if (type == null) {
        continue;
      }
      for (String token : type.split(",")) {
        if (!token.isBlank()) {
          tokens.add(token.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return tokens;
  }

  /**
   * Returns whether the registry has a system-assigned identity: a principal ID, as az acr
   * check-health requires, and a type that does not exclude it. An empty type list is treated as
   * unknown rather than as None.
   */
  static boolean hasSystemAssigned(RegistryState registry) {
    RegistryIdentity identity = registry.identity();
    if (identity == null || isBlank(identity.principalId())) {
      return false;
    }
    Set<String> types = typeTokens(identity);
    return types.isEmpty() || types.contains(SYSTEM_ASSIGNED);
  }

  /**
   * Returns the registry's entry for the declared user-assigned identity: the entry whose resource
   * ID is the declared one, or else whose client ID is {@code declaredClientId}.
   */
  static Optional<UserAssignedIdentityRef> declaredEntry(
      RegistryState registry, PolicyTarget target, String declaredClientId) {
    if (target.identity() == null) {
      return Optional.empty();
    }
    List<UserAssignedIdentityRef> entries = userAssignedEntries(registry);
    Optional<UserAssignedIdentityRef> byId =
        entries.stream().filter(entry -> target.identity().sameAs(entry.resourceId())).findFirst();
    if (byId.isPresent() || isBlank(declaredClientId)) {
      return byId;
    }
    return entries.stream()
        .filter(entry -> declaredClientId.strip().equalsIgnoreCase(strip(entry.clientId())))
        .findFirst();
  }

  /**
   * Returns whether the identity named in {@code keyVaultProperties.identity} is attached, as az
   * acr check-health decides before it reports CMK_ERROR. The value {@code system} needs a
   * system-assigned identity, and a client ID needs an attached user-assigned identity with that
   * client ID. Returns true when the registry has no customer-managed key, because then no identity
   * is in use.
   */
  static boolean encryptionIdentityAttached(RegistryState registry) {
    KeyVaultProperties keyVault = keyVaultProperties(registry);
    if (keyVault == null) {
      return true;
    }
    if (keyVault.usesSystemIdentity()) {
      return hasSystemAssigned(registry);
    }
    String clientId = strip(keyVault.identity());
    return !clientId.isEmpty()
        && userAssignedEntries(registry).stream()
            .anyMatch(entry -> clientId.equalsIgnoreCase(strip(entry.clientId())));
  }

  /**
   * Returns the attached user-assigned identities, or none when the identity type excludes them. An
   * empty type list is treated as unknown rather than as None.
   */
  static List<UserAssignedIdentityRef> userAssignedEntries(RegistryState registry) {
    RegistryIdentity identity = registry.identity();
    if (identity == null || identity.userAssignedIdentities() == null) {
      return List.of();
    }
    Set<String> types = typeTokens(identity);
    if (!types.isEmpty() && !types.contains(USER_ASSIGNED)) {
      return List.of();
    }
    return identity.userAssignedIdentities().stream().filter(entry -> entry != null).toList();
  }

  /** Returns the registry's {@code keyVaultProperties}, or null when it has none. */
  static KeyVaultProperties keyVaultProperties(RegistryState registry) {
    return registry == null || registry.encryption() == null
        ? null
        : registry.encryption().keyVault();
  }

  /** Returns how messages name the declared identity. */
  static String describeDeclared(PolicyTarget target) {
    return target.identityType() == IdentityType.SystemAssigned || target.identity() == null
        ? "the system-assigned identity of registry " + target.registry().name()
        : "identity " + target.identity();
  }

  /** Returns how messages name the identity in {@code keyVaultProperties.identity}. */
  static String describeInUse(KeyVaultProperties keyVault) {
    if (keyVault.usesSystemIdentity()) {
      return "its system-assigned identity";
    }
    return isBlank(keyVault.identity())
        ? "no identity"
        : "the identity with client ID " + keyVault.identity().strip();
  }

  static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  private static String strip(String text) {
    return text == null ? "" : text.strip();
  }
}
