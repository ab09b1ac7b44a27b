package dev.dlpipe.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** Prints query results for people (an aligned table) or for programs (CSV, JSON lines). */
final class ResultPrinter {
  private static final int MAX_CELL = 80;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResultPrinter() {}

  static void table(String[] columns, List<Row> rows, boolean more, PrintStream out) {
    int[] width = new int[columns.length];
    List<String[]> cells = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      width[c] = columns[c].length();
    }
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int c = 0; c < columns.length; c++) {
        String s = text(row.get(c));
        if (s.length() > MAX_CELL) {
          s = s.substring(0, MAX_CELL - 1) + "…";
        }
        line[c] = s;
        width[c] = Math.max(width[c], s.length());
      }
      cells.add(line);
    }
    out.println(line(columns, width));
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns.length; c++) {
      rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
    }
    out.println(rule);
    for (String[] line : cells) {
      out.println(line(line, width));
    }
    out.println(
        "("
            + rows.size()
            + (rows.size() == 1 ? " row" : " rows")
            + (more ? "; more not shown, raise --limit" : "")
            + ")");
  }

  private static String line(String[] values, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < values.length; c++) {
      sb.append(c == 0 ? "" : " | ")
          .append(values[c])
          .append(" ".repeat(width[c] - values[c].length()));
    }
    return sb.toString().stripTrailing();
  }

  static void csv(String[] columns, List<Row> rows, PrintStream out) {
    List<String> header = new ArrayList<>();
    for (String c : columns) {
      header.add(quoteCsv(c));
    }
    out.println(String.join(",", header));
    for (Row row : rows) {
      List<String> fields = new ArrayList<>();
      for (int c = 0; c < columns.length; c++) {
        fields.add(row.isNullAt(c) ? "" : quoteCsv(text(row.get(c))));
      }
      out.println(String.join(",", fields));
    }
  }

  private static String quoteCsv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  static void json(String[] columns, List<Row> rows, PrintStream out) {
    for (Row row : rows) {
      ObjectNode node = JSON.createObjectNode();
      for (int c = 0; c < columns.length; c++) {
        node.set(columns[c], JSON.valueToTree(plain(row.get(c))));
      }
      out.println(node.toString());
    }
  }

  /** A cell as Java collections and scalars (Scala collections and rows converted). */
  private static Object plain(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      List<Object> list = new ArrayList<>();
      Iterator<?> it = scala.collection.JavaConverters.asJavaIterator(seq.iterator());
      it.forEachRemaining(x -> list.add(plain(x)));
      return list;
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      scala.collection.JavaConverters.mapAsJavaMap(map)
          .forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
      return m;
    }
    if (v instanceof Row r) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      for (int i = 0; i < r.length(); i++) {
        m.put(r.schema() != null ? r.schema().fieldNames()[i] : String.valueOf(i), plain(r.get(i)));
      }
      return m;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof byte[] || v instanceof Number || v instanceof Boolean || v == null) {
      return v;
    }
    return v.toString();
  }

  private static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    Object p = plain(v);
    if (p instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(x -> parts.add(x == null ? "NULL" : String.valueOf(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(p);
  }
}
