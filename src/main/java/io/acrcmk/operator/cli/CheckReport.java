package io.acrcmk.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.acrcmk.operator.api.ConditionStatus;
import io.acrcmk.operator.api.ConditionTypes;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a check run: the exit code it maps to, and its rendering as a table or as the
 * Kubernetes list that {@code kubectl get rep -o json} prints, with the status the operator would
 * have written to each policy.
 */
final class CheckReport {

  /** The findings that fail the run. */
  enum FailOn {
    /** Only a policy whose Ready condition is False. */
    error,
    /** Also a policy with a False condition of warning severity, such as an expiring key. */
    warning
  }

  /** The output formats of the check command. */
  enum Format {
    table,
    json,
    yaml
  }

  /** The condition columns of the table, in check order, with their short headers. */
  private static final Map<String, String> COLUMNS =
      Map.of(
          ConditionTypes.REGISTRY_ENCRYPTED, "ENCRYPTED",
          ConditionTypes.IDENTITY_HEALTHY, "IDENTITY",
          ConditionTypes.KEY_VAULT_ACCESSIBLE, "VAULT",
          ConditionTypes.KEY_USABLE, "KEY",
          ConditionTypes.KEY_ROTATION_CURRENT, "ROTATION",
          ConditionTypes.RECOVERY_PROTECTED, "RECOVERY");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // Every string is quoted, as in the committed CRD, so that no key name or version such as
  // "1e10" or "true" can read back as a number or a boolean.
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final List<CheckedPolicy> checked;

  CheckReport(List<CheckedPolicy> checked) {
    this.checked = List.copyOf(checked);
  }

  /**
   * Returns the exit code: {@link ExitCodes#NOT_READY} when a policy fails ({@code Ready} False, or
   * with {@code failOn} warning a warning-level condition False); else {@link
   * ExitCodes#INVALID_OR_UNKNOWN} when a policy could not be checked (Ready Unknown); else {@link
   * ExitCodes#READY}. Suspended policies count for nothing.
   */
  int exitCode(FailOn failOn) {
    boolean failing = false;
    boolean unknown = false;
    for (CheckedPolicy policy : checked) {
      if (policy.suspended()) {
        continue;
      }
      ConditionStatus ready = policy.ready();
      if (ready == ConditionStatus.False
          || (failOn == FailOn.warning && ready == ConditionStatus.True && policy.hasWarning())) {
        failing = true;
      } else if (ready == ConditionStatus.Unknown) {
        unknown = true;
      }
    }
    if (failing) {
      return ExitCodes.NOT_READY;
    }
    return unknown ? ExitCodes.INVALID_OR_UNKNOWN : ExitCodes.READY;
  }

  /** Returns one sentence counting the policies that are not Ready, or null when all are. */
  String summary() {
    int notReady = 0;
    int unknown = 0;
    int warnings = 0;
    int suspended = 0;

    for (CheckedPolicy policy : checked) {
      if (policy.suspended()) {
        suspended++;
      } else if (policy.ready() == ConditionStatus.False) {
        notReady++;
      } else if (policy.ready() == ConditionStatus.Unknown) {
        unknown++;
      } else if (policy.hasWarning()) {
        warnings++;
      }
    }
    if (notReady + unknown + warnings == 0) {
      return null;
    }

    List<String> parts = new ArrayList<>();
    if (notReady > 0) {
      parts.add(notReady + " not Ready");
    }
    if (unknown > 0) {
      parts.add(unknown + " could not be checked because Azure could not be read");
    }
    if (warnings > 0) {
      parts.add(warnings + " Ready with warnings");
    }
    if (suspended > 0) {
      parts.add(suspended + " suspended");
    }
    String policies = checked.size() == 1 ? " policy: " : " policies: ";
    return "Of " + checked.size() + policies + String.join(", ", parts) + ".";
  }

  /** Writes the report in {@code format}. */
  void print(Format format, PrintWriter out) {
    switch (format) {
      case table -> printTable(out);
      case json -> out.println(write(JSON, list()));
      case yaml -> out.print(write(YAML, list()));
    }
    out.flush();
  }

  /**
   * Writes one row per policy with the status of each condition and Ready's reason, then the
   * message of every condition that is not True, which names the resource at fault and the fix.
   */
  private void printTable(PrintWriter out) {
    List<String> header = new ArrayList<>(List.of("POLICY", "REGISTRY"));
    ConditionTypes.CHECKED.forEach(type -> header.add(COLUMNS.get(type)));
    header.addAll(List.of("READY", "REASON"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (CheckedPolicy policy : checked) {
      List<String> row = new ArrayList<>();
      row.add(policy.policy().displayName());
      row.add(policy.policy().target().registry().name());
      for (String type : ConditionTypes.CHECKED) {
        Condition condition = policy.condition(type);
        row.add(condition == null || policy.suspended() ? "-" : condition.getStatus());
      }
      Condition ready = policy.condition(ConditionTypes.READY);
      row.add(ready == null ? ConditionStatus.Unknown.name() : ready.getStatus());
      row.add(ready == null ? "" : ready.getReason());
      rows.add(row);
    }
    TextTable.print(rows, out);
    printFindings(out);
  }

  private void printFindings(PrintWriter out) {
    for (CheckedPolicy policy : checked) {
      List<Condition> findings = new ArrayList<>();
      for (Condition condition : policy.status().getConditions()) {
        if (!ConditionStatus.True.name().equals(condition.getStatus())
            && !ConditionTypes.READY.equals(condition.getType())) {
          findings.add(condition);
        }
      }
      if (policy.suspended()) {
        findings.add(policy.condition(ConditionTypes.READY));
      }
      if (findings.isEmpty()) {
        continue;
      }
      out.println();
      out.println(policy.policy().displayName() + " (" + policy.policy().location() + "):");
      for (Condition condition : findings) {
        out.println(
            "  "
                + condition.getType()
                + " "
                + condition.getStatus()
                + " "
                + condition.getReason()
                + ": "
                + condition.getMessage());
      }
    }
  }

  /** Returns the policies with their status as a Kubernetes {@code List}. */
  private ObjectNode list() {
    KubernetesSerialization serialization = new KubernetesSerialization();
    ObjectNode list = JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    for (CheckedPolicy policy : checked) {
      ObjectNode item = policy.policy().document().deepCopy();
      item.set("status", serialization.convertValue(policy.status(), JsonNode.class));
      items.add(item);
    }
    return list;
  }

  private static String write(ObjectMapper mapper, JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
