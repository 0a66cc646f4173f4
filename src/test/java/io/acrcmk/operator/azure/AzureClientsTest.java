package io.acrcmk.operator.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.management.AzureEnvironment;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Checks how a cloud maps onto the SDK's environment and which vault URIs get a client. */
class AzureClientsTest {

  @Test
  void mapsPublicCloudToSdkEnvironment() {
    AzureEnvironment environment = AzureClients.environment(AzureCloud.PUBLIC);

    assertThat(environment.getResourceManagerEndpoint()).isEqualTo("https://management.azure.com/");
    assertThat(environment.getActiveDirectoryEndpoint())
        .isEqualTo("https://login.microsoftonline.com/");
    assertThat(environment.getManagementEndpoint())
        .isEqualTo("https://management.core.windows.net/");
    assertThat(environment.getKeyVaultDnsSuffix()).isEqualTo(".vault.azure.net");
  }

  @Test
  void mapsCustomCloudEndpoints() {
    AzureCloud cloud =
        new AzureCloud(
            "Custom",
            URI.create("https://127.0.0.1:8443/"),
            URI.create("https://127.0.0.1:8443/"),
            URI.create("https://management.localhost/"),
            "vault.localhost");

    AzureEnvironment environment = AzureClients.environment(cloud);

    assertThat(environment.getResourceManagerEndpoint()).isEqualTo("https://127.0.0.1:8443/");
    assertThat(environment.getActiveDirectoryEndpoint()).isEqualTo("https://127.0.0.1:8443/");
    assertThat(environment.getManagementEndpoint()).isEqualTo("https://management.localhost/");
    assertThat(environment.getKeyVaultDnsSuffix()).isEqualTo(".vault.localhost");
  }

  @Test
  void acceptsVaultUrisUnderCloudSuffix() {
    AzureClients clients = clientsFor(AzureCloud.PUBLIC);

    assertThat(clients.keyClient("https://KV-One.vault.azure.net")).isNotNull();
    assertThat(clients.keyClient("https://kv-one.vault.azure.net/"))
        .isSameAs(clients.keyClient("https://KV-One.vault.azure.net"));
  }

  @Test
  void rejectsVaultUrisOutsideCloudSuffix() {
    AzureClients clients = clientsFor(AzureCloud.PUBLIC);

    for (String uri :
        new String[] {
          "http://kv.vault.azure.net/",
          "https://kv.vault.azure.net.example.com/",
          "https://vault.azure.net/",
          "https://kv.vault.usgovcloudapi.net/",
          "not a uri"
        }) {
      assertThatThrownBy(() -> clients.keyClient(uri))
          .as(uri)
          .isInstanceOf(InvalidAzureResponseException.class);
    }
  }

  private static AzureClients clientsFor(AzureCloud cloud) {
    AzureConnection connection =
        new AzureConnection(
            cloud,
            request -> Mono.just(new AccessToken("unused", OffsetDateTime.now().plusHours(1))),
            null,
            Duration.ofSeconds(5));
    return new AzureClients(connection, AzureRetryOptions.DEFAULT);
  }
}
