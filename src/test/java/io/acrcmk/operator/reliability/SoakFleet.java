package io.acrcmk.operator.reliability;

import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.azure.PolicyTarget;
import io.acrcmk.operator.bench.BenchFleet;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The soak fleet: the benchmark's registries in the simulator, spread over groups that share a
 * vault, key and user-assigned identity, and one policy per registry in the API server. Policy
 * {@code i} watches registry {@code acrfleet<i>} of group {@code i % groups}.
 */
final class SoakFleet {

  static final String NAMESPACE = "soak";

  private final List<PolicyTarget> targets;
  private final int groups;

  private SoakFleet(List<PolicyTarget> targets, int groups) {
    this.targets = targets;
    this.groups = groups;
  }

  /** Seeds {@code policies} healthy registries over {@code groups} groups into the simulator. */
  static SoakFleet seed(AzureSimulator simulator, int policies, int groups) {
    return new SoakFleet(BenchFleet.seed(simulator, policies, groups).targets(), groups);
  }

  /** Creates one policy per registry in the API server. */
  void createPolicies(KubernetesClient client) {
    for (int index = 0; index < size(); index++) {
      client.resource(policy(index)).create();
    }
  }

  int size() {
    return targets.size();
  }

  int groups() {
    return groups;
  }

  int groupOf(int index) {
    return index % groups;
  }

  static String policyName(int index) {
    return String.format("soak-%04d", index);
  }

  String registryId(int index) {
    return targets.get(index).registry().toString();
  }

  String identityId(int index) {
    return targets.get(index).identity().toString();
  }

  /** Returns the resource ID of the vault that group {@code group} shares. */
  String vaultId(int group) {
    return targets.get(group).vault().toString();
  }

  String vaultName(int group) {
    return targets.get(group).vault().name();
  }

  String keyName() {
    return targets.get(0).keyName();
  }

  List<String> registryIds() {
    List<String> ids = new ArrayList<>(size());
    for (int index = 0; index < size(); index++) {
      ids.add(registryId(index));
    }
    return ids;
  }

  private RegistryEncryptionPolicy policy(int index) {
    PolicyTarget target = targets.get(index);
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(target.registry().toString()));
    spec.setKeyVault(new KeyVaultReference(target.vault().toString()));
    spec.setKey(new KeyReference(target.keyName(), null));
    spec.setIdentity(new IdentityReference(target.identityType(), target.identity().toString()));
    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.getMetadata().setName(policyName(index));
    policy.setSpec(spec);
    return policy;
  }
}
