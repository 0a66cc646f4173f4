package io.acrcmk.operator.sandbox;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every request the simulator served, in arrival order, for assertions and diagnostics. Only the
 * most recent {@code capacity} requests are kept, so long benchmarks stay within memory, but the
 * counts by operation cover every request since the last {@link #clear()}.
 */
public final class RequestLog {

  private final int capacity;
  private final Deque<RecordedRequest> entries = new ArrayDeque<>();
  private final Map<String, Long> counts = new TreeMap<>();

  RequestLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  synchronized void add(RecordedRequest request) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(request);
    counts.merge(request.operation(), 1L, Long::sum);
  }

  /** Returns a copy of the kept requests, oldest first. */
  public synchronized List<RecordedRequest> all() {
    return List.copyOf(entries);
  }

  /** Returns the kept requests of one operation, such as {@code vaults.get}. */
  public List<RecordedRequest> forOperation(String operation) {
    return matching(request -> request.operation().equals(operation));
  }

  public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
    return entries.stream().filter(filter).toList();
  }

  /** Returns how many requests each operation received, sorted by operation name. */
  public synchronized Map<String, Long> countsByOperation() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  public synchronized long count(String operation) {
    return counts.getOrDefault(operation, 0L);
  }

  /** Forgets every request and resets the counts. */
  public synchronized void clear() {
    entries.clear();
    counts.clear();
  }
}
