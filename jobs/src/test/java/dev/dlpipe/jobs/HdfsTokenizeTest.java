package dev.dlpipe.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenize against a real HDFS (an in-JVM MiniDFSCluster: NameNode + 2 DataNodes on loopback): the
 * input is read from hdfs://, every table is written to an hdfs:// warehouse, and Spark SQL reads
 * them back.
 */
class HdfsTokenizeTest {
  @TempDir static Path base;
  private static MiniDFSCluster cluster;
  private static String hdfs;

  @BeforeAll
  static void startHdfs() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
    // Loopback only: no service of the test listens on another interface.
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    conf.set("dfs.namenode.servicerpc-bind-host", "127.0.0.1");
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    conf.setInt("dfs.replication", 2);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(2).build();
    cluster.waitActive();
    hdfs = "hdfs://127.0.0.1:" + cluster.getNameNodePort();
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Test
  void tokenizeReadsFromAndWritesToHdfs() throws IOException {
    FileSystem fs = cluster.getFileSystem();
    Path sample = JobTesting.projectRoot().resolve("sample-data/multi30k");
    fs.mkdirs(new org.apache.hadoop.fs.Path("/data/multi30k"));
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(sample.resolve("val.en").toString()),
        new org.apache.hadoop.fs.Path("/data/multi30k/val.en"));
    try (OutputStream out =
        new GZIPOutputStream(
            fs.create(new org.apache.hadoop.fs.Path("/data/multi30k/val.de.gz")))) {
      out.write(Files.readAllBytes(sample.resolve("val.de")));
    }
    String warehouse = hdfs + "/dlpipe/warehouse";

    JobTesting.Result r =
        JobTesting.cli(
            "tokenize",
            "--config",
            JobTesting.testConfig().toString(),
            "--warehouse",
            warehouse,
            "--input",
            hdfs + "/data/multi30k/val.*",
            "--corpus",
            "multi30k-hdfs",
            "--run-id",
            "hdfs-run",
            "--vocab-size",
            "1000");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("read 2028 = written 2028 + rejected 0")
        .contains("warehouse " + warehouse);

    // The tables really are on HDFS, with their blocks on both DataNodes.
    org.apache.hadoop.fs.Path tokens =
        new org.apache.hadoop.fs.Path("/dlpipe/warehouse/text/tokens/data");
    assertThat(fs.exists(tokens)).isTrue();
    var files = fs.listFiles(tokens, true);
    assertThat(files.hasNext()).isTrue();
    var block = files.next().getBlockLocations()[0];
    assertThat(block.getNames())
        .as("DataNodes holding a block of %s", tokens)
        .hasSize(2)
        .doesNotHaveDuplicates();

    JobTesting.withWarehouse(
        warehouse,
        spark -> {
          assertThat(
                  spark
                      .sql(
                          "SELECT count(*), count(DISTINCT source_file) FROM dlpipe.text.documents"
                              + " WHERE corpus = 'multi30k-hdfs'")
                      .first()
                      .toString())
              .isEqualTo("[2028,2]");
          assertThat(
                  spark
                      .sql(
                          "SELECT max(id), count(*) FROM dlpipe.text.vocabulary"
                              + " WHERE corpus = 'multi30k-hdfs'")
                      .first()
                      .toString())
              .isEqualTo("[999,1000]");
          assertThat(
                  spark
                      .sql(
                          "SELECT max(array_max(ids)) FROM dlpipe.text.tokens WHERE corpus = 'multi30k-hdfs'")
                      .first()
                      .getInt(0))
              .isEqualTo(999);
          assertThat(
                  spark
                      .sql(
                          "SELECT status, rows_read FROM dlpipe.ops.runs WHERE run_id = 'hdfs-run'")
                      .first()
                      .toString())
              .isEqualTo("[SUCCEEDED,2028]");
          assertThat(
                  spark
                      .sql(
                          "SELECT source_file FROM dlpipe.text.documents WHERE corpus = 'multi30k-hdfs'"
                              + " AND line_number = 1 ORDER BY source_file")
                      .first()
                      .getString(0))
              .startsWith(hdfs + "/data/multi30k/val.");
          return null;
        });
  }
}
