package dev.dlpipe.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The dlpipe version, from the build. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The version of the running dlpipe, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dlpipe/build.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
