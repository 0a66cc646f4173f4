package io.acrcmk.operator.sandbox.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.BuiltInRoles;
import io.acrcmk.operator.sandbox.Mutations;
import io.acrcmk.operator.sandbox.ResourceFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The healthy Azure setup the example policies in deploy/examples describe: four Premium registries
 * encrypted with key acr-cmk-key, three through the user-assigned identity acr-cmk-identity and one
 * through its system-assigned identity, in an access-policy vault and an RBAC vault.
 */
final class DemoFleet {

  static final String SUBSCRIPTION = "7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70";
  static final String RESOURCE_GROUP = "rg-acr-cmk";
  static final String POLICY_VAULT = "contoso-cmk-kv";
  static final String RBAC_VAULT = "contoso-rbac-kv";
  static final String KEY = "acr-cmk-key";
  static final String IDENTITY = "acr-cmk-identity";
  static final String PROD_REGISTRY = "contosoprodacr";
  static final String SYSTEM_REGISTRY = "contososysacr";
  static final String PINNED_REGISTRY = "contosopinnedacr";
  static final String DEV_REGISTRY = "contosodevacr";

  private static final List<String> KEY_OPERATIONS = List.of("wrapKey", "unwrapKey");
  private static final List<String> KEY_PERMISSIONS = List.of("get", "wrapKey", "unwrapKey");

  final String identityId;
  final String policyVaultId;
  final String rbacVaultId;
  final String currentVersion;
  final String pinnedVersion;
  final String prodRegistryId;
  final String devRegistryId;

  private DemoFleet(
      String identityId,
      String policyVaultId,
      String rbacVaultId,
      String currentVersion,
      String pinnedVersion,
      String prodRegistryId,
      String devRegistryId) {
    this.identityId = identityId;
    this.policyVaultId = policyVaultId;
    this.rbacVaultId = rbacVaultId;
    this.currentVersion = currentVersion;
    this.pinnedVersion = pinnedVersion;
    this.prodRegistryId = prodRegistryId;
    this.devRegistryId = devRegistryId;
  }

  /** Creates every resource in the simulator. */
  static DemoFleet seed(AzureSimulator simulator) {
    ResourceFactory factory = simulator.resources();
    Mutations mutations = simulator.mutations();
    Instant now = Instant.now();

    ObjectNode identity = factory.createIdentity(SUBSCRIPTION, RESOURCE_GROUP, IDENTITY);
    String principalId = identity.path("properties").path("principalId").asText();
    ObjectNode policyVault = factory.createVault(SUBSCRIPTION, RESOURCE_GROUP, POLICY_VAULT, false);
    ObjectNode rbacVault = factory.createVault(SUBSCRIPTION, RESOURCE_GROUP, RBAC_VAULT, true);
    for (String vault : List.of(POLICY_VAULT, RBAC_VAULT)) {
      factory.addRsaKeyVersion(vault, KEY, 2048, KEY_OPERATIONS, now.minus(Duration.ofDays(90)));
    }
    String currentVersion =
        factory.addRsaKeyVersion(POLICY_VAULT, KEY, 2048, KEY_OPERATIONS, now.minus(days(2)));
    String pinnedVersion =
        factory.addRsaKeyVersion(RBAC_VAULT, KEY, 2048, KEY_OPERATIONS, now.minus(days(2)));

    String versionless = simulator.vaultUri(POLICY_VAULT) + "keys/" + KEY;
    String pinned = simulator.vaultUri(RBAC_VAULT) + "keys/" + KEY + "/" + pinnedVersion;
    ObjectNode prod =
        factory.createCmkRegistry(
            SUBSCRIPTION, RESOURCE_GROUP, PROD_REGISTRY, versionless, identity);
    ObjectNode system =
        factory.createCmkRegistry(SUBSCRIPTION, RESOURCE_GROUP, SYSTEM_REGISTRY, versionless, null);
    factory.createCmkRegistry(SUBSCRIPTION, RESOURCE_GROUP, PINNED_REGISTRY, pinned, identity);
    ObjectNode dev =
        factory.createCmkRegistry(
            SUBSCRIPTION, RESOURCE_GROUP, DEV_REGISTRY, versionless, identity);

    String policyVaultId = policyVault.path("id").asText();
    String rbacVaultId = rbacVault.path("id").asText();
    mutations.addAccessPolicy(policyVaultId, principalId, KEY_PERMISSIONS);
    mutations.addAccessPolicy(
        policyVaultId, system.path("identity").path("principalId").asText(), KEY_PERMISSIONS);
    mutations.addRoleAssignment(
        rbacVaultId, principalId, BuiltInRoles.CRYPTO_SERVICE_ENCRYPTION_USER);
    return new DemoFleet(
        identity.path("id").asText(),
        policyVaultId,
        rbacVaultId,
        currentVersion,
        pinnedVersion,
        prod.path("id").asText(),
        dev.path("id").asText());
  }

  private static Duration days(int count) {
    return Duration.ofDays(count);
  }
}
