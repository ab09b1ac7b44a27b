package dev.dlpipe.pipelines.text;

import static org.apache.spark.sql.functions.col;

import dev.dlpipe.engines.UserError;
import dev.dlpipe.engines.text.Vocabulary;
import dev.dlpipe.pipelines.tables.Warehouse;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A tokenized corpus read back from {@code dlpipe.text.tokens} and {@code dlpipe.text.vocabulary}
 * for training on the driver: the token ids of every document, in doc-id order, and the
 * vocabulary's tokens by id.
 *
 * <p>Ids at or above {@code maxVocab} become UNK (the vocabulary is sorted by count, so this keeps
 * the most frequent words), which bounds the softmax of a model without re-tokenizing.
 *
 * @param corpus corpus name
 * @param docIds document ids, ascending
 * @param ids token ids per document
 * @param tokens vocabulary tokens by id (truncated to the effective vocabulary size)
 */
public record CorpusTokens(String corpus, long[] docIds, List<int[]> ids, List<String> tokens) {

  public int vocabSize() {
    return tokens.size();
  }

  /** Reads a corpus, capping the vocabulary at {@code maxVocab} ids (0 = no cap). */
  public static CorpusTokens read(Warehouse warehouse, String corpus, int maxVocab) {
    if (!warehouse.spark().catalog().tableExists(TokenizeCorpus.TOKENS)) {
      throw missing(corpus);
    }
    List<Row> vocab =
        warehouse
            .spark()
            .table(TokenizeCorpus.VOCABULARY)
            .where(col("corpus").equalTo(corpus))
            .select("id", "token")
            .orderBy("id")
            .collectAsList();
    if (vocab.isEmpty()) {
      throw missing(corpus);
    }
    int size = maxVocab > 0 ? Math.min(maxVocab, vocab.size()) : vocab.size();
    if (size <= Vocabulary.SPECIALS) {
      throw UserError.of(
          "vocabulary of " + size + " ids for corpus " + corpus,
          "a model needs words beyond the " + Vocabulary.SPECIALS + " special ids",
          "raise --max-vocab, or tokenize more text");
    }
    List<String> tokens = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      tokens.add(vocab.get(i).getString(1));
    }
    Dataset<Row> rows =
        warehouse
            .spark()
            .table(TokenizeCorpus.TOKENS)
            .where(col("corpus").equalTo(corpus))
            .select("doc_id", "ids")
            .orderBy("doc_id");
    List<Row> docs = rows.collectAsList();
    long[] docIds = new long[docs.size()];
    List<int[]> ids = new ArrayList<>(docs.size());
    for (int d = 0; d < docs.size(); d++) {
      Row r = docs.get(d);
      docIds[d] = r.getLong(0);
      List<Integer> list = r.getList(1);
      int[] a = new int[list.size()];
      for (int i = 0; i < a.length; i++) {
        int id = list.get(i);
        a[i] = id < size ? id : Vocabulary.UNK_ID;
      }
      ids.add(a);
    }
    return new CorpusTokens(corpus, docIds, ids, tokens);
  }

  private static UserError missing(String corpus) {
    return UserError.of(
        "no tokenized corpus '" + corpus + "'",
        "dlpipe.text.tokens and dlpipe.text.vocabulary have no rows for it",
        "run bin/dlpipe tokenize --input FILES --corpus " + corpus + " first");
  }
}
