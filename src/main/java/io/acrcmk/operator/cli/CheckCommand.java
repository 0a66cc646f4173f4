package io.acrcmk.operator.cli;

import io.acrcmk.operator.api.CrdSchemaValidator;
import io.acrcmk.operator.azure.AzureConnection;
import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.offline.OfflineAzure;
import io.acrcmk.operator.offline.OfflineLoadException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks RegistryEncryptionPolicy files once, without a cluster, with the operator's own checks:
 * against Azure, or offline against a folder of collected Azure JSON documents. It never writes to
 * Azure.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check RegistryEncryptionPolicy files once with the operator's checks and print each"
          + " condition, without a cluster. Reads Azure with DefaultAzureCredential, or with"
          + " --offline a folder of JSON documents collected with az. Never repairs anything.",
      "Exit codes: 0 every policy is Ready; 1 a policy is not Ready (or, with --fail-on warning,"
          + " has a warning); 2 invalid input, or Azure could not be read (a result is Unknown)."
    })
final class CheckCommand implements Callable<Integer> {

  @Mixin AzureOptions azure = new AzureOptions();

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      description =
          "Policy manifest: a YAML (multi-document) or JSON file, a folder of them (not"
              + " recursed into), or - for standard input; repeatable.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--offline",
      paramLabel = "DIR",
      description =
          "Check against the Azure JSON documents in this folder (az acr show, az identity show,"
              + " az keyvault show, az keyvault key show and list-versions, az role assignment"
              + " list, az keyvault list-deleted, or raw ARM JSON) instead of Azure. Without -f,"
              + " every registry with a customer-managed key in the folder is checked.")
  Path offline;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description =
          "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json and yaml"
              + " print a Kubernetes List of the policies with the status the operator writes.")
  CheckReport.Format output;

  @Option(
      names = "--fail-on",
      defaultValue = "error",
      description =
          "error: exit 1 only when a policy is not Ready; warning: also when a warning-level"
              + " condition is False, such as an expiring key (default: ${DEFAULT-VALUE}).")
  CheckReport.FailOn failOn;

  @Option(
      names = "--concurrency",
      defaultValue = "4",
      description = "How many policies are checked at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Show a counter on standard error while checking (default: only on a terminal).")
  Boolean progress;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log to standard error, including the Azure SDK's warnings.")
  boolean verbose;

  @Spec CommandSpec spec;

  /** Set by tests to reach the simulator; null in production, which signs in on its own. */
  private final AzureConnection connection;

  private final InputStream stdin;
  private final Clock clock;

  CheckCommand() {
    this(null, System.in, Clock.systemUTC());
  }

  CheckCommand(AzureConnection connection, InputStream stdin, Clock clock) {
    this.connection = connection;
    this.stdin = stdin;
    this.clock = clock;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (QuietLogs quiet = QuietLogs.unless(verbose)) {
      return check(out, err);
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.INVALID_OR_UNKNOWN;
    } finally {
      err.flush();
      out.flush();
    }
  }

  private int check(PrintWriter out, PrintWriter err) throws InterruptedException {
    if (files.isEmpty() && offline == null) {
      err.println(
          "error: nothing to check: name policies with -f FILE|DIR|-, or a folder of Azure"
              + " documents with --offline DIR");
      return ExitCodes.INVALID_OR_UNKNOWN;
    }
    if (concurrency < 1) {
      err.println("error: --concurrency must be at least 1, got " + concurrency);
      return ExitCodes.INVALID_OR_UNKNOWN;
    }
    CrdSchemaValidator validator = CrdSchemaValidator.forGeneratedCrd();
    if (offline == null) {
      PolicyLoader.Result loaded = new PolicyLoader(validator, stdin).load(files);
      if (!accepted(loaded, err)) {
        return ExitCodes.INVALID_OR_UNKNOWN;
      }
      PolicyChecker checker =
          new PolicyChecker(new AzureSnapshotLoader(connection()), clock, UnaryOperator.identity());
      return run(loaded.policies(), checker, 0, out, err);
    }
    try (OfflineAzure documents = OfflineAzure.load(offline)) {
      documents.notes().forEach(note -> err.println("note: " + note));
      PolicyLoader.Result loaded;
      int undiscovered = 0;
      if (files.isEmpty()) {
        OfflinePolicies discovered = OfflinePolicies.discover(documents, validator, err);
        loaded = discovered.loaded();
        undiscovered = discovered.problems();
      } else {
        loaded = new PolicyLoader(validator, stdin).load(files);
      }
      if (!accepted(loaded, err)) {
        return ExitCodes.INVALID_OR_UNKNOWN;
      }
      PolicyChecker checker =
          new PolicyChecker(documents.snapshots(), clock, documents::restoreVaultUrls);
      return run(loaded.policies(), checker, undiscovered, out, err);
    } catch (OfflineLoadException e) {
      e.problems().forEach(problem -> err.println("error: " + problem));
      return ExitCodes.INVALID_OR_UNKNOWN;
    }
  }

  /** Reports what loading found and returns whether there is something valid to check. */
  private static boolean accepted(PolicyLoader.Result loaded, PrintWriter err) {
    loaded.notes().forEach(note -> err.println("note: " + note));
    if (!loaded.errors().isEmpty()) {
      loaded.errors().forEach(error -> err.println("error: " + error));
      err.println(
          "error: "
              + loaded.errors().size()
              + (loaded.errors().size() == 1 ? " problem" : " problems")
              + " in the input; nothing was checked");
      return false;
    }
    if (loaded.policies().isEmpty()) {
      err.println("error: the input holds no RegistryEncryptionPolicy");
      return false;
    }
    return true;
  }

  /**
   * Checks {@code policies}, prints the report and returns the exit code. {@code unchecked} counts
   * registries that could not be turned into a policy, which make an otherwise clean run "could not
   * tell".
   */
  private int run(
      List<LoadedPolicy> policies,
      PolicyChecker checker,
      int unchecked,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    Progress counter = new Progress(err, progress != null ? progress : Terminal.isInteractive());
    List<CheckedPolicy> checked = checker.checkAll(policies, concurrency, counter);
    CheckReport report = new CheckReport(checked);
    report.print(output, out);
    int exit = report.exitCode(failOn);
    if (exit == ExitCodes.READY && unchecked > 0) {
      exit = ExitCodes.INVALID_OR_UNKNOWN;
    }
    String summary = report.summary();
    if (summary != null) {
      err.println(summary);
    }
    return exit;
  }

  private AzureConnection connection() {
    return connection != null
        ? connection
        : AzureConnection.withDefaultCredential(azure.cloud(), azure.requestTimeout);
  }
}
