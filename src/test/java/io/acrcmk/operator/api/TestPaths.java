package io.acrcmk.operator.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root from a test, through the property surefire sets. */
final class TestPaths {

  private TestPaths() {}

  /**
   * Returns the repository root: the {@code acrcmk.repoRoot} system property, or else the working
   * directory, which is the root when tests run from Maven or an IDE.
   */
  static Path repoRoot() {
    String property = System.getProperty("acrcmk.repoRoot");
    Path root = Path.of(property != null ? property : "").toAbsolutePath();
    if (!Files.exists(root.resolve("pom.xml"))) {
      throw new IllegalStateException("no pom.xml in " + root + "; set -Dacrcmk.repoRoot");
    }
    return root;
  }
}
