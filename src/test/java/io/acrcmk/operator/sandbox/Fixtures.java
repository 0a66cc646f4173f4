package io.acrcmk.operator.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the public Azure example payloads kept next to the repository in {@code
 * shared/fixtures/azure}; tests that need them are skipped when the folder is absent.
 */
final class Fixtures {

  private Fixtures() {}

  /** Returns the fixture folder, skipping the calling test when none is found. */
  static Path directory() {
    Path root = Path.of(System.getProperty("acrcmk.repoRoot", ".")).toAbsolutePath().normalize();
    for (Path folder = root; folder != null; folder = folder.getParent()) {
      Path candidate = folder.resolve("shared/fixtures/azure");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "Azure fixtures not found in shared/fixtures/azure above " + root);
    return null;
  }

  static String read(String relativePath) {
    Path file = directory().resolve(relativePath);
    assumeTrue(Files.isRegularFile(file), "fixture missing: " + file);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
