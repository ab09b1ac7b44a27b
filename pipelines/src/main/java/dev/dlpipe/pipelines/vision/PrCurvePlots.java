package dev.dlpipe.pipelines.vision;

import dev.dlpipe.engines.UserError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Precision-recall curves as PNG files, one per class, written to a directory on any Hadoop
 * filesystem (JFreeChart, rendered headless: no display is needed or used).
 *
 * <p>File names come from class names, which come from data (a VOC detection file's name, a COCO
 * category name), so they are sanitized: every character other than ASCII letters, digits, {@code
 * .}, {@code _} and {@code -} becomes {@code _}, a leading {@code .} gets a {@code _} in front (no
 * hidden files, no {@code ..}), and names are cut at 100 characters. The result has no separator
 * and cannot leave the directory. Names that collide after sanitizing get {@code -2}, {@code -3},
 * ... in the order given.
 */
public final class PrCurvePlots {
  /** Pixels of each PNG. */
  public static final int WIDTH = 640;

  public static final int HEIGHT = 480;

  private static final int MAX_NAME = 100;

  static {
    // JFreeChart draws with AWT; on a server there is no display. Respect an explicit setting.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private PrCurvePlots() {}

  /**
   * One curve.
   *
   * @param name the class name (becomes the file name, sanitized)
   * @param title the chart title, e.g. {@code bed: AP 0.8594 (voc12)}
   * @param recall x values in [0, 1], in curve order
   * @param precision y values in [0, 1], same length
   */
  public record Curve(String name, String title, double[] recall, double[] precision) {
    public Curve {
      if (recall.length != precision.length) {
        throw new IllegalArgumentException(
            name + ": " + recall.length + " recall values but " + precision.length + " precisions");
      }
      recall = recall.clone();
      precision = precision.clone();
    }
  }

  /**
   * Writes one PNG per curve into {@code dir} (created if absent; existing files of the same name
   * are replaced).
   *
   * @return the written files' URIs, in curve order
   */
  public static List<String> write(Configuration conf, String dir, List<Curve> curves) {
    Path base = new Path(dir);
    List<String> written = new ArrayList<>();
    Set<String> used = new HashSet<>();
    try {
      FileSystem fs = base.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        // No .crc side files next to the PNGs: people open this directory.
        fs = local.getRawFileSystem();
      }
      if (fs.exists(base) && !fs.getFileStatus(base).isDirectory()) {
        throw UserError.of(
            "--plots " + dir + " is a file",
            "plots are written as one PNG per class into a directory",
            "pass a directory path (it is created if absent)");
      }
      fs.mkdirs(base);
      for (Curve c : curves) {
        String stem = fileName(c.name());
        String unique = stem;
        for (int i = 2; !used.add(unique.toLowerCase(Locale.ROOT)); i++) {
          unique = stem + "-" + i;
        }
        Path file = new Path(base, unique + ".png");
        try (OutputStream out = fs.create(file, true)) {
          ChartUtils.writeChartAsPNG(out, chart(c), WIDTH, HEIGHT);
        }
        written.add(file.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plots to " + dir, e);
    }
    return written;
  }

  /**
   * The file name stem for a class name: safe on every filesystem, never a path (see the class
   * documentation).
   */
  public static String fileName(String className) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < className.length() && sb.length() < MAX_NAME; i++) {
      char ch = className.charAt(i);
      boolean safe =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '.'
              || ch == '_'
              || ch == '-';
      sb.append(safe ? ch : '_');
    }
    if (sb.length() == 0 || sb.charAt(0) == '.') {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  static JFreeChart chart(Curve c) {
    XYSeries series = new XYSeries(c.name(), false, true);
    for (int i = 0; i < c.recall().length; i++) {
      series.add(c.recall()[i], c.precision()[i]);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            c.title(),
            "recall",
            "precision",
            new XYSeriesCollection(series),
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.getDomainAxis().setRange(0.0, 1.0);
    plot.getRangeAxis().setRange(0.0, 1.05);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    plot.setRenderer(renderer);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}
