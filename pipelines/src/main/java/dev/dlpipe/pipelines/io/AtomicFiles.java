package dev.dlpipe.pipelines.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files replaced whole on any Hadoop filesystem: written under a hidden temporary name in the
 * target's folder, then renamed over the target, so a reader sees the old file or the new one,
 * never half of one. Local files are written without {@code .crc} side files.
 */
public final class AtomicFiles {
  /** Writes a file's content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** The filesystem of {@code path}; for local paths the raw one (no {@code .crc} files). */
  public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  /** Replaces {@code uri} with what {@code content} writes; returns the qualified URI. */
  public static String replace(Configuration conf, String uri, Content content) {
    Path target = new Path(uri);
    try {
      FileSystem fs = fileSystem(target, conf);
      target = fs.makeQualified(target);
      fs.mkdirs(target.getParent());
      Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID());
      try (OutputStream out = fs.create(tmp, false)) {
        content.writeTo(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        fs.delete(tmp, false);
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri, e);
    }
  }
}
