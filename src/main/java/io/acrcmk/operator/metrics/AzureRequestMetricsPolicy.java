package io.acrcmk.operator.metrics;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Counts every Azure request in {@code acrcmk_azure_requests_total}, by service, operation and
 * final result. It runs once per call, before the retry policy, so a call that succeeds after a
 * throttled attempt counts once, with its final status; a call that gets no response (a timeout, a
 * refused connection or a failed token request) counts with code {@code error}.
 */
public final class AzureRequestMetricsPolicy implements HttpPipelinePolicy {

  /** The code label of a call that ended without an HTTP response. */
  public static final String NO_RESPONSE = "error";

  private final MeterRegistry registry;

  public AzureRequestMetricsPolicy(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    Request request = Request.of(context.getHttpRequest());
    return next.process()
        .doOnSuccess(response -> count(request, response))
        .doOnError(error -> count(request, null))
        // A caller that gives up waiting cancels the call; it got no response either.
        .doOnCancel(() -> count(request, null));
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    Request request = Request.of(context.getHttpRequest());
    HttpResponse response;
    try {
      response = next.processSync();
    } catch (RuntimeException e) {
      count(request, null);
      throw e;
    }
    count(request, response);
    return response;
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }

  private void count(Request request, HttpResponse response) {
    String code = response == null ? NO_RESPONSE : Integer.toString(response.getStatusCode());
    Counter.builder(MetricNames.AZURE_REQUESTS)
        .description(MetricNames.AZURE_REQUESTS_HELP)
        .tag(MetricNames.LABEL_SERVICE, request.service())
        .tag(MetricNames.LABEL_OPERATION, request.operation())
        .tag(MetricNames.LABEL_CODE, code)
        .register(registry)
        .increment();
  }

  /** The labels of a request, taken before it is sent because later policies may change it. */
  private record Request(String service, String operation) {

    static Request of(HttpRequest request) {
      String path = request.getUrl().getPath();
      return new Request(
          AzureOperations.service(path),
          AzureOperations.operation(request.getHttpMethod().name(), path));
    }
  }
}
