package io.acrcmk.operator.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as left-aligned columns separated by three spaces, as kubectl prints tables. */
final class TextTable {

  private TextTable() {}

  /** Prints {@code rows}; the first row is the header. */
  static void print(List<List<String>> rows, PrintWriter out) {
    List<Integer> widths = new ArrayList<>();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        int width = row.get(i) == null ? 0 : row.get(i).length();
        if (widths.size() <= i) {
          widths.add(width);
        } else {
          widths.set(i, Math.max(widths.get(i), width));
        }
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i) == null ? "" : row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths.get(i) - cell.length() + 3));
        }
      }
      out.println(line);
    }
  }
}
