package dev.dlpipe.engines.segmentation;

import dev.dlpipe.engines.UserError;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads class-index images, such as VOC's {@code SegmentationClass/*.png}, into {@link IndexMask}s.
 *
 * <p>The class index of a pixel is its raster sample, never its colour: in a palette PNG the sample
 * is the palette index (what PIL's {@code np.array(Image.open(f))} gives), and the palette only
 * decides how the index is drawn. Single-band images of integer samples are accepted (palette of
 * any bit depth, 8- or 16-bit grey); colour images are refused, since mapping colours back to
 * classes needs a palette this reader does not guess.
 */
public final class IndexMaskReader {
  private IndexMaskReader() {}

  /** Reads {@code file}; errors name it. */
  public static IndexMask read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw cannotRead(file.toString(), new IOException("no such file"));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw cannotRead(file.toString(), e);
    }
  }

  /**
   * Reads a mask from {@code in} (not closed here); {@code source} names it in errors. For files on
   * other filesystems (HDFS): the caller opens the stream.
   */
  public static IndexMask read(InputStream in, String source) {
    BufferedImage image;
    try {
      image = ImageIO.read(in);
    } catch (IOException e) {
      throw cannotRead(source, e);
    }
    if (image == null) {
      throw UserError.of(
          "cannot read index mask " + source,
          "no installed image reader recognises the format",
          "convert the mask to PNG");
    }
    Raster raster = image.getRaster();
    int type = raster.getDataBuffer().getDataType();
    boolean integral =
        type == DataBuffer.TYPE_BYTE
            || type == DataBuffer.TYPE_USHORT
            || type == DataBuffer.TYPE_INT;
    if (raster.getNumBands() != 1 || !integral) {
      throw UserError.of(
          "index mask " + source + " is not a single-channel index image",
          "it has "
              + raster.getNumBands()
              + " bands (colour model "
              + image.getColorModel().getClass().getSimpleName()
              + "); class indices must be the pixel values of a palette or greyscale image",
          "save the mask as a palette ('P' mode) or greyscale PNG of class indices, 255 for void,"
              + " like VOC's SegmentationClass files");
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] indices = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, new int[w * h]);
    return new IndexMask(w, h, indices);
  }

  private static UserError cannotRead(String source, IOException e) {
    return UserError.of(
        "cannot read index mask " + source,
        "reading failed (" + e.getMessage() + ")",
        "check that the path exists and is a readable PNG",
        e);
  }
}
