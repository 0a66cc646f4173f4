package io.acrcmk.operator.sandbox.demo;

import io.acrcmk.operator.api.ConditionTypes;
import io.acrcmk.operator.api.RegistryEncryptionPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints policies as rows, in the manner of {@code kubectl get rep -w}, with one short column per
 * checked condition: T for True, F for False, ? for Unknown, - when not yet written.
 */
final class PolicyTable {

  private static final String FORMAT = "%-10s %-18s %-6s %-32s %-3s %-3s %-3s %-3s %-3s %-3s%n";

  private final PrintStream out;

  PolicyTable(PrintStream out) {
    this.out = out;
  }

  void printHeader() {
    out.printf(
        FORMAT, "NAMESPACE", "NAME", "READY", "REASON", "REG", "ID", "KV", "KEY", "ROT", "REC");
  }

  void printRow(RegistryEncryptionPolicy policy) {
    List<Condition> conditions =
        policy.getStatus() == null ? List.of() : policy.getStatus().getConditions();
    Condition ready = find(conditions, ConditionTypes.READY);
    out.printf(
        FORMAT,
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        ready == null ? "-" : ready.getStatus(),
        ready == null ? "-" : ready.getReason(),
        letter(conditions, ConditionTypes.REGISTRY_ENCRYPTED),
        letter(conditions, ConditionTypes.IDENTITY_HEALTHY),
        letter(conditions, ConditionTypes.KEY_VAULT_ACCESSIBLE),
        letter(conditions, ConditionTypes.KEY_USABLE),
        letter(conditions, ConditionTypes.KEY_ROTATION_CURRENT),
        letter(conditions, ConditionTypes.RECOVERY_PROTECTED));
  }

  /** Returns a fingerprint of what a row shows, to print a row only when it changes. */
  static String fingerprint(RegistryEncryptionPolicy policy) {
    if (policy.getStatus() == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (Condition condition : policy.getStatus().getConditions()) {
      text.append(condition.getType())
          .append('=')
          .append(condition.getStatus())
          .append('/')
          .append(condition.getReason())
          .append(';');
    }
    return text.toString();
  }

  private static String letter(List<Condition> conditions, String type) {
    Condition condition = find(conditions, type);
    if (condition == null) {
      return "-";
    }
    return switch (condition.getStatus()) {
      case "True" -> "T";
      case "False" -> "F";
      default -> "?";
    };
  }

  static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
