package io.acrcmk.operator.event;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about policies. Every event of the operator goes through this class,
 * with a reason that matches the condition reason it explains. The same event for the same object
 * is written at most once per {@code dedupeWindow}, so a flapping condition cannot flood the API
 * server.
 */
public class PolicyEventRecorder {

  /** The component name events are reported from. */
  public static final String COMPONENT = "acr-cmk-operator";

  private static final Logger LOG = LoggerFactory.getLogger(PolicyEventRecorder.class);
  private static final int MAX_MESSAGE_LENGTH = 1024;
  private static final int MAX_REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration dedupeWindow;
  private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();

  public PolicyEventRecorder(KubernetesClient client, Clock clock, Duration dedupeWindow) {
    this.client = client;
    this.clock = clock;
    this.dedupeWindow = dedupeWindow;
  }

  /** Event types as Kubernetes defines them. */
  public enum Type {
    Normal,
    Warning
  }

  /** Writes an event of {@code type} about {@code object}; failures are logged, never thrown. */
  public void record(HasMetadata object, Type type, String reason, String message) {
    Instant now = clock.instant();
    String key = object.getMetadata().getUid() + "/" + type + "/" + reason + "/" + message;
    Instant previous = lastWritten.get(key);
    if (previous != null && previous.plus(dedupeWindow).isAfter(now)) {
      LOG.debug("Event {} suppressed: written at {}", reason, previous);
      return;
    }
    if (lastWritten.size() > MAX_REMEMBERED) {
      lastWritten.clear();
    }
    lastWritten.put(key, now);
    write(object, type, reason, message, now);
  }

  private void write(HasMetadata object, Type type, String reason, String message, Instant now) {
    String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    String namespace = object.getMetadata().getNamespace();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(object.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli()))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withNamespace(namespace)
                    .withName(object.getMetadata().getName())
                    .withUid(object.getMetadata().getUid())
                    .withResourceVersion(object.getMetadata().getResourceVersion())
                    .build())
            .withType(type.name())
            .withReason(reason)
            .withMessage(truncate(message))
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(time)
            .withLastTimestamp(time)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
      LOG.debug("Event {} {} written", type, reason);
    } catch (KubernetesClientException e) {
      // An event is a notification; the same fact is in status, so losing one is tolerated.
      LOG.warn("Could not write {} event {}: {}", type, reason, e.getMessage());
    }
  }

  private static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
