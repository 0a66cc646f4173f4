package io.acrcmk.operator.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.AuthenticationErrorCode;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.acrcmk.operator.azure.snapshot.Observed;
import io.acrcmk.operator.azure.snapshot.ReadFailure;
import io.acrcmk.operator.azure.snapshot.ReadFailure.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an exception thrown by an Azure SDK call into an outcome: {@code NotFound} when Azure
 * reported that the resource does not exist, otherwise {@code Failed} with a {@link ReadFailure}
 * that gives the reason the state is unknown.
 *
 * <table>
 *   <caption>Classification</caption>
 *   <tr><th>What happened</th><th>Outcome</th></tr>
 *   <tr><td>HTTP 404 with an error code meaning that the resource is missing
 *       ({@link #NOT_FOUND_CODES})</td><td>NotFound</td></tr>
 *   <tr><td>HTTP 404 with SubscriptionNotFound</td><td>FORBIDDEN</td></tr>
 *   <tr><td>HTTP 404 with any other code or none</td><td>INVALID_RESPONSE</td></tr>
 *   <tr><td>HTTP 401 or 403</td><td>FORBIDDEN, with the Key Vault inner code when present</td></tr>
 *   <tr><td>HTTP 408, or a timeout anywhere in the cause chain</td><td>TIMED_OUT</td></tr>
 *   <tr><td>HTTP 429</td><td>THROTTLED, with the requested delay</td></tr>
 *   <tr><td>HTTP 5xx; a refused, reset or closed connection; DNS or TLS failure</td>
 *       <td>UNAVAILABLE</td></tr>
 *   <tr><td>HTTP 2xx whose body could not be parsed; other HTTP 4xx</td>
 *       <td>INVALID_RESPONSE</td></tr>
 *   <tr><td>The token endpoint sent a body that could not be parsed</td>
 *       <td>INVALID_RESPONSE</td></tr>
 *   <tr><td>The token endpoint rejected the credential, or the credential could not get a
 *       token</td><td>FORBIDDEN (THROTTLED when the token endpoint returned 429, UNAVAILABLE
 *       when it returned 5xx)</td></tr>
 *   <tr><td>Anything else</td><td>UNAVAILABLE</td></tr>
 * </table>
 */
public final class AzureErrorClassifier {

  /**
   * The 404 error codes that state a fact: the resource, its resource group or its parent does not
   * exist. Other 404 codes, such as InvalidResourceType for a path the service does not know, say
   * nothing about the resource.
   */
  public static final Set<String> NOT_FOUND_CODES =
      Set.of(
          "ResourceNotFound",
          "NotFound",
          "ResourceGroupNotFound",
          "ParentResourceNotFound",
          "KeyNotFound",
          "VaultNotFound",
          "DeletedVaultNotFound",
          "RoleAssignmentNotFound",
          "RoleDefinitionDoesNotExist");

  /**
   * ARM returns SubscriptionNotFound for a subscription that does not exist. NOTE: it is also
   * reported for a subscription the caller has no role in (not verified here), so the operator's
   * own access is what is in doubt.
   */
  private static final String SUBSCRIPTION_NOT_FOUND = "SubscriptionNotFound";

  private static final Pattern MSAL_STATUS = Pattern.compile("status code: (\\d{3})");

  /**
   * The location Jackson appends to a parse error, such as {@code at [Source: (byte[])"{...}";
   * line: 1, column: 250]}. It quotes up to 500 characters of the body that failed to parse, which
   * can hold key material or, from the token endpoint, an access token.
   */
  private static final Pattern PARSE_ERROR_SOURCE =
      Pattern.compile("\\s*at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]", Pattern.DOTALL);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
  private static final Duration BODY_READ_LIMIT = Duration.ofSeconds(2);
  private static final int MAX_MESSAGE_LENGTH = 400;

  private AzureErrorClassifier() {}

  /**
   * Classifies {@code error}, thrown by the read named {@code operation}.
   *
   * @return {@code NotFound} or {@code Failed}, never {@code Found} or {@code Skipped}
   */
  public static <T> Observed<T> classify(String operation, Throwable error) {
    HttpResponseException httpError = findHttpError(error);
    if (httpError != null) {
      return fromResponse(operation, httpError);
    }
    return Observed.failed(withoutResponse(operation, error));
  }

  /** Returns a failure for a response that arrived but lacks what the operator needs. */
  public static ReadFailure invalidResponse(
      String operation, int httpStatus, String message, String requestId) {
    return new ReadFailure(
        Kind.INVALID_RESPONSE, operation, httpStatus, null, oneLine(message), requestId, null);
  }

  private static HttpResponseException findHttpError(Throwable error) {
    for (Throwable cause : Throwables.chain(error)) {
      if (cause instanceof HttpResponseException http && http.getResponse() != null) {
        return http;
      }
    }
    return null;
  }

  private static <T> Observed<T> fromResponse(String operation, HttpResponseException error) {
    HttpResponse response = error.getResponse();
    int status = response.getStatusCode();
    String requestId = response.getHeaderValue(REQUEST_ID);
    ErrorBody body = errorBody(error);
    String message = body.message() != null ? body.message() : Throwables.describe(error);
    if (status == 404 && NOT_FOUND_CODES.contains(body.code())) {
      return Observed.notFound(body.code() + ": " + oneLine(message));
    }
    Kind kind = kindOf(status, body.code());
    if (kind == Kind.INVALID_RESPONSE && status < 300) {
      message = "the response body could not be read: " + Throwables.describe(rootOf(error));
    } else if (kind == Kind.INVALID_RESPONSE && status == 404) {
      message = "HTTP 404 that does not say the resource is missing: " + message;
    }
    Duration retryAfter = RetryAfter.from(response.getHeaders());
    return Observed.failed(
        new ReadFailure(
            kind, operation, status, body.code(), oneLine(message), requestId, retryAfter));
  }

  private static Kind kindOf(int status, String code) {
    if (status == 401 || status == 403 || SUBSCRIPTION_NOT_FOUND.equals(code)) {
      return Kind.FORBIDDEN;
    }
    if (status == 408) {
      return Kind.TIMED_OUT;
    }
    if (status == 429) {
      return Kind.THROTTLED;
    }
    if (status >= 500) {
      return Kind.UNAVAILABLE;
    }
    // A 2xx or 3xx status reaches here only when the body could not be deserialised. Any other 4xx
    // means that Azure rejected the request itself, and a retry will not fix that.
    return Kind.INVALID_RESPONSE;
  }

  private static ReadFailure withoutResponse(String operation, Throwable error) {
    for (Throwable cause : Throwables.chain(error)) {
      if (Throwables.isTimeout(cause)) {
        return failure(Kind.TIMED_OUT, operation, 0, null, cause);
      }
      if (Throwables.isParseError(cause)) {
        return failure(Kind.INVALID_RESPONSE, operation, 0, null, cause);
      }
    }
    IOException io = Throwables.find(error, IOException.class);
    if (io != null) {
      return failure(Kind.UNAVAILABLE, operation, 0, null, rootOf(io));
    }
    MsalServiceException tokenError = Throwables.find(error, MsalServiceException.class);
    if (tokenError != null) {
      // A 429 from the token endpoint throttles the credential and a 5xx means the endpoint is
      // down, so both pass. Any other status rejects the credential.
      int status = tokenStatus(tokenError);
      Kind kind = tokenFailureKind(status);
      return failure(kind, operation, status, tokenError.errorCode(), tokenError);
    }
    MsalClientException clientError = Throwables.find(error, MsalClientException.class);
    if (clientError != null
        && AuthenticationErrorCode.INVALID_JSON.equals(clientError.errorCode())) {
      // The token endpoint's response could not be parsed, which tells nothing about the
      // credential.
      return failure(Kind.INVALID_RESPONSE, operation, 0, clientError.errorCode(), clientError);
    }
    ClientAuthenticationException authError =
        Throwables.find(error, ClientAuthenticationException.class);
    MsalException msalError = Throwables.find(error, MsalException.class);
    if (authError != null || msalError != null) {
      Throwable reason = authError != null ? authError : msalError;
      return failure(Kind.FORBIDDEN, operation, 0, null, reason);
    }
    return failure(Kind.UNAVAILABLE, operation, 0, null, rootOf(error));
  }

  private static Kind tokenFailureKind(int status) {
    if (status == 429) {
      return Kind.THROTTLED;
    }
    return status >= 500 ? Kind.UNAVAILABLE : Kind.FORBIDDEN;
  }

  /**
   * Returns the token endpoint's HTTP status. NOTE: msal4j 1.23 leaves {@code statusCode()} empty
   * for error bodies it does not recognise and puts the status only in the message, so the message
   * is read as a fallback; another msal4j wording yields 0.
   */
  private static int tokenStatus(MsalServiceException error) {
    if (error.statusCode() != null) {
      return error.statusCode();
    }
    Matcher matcher = MSAL_STATUS.matcher(String.valueOf(error.getMessage()));
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }

  private static ReadFailure failure(
      Kind kind, String operation, int status, String code, Throwable reason) {
    return new ReadFailure(
        kind, operation, status, code, oneLine(Throwables.describe(reason)), null, null);
  }

  private static Throwable rootOf(Throwable error) {
    var chain = Throwables.chain(error);
    return chain.get(chain.size() - 1);
  }

  /**
   * Reads {@code {"error":{"code","message","innererror":{"code"}}}}; the innermost {@code
   * innererror.code} wins because Key Vault puts the precise reason, such as ForbiddenByFirewall,
   * there under a generic Forbidden.
   */
  private static ErrorBody errorBody(HttpResponseException error) {
    ErrorBody parsed = parseBody(error.getResponse());
    if (parsed.code() == null && error instanceof ManagementException management) {
      ManagementError value = management.getValue();
      if (value != null) {
        return new ErrorBody(value.getCode(), value.getMessage());
      }
    }
    return parsed;
  }

  private static ErrorBody parseBody(HttpResponse response) {
    String text;
    try {
      text = response.getBodyAsString().block(BODY_READ_LIMIT);
    } catch (RuntimeException e) {
      return new ErrorBody(null, null);
    }
    if (text == null || text.isBlank()) {
      return new ErrorBody(null, null);
    }
    try {
      JsonNode root = JSON.readTree(text);
      JsonNode error = root.has("error") ? root.get("error") : root;
      String code = textOf(error.get("code"));
      String message = textOf(error.get("message"));
      for (JsonNode inner = error.get("innererror");
          inner != null && inner.isObject();
          inner = inner.get("innererror")) {
        String innerCode = textOf(inner.get("code"));
        if (innerCode != null) {
          code = innerCode;
        }
      }
      return new ErrorBody(code, message);
    } catch (IOException | RuntimeException notJson) {
      return new ErrorBody(null, null);
    }
  }

  private static String textOf(JsonNode node) {
    if (node == null || !node.isValueNode() || node.asText().isBlank()) {
      return null;
    }
    return node.asText();
  }

  /**
   * Returns {@code text} on one line, without the body quotes of parse errors and cut to {@value
   * #MAX_MESSAGE_LENGTH} characters, because the message goes to status and logs.
   */
  private static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    String unquoted = PARSE_ERROR_SOURCE.matcher(text).replaceAll(" at line $1, column $2");
    String flat = unquoted.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_MESSAGE_LENGTH
        ? flat
        : flat.substring(0, MAX_MESSAGE_LENGTH) + "...";
  }

  private record ErrorBody(String code, String message) {}
}
