/** `--shard K/N`: a stable partition of the pairs by id, so N machines split one audit. */
import type { PairTask } from '../model/result.js';
import { UsageError } from './usage-error.js';

export interface Shard { index: number; count: number }

export const SHARD_SYNTAX = 'K/N with 1 <= K <= N';

/** The shard K/N names, or undefined when the spec is not one. */
export function shardSpec(spec: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  return !m || count < 1 || index < 1 || index > count ? undefined : { index, count };
}

export function parseShard(spec: string): Shard {
  const shard = shardSpec(spec);
  if (!shard) throw new UsageError(`--shard must be ${SHARD_SYNTAX}, got '${spec}'`);
  return shard;
}

/** FNV-1a of the id: the same pair lands in the same shard on every machine and run. */
export function shardOf(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return ((h >>> 0) % count) + 1;
}

export function inShard(id: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(id, shard.count) === shard.index;
}

/**
 * The pairs of one shard, chunk by chunk. Merging shards needs id order: says so once when the
 * ids come unsorted (a manifest's order).
 */
export async function* chunksInShard(chunks: AsyncIterable<PairTask[]>, shard: Shard, warn?: (m: string) => void): AsyncGenerator<PairTask[]> {
  let previous: string | undefined;
  let warned = false;
  for await (const chunk of chunks) {
    const kept: PairTask[] = [];
    for (const p of chunk) {
      if (previous !== undefined && p.id < previous && !warned) {
        warned = true;
        warn?.(`pair ${p.id} comes after ${previous}: the pairs are not sorted by id, so 'abi-diff merge' cannot join the shards' reports (sort the manifest by id)`);
      }
      previous = p.id;
      if (inShard(p.id, shard)) kept.push(p);
    }
    if (kept.length) yield kept;
  }
}
