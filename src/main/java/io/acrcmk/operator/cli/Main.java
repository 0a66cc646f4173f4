package io.acrcmk.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The acr-cmk-operator command line: {@code run} (the default), {@code check}, {@code discover},
 * {@code demo}.
 */
@Command(
    name = "acr-cmk-operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Watches customer-managed-key encryption of Azure Container Registry.",
    subcommands = {RunCommand.class, CheckCommand.class, DiscoverCommand.class, DemoCommand.class})
public final class Main implements Callable<Integer> {

  @Override
  public Integer call() {
    // No subcommand given: run the operator, as the container image does.
    return new CommandLine(new RunCommand()).execute();
  }

  public static void main(String[] args) {
    CommonPoolParallelism.ensureMinimum();
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line with every subcommand, for main and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
