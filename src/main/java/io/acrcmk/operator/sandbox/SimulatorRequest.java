package io.acrcmk.operator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the routes see it.
 *
 * @param method upper-case HTTP method
 * @param host the Host header without the port, lower-cased
 * @param path the decoded path
 * @param rawQuery the query string as sent, or empty
 * @param headers request headers, looked up case-insensitively
 * @param body the request body, empty when none
 */
record SimulatorRequest(
    String method,
    String host,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body) {

  SimulatorRequest {
    TreeMap<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(headers);
    headers = sorted;
    rawQuery = rawQuery == null ? "" : rawQuery;
  }

  /** Returns the decoded query parameters in order; a repeated name keeps its first value. */
  Map<String, String> query() {
    return parseForm(rawQuery);
  }

  /** Parses {@code application/x-www-form-urlencoded} text, as in a query or a token request. */
  static Map<String, String> parseForm(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  String queryParam(String name) {
    return query().get(name);
  }

  String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Returns the bearer token of the Authorization header, or null when there is none. */
  String bearerToken() {
    String authorization = header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Parses the body as a JSON object, or throws ARM's 400 when it is not one. */
  ObjectNode jsonBody() {
    try {
      JsonNode node = Json.parse(bodyText());
      if (node != null && node.isObject()) {
        return (ObjectNode) node;
      }
      throw SimulatorException.badRequest(
          "InvalidRequestContent", "The request content must be a JSON object.");
    } catch (IllegalArgumentException e) {
      throw SimulatorException.badRequest(
          "InvalidRequestContent", "The request content was invalid: " + e.getMessage());
    }
  }

  String methodAndPath() {
    return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
  }

  static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
