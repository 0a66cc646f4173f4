package io.acrcmk.operator.azure;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Fails a request with a {@link TimeoutException} when the rest of the pipeline has not delivered
 * the whole response, body included, within the timeout. The body is read into memory inside the
 * time limit, so a server that sends headers and then stalls times out as well, and the buffered
 * body can be read again by error handling.
 */
final class RequestTimeoutPolicy implements HttpPipelinePolicy {

  private final Duration timeout;
  private final HttpPipelinePosition position;
  private final String scope;

  /**
   * Creates the policy.
   *
   * @param timeout the time limit
   * @param position {@code PER_RETRY} to limit each attempt, {@code PER_CALL} to limit a whole read
   *     including its retries
   */
  RequestTimeoutPolicy(Duration timeout, HttpPipelinePosition position) {
    this.timeout = timeout;
    this.position = position;
    this.scope = position == HttpPipelinePosition.PER_CALL ? "read" : "attempt";
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return next.process()
        .flatMap(RequestTimeoutPolicy::buffered)
        .timeout(
            timeout,
            Mono.error(
                () ->
                    new TimeoutException(
                        "no complete response within "
                            + timeout.toMillis()
                            + " ms for this "
                            + scope
                            + " of "
                            + context.getHttpRequest().getHttpMethod()
                            + " "
                            + context.getHttpRequest().getUrl().getPath())));
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return position;
  }

  private static Mono<HttpResponse> buffered(HttpResponse response) {
    HttpResponse copy = response.buffer();
    return copy.getBodyAsByteArray().then(Mono.just(copy));
  }
}
