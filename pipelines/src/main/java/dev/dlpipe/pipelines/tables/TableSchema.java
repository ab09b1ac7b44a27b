package dev.dlpipe.pipelines.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of one dlpipe table, read from {@code schemas/<namespace>/<table>.json} (packaged
 * under {@code dlpipe/schemas/}). Schemas are data: this class only reads them, it never defines a
 * column.
 *
 * @param name full table name, {@code dlpipe.<namespace>.<table>}
 * @param description what one row is
 * @param partitionedBy identity partition columns
 * @param replacedBy the columns whose values a run replaces as a whole
 * @param columns the columns, in order
 */
public record TableSchema(
    String name,
    String description,
    List<String> partitionedBy,
    List<String> replacedBy,
    List<Column> columns) {

  /** One column: Spark SQL type in DDL form, nullability and documentation. */
  public record Column(String name, String type, boolean nullable, String doc) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public TableSchema {
    Objects.requireNonNull(name, "name");
    partitionedBy = List.copyOf(partitionedBy);
    replacedBy = List.copyOf(replacedBy);
    columns = List.copyOf(columns);
  }

  /** Loads the schema of {@code table} ({@code dlpipe.ns.t} or {@code ns.t}) from the classpath. */
  public static TableSchema of(String table) {
    String[] parts = table.split("\\.");
    String ns = parts[parts.length - 2];
    String t = parts[parts.length - 1];
    String resource = "dlpipe/schemas/" + ns + "/" + t + ".json";
    try (InputStream in = TableSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no schema file for table " + table + ": expected schemas/" + ns + "/" + t + ".json");
      }
      return parse(JSON.readTree(in), resource);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** Parses a schema file's JSON; {@code origin} names it in errors. */
  public static TableSchema parse(JsonNode root, String origin) {
    List<Column> cols = new ArrayList<>();
    for (JsonNode c : required(root, "columns", origin)) {
      cols.add(
          new Column(
              required(c, "name", origin).asText(),
              required(c, "type", origin).asText(),
              required(c, "nullable", origin).asBoolean(),
              c.path("doc").asText("")));
    }
    return new TableSchema(
        required(root, "table", origin).asText(),
        root.path("description").asText(""),
        strings(root.path("partitioned_by")),
        strings(root.path("replaced_by")),
        cols);
  }

  private static JsonNode required(JsonNode node, String key, String origin) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalStateException(origin + ": missing key '" + key + "'");
    }
    return v;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The namespace, e.g. {@code text} for {@code dlpipe.text.tokens}. */
  public String namespace() {
    String[] parts = name.split("\\.");
    return parts[parts.length - 2];
  }

  /** The Spark schema, with each column's doc as its comment. */
  public StructType sparkType() {
    StructField[] fields = new StructField[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      Column c = columns.get(i);
      fields[i] =
          new StructField(c.name(), DataType.fromDDL(c.type()), c.nullable(), Metadata.empty())
              .withComment(c.doc());
    }
    return new StructType(fields);
  }

  /** {@code CREATE TABLE IF NOT EXISTS} for Iceberg, with comments and partitioning. */
  public String createTableSql() {
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (\n");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      sql.append("  `").append(c.name()).append("` ").append(c.type());
      if (!c.nullable()) {
        sql.append(" NOT NULL");
      }
      sql.append(" COMMENT ").append(quote(c.doc()));
      sql.append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    sql.append(") USING iceberg");
    if (!partitionedBy.isEmpty()) {
      sql.append(" PARTITIONED BY (").append(String.join(", ", partitionedBy)).append(")");
    }
    sql.append(" COMMENT ").append(quote(description));
    return sql.toString();
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
