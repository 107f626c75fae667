/**
 * Runs the checks on a piscina worker pool: tasks are batches of file paths (workers read and
 * parse the XML themselves), a bounded number of batches in flight, results handed on in input
 * order whatever the worker timing.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { CheckedPair, CheckSettings, PairResult, PairTask } from '../model/result.js';
import type { CacheEntry } from './cache.js';
import type { BatchTask } from '../worker/pool-worker.js';

export interface BatchOptions extends CheckSettings {
  jobs: number;
  /** Pairs per worker task: large enough to amortise message passing, small enough to balance. */
  batchSize?: number;
  /** Earlier verdicts by pair id (--cache); workers reuse those whose files are unchanged. */
  cache?: Map<string, CacheEntry>;
  /** Every result with the content key it was computed for (to write the next cache). */
  onChecked?: (key: string, result: PairResult) => void | Promise<void>;
}

export const defaultJobs = (): number => Math.max(1, availableParallelism());

// Under tsx the worker is the .ts source; from a build it is the .js file beside this one.
const workerUrl = new URL(`../worker/pool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A worker that died still accounts for every pair it was given. */
function workerFailed(task: BatchTask, err: unknown): CheckedPair[] {
  const message = `internal error: worker failed: ${err instanceof Error ? err.message : String(err)}`;
  return task.pairs.map(({ id, src, dst }) => ({ result: { id, src, dst, status: 'error', mismatches: [], error: { side: 'dst', message } } }));
}

async function* batchesOf(pairs: Iterable<PairTask> | AsyncIterable<PairTask>, size: number): AsyncGenerator<PairTask[]> {
  let batch: PairTask[] = [];
  for await (const p of pairs) {
    batch.push(p);
    if (batch.length === size) { yield batch; batch = []; }
  }
  if (batch.length) yield batch;
}

/** Checks every pair and yields the results in the order the pairs came in. */
export async function* checkPairs(pairs: Iterable<PairTask> | AsyncIterable<PairTask>, opts: BatchOptions): AsyncGenerator<PairResult> {
  const jobs = Math.max(1, opts.jobs);
  const pool = new Piscina({ filename: workerUrl.href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
  const cache = opts.cache;
  const settings: CheckSettings = { profile: opts.profile, skipVolatile: opts.skipVolatile, hashContent: Boolean(cache || opts.onChecked), driver: opts.driver, live: opts.live };
  const maxInFlight = jobs * 4;
  // in-flight batches in submission order: the head is awaited first, so output keeps input order
  const queue: Promise<CheckedPair[]>[] = [];
  try {
    const batches = batchesOf(pairs, opts.batchSize ?? 64);
    let more = true;
    while (more || queue.length) {
      while (more && queue.length < maxInFlight) {
        const next = await batches.next();
        if (next.done) { more = false; break; }
        const pairs = cache ? next.value.map((p) => ({ ...p, cachedKey: cache.get(p.id)?.key })) : next.value;
        const task: BatchTask = { settings, pairs };
        queue.push((pool.run(task) as Promise<CheckedPair[]>).catch((err: unknown) => workerFailed(task, err)));
      }
      const head = queue.shift();
      if (!head) continue;
      for (const c of await head) {
        // a reused verdict keeps the cached findings under this run's paths
        const result = c.reused ? { ...cache!.get(c.result.id)!.result, src: c.result.src, dst: c.result.dst } : c.result;
        if (c.contentKey && opts.onChecked) await opts.onChecked(c.contentKey, result);
        yield result;
      }
    }
  } finally {
    await pool.destroy();
  }
}

/** All results in a list (for tests and small runs). */
export async function runBatch(pairs: Iterable<PairTask> | AsyncIterable<PairTask>, opts: BatchOptions): Promise<PairResult[]> {
  const out: PairResult[] = [];
  for await (const r of checkPairs(pairs, opts)) out.push(r);
  return out;
}
