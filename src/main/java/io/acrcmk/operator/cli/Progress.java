package io.acrcmk.operator.cli;

import java.io.PrintWriter;

/**
 * A one-line counter on standard error, such as {@code checking policies 12/40}, redrawn in place
 * with a carriage return. It shows only when enabled (an interactive terminal, or asked for) and
 * when there are more than {@link #THRESHOLD} items, and it erases itself when done, so that
 * nothing is left on standard error when there is nothing else to report. A negative total means
 * the count is not known in advance, and the counter then shows only how many were done.
 */
final class Progress {

  /** Up to this many items finish too fast for a counter to help. */
  static final int THRESHOLD = 5;

  private final PrintWriter err;
  private final boolean enabled;
  private String label = "";
  private int total;
  private int done;
  private int width;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Starts counting {@code total} items under {@code label}. */
  synchronized void start(String label, int total) {
    this.label = label;
    this.total = total;
    this.done = 0;
    draw();
  }

  /** Counts one more item as done. */
  synchronized void advance() {
    done++;
    draw();
  }

  /** Sets how many items are done. */
  synchronized void set(int count) {
    done = count;
    draw();
  }

  /** Erases the counter. */
  synchronized void finish() {
    if (width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
      width = 0;
    }
  }

  private void draw() {
    boolean known = total >= 0;
    if (!enabled || (known ? total : done) <= THRESHOLD) {
      return;
    }
    String line = label + " " + done + (known ? "/" + total : "");
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = Math.max(width, line.length());
  }
}
