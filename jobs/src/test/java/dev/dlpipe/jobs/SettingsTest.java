package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlpipe.engines.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(Settings.WAREHOUSE_KEY);
  }

  private Path config(String warehouse) throws IOException {
    Path f = dir.resolve("c.properties");
    Files.writeString(
        f, "spark.dlpipe.warehouse=" + warehouse + "\nspark.sql.shuffle.partitions=3\n");
    return f;
  }

  @Test
  void commandLineBeatsEnvironmentBeatsSparkSubmitBeatsFileBeatsDefault() throws IOException {
    Path file = config("hdfs://file/wh");
    System.setProperty(Settings.WAREHOUSE_KEY, "hdfs://submit/wh");
    Map<String, String> env = Map.of("DLPIPE_WAREHOUSE", "hdfs://env/wh");

    assertThat(Settings.resolve("hdfs://cli/wh", file, env).warehouse()).isEqualTo("hdfs://cli/wh");
    assertThat(Settings.resolve(null, file, env).warehouse()).isEqualTo("hdfs://env/wh");
    assertThat(Settings.resolve(null, file, Map.of()).warehouse()).isEqualTo("hdfs://submit/wh");
    System.clearProperty(Settings.WAREHOUSE_KEY);
    assertThat(Settings.resolve(null, file, Map.of()).warehouse()).isEqualTo("hdfs://file/wh");
    assertThat(Settings.resolve(null, null, Map.of()).warehouse())
        .startsWith("file:/")
        .endsWith("/warehouse");
  }

  @Test
  void theConfigFileCanComeFromTheEnvironmentAndFeedsSpark() throws IOException {
    Path file = config("hdfs://file/wh");
    Settings s = Settings.resolve(null, null, Map.of("DLPIPE_CONFIG", file.toString()));
    assertThat(s.warehouse()).isEqualTo("hdfs://file/wh");
    assertThat(s.spark()).containsExactly(Map.entry("spark.sql.shuffle.partitions", "3"));
    assertThat(s.configFile()).isEqualTo(file);
  }

  @Test
  void configHashChangesWithTheEffectiveSettingsOnly() throws IOException {
    Path file = config("hdfs://file/wh");
    String a = Settings.resolve(null, file, Map.of()).configHash();
    assertThat(Settings.resolve(null, file, Map.of()).configHash()).isEqualTo(a).hasSize(16);
    assertThat(Settings.resolve("hdfs://other/wh", file, Map.of()).configHash()).isNotEqualTo(a);
  }

  @Test
  void relativeWarehousesResolveAgainstDlpipeHomeAndLocalPathsBecomeFileUris() {
    String home = System.getProperty("dlpipe.home");
    try {
      System.setProperty("dlpipe.home", "/opt/dlpipe");
      assertThat(Settings.toUri("warehouse")).isEqualTo("file:///opt/dlpipe/warehouse");
      assertThat(Settings.toUri("/data/wh")).isEqualTo("file:///data/wh");
      assertThat(Settings.toUri("hdfs://nn:8020/wh")).isEqualTo("hdfs://nn:8020/wh");
    } finally {
      if (home == null) {
        System.clearProperty("dlpipe.home");
      } else {
        System.setProperty("dlpipe.home", home);
      }
    }
  }

  @Test
  void badFilesAreUserErrors() throws IOException {
    assertThatThrownBy(() -> Settings.resolve(null, dir.resolve("missing.properties"), Map.of()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not found");
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "warehouse=/tmp/x\n");
    assertThatThrownBy(() -> Settings.resolve(null, bad, Map.of()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("unknown key 'warehouse'")
        .hasMessageContaining("spark.dlpipe.warehouse");
  }
}
