package io.acrcmk.operator.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes of the fault matrix, as a text table: one row per read, one column per fault, each
 * cell the outcome of the condition that depends on the read, such as "Unknown/AzureThrottled". A
 * cell whose checks failed ends in " !".
 */
final class AzureFaultTable {

  private final List<String> columns;
  private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

  AzureFaultTable(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  synchronized void put(String row, String column, String outcome) {
    rows.computeIfAbsent(row, key -> new LinkedHashMap<>()).put(column, outcome);
  }

  synchronized boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Returns the table in Markdown, with a "-" for a cell that did not run. */
  synchronized String render(String firstHeader) {
    List<String> headers = new ArrayList<>();
    headers.add(firstHeader);
    headers.addAll(columns);
    List<List<String>> lines = new ArrayList<>();
    rows.forEach(
        (row, cells) -> {
          List<String> line = new ArrayList<>();
          line.add(row);
          columns.forEach(column -> line.add(cells.getOrDefault(column, "-")));
          lines.add(line);
        });
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> line : lines) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    appendLine(text, headers, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    appendLine(text, rule, widths);
    lines.forEach(line -> appendLine(text, line, widths));
    return text.toString();
  }

  private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
    text.append('|');
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      text.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
    }
    text.append('\n');
  }
}
