package dev.dlpipe.engines.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A token vocabulary with deterministic ids.
 *
 * <p>Ids 0–3 are the specials {@value #PAD}, {@value #UNK}, {@value #BOS}, {@value #EOS}; then come
 * the corpus tokens with at least {@code minCount} occurrences, ordered by count descending and,
 * for equal counts, by token in Unicode code point order ({@link #ORDER}). With a maximum size, the
 * list is cut so that the vocabulary, specials included, has at most that many entries. Any token
 * outside the vocabulary maps to {@link #UNK_ID}. The same counts always give the same ids, on any
 * machine and partitioning.
 */
public final class Vocabulary implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String PAD = "<pad>";
  public static final String UNK = "<unk>";
  public static final String BOS = "<s>";
  public static final String EOS = "</s>";
  public static final int PAD_ID = 0;
  public static final int UNK_ID = 1;
  public static final int BOS_ID = 2;
  public static final int EOS_ID = 3;

  /** Number of special entries before the first corpus token. */
  public static final int SPECIALS = 4;

  /** A token and its number of occurrences in the corpus. */
  public record TokenCount(String token, long count) implements Serializable {
    public TokenCount {
      Objects.requireNonNull(token, "token");
      if (count < 0) {
        throw new IllegalArgumentException(
            "negative count " + count + " for token '" + token + "'");
      }
    }
  }

  /** Count descending, then token in code point order: the order in which corpus ids are given. */
  public static final Comparator<TokenCount> ORDER = new TokenOrder();

  private static final class TokenOrder implements Comparator<TokenCount>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(TokenCount a, TokenCount b) {
      int byCount = Long.compare(b.count(), a.count());
      return byCount != 0 ? byCount : compareCodePoints(a.token(), b.token());
    }
  }

  private final List<TokenCount> entries;
  private final Map<String, Integer> ids;

  private Vocabulary(List<TokenCount> entries) {
    this.entries = Collections.unmodifiableList(entries);
    this.ids = new HashMap<>(entries.size() * 2);
    for (int i = 0; i < entries.size(); i++) {
      ids.put(entries.get(i).token(), i);
    }
  }

  /**
   * Builds the vocabulary from corpus counts (in any order; each token at most once).
   *
   * @param counts the corpus tokens and their counts
   * @param minCount tokens seen fewer times are left out (map to UNK); at least 1
   * @param maxSize the most entries, specials included; {@code 0} for no limit, else at least
   *     {@value #SPECIALS}
   * @param unkCount the count stored for UNK (occurrences that map to it); pass -1 to have it
   *     computed as the total count of the tokens left out
   */
  public static Vocabulary build(
      Iterable<TokenCount> counts, long minCount, int maxSize, long unkCountOrMinusOne) {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
    }
    if (maxSize != 0 && maxSize < SPECIALS) {
      throw new IllegalArgumentException(
          "the vocabulary size counts the "
              + SPECIALS
              + " specials, so it must be 0 (no limit) or at least "
              + SPECIALS
              + ", got "
              + maxSize);
    }
    List<TokenCount> kept = new ArrayList<>();
    long leftOut = 0;
    for (TokenCount tc : counts) {
      if (tc.count() >= minCount && !isSpecial(tc.token())) {
        kept.add(tc);
      } else {
        leftOut += tc.count();
      }
    }
    kept.sort(ORDER);
    int limit = maxSize == 0 ? kept.size() : Math.min(kept.size(), maxSize - SPECIALS);
    for (int i = limit; i < kept.size(); i++) {
      leftOut += kept.get(i).count();
    }
    long unkCount = unkCountOrMinusOne >= 0 ? unkCountOrMinusOne : leftOut;
    List<TokenCount> entries = new ArrayList<>(limit + SPECIALS);
    entries.add(new TokenCount(PAD, 0));
    entries.add(new TokenCount(UNK, unkCount));
    entries.add(new TokenCount(BOS, 0));
    entries.add(new TokenCount(EOS, 0));
    entries.addAll(kept.subList(0, limit));
    return new Vocabulary(entries);
  }

  /** Whether {@code token} is one of the four special tokens. */
  public static boolean isSpecial(String token) {
    return PAD.equals(token) || UNK.equals(token) || BOS.equals(token) || EOS.equals(token);
  }

  /** The id of {@code token}, or {@link #UNK_ID} when it is not in the vocabulary. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? UNK_ID : id;
  }

  /** The token with the given id. */
  public String token(int id) {
    return entries.get(id).token();
  }

  /** Number of entries, specials included. */
  public int size() {
    return entries.size();
  }

  /** All entries in id order: entry {@code i} has id {@code i}. */
  public List<TokenCount> entries() {
    return entries;
  }

  /** Compares two strings by Unicode code point (UTF-16 order differs above U+FFFF). */
  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
