package io.acrcmk.operator.cli;

import io.acrcmk.operator.azure.AzureConnection;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Lists the registries of a subscription and prints a ready-to-apply policy for each one encrypted
 * with a customer-managed key, declaring its current key, vault and identity.
 */
@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    description = {
      "List the container registries of a subscription and print a RegistryEncryptionPolicy for"
          + " each one encrypted with a customer-managed key, declaring the vault, key and"
          + " identity it uses now, ready for: discover ... | kubectl apply -f -",
      "Registries without a customer-managed key are summarised on standard error.",
      "Exit codes: 0 every such registry became a policy; 1 some could not (each is named on"
          + " standard error); 2 invalid options, or Azure could not be read."
    })
final class DiscoverCommand implements Callable<Integer> {

  private static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final int LISTED_WITHOUT_CMK = 10;

  @Mixin AzureOptions azure = new AzureOptions();

  @Option(
      names = "--subscription",
      required = true,
      defaultValue = "${env:AZURE_SUBSCRIPTION_ID}",
      description = "Subscription ID to list registries in (env AZURE_SUBSCRIPTION_ID).")
  String subscription;

  @Option(
      names = "--resource-group",
      description = "List only the registries of this resource group.")
  String resourceGroup;

  @Option(
      names = "--vault-subscription",
      description =
          "Another subscription whose key vaults may hold registry keys; repeatable. The"
              + " vaults of --subscription are always read.")
  List<String> vaultSubscriptions = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace to put in each policy; none when absent, so kubectl uses its own.")
  String namespace;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DraftWriter.Format output;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show a counter on standard error while listing (default: only on a terminal).")
  Boolean progress;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log to standard error, including the Azure SDK's warnings.")
  boolean verbose;

  @Spec CommandSpec spec;

  /** Set by tests to reach the simulator; null in production, which signs in on its own. */
  private final AzureConnection connection;

  DiscoverCommand() {
    this(null);
  }

  DiscoverCommand(AzureConnection connection) {
    this.connection = connection;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (QuietLogs quiet = QuietLogs.unless(verbose)) {
      return discover(out, err);
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.INVALID_OR_UNKNOWN;
    }
  }

  private int discover(PrintWriter out, PrintWriter err) {
    List<String> invalid = new ArrayList<>();
    if (!GUID.matcher(subscription.trim()).matches()) {
      invalid.add("--subscription '" + subscription + "' is not a subscription ID (a GUID)");
    }
    vaultSubscriptions.stream()
        .filter(id -> !GUID.matcher(id.trim()).matches())
        .forEach(id -> invalid.add("--vault-subscription '" + id + "' is not a subscription ID"));
    if (namespace != null && !namespace.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")) {
      invalid.add("--namespace '" + namespace + "' is not a valid namespace name");
    }
    if (!invalid.isEmpty()) {
      invalid.forEach(problem -> err.println("error: " + problem));
      err.flush();
      return ExitCodes.INVALID_OR_UNKNOWN;
    }

    AzureInventory inventory = new AzureInventory(connection());
    PolicyDrafter.Outcome outcome;
    try {
      outcome =
          RegistryDiscovery.discover(
              inventory,
              List.of(subscription.trim()),
              resourceGroup,
              vaultSubscriptions.stream().map(String::trim).toList(),
              namespace,
              new Progress(err, progress != null ? progress : Terminal.isInteractive()));
    } catch (AzureInventory.ReadException e) {
      err.println("error: Azure could not be read: " + e.getMessage());
      err.flush();
      return ExitCodes.INVALID_OR_UNKNOWN;
    }
    DraftWriter.write(outcome.drafts(), output, out);
    report(outcome, err);
    return outcome.problems().isEmpty() ? ExitCodes.READY : ExitCodes.NOT_READY;
  }

  private AzureConnection connection() {
    return connection != null
        ? connection
        : AzureConnection.withDefaultCredential(azure.cloud(), azure.requestTimeout);
  }

  /** Writes to standard error what was not emitted; nothing when everything was. */
  private void report(PolicyDrafter.Outcome outcome, PrintWriter err) {
    String scope =
        "subscription "
            + subscription.trim()
            + (resourceGroup == null ? "" : ", resource group " + resourceGroup);
    if (outcome.drafts().isEmpty() && outcome.problems().isEmpty()) {
      err.println(
          "No registry with a customer-managed key in "
              + scope
              + " ("
              + outcome.withoutCmk().size()
              + " registries read).");
    }
    for (PolicyDrafter.Problem problem : outcome.problems()) {
      err.println("Not emitted: registry " + problem.registry().id() + ": " + problem.reason());
    }
    List<RegistryRecord> without = outcome.withoutCmk();
    if (!without.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (RegistryRecord registry :
          without.subList(0, Math.min(without.size(), LISTED_WITHOUT_CMK))) {
        names.add(registry.name() + " (" + describe(registry) + ")");
      }
      String more =
          without.size() > LISTED_WITHOUT_CMK
              ? " and " + (without.size() - LISTED_WITHOUT_CMK) + " more"
              : "";
      err.println(
          "Not emitted: "
              + without.size()
              + (without.size() == 1 ? " registry" : " registries")
              + " without a customer-managed key: "
              + String.join(", ", names)
              + more
              + ".");
    }
    err.flush();
  }

  private static String describe(RegistryRecord registry) {
    String sku = registry.sku() == null ? "unknown SKU" : registry.sku();
    if (!"Premium".equalsIgnoreCase(registry.sku())) {
      return sku + "; customer-managed keys need Premium";
    }
    return sku
        + ", encryption "
        + (registry.encryptionStatus() == null ? "not set" : registry.encryptionStatus());
  }
}
