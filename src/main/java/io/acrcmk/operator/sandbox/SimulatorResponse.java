package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response a route builds: status, headers and a JSON body (or none). */
final class SimulatorResponse {

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private JsonNode json;
  private byte[] rawBody;

  private SimulatorResponse(int status, JsonNode json) {
    this.status = status;
    this.json = json;
  }

  static SimulatorResponse json(int status, JsonNode body) {
    return new SimulatorResponse(status, body);
  }

  static SimulatorResponse ok(JsonNode body) {
    return json(200, body);
  }

  static SimulatorResponse empty(int status) {
    return new SimulatorResponse(status, null);
  }

  /** Builds the {@code {"error":{"code","message","innererror"?}}} body Azure services send. */
  static SimulatorResponse error(int status, String code, String message, String innerCode) {
    ObjectNode body = Json.object();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    if (innerCode != null) {
      error.putObject("innererror").put("code", innerCode);
    }
    return json(status, body);
  }

  static SimulatorResponse error(int status, String code, String message) {
    return error(status, code, message, null);
  }

  SimulatorResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  JsonNode json() {
    return json;
  }

  void replaceJson(JsonNode body) {
    this.json = body;
    this.rawBody = null;
  }

  /** Replaces the body with bytes that need not be valid JSON, for broken-payload faults. */
  void replaceRaw(byte[] body) {
    this.rawBody = body;
  }

  byte[] bodyBytes() {
    if (rawBody != null) {
      return rawBody;
    }
    return json == null ? new byte[0] : Json.write(json).getBytes(StandardCharsets.UTF_8);
  }
}
