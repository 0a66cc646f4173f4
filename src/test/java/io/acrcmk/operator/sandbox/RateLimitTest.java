package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.containerregistry.fluent.RegistriesClient;
import com.azure.resourcemanager.containerregistry.fluent.models.RegistryInner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private AzureSimulator simulator;

  @AfterEach
  void stop() {
    simulator.close();
  }

  private RegistriesClient start(SimulatorOptions options, CmkSetup[] setup) {
    simulator = AzureSimulator.start(options);
    setup[0] = simulator.seedHealthy();
    return new SdkClients(simulator, setup[0].subscriptionId())
        .registries()
        .serviceClient()
        .getRegistries();
  }

  @Test
  void remainingReadsDecreaseThenThrottle() {
    CmkSetup[] setup = new CmkSetup[1];
    RegistriesClient registries = start(SimulatorOptions.defaults().armReads(3, 0.01), setup);
    List<String> remaining = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      Response<RegistryInner> response =
          registries.getByResourceGroupWithResponse(
              setup[0].resourceGroup(), setup[0].registryName(), Context.NONE);
      remaining.add(response.getHeaders().getValue("x-ms-ratelimit-remaining-subscription-reads"));
    }

    assertThat(remaining).containsExactly("2", "1", "0");
    assertThatThrownBy(
            () -> registries.getByResourceGroup(setup[0].resourceGroup(), setup[0].registryName()))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(429);
              assertThat(e.getValue().getCode()).isEqualTo("SubscriptionRequestsThrottled");
              assertThat(Long.parseLong(e.getResponse().getHeaderValue("Retry-After")))
                  .isPositive();
            });
  }

  @Test
  void unenforcedLimitKeepsServingAtZero() {
    CmkSetup[] setup = new CmkSetup[1];
    RegistriesClient registries =
        start(SimulatorOptions.defaults().armReads(1, 0.01).enforceRateLimits(false), setup);

    registries.getByResourceGroup(setup[0].resourceGroup(), setup[0].registryName());
    Response<RegistryInner> second =
        registries.getByResourceGroupWithResponse(
            setup[0].resourceGroup(), setup[0].registryName(), Context.NONE);

    assertThat(second.getStatusCode()).isEqualTo(200);
    assertThat(second.getHeaders().getValue("x-ms-ratelimit-remaining-subscription-reads"))
        .isEqualTo("0");
  }

  @Test
  void writesCountAgainstWriteBucket() {
    CmkSetup[] setup = new CmkSetup[1];
    RegistriesClient registries = start(SimulatorOptions.defaults().armWrites(5, 1), setup);
    RegistryInner current =
        registries.getByResourceGroup(setup[0].resourceGroup(), setup[0].registryName());

    var put =
        registries
            .createWithResponseAsync(setup[0].resourceGroup(), setup[0].registryName(), current)
            .block();

    assertThat(put.getHeaders().getValue("x-ms-ratelimit-remaining-subscription-writes"))
        .isEqualTo("4");
    assertThat(put.getHeaders().getValue("x-ms-request-id")).isNotBlank();
    assertThat(put.getHeaders().getValue("x-ms-correlation-request-id")).isNotBlank();
  }
}
