package dev.dlpipe.pipelines.io;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.text.StrictUtf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Reads a whole UTF-8 text file from any Hadoop filesystem into lines, split at {@code '\n'} only
 * (as Python's {@code open(..., newline="\n")} does: a {@code '\r'} stays in the line), compressed
 * files decompressed by their extension. For files a driver can hold (evaluation sets, not
 * corpora).
 */
public final class TextLines {
  private TextLines() {}

  /** The lines of {@code uri}; invalid UTF-8 is a user error naming the file and line. */
  public static List<String> read(Configuration conf, String uri) {
    Path path = new Path(uri);
    byte[] bytes;
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        throw UserError.of(
            "file " + uri + " not found", "no such file on its filesystem", "check the path");
      }
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        bytes = out.toByteArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri, e);
    }
    List<String> lines = new ArrayList<>();
    StrictUtf8 utf8 = new StrictUtf8();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i == bytes.length && start == i) {
          break; // a final newline does not start another line
        }
        try {
          lines.add(utf8.decode(bytes, start, i - start));
        } catch (StrictUtf8.InvalidUtf8Exception e) {
          throw UserError.of(
              uri + " line " + (lines.size() + 1) + " is not valid UTF-8",
              e.getMessage(),
              "re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
        }
        start = i + 1;
      }
    }
    return lines;
  }
}
