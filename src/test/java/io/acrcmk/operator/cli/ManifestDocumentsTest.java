package io.acrcmk.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splits manifests into documents and remembers where each field sits. */
class ManifestDocumentsTest {

  @Test
  void notesTheLineOfEveryField() throws Exception {
    String yaml =
        """
        # leading comment
        apiVersion: v1
        kind: List
        items:
          - metadata:
              name: first
          - metadata:
              name: second
        """;

    ManifestDocuments.Document document = ManifestDocuments.parse(yaml, false).get(0);

    assertThat(document.line()).isEqualTo(2);
    assertThat(document.lineOf("kind")).isEqualTo(3);
    assertThat(document.lineOf("items[1].metadata.name")).isEqualTo(8);
    assertThat(document.lineOf("items[1].metadata.namespace")).as("nearest ancestor").isEqualTo(7);
    assertThat(document.lineOf("spec.key")).as("document start").isEqualTo(2);
  }

  @Test
  void splitsDocumentsAndKeepsEmptyOnesEmpty() throws Exception {
    String yaml = "---\na: 1\n---\n---\nb: [x, y]\n";

    List<ManifestDocuments.Document> documents = ManifestDocuments.parse(yaml, false);

    assertThat(documents)
        .extracting(document -> document.content() == null ? null : document.content().toString())
        .containsExactly("{\"a\":1}", null, "{\"b\":[\"x\",\"y\"]}");
    assertThat(documents.get(2).line()).isEqualTo(5);
  }

  @Test
  void rejectsARepeatedField() {
    assertThatThrownBy(() -> ManifestDocuments.parse("spec:\n  key: a\n  key: b\n", false))
        .isInstanceOf(ManifestDocuments.SyntaxException.class)
        .hasMessage("field \"spec.key\" appears twice")
        .satisfies(
            error -> assertThat(((ManifestDocuments.SyntaxException) error).line()).isEqualTo(3));
  }

  @Test
  void readsJsonWithLines() throws Exception {
    String json = "{\n  \"kind\": \"X\",\n  \"spec\": {\"version\": 12}\n}";

    ManifestDocuments.Document document = ManifestDocuments.parse(json, true).get(0);

    assertThat(document.lineOf("spec.version")).isEqualTo(3);
    assertThat(document.content().at("/spec/version").isIntegralNumber()).isTrue();
  }

  @Test
  void validatorMessagesYieldTheirFieldPath() {
    assertThat(PolicyLoader.pathOf("unknown field \"spec.colour\"")).isEqualTo("spec.colour");
    assertThat(PolicyLoader.pathOf("spec.key.name: Invalid value: \"x\": bad"))
        .isEqualTo("spec.key.name");
    assertThat(PolicyLoader.pathOf("<nil>: Invalid value: null: some rules")).isEmpty();
  }
}
