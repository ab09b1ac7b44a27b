package dev.dlpipe.pipelines.ml;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.pipelines.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Model files on any Hadoop filesystem: DL4J's ModelSerializer zip (configuration, parameters and
 * updater state), written to a temporary name and renamed, so a reader never sees half a model.
 *
 * <p>A training run keeps its files in one folder, {@code <warehouse>/models/<name>/<run id>/}:
 * {@code checkpoints/epoch-NNNN.zip} after each epoch (the last two kept), {@code model.zip} at the
 * end and {@code training-curve.png}.
 */
public final class ModelFiles {
  private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d{4,})\\.zip");
  private static final int CHECKPOINTS_KEPT = 2;

  private ModelFiles() {}

  /** See {@link AtomicFiles#fileSystem}. */
  static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    return AtomicFiles.fileSystem(path, conf);
  }

  /** The folder of a model's run under the warehouse root. */
  public static String runDir(String warehouseRoot, String model, String runId) {
    return new Path(new Path(new Path(warehouseRoot, "models"), model), runId).toString();
  }

  /** Writes the network (with updater state) atomically to {@code uri}, replacing a file there. */
  public static void write(Configuration conf, String uri, ComputationGraph network) {
    AtomicFiles.replace(conf, uri, out -> ModelSerializer.writeModel(network, out, true));
  }

  /** Reads a network written by {@link #write}, with its updater state. */
  public static ComputationGraph read(Configuration conf, String uri) {
    Path path = new Path(uri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw UserError.of(
            "no model at " + uri,
            "the file does not exist",
            "pass the uri column of a row in dlpipe.ml.models, or train the model first");
      }
      try (InputStream in = fs.open(path)) {
        return ModelSerializer.restoreComputationGraph(in, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + uri, e);
    }
  }

  /** Writes the checkpoint of {@code epoch} and deletes all but the newest two. */
  public static String checkpoint(
      Configuration conf, String runDir, int epoch, ComputationGraph network) {
    Path dir = new Path(runDir, "checkpoints");
    String uri = new Path(dir, String.format("epoch-%04d.zip", epoch)).toString();
    write(conf, uri, network);
    List<Integer> epochs = checkpoints(conf, runDir);
    try {
      FileSystem fs = fileSystem(dir, conf);
      for (int i = 0; i < epochs.size() - CHECKPOINTS_KEPT; i++) {
        fs.delete(new Path(dir, String.format("epoch-%04d.zip", epochs.get(i))), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune checkpoints in " + dir, e);
    }
    return uri;
  }

  /** Epochs that have a checkpoint in {@code runDir}, ascending. */
  public static List<Integer> checkpoints(Configuration conf, String runDir) {
    Path dir = new Path(runDir, "checkpoints");
    List<Integer> epochs = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return epochs;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        Matcher m = CHECKPOINT.matcher(s.getPath().getName());
        if (m.matches()) {
          epochs.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
    }
    epochs.sort(null);
    return epochs;
  }

  /** The checkpoint file of {@code epoch}. */
  public static String checkpointUri(String runDir, int epoch) {
    return new Path(new Path(runDir, "checkpoints"), String.format("epoch-%04d.zip", epoch))
        .toString();
  }
}
