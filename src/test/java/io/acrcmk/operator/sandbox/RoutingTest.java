package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw HTTP checks of what the SDK tests cannot show: errors for gaps, auth and headers. */
class RoutingTest {

  private static AzureSimulator simulator;
  private static CmkSetup setup;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
    setup = simulator.seedHealthy();
    http = HttpClient.newBuilder().sslContext(simulator.clientSslContext()).build();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private HttpResponse<String> get(String path, boolean withToken) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + simulator.port() + path));
    if (withToken) {
      request.header("Authorization", "Bearer test-token");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownPathAnswersRouteNotFoundNamingPath() throws Exception {
    HttpResponse<String> response =
        get("/subscriptions/x/providers/Microsoft.Nope/things?api-version=1", true);

    JsonNode error = Json.parse(response.body()).get("error");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error.get("code").asText()).isEqualTo("SimulatorRouteNotFound");
    assertThat(error.get("message").asText())
        .contains("/subscriptions/x/providers/Microsoft.Nope/things");
    assertThat(simulator.requestLog().count("unknown")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void armRequestWithoutTokenIsUnauthorized() throws Exception {
    HttpResponse<String> response = get(setup.registryId() + "?api-version=2025-04-01", false);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("AuthenticationFailed");
  }

  @Test
  void armRequestWithoutApiVersionIsBadRequest() throws Exception {
    HttpResponse<String> response = get(setup.registryId(), true);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("MissingApiVersionParameter");
  }

  @Test
  void requestLogRecordsApiVersionAndHidesToken() throws Exception {
    simulator.clearRequests();

    HttpResponse<String> response = get(setup.registryId() + "?api-version=2099-01-01", true);

    RecordedRequest recorded = simulator.requests().get(0);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(recorded.operation()).isEqualTo("registries.get");
    assertThat(recorded.apiVersion()).isEqualTo("2099-01-01");
    assertThat(recorded.header("Authorization")).isEqualTo("Bearer ***");
    assertThat(recorded.status()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-ms-request-id")).isPresent();
    assertThat(response.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads"))
        .isPresent();
  }

  @Test
  void tokenEndpointAnswersClientCredentials() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    simulator.endpoints().armEndpoint()
                        + simulator.tenantId()
                        + "/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=abc"
                        + "&scope=https%3A%2F%2Fmanagement.localhost%2F%2F.default"))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    JsonNode token = Json.parse(response.body());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.get("expires_in").asInt()).isEqualTo(3600);
    assertThat(token.get("access_token").asText()).isNotBlank();
  }

  @Test
  void tokenEndpointRejectsOtherTenant() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    simulator.endpoints().armEndpoint()
                        + "00000000-0000-0000-0000-000000000001/oauth2/v2.0/token"))
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=x"))
            .build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("AADSTS90002");
  }
}
