package io.acrcmk.operator.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, or reports a development build. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"acr-cmk-operator " + (version == null ? "development build" : version)};
  }
}
