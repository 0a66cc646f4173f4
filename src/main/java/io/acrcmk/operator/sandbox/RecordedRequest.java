package io.acrcmk.operator.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the simulator received and the status it returned.
 *
 * @param time when the request arrived
 * @param method the HTTP method
 * @param host the Host header without the port, such as {@code 127.0.0.1} or a vault host
 * @param path the decoded path
 * @param query the raw query string, or empty
 * @param operation the operation name, or {@code unknown} when no route matched
 * @param apiVersion the {@code api-version} query parameter, or null when absent
 * @param headers the request headers, with bearer tokens replaced by {@code Bearer ***}
 * @param body the request body as text
 * @param status the status answered, or 0 when the connection was closed without a response
 */
public record RecordedRequest(
    Instant time,
    String method,
    String host,
    String path,
    String query,
    String operation,
    String apiVersion,
    Map<String, List<String>> headers,
    String body,
    int status) {

  /** Returns the first value of a header, matched case-insensitively, or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
        return entry.getValue().get(0);
      }
    }
    return null;
  }
}
