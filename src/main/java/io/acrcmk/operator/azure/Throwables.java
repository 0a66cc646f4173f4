package io.acrcmk.operator.azure;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Walks exception cause chains and recognises the fault classes the Azure SDK wraps. */
final class Throwables {

  /** Causes deeper than this are ignored; real SDK chains are a handful of levels deep. */
  private static final int MAX_DEPTH = 32;

  private static final Set<String> TIMEOUT_TYPES =
      Set.of(
          "io.netty.handler.timeout.TimeoutException", "io.netty.channel.ConnectTimeoutException");

  private static final Set<String> PARSE_ERROR_SIMPLE_NAMES =
      Set.of("JsonProcessingException", "JsonParseException", "MismatchedInputException");

  private Throwables() {}

  /** Returns {@code error} followed by its causes, outermost first, without repeats. */
  static List<Throwable> chain(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable current = error;
        current != null && chain.size() < MAX_DEPTH && seen.add(current);
        current = current.getCause()) {
      chain.add(current);
    }
    return chain;
  }

  /** Returns the first element of the chain of {@code error} that is a {@code type}, or null. */
  static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable cause : chain(error)) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  /** Returns whether {@code error} itself (not its causes) reports a timeout. */
  static boolean isTimeout(Throwable error) {
    return error instanceof TimeoutException
        || error instanceof SocketTimeoutException
        || error instanceof HttpTimeoutException
        || hasSupertypeNamed(error, TIMEOUT_TYPES);
  }

  /** Returns whether {@code error} itself reports a JSON document that could not be parsed. */
  static boolean isParseError(Throwable error) {
    for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
      if (PARSE_ERROR_SIMPLE_NAMES.contains(type.getSimpleName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks class names rather than classes so that the adapter keeps compiling when the Netty HTTP
   * client is swapped for another one.
   */
  private static boolean hasSupertypeNamed(Throwable error, Set<String> names) {
    for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
      if (names.contains(type.getName())) {
        return true;
      }
    }
    return false;
  }

  /** Returns a one-line description: the exception's simple class name and its message. */
  static String describe(Throwable error) {
    String message = error.getMessage();
    String name = error.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }
}
