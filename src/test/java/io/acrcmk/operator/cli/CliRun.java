package io.acrcmk.operator.cli;

import io.acrcmk.operator.sandbox.CmkSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The outcome of running one command in-process: its exit code and what it wrote.
 *
 * @param exitCode the exit code picocli returned
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code command} with {@code args} as picocli would from {@code main}. */
  static CliRun of(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exit = line.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Returns a policy manifest that declares {@code setup} as it is. */
  static String policyFor(String name, String namespace, CmkSetup setup) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: acrcmk.io/v1alpha1\n");
    yaml.append("kind: RegistryEncryptionPolicy\n");
    yaml.append("metadata:\n");
    yaml.append("  name: ").append(name).append('\n');
    if (namespace != null) {
      yaml.append("  namespace: ").append(namespace).append('\n');
    }
    yaml.append("spec:\n");
    yaml.append("  registry:\n    resourceId: ").append(setup.registryId()).append('\n');
    yaml.append("  keyVault:\n    resourceId: ").append(setup.vaultId()).append('\n');
    yaml.append("  key:\n    name: ").append(setup.keyName()).append('\n');
    if (setup.keyIdentifier().endsWith(setup.currentKeyVersion())) {
      yaml.append("    version: \"").append(setup.currentKeyVersion()).append("\"\n");
    }
    yaml.append("  identity:\n");
    if (setup.systemAssigned()) {
      yaml.append("    type: SystemAssigned\n");
    } else {
      yaml.append("    type: UserAssigned\n");
      yaml.append("    resourceId: ").append(setup.identityId()).append('\n');
    }
    return yaml.toString();
  }
}
