package io.acrcmk.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code crds/registryencryptionpolicies.acrcmk.io-v1.yml} equal to the CRD generated from
 * the api classes. Run with {@code -Dcrd.update=true} to rewrite the committed file instead.
 */
class CrdDriftTest {

  private static final String UPDATE_PROPERTY = "crd.update";

  @Test
  void committedCrdMatchesGeneratedCrd() throws IOException {
    Path committed = CrdFiles.committed(TestPaths.repoRoot());
    String expected = CrdFiles.render(CrdFiles.generated());

    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(committed.getParent());
      Files.writeString(committed, expected, StandardCharsets.UTF_8);
      System.out.println("Wrote " + committed);
      // The Helm chart installs its own copy, which a chart test keeps identical to this one.
      Path chartCopy =
          TestPaths.repoRoot()
              .resolve("charts/acr-cmk-operator/crds")
              .resolve(committed.getFileName());
      Files.createDirectories(chartCopy.getParent());
      Files.writeString(chartCopy, expected, StandardCharsets.UTF_8);
      System.out.println("Wrote " + chartCopy);
    }

    assertThat(Files.exists(committed))
        .as("%s is missing; generate it with: %s", CrdFiles.COMMITTED_PATH, CrdFiles.UPDATE_COMMAND)
        .isTrue();
    String actual = Files.readString(committed, StandardCharsets.UTF_8);
    if (!actual.equals(expected)) {
      fail(
          "%s differs from the CRD generated from src/main/java/io/acrcmk/operator/api. %s"
              + " Regenerate it with: %s, and commit it with the api change.",
          CrdFiles.COMMITTED_PATH, firstDifference(expected, actual), CrdFiles.UPDATE_COMMAND);
    }
  }

  @Test
  void committedCrdListsPrinterColumnsInDeclaredOrder() {
    String rendered = CrdFiles.render(CrdFiles.generated());

    assertThat(columnNames(rendered))
        .containsExactly("Ready", "Reason", "Registry", "Last Check", "Age");
  }

  @Test
  void reorderingRejectsUnknownColumn() {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "  - additionalPrinterColumns:",
                "    - jsonPath: \".status.x\"",
                "      name: \"X\"",
                "    name: \"v1alpha1\""));

    assertThatIllegalStateException()
        .isThrownBy(() -> CrdFiles.reorderPrinterColumns(lines, List.of("Ready")))
        .withMessageContaining("[X] differ from the declared [Ready]");
  }

  private static List<String> columnNames(String crd) {
    return crd.lines()
        .filter(line -> line.startsWith("      name: "))
        .map(line -> line.substring("      name: ".length()).replace("\"", ""))
        .toList();
  }

  private static String firstDifference(String expected, String actual) {
    List<String> expectedLines = expected.lines().toList();
    List<String> actualLines = actual.lines().toList();
    for (int i = 0; i < Math.max(expectedLines.size(), actualLines.size()); i++) {
      String expectedLine = i < expectedLines.size() ? expectedLines.get(i) : "<end of file>";
      String actualLine = i < actualLines.size() ? actualLines.get(i) : "<end of file>";
      if (!expectedLine.equals(actualLine)) {
        return "Line %d is%n  %s%nbut the generated CRD has%n  %s%n"
            .formatted(i + 1, actualLine, expectedLine);
      }
    }
    return "The files differ in line endings.";
  }
}
