"""gensim Word2Vec in corpus_file mode (its fastest CPU path), timed, vectors saved in word2vec format.

Usage: word2vec_gensim.py CORPUS_FILE OUT.bin cbow|skipgram DIM WINDOW NEGATIVE HS SAMPLE ALPHA ITER MIN_COUNT WORKERS SEED [MIN_ALPHA]
MIN_ALPHA defaults to ALPHA * 1e-4, word2vec.c's final rate.
Prints one JSON line: seconds (wall), cpu_seconds (process CPU time, all threads), words (in-vocabulary words per epoch), epochs, vocab.
"""
import json
import sys
import time

from gensim.models import Word2Vec

(corpus, out, model, dim, window, negative, hs, sample, alpha, iters, min_count, workers, seed) = sys.argv[1:14]
alpha = float(alpha)
min_alpha = float(sys.argv[14]) if len(sys.argv) > 14 else alpha * 1e-4
w2v = Word2Vec(
    sg=1 if model == "skipgram" else 0,
    vector_size=int(dim),
    window=int(window),
    negative=int(negative),
    hs=int(hs),
    sample=float(sample),
    alpha=alpha,
    min_alpha=min_alpha,
    min_count=int(min_count),
    workers=int(workers),
    seed=int(seed),
)
w2v.build_vocab(corpus_file=corpus)
start = time.time()
cpu_start = time.process_time()
w2v.train(
    corpus_file=corpus,
    total_words=w2v.corpus_total_words,
    total_examples=w2v.corpus_count,
    epochs=int(iters),
)
seconds = time.time() - start
cpu_seconds = time.process_time() - cpu_start
w2v.wv.save_word2vec_format(out, binary=True)
words = int(sum(w2v.wv.get_vecattr(w, "count") for w in w2v.wv.index_to_key))
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "words": words, "epochs": int(iters), "vocab": len(w2v.wv)}))
