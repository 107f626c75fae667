/**
 * Pairs travel through discovery in chunks (arrays), not one by one: every step of an async
 * iteration costs promises and result objects, and a run of 10^6 pairs took ~3.5 KB of them per
 * pair on the main thread.
 */

/** A stream of items delivered as arrays of any length (never empty). */
export interface Chunked<T> { chunks: AsyncIterable<T[]> }

/** Items, or chunks of them, gathered into arrays of `size` (the last one shorter). */
export async function* batchesOf<T>(items: Iterable<T> | AsyncIterable<T> | Chunked<T>, size: number): AsyncGenerator<T[]> {
  if ('chunks' in items) { yield* regroup(items.chunks, size); return; }
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}

async function* regroup<T>(chunks: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const chunk of chunks) {
    // a chunk of exactly one batch goes on as it is
    if (!batch.length && chunk.length === size) { yield chunk; continue; }
    for (let i = 0; i < chunk.length; i++) {
      batch.push(chunk[i]);
      if (batch.length === size) { yield batch; batch = []; }
    }
  }
  if (batch.length) yield batch;
}

/** The items of the chunks, one at a time. */
export async function* itemsOf<T>(chunks: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const chunk of chunks) yield* chunk;
}
