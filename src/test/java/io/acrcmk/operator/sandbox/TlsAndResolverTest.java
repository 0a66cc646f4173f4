package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsAndResolverTest {

  private static AzureSimulator simulator;

  @BeforeAll
  static void start() {
    simulator = AzureSimulator.start();
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void certificateNamesLoopbackAndVaultHosts() throws Exception {
    X509Certificate certificate = simulator.certificate();

    List<String> names =
        certificate.getSubjectAlternativeNames().stream()
            .map(name -> (String) name.get(1))
            .toList();

    assertThat(names).containsExactlyInAnyOrder("127.0.0.1", "localhost", "*.vault.localhost");
    assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength())
        .isEqualTo(2048);
  }

  @Test
  void defaultTrustStoreRejectsSimulatorCertificate() {
    HttpClient untrusting = HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(URI.create(simulator.endpoints().armEndpoint()))
            .build();

    assertThatThrownBy(() -> untrusting.send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void resolverMapsLocalhostNamesOnly() throws Exception {
    assertThat(LoopbackAddressResolverGroup.loopbackFor("kv1.vault.localhost").getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(LoopbackAddressResolverGroup.loopbackFor("localhost.").getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThatThrownBy(() -> LoopbackAddressResolverGroup.loopbackFor("login.microsoftonline.com"))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> LoopbackAddressResolverGroup.loopbackFor("169.254.169.254"))
        .isInstanceOf(UnknownHostException.class);
  }

  @Test
  void simulatorClientCannotReachOtherHosts() {
    var client = simulator.connection().httpClient();
    HttpRequest request = new HttpRequest(HttpMethod.GET, "https://login.microsoftonline.com/");

    assertThatThrownBy(() -> client.send(request).block())
        .hasRootCauseInstanceOf(UnknownHostException.class);
  }

  @Test
  void simulatorClientReachesVaultHost() {
    var client = simulator.connection().httpClient();
    HttpRequest request =
        new HttpRequest(HttpMethod.GET, simulator.vaultUri("any") + "keys/k?api-version=7.6");

    // No vault named "any" exists, so the connection is closed after the TLS handshake: what
    // matters here is that the name resolved and the certificate was trusted.
    assertThatThrownBy(() -> client.send(request).block())
        .hasMessageContaining("prematurely closed");
  }
}
