package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved configuration of one job run.
 *
 * <p><b>Precedence, highest first</b> (the one place it is defined):
 *
 * <ol>
 *   <li>the job's command-line options ({@code --warehouse URI});
 *   <li>environment variables ({@code DLPIPE_WAREHOUSE});
 *   <li>Spark properties set when the JVM started: {@code spark-submit --conf k=v} or {@code
 *       --properties-file} (they arrive as JVM system properties);
 *   <li>the configuration file: {@code --config FILE}, else {@code DLPIPE_CONFIG} ({@code
 *       bin/dlpipe} sets it to {@code conf/local.properties});
 *   <li>built-in defaults: warehouse {@value #DEFAULT_WAREHOUSE}.
 * </ol>
 *
 * <p>A configuration file is a Spark properties file: {@code spark.dlpipe.*} keys are dlpipe's own,
 * every other {@code spark.*} key goes to the SparkSession. So the same file serves {@code
 * bin/dlpipe --config} and {@code spark-submit --properties-file}. A relative warehouse path is
 * resolved against {@code dlpipe.home} (the project root, set by {@code bin/dlpipe}), else the
 * current directory.
 *
 * @param warehouse the warehouse as a Hadoop URI
 * @param spark Spark settings from the file for the session builder
 * @param configFile the file read, or null
 * @param configHash SHA-256 (16 hex digits) of the effective settings
 */
public record Settings(
    String warehouse, Map<String, String> spark, Path configFile, String configHash) {
  public static final String WAREHOUSE_KEY = "spark.dlpipe.warehouse";
  public static final String DEFAULT_WAREHOUSE = "warehouse";

  public Settings {
    spark = Map.copyOf(spark);
  }

  /**
   * Resolves the settings from the command line, the environment, system properties and the file.
   */
  public static Settings resolve(String cliWarehouse, Path cliConfig, Map<String, String> env) {
    Path file = cliConfig != null ? cliConfig : pathOrNull(env.get("DLPIPE_CONFIG"));
    Map<String, String> fromFile = file == null ? Map.of() : read(file);

    Map<String, String> spark = new TreeMap<>();
    fromFile.forEach(
        (k, v) -> {
          if (k.startsWith("spark.") && !k.startsWith("spark.dlpipe.")) {
            spark.put(k, v);
          }
        });
    String warehouse =
        first(
            cliWarehouse,
            env.get("DLPIPE_WAREHOUSE"),
            System.getProperty(WAREHOUSE_KEY),
            fromFile.get(WAREHOUSE_KEY),
            DEFAULT_WAREHOUSE);
    String uri = toUri(warehouse);

    Map<String, String> effective = new TreeMap<>(spark);
    effective.put(WAREHOUSE_KEY, uri);
    return new Settings(uri, spark, file, hash(effective));
  }

  private static Path pathOrNull(String s) {
    return s == null || s.isBlank() ? null : Paths.get(s);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    throw new IllegalStateException("no value");
  }

  private static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw UserError.of(
          "configuration file " + file + " not found",
          "--config or DLPIPE_CONFIG names a file that does not exist",
          "pass an existing file, e.g. --config conf/local.properties");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw UserError.of(
          "cannot read configuration file " + file,
          String.valueOf(e.getMessage()),
          "check the file",
          e);
    }
    Map<String, String> out = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.startsWith("spark.")) {
        throw UserError.of(
            "unknown key '" + k + "' in " + file,
            "configuration files hold Spark properties: dlpipe's own keys start with spark.dlpipe.",
            "rename it (e.g. spark.dlpipe.warehouse) or remove it");
      }
      out.put(k, p.getProperty(k).trim());
    }
    return out;
  }

  /**
   * A warehouse location as a Hadoop URI: URIs stay, plain paths become absolute {@code file:}
   * URIs.
   */
  static String toUri(String warehouse) {
    if (warehouse.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return warehouse;
    }
    Path p = Paths.get(warehouse);
    if (!p.isAbsolute()) {
      String home = System.getProperty("dlpipe.home");
      p = (home != null ? Paths.get(home) : Paths.get("")).toAbsolutePath().resolve(p);
    }
    // Path.toUri() ends a directory that exists with '/', one that does not without: keep one form.
    String uri = p.normalize().toUri().toString();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  private static String hash(Map<String, String> effective) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      effective.forEach(
          (k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
