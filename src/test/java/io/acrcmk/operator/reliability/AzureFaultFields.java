package io.acrcmk.operator.reliability;

import static io.acrcmk.operator.reliability.AzureFaultField.nullAt;
import static io.acrcmk.operator.reliability.AzureFaultField.without;

import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.reliability.AzureFaultField.Expected;
import java.util.List;

/** The missing and null fields of the matrix, with the outcome each one must produce. */
final class AzureFaultFields {

  private static final String REGISTRY = ConditionTypes.REGISTRY_ENCRYPTED;
  private static final String IDENTITY = ConditionTypes.IDENTITY_HEALTHY;
  private static final String VAULT = ConditionTypes.KEY_VAULT_ACCESSIBLE;
  private static final String KEY = ConditionTypes.KEY_USABLE;
  private static final String ROTATION = ConditionTypes.KEY_ROTATION_CURRENT;
  private static final String RECOVERY = ConditionTypes.RECOVERY_PROTECTED;
  private static final Reason INVALID = Reason.AzureResponseInvalid;

  private AzureFaultFields() {}

  static List<AzureFaultField> all() {
    return List.of(
        // registries.get
        without(
            AzureFaultRead.REGISTRY,
            "identity",
            Expected.healed(IDENTITY, ConditionStatus.False, Reason.IdentityNotAssigned),
            "ARM leaves out identity for a registry without one"),
        nullAt(
            AzureFaultRead.REGISTRY,
            "identity/userAssignedIdentities/*/principalId",
            Expected.unchanged(),
            "ACR may not yet have recorded the principal of an attached identity"),
        without(
            AzureFaultRead.REGISTRY,
            "properties/encryption/keyVaultProperties/versionedKeyIdentifier",
            Expected.unchanged(),
            "the checks then judge the current version, which a versionless registry follows"),
        without(
            AzureFaultRead.REGISTRY,
            "properties/encryption/keyVaultProperties/lastKeyRotationTimestamp",
            Expected.unchanged(),
            "ARM leaves it out for a registry that never rotated"),
        without(
            AzureFaultRead.REGISTRY,
            "sku",
            Expected.unknown(REGISTRY, INVALID),
            "every registry has a SKU, so the response is broken"),
        without(
            AzureFaultRead.REGISTRY,
            "properties/provisioningState",
            Expected.unknown(REGISTRY, INVALID),
            "every registry has a provisioning state, so the response is broken"),
        without(
            AzureFaultRead.REGISTRY,
            "properties/encryption",
            Expected.fault(REGISTRY, Reason.EncryptionDisabled),
            "a registry without a customer-managed key may leave out the block"),
        // identities.get
        without(
            AzureFaultRead.IDENTITY,
            "properties/principalId",
            Expected.unknown(IDENTITY, INVALID),
            "every identity has a principal, so the response is broken"),
        without(
            AzureFaultRead.IDENTITY,
            "properties/clientId",
            Expected.unknown(IDENTITY, INVALID),
            "every identity has a client ID, so the response is broken"),
        without(
            AzureFaultRead.IDENTITY,
            "properties/tenantId",
            Expected.unchanged(),
            "an unknown tenant cannot differ from the others"),
        // vaults.get
        without(
            AzureFaultRead.VAULT,
            "properties/enablePurgeProtection",
            Expected.fault(RECOVERY, Reason.PurgeProtectionDisabled),
            "ARM leaves it out when purge protection is off"),
        without(
            AzureFaultRead.VAULT,
            "properties/enableSoftDelete",
            Expected.unchanged(),
            "the service default is on"),
        without(
            AzureFaultRead.VAULT,
            "properties/enableRbacAuthorization",
            Expected.unchanged(),
            "the default is access policies, which this vault uses"),
        without(
            AzureFaultRead.VAULT,
            "properties/networkAcls",
            Expected.unchanged(),
            "a vault without a firewall leaves it out"),
        without(
            AzureFaultRead.VAULT,
            "properties/publicNetworkAccess",
            Expected.unchanged(),
            "older API versions leave it out; the default is Enabled"),
        without(
            AzureFaultRead.VAULT,
            "properties/accessPolicies",
            Expected.fault(VAULT, Reason.AccessPolicyMissing),
            "ARM leaves it out for a vault without access policies"),
        without(
            AzureFaultRead.VAULT,
            "properties/vaultUri",
            Expected.unchanged(),
            "the key identifier's host is compared with the vault name instead"),
        without(
            AzureFaultRead.VAULT,
            "properties",
            Expected.unknown(VAULT, INVALID),
            "a vault without properties says nothing"),
        // vaults.listDeleted
        without(
            AzureFaultRead.DELETED_VAULTS,
            "value/*/properties/vaultId",
            Expected.unchanged(),
            "the entry is matched by name instead"),
        without(
            AzureFaultRead.DELETED_VAULTS,
            "value/*/properties/scheduledPurgeDate",
            Expected.unchanged(),
            "only the message uses the date"),
        // keys.get
        without(
            AzureFaultRead.KEY,
            "properties/kty",
            Expected.unknown(KEY, INVALID),
            "a key without a type cannot be judged"),
        without(
            AzureFaultRead.KEY,
            "properties/keySize",
            Expected.unchanged(),
            "ARM may leave out the size; the type still decides"),
        without(
            AzureFaultRead.KEY,
            "properties/keyOps",
            Expected.unchanged(),
            "Key Vault allows every operation when the list is absent"),
        without(
            AzureFaultRead.KEY,
            "properties/attributes/enabled",
            Expected.unchanged(),
            "Key Vault's default for an absent enabled flag is true"),
        without(
            AzureFaultRead.KEY,
            "properties/keyUriWithVersion",
            Expected.unknown(KEY, INVALID),
            "the current version cannot be told without it"),
        // keys.listVersions
        without(
            AzureFaultRead.KEY_VERSIONS,
            "value/*/properties/attributes/created",
            Expected.unchanged(),
            "the registry uses the current version, so no version's age is compared"),
        nullAt(
            AzureFaultRead.KEY_VERSIONS,
            "value/*/properties/keyUriWithVersion",
            Expected.unknown(ROTATION, INVALID),
            "the versions cannot be named without it"),
        // keys.getVersion
        without(
            AzureFaultRead.KEY_VERSION,
            "properties/kty",
            Expected.unknown(KEY, INVALID),
            "a key version without a type cannot be judged"),
        without(
            AzureFaultRead.KEY_VERSION,
            "properties/attributes/enabled",
            Expected.unchanged(),
            "Key Vault's default for an absent enabled flag is true"),
        // roleAssignments.listForScope
        without(
            AzureFaultRead.ROLE_ASSIGNMENTS,
            "value/*/properties/scope",
            Expected.unknown(VAULT, INVALID),
            "an assignment without a scope cannot be placed"),
        without(
            AzureFaultRead.ROLE_ASSIGNMENTS,
            "value/*/properties/roleDefinitionId",
            Expected.unknown(VAULT, INVALID),
            "an assignment without a role grants nothing that can be told"),
        // roleDefinitions.get
        without(
            AzureFaultRead.ROLE_DEFINITION,
            "properties/permissions",
            Expected.unknown(VAULT, INVALID),
            "every role definition lists its permissions, so the response is broken"),
        without(
            AzureFaultRead.ROLE_DEFINITION,
            "properties/permissions/*/dataActions",
            Expected.fault(VAULT, Reason.RoleAssignmentMissing),
            "an absent list allows no data action, as an empty one does"),
        without(
            AzureFaultRead.ROLE_DEFINITION,
            "properties/permissions/*/notDataActions",
            Expected.unchanged(),
            "an absent exclusion list excludes nothing"),
        without(
            AzureFaultRead.ROLE_DEFINITION,
            "properties/roleName",
            Expected.unchanged(),
            "only the message uses the name"),
        // dataplane.deletedKeys.get
        without(
            AzureFaultRead.DELETED_KEY,
            "recoveryId",
            Expected.healed(KEY, ConditionStatus.True, Reason.KeyActive),
            "the key is deleted all the same, and recovery goes by name"),
        without(
            AzureFaultRead.DELETED_KEY,
            "scheduledPurgeDate",
            Expected.healed(KEY, ConditionStatus.True, Reason.KeyActive),
            "only the message uses the date"),
        // token
        without(
            AzureFaultRead.TOKEN,
            "access_token",
            Expected.unknown(REGISTRY, Reason.AzureUnavailable),
            "no token arrives; the credential fails with a NullPointerException, which the"
                + " operator counts as unavailable"),
        without(
            AzureFaultRead.TOKEN,
            "expires_in",
            Expected.unchanged(),
            "the credential accepts a token without a lifetime"));
  }
}
