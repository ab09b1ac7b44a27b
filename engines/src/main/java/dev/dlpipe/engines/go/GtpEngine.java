package dev.dlpipe.engines.go;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Go engine in another process spoken to over GTP (Go Text Protocol, version 2), e.g. GNU Go:
 * {@code /usr/games/gnugo --mode gtp}. Each command returns the text after {@code "= "}; a {@code
 * "? "} answer is an {@link IllegalStateException} with the engine's message. Close to stop the
 * process.
 */
public final class GtpEngine implements AutoCloseable {
  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  /** Starts {@code command} (the engine and its arguments). */
  public GtpEngine(List<String> command) {
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start GTP engine " + command, e);
    }
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** GNU Go at {@code level} (0..10) with area (Chinese) scoring, a board size, komi and seed. */
  public static GtpEngine gnugo(String binary, int level, int size, double komi, long seed) {
    return new GtpEngine(
        List.of(
            binary,
            "--mode",
            "gtp",
            "--level",
            String.valueOf(level),
            "--chinese-rules",
            "--boardsize",
            String.valueOf(size),
            "--komi",
            String.valueOf(komi),
            "--seed",
            String.valueOf(seed)));
  }

  /** Sends one command and returns the answer's text (without {@code "= "}). */
  public String send(String command) {
    try {
      in.write(command + "\n");
      in.flush();
      StringBuilder answer = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        if (line.isEmpty() && answer.length() > 0) {
          break;
        }
        if (!line.isEmpty()) {
          answer.append(answer.length() > 0 ? "\n" : "").append(line);
        }
      }
      if (line == null) {
        throw new IllegalStateException("GTP engine ended while answering '" + command + "'");
      }
      String a = answer.toString();
      if (a.startsWith("?")) {
        throw new IllegalStateException("GTP '" + command + "' failed: " + a.substring(1).trim());
      }
      return a.startsWith("=") ? a.substring(1).trim() : a.trim();
    } catch (IOException e) {
      throw new UncheckedIOException("GTP '" + command + "'", e);
    }
  }

  @Override
  public void close() {
    try {
      send("quit");
    } catch (RuntimeException ignored) {
      // The process may already be gone; it is destroyed below either way.
    }
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
