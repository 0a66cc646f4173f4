package io.acrcmk.operator.sandbox.demo;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import io.acrcmk.operator.sandbox.AzureSimulator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One fault the demo injects, and the condition the operator must report for it.
 *
 * @param description what is broken, in the words of the troubleshooting guide
 * @param policy the policy expected to report it
 * @param conditionType the condition expected to turn False
 * @param reason the reason expected on it
 * @param inject the change to the simulated Azure state
 */
record DemoFault(
    String description,
    String policy,
    String conditionType,
    Reason reason,
    BiConsumer<AzureSimulator, DemoFleet> inject) {

  /** Returns the faults of the ACR customer-managed-key troubleshooting guide, in demo order. */
  static List<DemoFault> catalog() {
    return List.of(
        new DemoFault(
            "identity acr-cmk-identity removed from registry contosoprodacr",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.IDENTITY_HEALTHY,
            Reason.IdentityNotAssigned,
            (azure, fleet) ->
                azure.mutations().detachIdentity(fleet.prodRegistryId, fleet.identityId)),
        new DemoFault(
            "identity acr-cmk-identity deleted",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.IDENTITY_HEALTHY,
            Reason.IdentityNotFound,
            (azure, fleet) -> azure.mutations().deleteIdentity(fleet.identityId)),
        new DemoFault(
            "vault contoso-cmk-kv firewall on without the trusted-services bypass",
            DemoFleet.SYSTEM_REGISTRY,
            ConditionTypes.KEY_VAULT_ACCESSIBLE,
            Reason.TrustedServicesBypassDisabled,
            (azure, fleet) ->
                azure.mutations().setNetworkAcls(fleet.policyVaultId, "Deny", "None")),
        new DemoFault(
            "current version of key acr-cmk-key disabled",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.KEY_USABLE,
            Reason.KeyDisabled,
            (azure, fleet) ->
                azure
                    .mutations()
                    .keys()
                    .disableVersion(DemoFleet.POLICY_VAULT, DemoFleet.KEY, fleet.currentVersion)),
        new DemoFault(
            "key acr-cmk-key deleted (soft delete keeps it recoverable)",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.KEY_USABLE,
            Reason.KeySoftDeleted,
            (azure, fleet) ->
                azure.mutations().keys().softDelete(DemoFleet.POLICY_VAULT, DemoFleet.KEY)),
        new DemoFault(
            "pinned key version deleted from contoso-rbac-kv",
            DemoFleet.PINNED_REGISTRY,
            ConditionTypes.KEY_USABLE,
            Reason.KeyVersionNotFound,
            (azure, fleet) ->
                azure
                    .mutations()
                    .keys()
                    .deleteVersion(DemoFleet.RBAC_VAULT, DemoFleet.KEY, fleet.pinnedVersion)),
        new DemoFault(
            "key acr-cmk-key rotated to an EC key, which the registry picked up",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.KEY_USABLE,
            Reason.UnsupportedKeyType,
            (azure, fleet) -> {
              azure.mutations().keys().replaceWithEcKey(DemoFleet.POLICY_VAULT, DemoFleet.KEY);
              azure.mutations().syncRegistryKeyVersion(fleet.prodRegistryId);
            }),
        new DemoFault(
            "purge protection off on vault contoso-cmk-kv",
            DemoFleet.PROD_REGISTRY,
            ConditionTypes.RECOVERY_PROTECTED,
            Reason.PurgeProtectionDisabled,
            (azure, fleet) -> azure.mutations().setPurgeProtection(fleet.policyVaultId, false)));
  }
}
