package io.acrcmk.operator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every request the simulator served, in arrival order, for assertions and diagnostics. */
public final class RequestLog {

  private final List<RecordedRequest> entries = new ArrayList<>();

  synchronized void add(RecordedRequest request) {
    entries.add(request);
  }

  /** Returns a copy of every recorded request. */
  public synchronized List<RecordedRequest> all() {
    return List.copyOf(entries);
  }

  /** Returns the recorded requests of one operation, such as {@code vaults.get}. */
  public List<RecordedRequest> forOperation(String operation) {
    return matching(request -> request.operation().equals(operation));
  }

  public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> filter) {
    return entries.stream().filter(filter).toList();
  }

  /** Returns how many requests each operation received, sorted by operation name. */
  public synchronized Map<String, Long> countsByOperation() {
    Map<String, Long> counts = new TreeMap<>();
    for (RecordedRequest request : entries) {
      counts.merge(request.operation(), 1L, Long::sum);
    }
    return counts;
  }

  public long count(String operation) {
    return countsByOperation().getOrDefault(operation, 0L);
  }

  public synchronized void clear() {
    entries.clear();
  }
}
