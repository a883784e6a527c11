/**
 * Ordered prefetch: starts the work for up to `depth` items ahead of the one being consumed and
 * yields the results in the items' order. An export spends most of its time waiting for
 * Prometheus; with a few requests in flight it waits once per `depth` chunks instead of once per
 * chunk, while rows still come out in order and at most `depth` answers are held.
 */
export async function* prefetchInOrder<I, R>(items: Iterable<I>, depth: number, start: (item: I) => Promise<R>): AsyncGenerator<{ item: I; result: R }> {
  if (!(depth >= 1)) throw new Error(`prefetch depth must be at least 1 (got ${depth})`);
  const iterator = items[Symbol.iterator]();
  const window: Array<{ item: I; result: Promise<R> }> = [];
  const fill = (): void => {
    while (window.length < depth) {
      const next = iterator.next();
      if (next.done) return;
      const result = start(next.value);
      // Awaited in order below; a later one failing first must not be an unhandled rejection.
      result.catch(() => undefined);
      window.push({ item: next.value, result });
    }
  };
  fill();
  while (window.length > 0) {
    const head = window.shift()!;
    const result = await head.result;
    fill(); // the next request leaves while this answer is written out
    yield { item: head.item, result };
  }
}
