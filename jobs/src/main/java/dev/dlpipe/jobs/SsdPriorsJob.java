package dev.dlpipe.jobs;

import dev.dlpipe.engines.vision.ssd.DefaultBoxes;
import dev.dlpipe.engines.vision.ssd.SsdConfig;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ssd-priors}: prints SSD's default boxes (cx, cy, w, h, normalized). */
@Command(
    name = "ssd-priors",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Print SSD's default boxes (cx, cy, w, h, normalized).",
      "",
      "ssd300 follows the SSD paper (feature maps 38, 19, 10, 5, 3, 1; scales 0.2 to 0.9 with the extra"
          + " sqrt(s_k s_k+1) box; 8,732 boxes); ssd512 uses the reference implementation's sizes (24,564"
          + " boxes). Order: layer, row, column, then the boxes of a location. Runs without Spark.",
      ""
    })
public final class SsdPriorsJob implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    table,
    csv
  }

  @Option(
      names = "--config",
      defaultValue = "ssd300",
      paramLabel = "NAME",
      description = "ssd300 or ssd512. Default: ${DEFAULT-VALUE}.")
  String config;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "F",
      description = "table or csv. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--clip", description = "Clip coordinates to [0, 1].")
  boolean clip;

  @Override
  public Integer call() {
    SsdConfig c;
    try {
      c = SsdConfig.named(config);
    } catch (IllegalArgumentException e) {
      throw dev.dlpipe.engines.UserError.of(
          "invalid --config " + config, e.getMessage(), "pass ssd300 or ssd512");
    }
    DefaultBoxes boxes = DefaultBoxes.of(c, clip);
    PrintStream out = System.out;
    if (format == Format.csv) {
      out.println("index,cx,cy,w,h");
    } else {
      out.printf(
          "%s: %,d default boxes%n%6s %10s %10s %10s %10s%n",
          c.name(), boxes.size(), "index", "cx", "cy", "w", "h");
    }
    double[] b = boxes.raw();
    for (int i = 0; i < boxes.size(); i++) {
      if (format == Format.csv) {
        out.printf(
            Locale.ROOT, "%d,%s,%s,%s,%s%n", i, b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
      } else {
        out.printf(
            Locale.ROOT,
            "%6d %10.6f %10.6f %10.6f %10.6f%n",
            i,
            b[4 * i],
            b[4 * i + 1],
            b[4 * i + 2],
            b[4 * i + 3]);
      }
    }
    out.flush();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new SsdPriorsJob(), args));
  }
}
