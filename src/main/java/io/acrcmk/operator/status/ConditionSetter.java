package io.acrcmk.operator.status;

import io.acrcmk.operator.api.ConditionStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds Kubernetes conditions with the conventions kubectl, kstatus and Flux rely on: every
 * condition carries observedGeneration, a reason and a message, and lastTransitionTime changes only
 * when status changes.
 */
final class ConditionSetter {

  /** The longest condition message the Kubernetes API server accepts. */
  static final int MAX_MESSAGE_LENGTH = 32768;

  private static final String ELLIPSIS = "...";

  /**
   * Starts the sentence an Unknown condition's message ends with, naming the last True or False
   * status, its reason and since when it held.
   */
  static final String LAST_KNOWN = " Last known: ";

  private ConditionSetter() {}

  /**
   * Returns a condition of {@code type}, keeping the previous lastTransitionTime when the status is
   * unchanged.
   */
  static Condition build(
      List<Condition> previous,
      String type,
      ConditionStatus status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    String transitionTime = formatTime(now);
    Condition old = find(previous, type);
    if (old != null
        && status.name().equals(old.getStatus())
        && old.getLastTransitionTime() != null) {
      transitionTime = old.getLastTransitionTime();
    }
    if (status == ConditionStatus.Unknown) {
      message = withLastKnown(message, old);
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status.name())
        .withReason(reason)
        .withMessage(shortened(message))
        .withObservedGeneration(generation)
        .withLastTransitionTime(transitionTime)
        .build();
  }

  /**
   * Returns {@code message} followed by the last known True or False state of the condition, so
   * that an Azure outage does not hide what the operator saw before it. The sentence is copied from
   * an Unknown {@code old} condition, so it survives a run of Unknown checks.
   */
  static String withLastKnown(String message, Condition old) {
    if (old == null || old.getStatus() == null) {
      return message;
    }
    String lastKnown;
    if (ConditionStatus.Unknown.name().equals(old.getStatus())) {
      String oldMessage = old.getMessage();
      int start = oldMessage == null ? -1 : oldMessage.lastIndexOf(LAST_KNOWN);
      if (start < 0) {
        return message;
      }
      lastKnown = oldMessage.substring(start);
    } else {
      lastKnown =
          LAST_KNOWN
              + old.getStatus()
              + " ("
              + old.getReason()
              + ") since "
              + old.getLastTransitionTime()
              + ".";
    }
    String base = message == null ? "" : message;
    // The sentence goes first into the space left, so that cutting a long message keeps it.
    int room = MAX_MESSAGE_LENGTH - lastKnown.length() - 1;
    base = shortened(base, room);
    // Messages end without a period, so one ends the message before the sentence is appended.
    if (!base.isEmpty() && !base.endsWith(".")) {
      base += ".";
    }
    return base + lastKnown;
  }

  /**
   * Returns {@code message} cut to the API server's limit. Messages quote values read from Azure
   * and the spec, and one oversized value would otherwise get the whole status patch rejected.
   */
  static String shortened(String message) {
    return shortened(message, MAX_MESSAGE_LENGTH);
  }

  private static String shortened(String message, int maxLength) {
    if (message == null || message.length() <= maxLength) {
      return message;
    }
    int end = maxLength - ELLIPSIS.length();
    // A cut between the two halves of a surrogate pair would leave invalid UTF-16.
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--;
    }
    return message.substring(0, end) + ELLIPSIS;
  }

  /** Returns the condition of {@code type} in {@code conditions}, or null. */
  static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Formats an instant as RFC 3339 in UTC with whole seconds, as Kubernetes writes times. */
  static String formatTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
