package io.acrcmk.operator.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation the simulator serves: method, path pattern and handler, named with the operation
 * name that fault rules, the request log and the adapter's errors use.
 *
 * @param operation the operation name, such as {@code vaults.get}
 * @param method the HTTP method
 * @param path the path pattern, matched case-insensitively as ARM matches paths
 * @param write whether the operation counts against ARM's write limit instead of the read limit
 * @param handler builds the response
 */
record Route(String operation, String method, Pattern path, boolean write, Handler handler) {

  /** Builds the response for a matched request. */
  @FunctionalInterface
  interface Handler {
    SimulatorResponse handle(SimulatorRequest request, Matcher match);
  }

  static Route read(String operation, String method, String regex, Handler handler) {
    return new Route(operation, method, compile(regex), false, handler);
  }

  static Route write(String operation, String method, String regex, Handler handler) {
    return new Route(operation, method, compile(regex), true, handler);
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
  }

  /** Returns the match when method and path fit, or null. */
  Matcher match(SimulatorRequest request) {
    if (!method.equals(request.method())) {
      return null;
    }
    Matcher matcher = path.matcher(request.path());
    return matcher.matches() ? matcher : null;
  }
}
