package io.acrcmk.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sends requests through an azure-core pipeline with the policy to a local server. */
class AzureRequestMetricsPolicyTest {

  private static final String VAULT_PATH =
      "/subscriptions/7a3c9f2e-1b4d-4e8a-9c6f-2d5e8b1a4c70/resourceGroups/rg/providers/"
          + "Microsoft.KeyVault/vaults/kv-acr";

  private HttpServer server;
  private PrometheusMeterRegistry registry;
  private HttpPipeline pipeline;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int status = exchange.getRequestURI().getPath().startsWith("/subscriptions") ? 503 : 404;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    pipeline =
        new HttpPipelineBuilder()
            .httpClient(HttpClient.createDefault())
            .policies(new AzureRequestMetricsPolicy(registry))
            .build();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    registry.close();
  }

  @Test
  void countsSynchronousCallByFinalStatus() {
    try (HttpResponse response =
        pipeline.sendSync(new HttpRequest(HttpMethod.GET, url(VAULT_PATH)), Context.NONE)) {
      assertThat(response.getStatusCode()).isEqualTo(503);
    }

    assertThat(count("arm", "Microsoft.KeyVault/vaults/read", "503")).isEqualTo(1.0);
  }

  @Test
  void countsAsynchronousCallByFinalStatus() {
    HttpResponse response =
        pipeline
            .send(new HttpRequest(HttpMethod.GET, url("/deletedkeys/acr-cmk")))
            .block(Duration.ofSeconds(10));

    assertThat(response.getStatusCode()).isEqualTo(404);
    assertThat(count("keyvault", "Microsoft.KeyVault/vaults/deletedKeys/read", "404"))
        .isEqualTo(1.0);
  }

  @Test
  void countsCallWithoutResponseAsError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + VAULT_PATH;

    assertThatThrownBy(() -> pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(
            () -> pipeline.send(new HttpRequest(HttpMethod.GET, url)).block(Duration.ofSeconds(10)))
        .isInstanceOf(RuntimeException.class);

    assertThat(count("arm", "Microsoft.KeyVault/vaults/read", "error")).isEqualTo(2.0);
  }

  private double count(String service, String operation, String code) {
    return Exposition.parse(registry.scrape())
        .value(
            "acrcmk_azure_requests_total",
            Map.of("service", service, "operation", operation, "code", code));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }
}
