package io.acrcmk.operator.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoExamplesTest {

  @Test
  void demoAppliesEveryShippedExample() throws IOException {
    Path examples = Path.of(System.getProperty("acrcmk.repoRoot", "."), "deploy", "examples");
    try (Stream<Path> files = Files.list(examples)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
          .containsExactlyInAnyOrderElementsOf(Demo.EXAMPLES);
    }
  }

  @Test
  void examplesAreOnTheClasspath() {
    for (String name : Demo.EXAMPLES) {
      assertThat(Demo.readExample(name)).as(name).contains("kind: RegistryEncryptionPolicy");
    }
  }

  @Test
  void pinnedExampleNamesTheVersionTheDemoReplaces() {
    assertThat(Demo.readExample("pinned-key-version.yaml")).contains(Demo.EXAMPLE_PINNED_VERSION);
  }
}
