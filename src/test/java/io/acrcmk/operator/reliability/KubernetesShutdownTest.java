package io.acrcmk.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.acrcmk.operator.controller.PolicyOperator;
import io.acrcmk.operator.sandbox.CmkSetup;
import io.acrcmk.operator.sandbox.Fault;
import io.acrcmk.operator.sandbox.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An operator stopped while a check waits on Azure, as a replica is when it is rolled or loses the
 * Lease. Stopping interrupts the check. A check cut short must not reach status, because it would
 * report the interrupted reads as Azure being unreachable.
 */
class KubernetesShutdownTest {

  private static final Duration SLOW_READ = Duration.ofSeconds(2);

  private KubeFixture fixture;

  @BeforeEach
  void start() {
    fixture = KubeFixture.start(1);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void interruptedCheckWritesNoStatus() {
    CmkSetup setup = fixture.setups.get(0);
    FaultRule slowRead =
        fixture
            .azure
            .faults()
            .inject(
                FaultRule.forOperation("registries.get", Fault.delay(SLOW_READ))
                    .withPath(".*/registries/" + setup.registryName())
                    .times(1));
    PolicyOperator operator = fixture.startOperator("operator", null);
    fixture.create("policy", setup);
    await().atMost(KubeFixture.WAIT).until(() -> slowRead.applied() == 1);

    operator.close();

    await()
        .during(SLOW_READ.plusSeconds(1))
        .atMost(SLOW_READ.plusSeconds(3))
        .untilAsserted(
            () -> assertThat(fixture.statusPatches("policy")).as("status patches").isEmpty());
  }
}
