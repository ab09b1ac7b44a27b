package dev.dlpipe.pipelines.text;

import java.util.Iterator;
import java.util.function.Function;

/** A lazy {@code map} over an iterator: Spark partitions stream through without being buffered. */
final class MappedIterator<A, B> implements Iterator<B> {
  private final Iterator<A> source;
  private final Function<A, B> f;

  MappedIterator(Iterator<A> source, Function<A, B> f) {
    this.source = source;
    this.f = f;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public B next() {
    return f.apply(source.next());
  }
}
