package dev.dlpipe.engines.embeddings;

import dev.dlpipe.engines.UserError;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Word2vec.c's vectors files, the format gensim's {@code KeyedVectors.load_word2vec_format} reads.
 * Both start with a line {@code "<words> <dim>\n"}; then per word, <b>binary</b>: the word (UTF-8),
 * a space, dim little-endian 32-bit floats and {@code '\n'}; <b>text</b>: the word and each value
 * with six decimals, every one followed by a space, then {@code '\n'} (word2vec.c's {@code "%lf
 * "}). Readers skip {@code '\n'} bytes before a word in binary files, as word2vec.c's tools and
 * gensim do, so files written without the newline (gensim's) read too.
 */
public final class VectorsFile {
  /** The two layouts. */
  public enum Format {
    BINARY,
    TEXT;

    /** The name used on the command line and in {@code dlpipe.ml.models}. */
    public String formatName() {
      return this == BINARY ? "word2vec-binary" : "word2vec-text";
    }
  }

  private VectorsFile() {}

  /** Writes {@code vectors} in {@code format} to {@code out} (not closed). */
  public static void write(WordVectors vectors, Format format, OutputStream out)
      throws IOException {
    int dim = vectors.dim();
    FloatRows m = vectors.vectors();
    out.write((vectors.size() + " " + dim + "\n").getBytes(StandardCharsets.US_ASCII));
    ByteBuffer row = ByteBuffer.allocate(dim * 4).order(ByteOrder.LITTLE_ENDIAN);
    StringBuilder text = new StringBuilder(dim * 12);
    for (int i = 0; i < vectors.size(); i++) {
      out.write(vectors.words()[i].getBytes(StandardCharsets.UTF_8));
      out.write(' ');
      float[] b = m.block(i);
      int o = m.offset(i);
      if (format == Format.BINARY) {
        row.clear();
        for (int c = 0; c < dim; c++) {
          row.putFloat(b[o + c]);
        }
        out.write(row.array(), 0, dim * 4);
      } else {
        text.setLength(0);
        for (int c = 0; c < dim; c++) {
          appendFixed6(text, b[o + c]);
          text.append(' ');
        }
        out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
      }
      out.write('\n');
    }
  }

  /** {@code printf("%lf")} of a float: six decimals. */
  static void appendFixed6(StringBuilder sb, float f) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      sb.append(Float.isNaN(f) ? "nan" : f > 0 ? "inf" : "-inf");
      return;
    }
    double x = f;
    if (x < 0 || (x == 0 && 1 / x < 0)) {
      sb.append('-');
      x = -x;
    }
    long scaled = Math.round(x * 1e6);
    long whole = scaled / 1_000_000;
    long frac = scaled % 1_000_000;
    sb.append(whole).append('.');
    String digits = Long.toString(frac);
    for (int i = digits.length(); i < 6; i++) {
      sb.append('0');
    }
    sb.append(digits);
  }

  /**
   * Reads a vectors file, binary or text (told apart by the first record), keeping only the first
   * {@code limit} words when {@code limit > 0}.
   *
   * @param name the file's name, for errors
   */
  public static WordVectors read(InputStream in, int limit, String name) throws IOException {
    BufferedInputStream buf = new BufferedInputStream(in, 1 << 16);
    String header = readLine(buf, name);
    String[] parts = header.trim().split("\\s+");
    long words;
    int dim;
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      words = Long.parseLong(parts[0]);
      dim = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw bad(name, "the first line is '" + clip(header) + "', not '<words> <dim>'");
    }
    if (words < 0 || words > Integer.MAX_VALUE || dim < 1) {
      throw bad(name, "the header says " + words + " words of dimension " + dim);
    }
    int n = limit > 0 ? (int) Math.min(words, limit) : (int) words;
    boolean binary = looksBinary(buf, dim);
    String[] w = new String[n];
    FloatRows m = new FloatRows(n, dim);
    byte[] raw = new byte[dim * 4];
    ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      float[] b = m.block(i);
      int o = m.offset(i);
      if (binary) {
        word.reset();
        while (true) {
          int ch = buf.read();
          if (ch < 0) {
            throw bad(name, "it ends inside word " + (i + 1) + " of " + words);
          }
          if (ch == ' ') {
            break;
          }
          if (ch != '\n') {
            word.write(ch);
          }
        }
        w[i] = word.toString(StandardCharsets.UTF_8);
        readFully(buf, raw, name, i, words);
        bb.clear();
        for (int c = 0; c < dim; c++) {
          b[o + c] = bb.getFloat();
        }
      } else {
        String line = readLine(buf, name);
        String[] f = line.trim().split("[ \t]+");
        if (f.length != dim + 1) {
          throw bad(
              name,
              "line "
                  + (i + 2)
                  + " has "
                  + (f.length - 1)
                  + " values after the word, the header says "
                  + dim);
        }
        w[i] = f[0];
        try {
          for (int c = 0; c < dim; c++) {
            b[o + c] = Float.parseFloat(f[c + 1]);
          }
        } catch (NumberFormatException e) {
          throw bad(name, "line " + (i + 2) + " has a value that is not a number");
        }
      }
    }
    return new WordVectors(w, m);
  }

  /**
   * Whether the first record is binary: a text record is a word followed by exactly {@code dim}
   * numbers on one line; binary floats essentially never read that way.
   */
  private static boolean looksBinary(BufferedInputStream buf, int dim) throws IOException {
    int limit = 64 + dim * 64;
    buf.mark(limit + 1);
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int i = 0; i < limit; i++) {
        int ch = buf.read();
        if (ch < 0 || ch == '\n') {
          if (line.size() == 0 && ch == '\n') {
            continue;
          }
          break;
        }
        line.write(ch);
      }
      String s = line.toString(StandardCharsets.ISO_8859_1).trim();
      String[] f = s.split("[ \t]+");
      if (f.length != dim + 1) {
        return true;
      }
      for (int c = 1; c <= dim; c++) {
        try {
          Float.parseFloat(f[c]);
        } catch (NumberFormatException e) {
          return true;
        }
      }
      return false;
    } finally {
      buf.reset();
    }
  }

  private static void readFully(BufferedInputStream in, byte[] raw, String name, int i, long words)
      throws IOException {
    int got = 0;
    while (got < raw.length) {
      int k = in.read(raw, got, raw.length - got);
      if (k < 0) {
        throw bad(name, "it ends inside the vector of word " + (i + 1) + " of " + words);
      }
      got += k;
    }
  }

  private static String readLine(BufferedInputStream in, String name) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int ch = in.read();
      if (ch < 0) {
        if (line.size() == 0) {
          throw bad(name, "it ends early");
        }
        break;
      }
      if (ch == '\n') {
        break;
      }
      line.write(ch);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  private static UserError bad(String name, String why) {
    return UserError.of(
        name + " is not a word2vec vectors file",
        why,
        "pass a file written by word2vec.c, gensim's save_word2vec_format or bin/dlpipe word2vec");
  }
}
