package io.acrcmk.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes drafted policies as a multi-document YAML manifest, each document under a comment naming
 * the registry it came from, or as a JSON Kubernetes {@code List}. Both are what {@code kubectl
 * apply -f -} reads.
 */
final class DraftWriter {

  /** The output formats of the discover command. */
  enum Format {
    yaml,
    json
  }

  // Every string is quoted, as in the committed CRD, so that no key name or version such as
  // "1e10" or "true" can read back as a number or a boolean.
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DraftWriter() {}

  static void write(List<PolicyDrafter.Draft> drafts, Format format, PrintWriter out) {
    try {
      if (format == Format.json) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        list.put("kind", "List");
        drafts.forEach(draft -> list.withArray("items").add(draft.policy()));
        if (drafts.isEmpty()) {
          list.putArray("items");
        }
        out.println(JSON.writeValueAsString(list));
      } else {
        for (PolicyDrafter.Draft draft : drafts) {
          out.println("---");
          out.println("# " + draft.summary());
          out.print(YAML.writeValueAsString(draft.policy()));
        }
      }
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
