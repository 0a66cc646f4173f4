package io.acrcmk.operator.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.acrcmk.operator.azure.PolicyTarget;
import java.time.Duration;

/**
 * A policy read from a file that passed the CRD schema and whose resource IDs parse.
 *
 * @param location where it was read, such as {@code policies.yaml:12}
 * @param document the document with the schema's defaults applied, as the API server stores it
 * @param policy the same document as the model class
 * @param target the Azure resources it names
 * @param keyExpiryWarning its {@code spec.keyExpiryWarning}
 */
record LoadedPolicy(
    String location,
    ObjectNode document,
    RegistryEncryptionPolicy policy,
    PolicyTarget target,
    Duration keyExpiryWarning) {

  /** Returns {@code namespace/name}, or only the name when the policy has no namespace. */
  String displayName() {
    String namespace = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  boolean suspended() {
    return policy.getSpec().isSuspend();
  }
}
