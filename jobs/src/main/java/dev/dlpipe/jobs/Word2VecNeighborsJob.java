package dev.dlpipe.jobs;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.embeddings.Neighbors;
import dev.dlpipe.engines.embeddings.WordVectors;
import dev.dlpipe.pipelines.embeddings.EvaluateEmbeddings;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code word2vec-neighbors}: the nearest words to a word, by cosine similarity. */
@Command(
    name = "word2vec-neighbors",
    mixinStandardHelpOptions = true,
    versionProvider = Dlpipe.VersionProvider.class,
    description = {
      "Print a word's nearest words in a vectors file.",
      "",
      "Like word2vec.c's distance tool: one line per neighbour, word and cosine similarity, most"
          + " similar first. Reads word2vec.c's binary or text format from any Hadoop filesystem;"
          + " runs in this process, without Spark.",
      ""
    })
public final class Word2VecNeighborsJob implements Callable<Integer> {
  @Option(
      names = "--vectors",
      required = true,
      paramLabel = "URI",
      description = "Vectors file, word2vec.c binary or text format.")
  String vectors;

  @Option(names = "--word", required = true, paramLabel = "W", description = "The word.")
  String word;

  @Option(
      names = "--k",
      defaultValue = "10",
      paramLabel = "N",
      description = "Neighbours to print. Default: ${DEFAULT-VALUE}.")
  int k;

  @Override
  public Integer call() {
    if (k < 1) {
      throw UserError.of("--k " + k + " is too small", "it counts neighbours", "pass 1 or more");
    }
    WordVectors v = EvaluateEmbeddings.readVectors(new Configuration(), vectors, 0);
    for (Neighbors.Neighbor n : Neighbors.of(v, word, k)) {
      System.out.println(String.format(Locale.ROOT, "%-30s %.6f", n.word(), n.cosine()));
    }
    return 0;
  }

  /** Entry point for {@code spark-submit --class dev.dlpipe.jobs.Word2VecNeighborsJob}. */
  public static void main(String[] args) {
    System.exit(Dlpipe.execute(new Word2VecNeighborsJob(), args));
  }
}
