package io.acrcmk.operator.heal;

import io.acrcmk.operator.api.HealAction;
import io.acrcmk.operator.api.HealingMode;
import io.acrcmk.operator.api.HealingSpec;
import io.acrcmk.operator.api.IdentityReference;
import io.acrcmk.operator.api.IdentityType;
import io.acrcmk.operator.api.KeyReference;
import io.acrcmk.operator.api.KeyVaultReference;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.api.RegistryEncryptionPolicySpec;
import io.acrcmk.operator.api.RegistryReference;
import io.acrcmk.operator.sandbox.CmkSetup;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds policies for the resources of a simulator setup, each with its own name and UID. */
final class TestPolicies {

  static final String NAMESPACE = "platform";

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestPolicies() {}

  /** Returns a versionless policy for {@code setup} with the given healing settings. */
  static RegistryEncryptionPolicy policy(
      CmkSetup setup, HealingMode mode, List<HealAction> actions) {
    RegistryEncryptionPolicySpec spec = new RegistryEncryptionPolicySpec();
    spec.setRegistry(new RegistryReference(setup.registryId()));
    spec.setKeyVault(new KeyVaultReference(setup.vaultId()));
    spec.setKey(new KeyReference(setup.keyName(), null));
    spec.setIdentity(
        setup.systemAssigned()
            ? new IdentityReference(IdentityType.SystemAssigned, null)
            : new IdentityReference(IdentityType.UserAssigned, setup.identityId()));
    HealingSpec healing = new HealingSpec();
    healing.setMode(mode);
    healing.setActions(List.copyOf(actions));
    spec.setHealing(healing);

    RegistryEncryptionPolicy policy = new RegistryEncryptionPolicy();
    policy.getMetadata().setNamespace(NAMESPACE);
    policy.getMetadata().setName(setup.registryName() + "-" + COUNTER.incrementAndGet());
    policy.getMetadata().setUid(UUID.randomUUID().toString());
    policy.getMetadata().setGeneration(1L);
    policy.setSpec(spec);
    return policy;
  }
}
