package io.acrcmk.operator.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.offline.OfflineAzure;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policies an offline check uses when no policy file is given: one per registry with a
 * customer-managed key among the collected documents, drafted as discover drafts them.
 *
 * @param loaded the drafted policies, validated like policies read from files
 * @param problems how many such registries got no policy, each reported on standard error
 */
record OfflinePolicies(PolicyLoader.Result loaded, int problems) {

  /** Drafts the policies and reports on {@code err} each registry that is left out, and why. */
  static OfflinePolicies discover(
      OfflineAzure documents, CrdSchemaValidator validator, PrintWriter err) {
    PolicyDrafter.Outcome outcome;
    try {
      outcome =
          RegistryDiscovery.discover(
              new AzureInventory(documents.connection()),
              documents.registrySubscriptions(),
              null,
              documents.vaultSubscriptions(),
              null,
              new Progress(err, false));
    } catch (AzureInventory.ReadException e) {
      // The documents are served in-process, so a failed list read is a bug, not an Azure fault.
      throw new IllegalStateException("listing the collected registries failed: " + e.getMessage());
    }
    for (PolicyDrafter.Problem problem : outcome.problems()) {
      err.println(
          "note: registry "
              + problem.registry().id()
              + " is not checked: "
              + problem.reason()
              + "; offline, add the missing documents to the folder or pass its policy with -f");
    }
    for (RegistryRecord registry : outcome.withoutCmk()) {
      err.println(
          "note: registry " + registry.id() + " has no customer-managed key; nothing to check");
    }
    Map<String, ObjectNode> drafts = new LinkedHashMap<>();
    for (PolicyDrafter.Draft draft : outcome.drafts()) {
      drafts.put("registry " + draft.registry().id(), draft.policy());
    }
    PolicyLoader loader = new PolicyLoader(validator, InputStream.nullInputStream());
    return new OfflinePolicies(loader.loadDocuments(drafts), outcome.problems().size());
  }
}
