/**
 * Runs the checks on a piscina worker pool: tasks are batches of file paths (workers read and
 * parse the XML themselves), with a bounded number of batches in flight.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { CheckSettings, PairResult, PairTask } from '../model/result.js';
import type { BatchTask } from '../worker/pool-worker.js';

export interface BatchOptions extends CheckSettings {
  jobs: number;
  /** Pairs per worker task: large enough to amortise message passing, small enough to balance. */
  batchSize?: number;
  onResult?: (result: PairResult) => void;
}

export const defaultJobs = (): number => Math.max(1, availableParallelism());

// Under tsx the worker is the .ts source; from a build it is the .js file beside this one.
const workerUrl = new URL(`../worker/pool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** A worker that died still accounts for every pair it was given. */
function workerFailed(task: BatchTask, err: unknown): PairResult[] {
  const message = `internal error: worker failed: ${err instanceof Error ? err.message : String(err)}`;
  return task.pairs.map((p) => ({ ...p, status: 'error', mismatches: [], error: { side: 'dst', message } }));
}

export async function runBatch(pairs: PairTask[], opts: BatchOptions): Promise<PairResult[]> {
  const jobs = Math.max(1, opts.jobs);
  const pool = new Piscina({ filename: workerUrl.href, minThreads: jobs, maxThreads: jobs, idleTimeout: 1000 });
  const batchSize = opts.batchSize ?? 64;
  const settings: CheckSettings = { profile: opts.profile, skipVolatile: opts.skipVolatile };
  const maxInFlight = jobs * 4;
  const results: PairResult[] = [];
  try {
    let next = 0;
    const inFlight = new Set<Promise<void>>();
    while (next < pairs.length || inFlight.size) {
      while (next < pairs.length && inFlight.size < maxInFlight) {
        const task: BatchTask = { settings, pairs: pairs.slice(next, next + batchSize) };
        next += batchSize;
        const p: Promise<void> = (pool.run(task) as Promise<PairResult[]>).catch((err: unknown) => workerFailed(task, err)).then((batch) => {
          for (const r of batch) {
            results.push(r);
            opts.onResult?.(r);
          }
        }).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      if (inFlight.size) await Promise.race(inFlight);
    }
  } finally {
    await pool.destroy();
  }
  return results.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
