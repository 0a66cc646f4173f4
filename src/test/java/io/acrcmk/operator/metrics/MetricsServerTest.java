package io.acrcmk.operator.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acrcmk.operator.azure.AzureSnapshotLoader;
import io.acrcmk.operator.controller.OperatorSettings;
import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.AzureSimulator;
import io.acrcmk.operator.sandbox.kube.EmbeddedKubernetes;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Serves probes and metrics, before and without a running operator. */
class MetricsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void reportsNotReadyBeforeOperatorStarts() throws Exception {
    try (AzureSimulator azure = AzureSimulator.start();
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        OperatorMetrics metrics = OperatorMetrics.create()) {
      PolicyOperator operator =
          PolicyOperator.create(
              kubernetes.client(),
              new AzureSnapshotLoader(azure.connection()),
              OperatorSettings.defaults(),
              null,
              Clock.systemUTC(),
              metrics);
      try (MetricsServer server = start(metrics, operator::notReadyReason)) {
        HttpResponse<String> ready = get(server, "/readyz", "GET");
        HttpResponse<String> live = get(server, "/healthz", "GET");

        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).startsWith("not ready: the operator has not started");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(operator.cachedPolicies()).isEmpty();
      }
    }
  }

  @Test
  void answersHeadWithoutBody() throws Exception {
    try (OperatorMetrics metrics = OperatorMetrics.create();
        MetricsServer server = start(metrics, Optional::empty)) {
      HttpResponse<String> head = get(server, "/metrics", "HEAD");

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Type")).hasValue(OperatorMetrics.TEXT_FORMAT);
    }
  }

  @Test
  void answersProbesWhileClientsSendSlowly() throws Exception {
    try (OperatorMetrics metrics = OperatorMetrics.create();
        MetricsServer server = start(metrics, Optional::empty)) {
      List<Socket> slow = new ArrayList<>();
      try {
        // Each client sends part of its headers and stops, which occupies one server thread.
        for (int i = 0; i < MetricsServer.THREADS - 1; i++) {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
          socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(UTF_8));
          slow.add(socket);
        }

        HttpResponse<String> live =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(live.statusCode()).isEqualTo(200);
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  @Test
  void rejectsPortInUse() {
    try (OperatorMetrics metrics = OperatorMetrics.create();
        MetricsServer first = start(metrics, Optional::empty)) {
      InetSocketAddress taken =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), first.port());

      assertThatThrownBy(() -> MetricsServer.start(taken, metrics, Optional::empty))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("failed to listen for metrics on");
    }
  }

  private static MetricsServer start(OperatorMetrics metrics, ReadinessProbe readiness) {
    return MetricsServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics, readiness);
  }

  private HttpResponse<String> get(MetricsServer server, String path, String method)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
