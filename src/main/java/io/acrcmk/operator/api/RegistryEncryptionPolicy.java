package io.acrcmk.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Declares the registry, key vault, key and identity of one ACR customer-managed-key setup. */
@Group(RegistryEncryptionPolicy.GROUP)
@Version(RegistryEncryptionPolicy.VERSION)
@Kind(RegistryEncryptionPolicy.KIND)
@Plural("registryencryptionpolicies")
@Singular("registryencryptionpolicy")
@ShortNames("rep")
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \"Declares the key vault key and managed identity one Azure Container"
            + " Registry must be encrypted with. The operator checks the whole chain at"
            + " spec.checkInterval and reports what it found as status conditions.\","
            + " \"required\": [\"spec\"]}")
// fabric8 takes property descriptions from fields, and spec and status are fields of its
// CustomResource, so their descriptions are set here.
@SchemaCustomizer(
    value = PropertySchemaPatch.class,
    input =
        "{\"spec\": {\"description\": \"Desired customer-managed-key setup of the registry: the"
            + " key and identity it must be encrypted with, how often to check it, and what the"
            + " operator may repair.\"}, \"status\": {\"description\": \"What the last check"
            + " found, written by the operator.\"}}")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Registry",
    jsonPath = ".status.registryName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last Check",
    jsonPath = ".status.lastCheckTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RegistryEncryptionPolicy
    extends CustomResource<RegistryEncryptionPolicySpec, RegistryEncryptionPolicyStatus>
    implements Namespaced {

  public static final String GROUP = "acrcmk.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "RegistryEncryptionPolicy";

  @Override
  protected RegistryEncryptionPolicyStatus initStatus() {
    return new RegistryEncryptionPolicyStatus();
  }
}
