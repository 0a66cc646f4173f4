package io.acrcmk.operator.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the registries of some subscriptions and drafts a policy for each one that has a
 * customer-managed key. Both the discover command and the offline check use it.
 */
final class RegistryDiscovery {

  private RegistryDiscovery() {}

  /**
   * Lists registries in {@code subscriptions} (only {@code resourceGroup} when not null) and the
   * vaults of those subscriptions and {@code vaultSubscriptions}, then drafts policies.
   *
   * @throws AzureInventory.ReadException when a list read fails, so the result would be partial
   */
  static PolicyDrafter.Outcome discover(
      AzureInventory azure,
      List<String> subscriptions,
      String resourceGroup,
      List<String> vaultSubscriptions,
      String namespace,
      Progress progress)
      throws AzureInventory.ReadException {
    List<RegistryRecord> registries = new ArrayList<>();
    progress.start("listing registries", -1);
    try {
      for (String subscription : subscriptions) {
        int before = registries.size();
        registries.addAll(
            azure.registries(subscription, resourceGroup, count -> progress.set(before + count)));
      }
    } finally {
      progress.finish();
    }
    List<VaultRecord> vaults = new ArrayList<>();
    if (registries.stream().anyMatch(RegistryRecord::hasCustomerManagedKey)) {
      Set<String> vaultScopes = new LinkedHashSet<>();
      subscriptions.forEach(id -> vaultScopes.add(id.toLowerCase(Locale.ROOT)));
      vaultSubscriptions.forEach(id -> vaultScopes.add(id.toLowerCase(Locale.ROOT)));
      for (String subscription : vaultScopes) {
        vaults.addAll(azure.vaults(subscription));
      }
    }
    return PolicyDrafter.draft(registries, vaults, namespace);
  }
}
