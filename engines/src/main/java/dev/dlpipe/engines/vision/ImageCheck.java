package dev.dlpipe.engines.vision;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file's bytes once, completely, to prove it is a whole image: any format the
 * JDK's ImageIO reads (JPEG, baseline and progressive; PNG; GIF; BMP). A file no reader recognises,
 * one that ends early (a JPEG without its end marker, a PNG whose data stops) and one the decoder
 * warns about or fails on are refused with a {@link Problem}. Thread-safe: each call has its own
 * reader.
 *
 * <p>Pixels agree with Pillow/libjpeg-turbo within ±1 on the real JPEGs the tests use (ImageIO's
 * decoder is libjpeg's integer IDCT with fancy upsampling, as Pillow's default).
 */
public final class ImageCheck {
  private ImageCheck() {}

  /** Why a file is not a usable image: the reason code that goes to the rejects table. */
  public enum Problem {
    /** No image reader recognises the bytes (a text file, an unsupported format, empty). */
    NOT_AN_IMAGE,
    /** The data ends before the image does. */
    TRUNCATED_IMAGE,
    /** The decoder failed or warned about corrupt data. */
    CORRUPT_IMAGE
  }

  /** A file refused by {@link #decode}. */
  public static final class BadImage extends Exception {
    private static final long serialVersionUID = 1L;
    private final Problem problem;

    BadImage(Problem problem, String message, Throwable cause) {
      super(message, cause);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /**
   * A decoded image.
   *
   * @param format the reader's format name, upper case ({@code JPEG}, {@code PNG})
   * @param width columns, pixels
   * @param height rows, pixels
   * @param channels colour components (1 grey, 3 colour; alpha not counted)
   * @param image the pixels
   */
  public record Decoded(String format, int width, int height, int channels, BufferedImage image) {
    /** The pixels as RGB bytes, row-major, interleaved ({@code HWC}: 3 * width * height). */
    public byte[] rgb() {
      return ImageCheck.rgb(image);
    }
  }

  /** Decodes {@code bytes}; see the class documentation. */
  public static Decoded decode(byte[] bytes) throws BadImage {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new BadImage(
            Problem.NOT_AN_IMAGE,
            bytes.length == 0
                ? "the file is empty"
                : "no image reader recognises the file (first bytes " + head(bytes) + ")",
            null);
      }
      ImageReader reader = readers.next();
      List<String> warnings = new ArrayList<>();
      try {
        reader.setInput(in, true, true);
        reader.addIIOReadWarningListener((source, message) -> warnings.add(message));
        BufferedImage image = reader.read(0);
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        if (!warnings.isEmpty()) {
          String all = String.join("; ", warnings);
          throw new BadImage(
              truncation(all) ? Problem.TRUNCATED_IMAGE : Problem.CORRUPT_IMAGE,
              format + " decoder: " + all,
              null);
        }
        return new Decoded(
            format,
            image.getWidth(),
            image.getHeight(),
            image.getColorModel().getNumColorComponents(),
            image);
      } finally {
        reader.dispose();
      }
    } catch (BadImage e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // ImageIO reports data errors as IIOException, EOFException or unchecked exceptions from
      // its native decoder; all mean the same thing here: the bytes are not a whole image.
      boolean eof = false;
      StringBuilder message = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        eof |= t instanceof EOFException || truncation(String.valueOf(t.getMessage()));
        message.append(message.length() == 0 ? "" : ": ").append(t.getMessage());
      }
      throw new BadImage(
          eof ? Problem.TRUNCATED_IMAGE : Problem.CORRUPT_IMAGE, "decoding failed: " + message, e);
    }
  }

  private static boolean truncation(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("truncated")
        || m.contains("premature end")
        || m.contains("unexpected end")
        || m.contains("end of file");
  }

  private static String head(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
  }

  /** The MD5 of {@code bytes} in lower-case hex, as {@code md5sum} prints it. */
  public static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** {@code image}'s pixels as RGB bytes, row-major, interleaved (3 * width * height). */
  public static byte[] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
        && buffer.getData().length == out.length) {
      // The JPEG decoder's usual output: swap BGR to RGB without a per-pixel colour model call.
      byte[] bgr = buffer.getData();
      for (int i = 0; i < out.length; i += 3) {
        out[i] = bgr[i + 2];
        out[i + 1] = bgr[i + 1];
        out[i + 2] = bgr[i];
      }
      return out;
    }
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[o++] = (byte) (p >> 16);
        out[o++] = (byte) (p >> 8);
        out[o++] = (byte) p;
      }
    }
    return out;
  }
}
