package io.acrcmk.operator.offline;

import java.util.List;

/** The offline folder cannot be used; each problem names the file it was found in. */
public final class OfflineLoadException extends Exception {

  private final List<String> problems;

  OfflineLoadException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns one line per problem, each starting with the file it concerns. */
  public List<String> problems() {
    return problems;
  }
}
