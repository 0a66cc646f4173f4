package io.acrcmk.operator.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.azure.ResourceId;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.BuiltInRoles;
import io.acrcmk.operator.sandbox.Mutations;
import io.acrcmk.operator.sandbox.ResourceFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fleet of healthy CMK registries in the simulator, all in one subscription, spread round-robin
 * over a number of groups. Each group is one vault with one key and one user-assigned identity,
 * which every registry of the group shares. Every second group uses an RBAC vault with a role
 * assignment, and the others use an access policy.
 */
public final class BenchFleet {

  /** The one subscription, so that every read draws on the same ARM budget. */
  public static final String SUBSCRIPTION = "3c1f7d0a-5b2e-4f6a-9d8c-7e6b5a4c3d2e";

  public static final String RESOURCE_GROUP = "rg-acr-fleet";
  public static final String KEY = "acr-cmk";

  /** ARM reads each policy needs without sharing: registry, identity, vault, key, versions. */
  public static final int READS_PER_POLICY = 5;

  /** The extra reads of a policy on an RBAC vault: its role assignments and their definition. */
  public static final int RBAC_READS_PER_POLICY = 2;

  private static final List<String> KEY_OPERATIONS = List.of("wrapKey", "unwrapKey");
  private static final List<String> KEY_PERMISSIONS = List.of("get", "wrapKey", "unwrapKey");

  private final List<PolicyTarget> targets;
  private final int groups;

  private BenchFleet(List<PolicyTarget> targets, int groups) {
    this.targets = List.copyOf(targets);
    this.groups = groups;
  }

  /**
   * Creates {@code policies} registries over {@code groups} vault-and-identity groups.
   *
   * @throws IllegalArgumentException when either count is below 1 or there are more groups than
   *     policies
   */
  public static BenchFleet seed(AzureSimulator simulator, int policies, int groups) {
    if (policies < 1 || groups < 1 || groups > policies) {
      throw new IllegalArgumentException(
          "need at least 1 policy and between 1 and "
              + policies
              + " groups, got "
              + policies
              + " policies and "
              + groups
              + " groups");
    }
    ResourceFactory factory = simulator.resources();
    Mutations mutations = simulator.mutations();
    List<ObjectNode> identities = new ArrayList<>();
    List<String> keyIdentifiers = new ArrayList<>();
    List<String> vaultIds = new ArrayList<>();
    Instant created = Instant.now().minus(Duration.ofDays(30));
    for (int group = 0; group < groups; group++) {
      String vaultName = "kv-fleet-" + group;
      boolean rbac = isRbac(group);
      ObjectNode vault = factory.createVault(SUBSCRIPTION, RESOURCE_GROUP, vaultName, rbac);
      factory.addRsaKeyVersion(vaultName, KEY, 2048, KEY_OPERATIONS, created);
      ObjectNode identity = factory.createIdentity(SUBSCRIPTION, RESOURCE_GROUP, "id-" + group);
      String principalId = identity.path("properties").path("principalId").asText();
      String vaultId = vault.path("id").asText();
      if (rbac) {
        mutations.addRoleAssignment(
            vaultId, principalId, BuiltInRoles.CRYPTO_SERVICE_ENCRYPTION_USER);
      } else {
        mutations.addAccessPolicy(vaultId, principalId, KEY_PERMISSIONS);
      }
      identities.add(identity);
      vaultIds.add(vaultId);
      keyIdentifiers.add(simulator.vaultUri(vaultName) + "keys/" + KEY);
    }
    List<PolicyTarget> targets = new ArrayList<>(policies);
    for (int index = 0; index < policies; index++) {
      int group = index % groups;
      ObjectNode registry =
          factory.createCmkRegistry(
              SUBSCRIPTION,
              RESOURCE_GROUP,
              "acrfleet" + index,
              keyIdentifiers.get(group),
              identities.get(group));
      targets.add(
          new PolicyTarget(
              ResourceId.parse(registry.path("id").asText(), ResourceId.REGISTRY_TYPE),
              ResourceId.parse(vaultIds.get(group), ResourceId.VAULT_TYPE),
              KEY,
              null,
              IdentityType.UserAssigned,
              ResourceId.parse(
                  identities.get(group).path("id").asText(), ResourceId.IDENTITY_TYPE)));
    }
    return new BenchFleet(targets, groups);
  }

  public List<PolicyTarget> targets() {
    return targets;
  }

  public int groups() {
    return groups;
  }

  /**
   * Returns the ARM reads one cycle needs when shared resources are read once. That is a registry
   * per policy, an identity, vault, key and version list per group, role assignments per RBAC
   * group, and the one role definition they all name.
   */
  public long readsWithSharing() {
    return readsWithSharing(targets.size(), groups);
  }

  /** Returns the ARM reads one cycle needs with sharing, for a fleet not yet seeded. */
  public static long readsWithSharing(int policies, int groups) {
    long rbacGroups = groups / 2;
    return policies
        + (long) groups * (READS_PER_POLICY - 1)
        + rbacGroups
        + (rbacGroups > 0 ? 1 : 0);
  }

  /** Returns the ARM reads one cycle needs when every policy reads everything itself. */
  public long readsWithoutSharing() {
    long rbacPolicies = 0;
    for (int index = 0; index < targets.size(); index++) {
      if (isRbac(index % groups)) {
        rbacPolicies++;
      }
    }
    return (long) targets.size() * READS_PER_POLICY + rbacPolicies * RBAC_READS_PER_POLICY;
  }

  private static boolean isRbac(int group) {
    return group % 2 == 1;
  }
}
