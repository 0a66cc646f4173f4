package io.acrcmk.operator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  private static RecordedRequest request(String operation) {
    return new RecordedRequest(
        Instant.now(), "GET", "127.0.0.1", "/x", "", operation, null, Map.of(), "", 200);
  }

  @Test
  void logKeepsRecentRequestsAndCountsAll() {
    RequestLog log = new RequestLog(2);

    log.add(request("vaults.get"));
    log.add(request("keys.get"));
    log.add(request("vaults.get"));

    assertThat(log.all())
        .extracting(RecordedRequest::operation)
        .containsExactly("keys.get", "vaults.get");
    assertThat(log.count("vaults.get")).isEqualTo(2);
    assertThat(log.countsByOperation().keySet()).containsExactly("keys.get", "vaults.get");
  }

  @Test
  void clearForgetsRequestsAndCounts() {
    RequestLog log = new RequestLog(5);
    log.add(request("vaults.get"));

    log.clear();

    assertThat(log.all()).isEmpty();
    assertThat(log.count("vaults.get")).isZero();
  }
}
