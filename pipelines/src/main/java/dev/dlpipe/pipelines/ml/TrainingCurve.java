package dev.dlpipe.pipelines.ml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The loss of every averaging round as a PNG line chart, written next to the model. */
public final class TrainingCurve {
  public static final int WIDTH = 800;
  public static final int HEIGHT = 480;

  private TrainingCurve() {}

  /** Writes the curve of {@code rounds} (in training order) to {@code uri}. */
  public static void write(Configuration conf, String uri, String title, List<RoundStats> rounds) {
    XYSeries loss = new XYSeries("training loss (per round)");
    for (int i = 0; i < rounds.size(); i++) {
      double s = rounds.get(i).score();
      if (Double.isFinite(s)) {
        loss.add(i + 1, s);
      }
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "averaging round",
            "loss",
            new XYSeriesCollection(loss),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    Path path = new Path(uri);
    try {
      FileSystem fs = path.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        fs = local.getRawFileSystem();
      }
      try (OutputStream out = fs.create(path, true)) {
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write training curve " + uri, e);
    }
  }
}
