package dev.dlpipe.engines.embeddings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the word2vec test data lives: sample-data/word2vec and ../shared/data/word2vec. */
final class Word2VecFiles {
  private Word2VecFiles() {}

  static Path root() {
    String root = System.getProperty("dlpipe.project.root");
    return root != null ? Paths.get(root) : Paths.get("..").toAbsolutePath().normalize();
  }

  static Path sample(String name) {
    return root().resolve("sample-data/word2vec").resolve(name);
  }

  /** word2vec.c's vectors from the reference run (10 MB, not bundled). */
  static Path referenceVectors() {
    return root().resolve("../shared/data/word2vec/vectors_cbow100.bin").normalize();
  }

  static String text(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WordVectors read(Path p, int limit) {
    try (InputStream in = Files.newInputStream(p)) {
      return VectorsFile.read(in, limit, p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
