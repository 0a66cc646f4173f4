package io.acrcmk.operator.azure;

import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import com.azure.resourcemanager.containerregistry.models.EncryptionProperty;
import com.azure.resourcemanager.containerregistry.models.IdentityProperties;
import com.azure.resourcemanager.containerregistry.models.ResourceIdentityType;
import com.azure.resourcemanager.keyvault.fluent.models.DeletedVaultInner;
import com.azure.resourcemanager.keyvault.fluent.models.KeyInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.DeletedVaultProperties;
import com.azure.resourcemanager.keyvault.models.IpRule;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.PrivateEndpointConnectionItem;
import com.azure.resourcemanager.keyvault.models.VaultProperties;
import com.azure.resourcemanager.keyvault.models.VirtualNetworkRule;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import com.azure.security.keyvault.keys.models.DeletedKey;
import io.acrcmk.operator.azure.snapshot.DeletedKeyState;
import io.acrcmk.operator.azure.snapshot.DeletedVaultState;
import io.acrcmk.operator.azure.snapshot.IdentityState;
import io.acrcmk.operator.azure.snapshot.KeyAttributes;
import io.acrcmk.operator.azure.snapshot.KeyState;
import io.acrcmk.operator.azure.snapshot.RegistryState;
import io.acrcmk.operator.azure.snapshot.RegistryState.Encryption;
import io.acrcmk.operator.azure.snapshot.RegistryState.KeyVaultProperties;
import io.acrcmk.operator.azure.snapshot.RegistryState.RegistryIdentity;
import io.acrcmk.operator.azure.snapshot.RegistryState.UserAssignedIdentityRef;
import io.acrcmk.operator.azure.snapshot.RoleAssignmentState;
import io.acrcmk.operator.azure.snapshot.RoleDefinitionState;
import io.acrcmk.operator.azure.snapshot.VaultState;
import io.acrcmk.operator.azure.snapshot.VaultState.AccessPolicy;
import io.acrcmk.operator.azure.snapshot.VaultState.NetworkAcls;
import io.acrcmk.operator.azure.snapshot.VaultState.PrivateEndpointConnection;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps the Azure SDK's generated models to the snapshot records. Strings are kept as Azure sent
 * them; only the registry's identity type is normalised. A response without a field the checks
 * cannot do without raises {@link InvalidAzureResponseException}.
 */
final class SnapshotMapper {

  private static final String SYSTEM_ASSIGNED = "SystemAssigned";
  private static final String USER_ASSIGNED = "UserAssigned";
  private static final String NONE = "None";

  private SnapshotMapper() {}

  static RegistryState registry(RegistryInner inner) {
    require(inner.id(), "registry", "id");
    require(inner.name(), "registry", "name");
    if (inner.sku() == null || inner.sku().name() == null) {
      throw missing("registry " + inner.id(), "sku.name");
    }
    // RegistryInner hides whether "properties" was present; every registry ARM returns carries a
    // provisioningState, so its absence marks a body without properties.
    if (inner.provisioningState() == null) {
      throw missing("registry " + inner.id(), "properties.provisioningState");
    }
    return new RegistryState(
        inner.id(),
        inner.name(),
        inner.location(),
        inner.sku().name().toString(),
        inner.provisioningState().toString(),
        registryIdentity(inner.identity()),
        encryption(inner.encryption()));
  }

  private static RegistryIdentity registryIdentity(IdentityProperties identity) {
    if (identity == null) {
      return null;
    }
    List<UserAssignedIdentityRef> userAssigned = new ArrayList<>();
    if (identity.userAssignedIdentities() != null) {
      identity
          .userAssignedIdentities()
          .forEach(
              (id, properties) ->
                  userAssigned.add(
                      new UserAssignedIdentityRef(
                          id,
                          properties == null ? null : properties.principalId(),
                          properties == null ? null : properties.clientId())));
    }
    return new RegistryIdentity(
        identityTypes(identity.type(), identity.principalId(), userAssigned),
        identity.principalId(),
        identity.tenantId(),
        List.copyOf(userAssigned));
  }

  /**
   * Splits {@code "SystemAssigned, UserAssigned"} into its parts. The SDK parses the type
   * case-insensitively, so ACR's lower-camel {@code "userAssigned"} arrives as {@code
   * USER_ASSIGNED}; a spelling the SDK does not know (for example without the space after the
   * comma) arrives as null, and the type is then inferred from the identities that are present.
   * {@code None} is kept, because it states that the registry has no identity even when the
   * response still lists a principal or user-assigned entries.
   */
  static List<String> identityTypes(
      ResourceIdentityType type, String principalId, List<UserAssignedIdentityRef> userAssigned) {
    if (type == null) {
      List<String> inferred = new ArrayList<>();
      if (principalId != null) {
        inferred.add(SYSTEM_ASSIGNED);
      }
      if (!userAssigned.isEmpty()) {
        inferred.add(USER_ASSIGNED);
      }
      return List.copyOf(inferred);
    }
    List<String> types = new ArrayList<>();
    for (String part : type.toString().split(",")) {
      String trimmed = part.trim();
      if (trimmed.equalsIgnoreCase(SYSTEM_ASSIGNED)) {
        types.add(SYSTEM_ASSIGNED);
      } else if (trimmed.equalsIgnoreCase(USER_ASSIGNED)) {
        types.add(USER_ASSIGNED);
      } else if (trimmed.equalsIgnoreCase(NONE)) {
        types.add(NONE);
      }
    }
    return List.copyOf(types);
  }

  private static Encryption encryption(EncryptionProperty encryption) {
    if (encryption == null) {
      return null;
    }
    var keyVault = encryption.keyVaultProperties();
    return new Encryption(
        text(encryption.status()),
        keyVault == null
            ? null
            : new KeyVaultProperties(
                keyVault.keyIdentifier(),
                keyVault.versionedKeyIdentifier(),
                keyVault.identity(),
                keyVault.keyRotationEnabled(),
                keyVault.lastKeyRotationTimestamp()));
  }

  static IdentityState identity(IdentityInner inner) {
    require(inner.id(), "identity", "id");
    require(inner.name(), "identity " + inner.id(), "name");
    require(inner.principalId(), "identity " + inner.id(), "properties.principalId");
    require(inner.clientId(), "identity " + inner.id(), "properties.clientId");
    return new IdentityState(
        inner.id(),
        inner.name(),
        text(inner.tenantId()),
        text(inner.principalId()),
        text(inner.clientId()));
  }

  static VaultState vault(VaultInner inner) {
    require(inner.id(), "vault", "id");
    require(inner.name(), "vault " + inner.id(), "name");
    VaultProperties properties = inner.properties();
    require(properties, "vault " + inner.id(), "properties");
    return new VaultState(
        inner.id(),
        inner.name(),
        inner.location(),
        text(properties.tenantId()),
        properties.vaultUri(),
        properties.enableSoftDelete(),
        properties.softDeleteRetentionInDays(),
        properties.enablePurgeProtection(),
        properties.enableRbacAuthorization(),
        properties.publicNetworkAccess(),
        networkAcls(properties.networkAcls()),
        // An omitted list means no entries: ARM's own example response for a vault created
        // without access policies (Vaults_CreateOrUpdate, api-version 2024-11-01) leaves it out.
        map(properties.accessPolicies(), SnapshotMapper::accessPolicy),
        map(properties.privateEndpointConnections(), SnapshotMapper::privateEndpointConnection));
  }

  private static NetworkAcls networkAcls(NetworkRuleSet acls) {
    if (acls == null) {
      return null;
    }
    return new NetworkAcls(
        text(acls.bypass()),
        text(acls.defaultAction()),
        map(acls.ipRules(), IpRule::value),
        map(acls.virtualNetworkRules(), VirtualNetworkRule::id));
  }

  private static AccessPolicy accessPolicy(AccessPolicyEntry entry) {
    List<String> keyPermissions =
        entry.permissions() == null ? List.of() : map(entry.permissions().keys(), Object::toString);
    return new AccessPolicy(
        text(entry.tenantId()), entry.objectId(), text(entry.applicationId()), keyPermissions);
  }

  private static PrivateEndpointConnection privateEndpointConnection(
      PrivateEndpointConnectionItem item) {
    var state = item.privateLinkServiceConnectionState();
    return new PrivateEndpointConnection(
        item.id(), state == null ? null : text(state.status()), text(item.provisioningState()));
  }

  static DeletedVaultState deletedVault(DeletedVaultInner inner) {
    require(inner.name(), "deleted vault", "name");
    DeletedVaultProperties properties = inner.properties();
    require(properties, "deleted vault " + inner.name(), "properties");
    return new DeletedVaultState(
        inner.name(),
        properties.vaultId(),
        properties.location(),
        properties.deletionDate(),
        properties.scheduledPurgeDate(),
        properties.purgeProtectionEnabled());
  }

  static KeyState key(KeyInner inner) {
    String where = "key " + (inner.id() == null ? inner.name() : inner.id());
    require(inner.keyUriWithVersion(), where, "properties.keyUriWithVersion");
    List<String> segments = pathSegments(inner.keyUriWithVersion());
    if (segments.size() < 3 || !segments.get(segments.size() - 3).equalsIgnoreCase("keys")) {
      throw new InvalidAzureResponseException(
          where
              + " has keyUriWithVersion '"
              + inner.keyUriWithVersion()
              + "', expected https://<vault>/keys/<name>/<version>");
    }
    var attributes = inner.attributes();
    return new KeyState(
        segments.get(segments.size() - 2),
        segments.get(segments.size() - 1),
        inner.keyUri(),
        inner.keyUriWithVersion(),
        text(inner.kty()),
        inner.keySize(),
        text(inner.curveName()),
        inner.keyOps() == null ? null : map(inner.keyOps(), Object::toString),
        attributes == null
            ? null
            : new KeyAttributes(
                attributes.enabled(),
                epochSeconds(attributes.notBefore()),
                epochSeconds(attributes.expires()),
                epochSeconds(attributes.created()),
                epochSeconds(attributes.updated()),
                text(attributes.recoveryLevel())));
  }

  static DeletedKeyState deletedKey(DeletedKey key) {
    require(key.getName(), "deleted key", "key.kid");
    return new DeletedKeyState(
        key.getName(),
        key.getRecoveryId(),
        instant(key.getDeletedOn()),
        instant(key.getScheduledPurgeDate()));
  }

  static RoleAssignmentState roleAssignment(RoleAssignmentInner inner) {
    String where = "role assignment " + inner.id();
    require(inner.roleDefinitionId(), where, "properties.roleDefinitionId");
    require(inner.scope(), where, "properties.scope");
    return new RoleAssignmentState(
        inner.id(), inner.scope(), inner.roleDefinitionId(), inner.principalId());
  }

  static RoleDefinitionState roleDefinition(RoleDefinitionInner inner) {
    require(inner.id(), "role definition", "id");
    // Every role definition ARM returns lists its permission blocks. Read as an empty list, a
    // missing one would report that the role grants nothing, a fault the operator has not seen.
    require(inner.permissions(), "role definition " + inner.id(), "properties.permissions");
    return new RoleDefinitionState(
        inner.id(), inner.roleName(), map(inner.permissions(), SnapshotMapper::permission));
  }

  private static RoleDefinitionState.Permission permission(PermissionInner inner) {
    return new RoleDefinitionState.Permission(
        copy(inner.actions()),
        copy(inner.notActions()),
        copy(inner.dataActions()),
        copy(inner.notDataActions()));
  }

  /** Returns the last path segment of an ARM ID or URI, such as a role definition's GUID. */
  static String lastSegment(String idOrUri) {
    String trimmed = idOrUri.replaceAll("/+$", "");
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static List<String> pathSegments(String uri) {
    String path;
    try {
      path = URI.create(uri).getPath();
    } catch (IllegalArgumentException e) {
      throw new InvalidAzureResponseException("'" + uri + "' is not a valid URI");
    }
    List<String> segments = new ArrayList<>();
    if (path != null) {
      for (String segment : path.split("/")) {
        if (!segment.isEmpty()) {
          segments.add(segment);
        }
      }
    }
    return segments;
  }

  private static Instant epochSeconds(Long seconds) {
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<String> copy(List<String> values) {
    return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
  }

  private static <S, T> List<T> map(List<S> values, Function<S, T> mapper) {
    if (values == null) {
      return List.of();
    }
    return values.stream().filter(Objects::nonNull).map(mapper).filter(Objects::nonNull).toList();
  }

  private static void require(Object value, String where, String field) {
    if (value == null) {
      throw missing(where, field);
    }
  }

  private static InvalidAzureResponseException missing(String where, String field) {
    return new InvalidAzureResponseException(where + " has no " + field);
  }
}
