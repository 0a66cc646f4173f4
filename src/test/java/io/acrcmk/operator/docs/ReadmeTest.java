package io.acrcmk.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's condition catalog in step with the reasons the operator writes. */
class ReadmeTest {

  private static String readme() throws IOException {
    return Files.readString(Path.of(System.getProperty("acrcmk.repoRoot", "."), "README.md"));
  }

  @Test
  void catalogListsEveryReason() throws IOException {
    String readme = readme();
    for (Reason reason : Reason.values()) {
      assertThat(readme).as(reason.name()).contains("`" + reason.name() + "`");
    }
  }

  @Test
  void catalogListsEveryConditionType() throws IOException {
    String readme = readme();
    for (String type : ConditionTypes.CHECKED) {
      assertThat(readme).as(type).contains("| " + type + " |");
    }
  }
}
