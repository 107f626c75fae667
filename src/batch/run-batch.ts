/**
 * Runs the checks on a piscina worker pool: tasks are batches of file paths (workers read and
 * parse the XML themselves), a bounded number of batches in flight, results handed on in input
 * order whatever the worker timing.
 *
 * A pair that kills its worker (out of memory, a hang past --pair-timeout, a crash) costs that
 * pair only: the worker tells through shared memory which pair it is on, the pool replaces the
 * worker, the batch's other pairs are checked again and the culprit gets an error saying why.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Piscina } from 'piscina';
import { ABI_DIFF_FAILED, type CheckedPair, type CheckSettings, type PairResult, type PairTask, type SeenFiles } from '../model/result.js';
import { resultOf, type CacheEntry, type CacheReader } from './cache.js';
import { batchesOf, type Chunked } from './chunks.js';
import type { BatchTask, PairReply } from '../worker/pool-worker.js';
import { PROGRESS_DONE } from '../worker/progress.js';
import { encodePairs } from '../worker/wire.js';

export interface BatchOptions extends CheckSettings {
  jobs: number;
  /** Pairs per worker task: large enough to amortise message passing, small enough to balance. */
  batchSize?: number;
  /** Earlier verdicts (--cache); workers reuse those whose files are unchanged. */
  cache?: CacheReader;
  /**
   * Every result with the files it was computed for (to write the next cache); `reused`: the
   * cache entry it came from, when that still describes the files.
   */
  onChecked?: (seen: SeenFiles, result: PairResult, reused?: CacheEntry) => void | Promise<void>;
  /** Milliseconds one pair may take before its worker is stopped (0: no limit). */
  pairTimeout?: number;
  /** Heap limit of each worker in MiB: a pathological file costs a worker, not the process. */
  workerMemory?: number;
  /** Stops the run: no result is yielded after it fires, workers are stopped at once. */
  signal?: AbortSignal;
  /** The worker module (tests substitute one that misbehaves). */
  worker?: URL;
}

// A worker's young generation, at most: parsing allocates many short-lived objects. 32 MB was
// chosen when scavenges were 10-18 % of a worker's time; since the parsers keep nothing of a
// domain past its parse, almost nothing survives one, and 16 MB is as fast for ~35 MB less
// (2 workers, 10^5 pairs: 9.5-10.0 s at 32 MB, 9.8 s at 16, 10.5-11.1 s at 8). Never larger than
// needed: every page it grows into is a page fault, which costs ~10x more on a virtual machine
// that traps them (perf: 96 MB gave 44.5k faults per conformance run, 16 MB 31.7k).
const WORKER_YOUNG_GENERATION_MB = 16;

/** Pairs whose cached verdict holds (two stat calls each) that cost a worker about as much as one pair checked. */
const CACHED_PAIRS_PER_CHECKED = 8;

export const defaultJobs = (): number => Math.max(1, availableParallelism());
/**
 * More worker threads than this only add memory (each has its own heap, up to --worker-memory):
 * --jobs 300 took 2.7 GB for 48 pairs, and 10^9 ran silently until killed.
 */
export const JOBS_PER_CORE = 4;
export const maxJobs = (): number => JOBS_PER_CORE * defaultJobs();
export const DEFAULT_PAIR_TIMEOUT_S = 60;
export const DEFAULT_WORKER_MEMORY_MB = 1024;

// Under tsx the worker is the .ts source; from a build it is the .js file beside this one, which
// the build bundles into one module: a worker loaded its 95 modules in ~60 ms, the bundle in ~18.
const workerUrl = new URL(`../worker/pool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A worker starts cold and most of a short run's cost is compiling, on background threads that
 * compete with the other worker for the cores. V8 flags are per process and must be set before
 * the worker isolates are created.
 * - Less TurboFan inlining (V8's default cumulative budget is 920 bytes of bytecode): with the
 *   default, the 4,500 conformance pairs took 2.3 s of CPU for 1.37 s of work in one thread, most
 *   of it optimising the parser's large functions. With 100: 1.76 s CPU, 1.16 s wall; the whole
 *   CLI run 1.77 -> 1.54 s (1 worker) and 1.75 -> 1.49 s (2 workers); warm speed the same.
 * - Functions optimised after 8x V8's default interrupt budget (bytecode executed): a function
 *   the run calls a few thousand times stays in the baseline tiers, the hot loops still reach
 *   TurboFan within the first few hundred pairs. TurboFan compiled 228 functions (2.4 s of
 *   compile time) on the conformance set; with 8x, the 2-worker run's CPU 4.75 -> 3.77 s and
 *   its ratio to libvirt 0.92x -> 1.15x (interleaved rounds); a 10^4 fleet within noise.
 */
const COMPILER_FLAGS = '--max-inlined-bytecode-size-cumulative=100 --interrupt-budget=540672';

/**
 * Heap flags. V8 reads them when an isolate is created, except the growing factor, read at each
 * full GC (so it also holds for the main thread, which bin/abi-diff.js starts with a small young
 * generation).
 * - `--max-semi-space-size=0`: the main thread's young-generation flag would override the
 *   workers' `maxYoungGenerationSizeMb`; 0 lets that limit apply.
 * - Old generations grow by a fifth past what a full GC leaves, not by V8's up to 4x: the main
 *   thread's old generation filled with dead report and discovery objects up to ~22 MB between
 *   full GCs in a long run. 2 workers, main young generation capped: peak RSS 179-183 -> 166-167
 *   MB on 10^5 pairs, 152 -> 147 MB on 10^4; time the same. It costs a re-audit, whose main
 *   thread promotes every cached verdict in flight and so runs full GCs more often: 10^6 pairs,
 *   1 % changed, 11.5-12.1 s at 264-273 MB without it, 12.2-14.1 s at 191-197 MB with it.
 */
const HEAP_FLAGS = '--max-semi-space-size=0 --heap-growing-percent=20';

/** The worker pool: pool-worker.ts checks batches by default, `identify` reads domain keys. */
export function createPool(jobs: number, opts: { worker?: URL; workerMemory?: number } = {}): Piscina {
  const threads = Math.max(1, jobs);
  setFlagsFromString(`${COMPILER_FLAGS} ${HEAP_FLAGS}`);
  return new Piscina({
    filename: (opts.worker ?? workerUrl).href, minThreads: threads, maxThreads: threads, idleTimeout: 1000,
    resourceLimits: opts.workerMemory
      // a young generation full of live objects is promoted at once: kept to a quarter of a small
      // --worker-memory, so that promotion fails the worker's pair instead of aborting the process
      ? { maxOldGenerationSizeMb: opts.workerMemory, maxYoungGenerationSizeMb: Math.min(WORKER_YOUNG_GENERATION_MB, Math.max(4, Math.floor(opts.workerMemory / 4))) }
      : { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
}

/** A task on its way through the pool, as the watchdog sees it. */
interface Attempt {
  progress: Int32Array;
  controller: AbortController;
  /** Progress value last seen and when (performance.now()); a value that stays too long is a hang. */
  seen: number;
  since: number;
  timedOut: boolean;
}

/** Why a worker died, in words for the report. */
interface Failure { message: string; hang: boolean }

class RunStopped extends Error {}

/** Runs batches on the pool and turns a dead worker into an error for the one pair it died on. */
class PairPool {
  private readonly pool: Piscina;
  private readonly inFlight = new Set<Attempt>();
  private readonly watchdog: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Set when no worker can run at all: every run rejects with it. */
  private fatal: Error | undefined;

  constructor(private readonly settings: CheckSettings, jobs: number, private readonly opts: BatchOptions) {
    this.pool = createPool(jobs, { worker: opts.worker, workerMemory: opts.workerMemory ?? DEFAULT_WORKER_MEMORY_MB });
    // a worker stopped for a timeout may still report dying of its heap limit: no task is left
    // to fail then, and piscina's unhandled 'error' event would end the whole run
    this.pool.on('error', () => undefined);
    const timeout = opts.pairTimeout ?? DEFAULT_PAIR_TIMEOUT_S * 1000;
    if (timeout > 0) {
      // a pair gets between timeout and timeout + tick before its worker is stopped
      const tick = Math.min(1000, Math.max(10, timeout / 4));
      this.watchdog = setInterval(() => this.watch(timeout), tick);
      this.watchdog.unref();
    }
  }

  private watch(timeout: number): void {
    const now = performance.now();
    for (const a of this.inFlight) {
      const at = Atomics.load(a.progress, 0);
      if (at <= 0) continue; // still queued, or finished
      if (at !== a.seen) { a.seen = at; a.since = now; continue; }
      if (now - a.since > timeout && !a.timedOut) { a.timedOut = true; a.controller.abort(); }
    }
  }

  /** Results of every pair in order; rejects only with RunStopped, or when no worker can run. */
  async run(pairs: PairTask[]): Promise<PairReply[]> {
    if (this.stopped) throw new RunStopped();
    if (this.fatal) throw this.fatal;
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const attempt: Attempt = { progress, controller: new AbortController(), seen: 0, since: 0, timedOut: false };
    this.inFlight.add(attempt);
    const task: BatchTask = { settings: this.settings, ...encodePairs(pairs), progress: progress.buffer as SharedArrayBuffer };
    let failure: unknown;
    try {
      return JSON.parse((await this.pool.run(task, { signal: attempt.controller.signal })) as string) as PairReply[];
    } catch (err) {
      failure = err;
    } finally {
      this.inFlight.delete(attempt);
    }
    if (this.stopped) throw new RunStopped();
    if (this.fatal) throw this.fatal;
    const at = Atomics.load(progress, 0);
    if (at === 0 && !attempt.timedOut) {
      // no pair had started: the worker itself cannot run (a broken install), and piscina starts
      // no more workers after that, so every batch fails with it
      this.fatal = new Error(`cannot run a worker thread: ${failure instanceof Error ? failure.message : String(failure)}`);
      for (const a of this.inFlight) a.controller.abort();
      throw this.fatal;
    }
    const side = Atomics.load(progress, 1) === 1 ? 'dst' : 'src';
    // done with every pair, it died handing the results back: no pair to blame
    const index = at === PROGRESS_DONE ? pairs.length : at - 1;
    return this.recover(pairs, index, side, this.reason(failure, attempt));
  }

  private reason(err: unknown, attempt: Attempt): Failure {
    if (attempt.timedOut) return { message: `abi-diff stopped checking this pair after ${(this.opts.pairTimeout ?? DEFAULT_PAIR_TIMEOUT_S * 1000) / 1000} s (--pair-timeout)`, hang: true };
    if ((err as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return { message: `abi-diff ran out of memory checking this pair (${this.opts.workerMemory ?? DEFAULT_WORKER_MEMORY_MB} MiB per worker, --worker-memory)`, hang: false };
    return { message: `${ABI_DIFF_FAILED} on this pair: its worker died: ${err instanceof Error ? err.message : String(err)}`, hang: false };
  }

  /**
   * The worker died on pairs[index] (past the end: after the last pair). That pair is tried once
   * more on its own, unless it hung (a second hang would only double the wait) or was alone
   * already, so that its verdict never depends on the batch it came in; the others run again.
   */
  private async recover(pairs: PairTask[], index: number, side: 'src' | 'dst', reason: Failure): Promise<PairReply[]> {
    const failed = (p: PairTask): CheckedPair => ({ result: { id: p.id, src: p.src, dst: p.dst, status: 'error', mismatches: [], error: { side, message: reason.message } } });
    if (index >= pairs.length) {
      if (pairs.length === 1) return [failed(pairs[0])];
      return (await Promise.all(pairs.map((p) => this.run([p])))).flat();
    }
    const culprit = pairs[index];
    const alone = pairs.length === 1 || reason.hang ? Promise.resolve([failed(culprit)]) : this.run([culprit]);
    const before = index ? this.run(pairs.slice(0, index)) : Promise.resolve([]);
    const after = index + 1 < pairs.length ? this.run(pairs.slice(index + 1)) : Promise.resolve([]);
    return [...await before, ...await alone, ...await after];
  }

  /** Stops every worker now; pending runs reject with RunStopped. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const a of this.inFlight) a.controller.abort();
    await this.destroy();
  }

  private destroyed: Promise<void> | undefined;

  destroy(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.destroyed ??= this.pool.destroy();
    return this.destroyed;
  }
}

/**
 * Checks every pair and yields the results in the order the pairs came in, a batch at a time
 * (one await per batch, not per pair: a re-audit of 10^6 mostly reused verdicts is bound by the
 * main thread's per-pair costs). With a cache, a pair that has a cached verdict gets its `cached`
 * set.
 */
export async function* checkPairBatches(pairs: Iterable<PairTask> | AsyncIterable<PairTask> | Chunked<PairTask>, opts: BatchOptions): AsyncGenerator<PairResult[]> {
  const jobs = Math.max(1, opts.jobs);
  const cache = opts.cache;
  const settings: CheckSettings = { profile: opts.profile, skipVolatile: opts.skipVolatile, hashContent: Boolean(cache || opts.onChecked), driver: opts.driver, operation: opts.operation, qemuCaps: opts.qemuCaps, live: opts.live, maxFileSize: opts.maxFileSize, patches: opts.patches };
  const pool = new PairPool(settings, jobs, opts);
  const signal = opts.signal;
  const stop = () => { void pool.stop(); };
  signal?.addEventListener('abort', stop, { once: true });
  const maxInFlight = jobs * 4;
  // in-flight batches in submission order, each with the cached entries of its pairs: the head is
  // awaited first, so output keeps input order
  const queue: { pairs: PairTask[]; done: Promise<PairReply[]>; cached: (CacheEntry | undefined)[] }[] = [];
  try {
    const batchSize = opts.batchSize ?? 128;
    const batches = batchesOf(pairs, batchSize);
    let more = !signal?.aborted;
    while (more || queue.length) {
      while (more && queue.length < maxInFlight) {
        // a task holds batchSize pairs' worth of work; a pair with a cached verdict is mostly two
        // stat calls, so a re-audit sends fewer, larger tasks (each costs the main thread ~0.2 ms)
        const batch: PairTask[] = [];
        const cached: (CacheEntry | undefined)[] = [];
        for (let work = 0; work < batchSize;) {
          const next = await batches.next();
          if (next.done || signal?.aborted) { more = false; break; }
          batch.push(...next.value);
          if (!cache) { work += next.value.length; continue; }
          const found = await cache.getMany(next.value.map((p) => p.id));
          cached.push(...found);
          for (const e of found) work += e ? 1 / CACHED_PAIRS_PER_CHECKED : 1;
        }
        if (!batch.length) break;
        // set on the pair itself: a copy per pair (`{ ...p, cached }`) cost ~0.4 us, 0.4 s of a
        // 10^6 re-audit's main thread
        if (cache) for (let i = 0; i < batch.length; i++) { const e = cached[i]; if (e) batch[i].cached = e.seen; }
        const done = pool.run(batch);
        done.catch(() => undefined); // RunStopped is handled where the head is awaited
        queue.push({ pairs: batch, done, cached });
      }
      const head = queue.shift();
      if (!head) continue;
      // a stopped run hands back the cached verdicts of the pairs it will not report
      const handBack = (from: number) => {
        if (!cache) return;
        cache.putBack([...head.cached.slice(from), ...queue.flatMap((q) => q.cached)].filter((e): e is CacheEntry => e !== undefined));
      };
      let returned: PairReply[];
      try {
        returned = await head.done;
      } catch (err) {
        if (err instanceof RunStopped) { handBack(0); return; }
        throw err;
      }
      if (signal?.aborted) { handBack(0); return; }
      const results: PairResult[] = [];
      for (let i = 0; i < returned.length; i++) {
        const reply = returned[i];
        const pair = head.pairs[i];
        const entry = head.cached[i];
        let result: PairResult;
        let written: void | Promise<void> = undefined;
        if (typeof reply === 'object' && !reply.reused) {
          result = reply.result;
          if (reply.seen !== undefined) written = opts.onChecked?.(reply.seen, result);
        } else {
          // the cached verdict holds: for the very files it was cached for, or for those seen now
          if (!entry) throw new Error(`a worker reused a verdict pair ${pair.id} has none of`);
          const seen = reply === 0 ? undefined : typeof reply === 'string' ? reply : reply.seen;
          result = resultOf(entry, pair.src, pair.dst);
          written = opts.onChecked?.(seen ?? entry.seen, result, seen === undefined ? entry : undefined);
        }
        if (written) await written;
        results.push(result);
      }
      yield results;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    await pool.destroy();
  }
}

/** checkPairBatches one result at a time. */
export async function* checkPairs(pairs: Iterable<PairTask> | AsyncIterable<PairTask> | Chunked<PairTask>, opts: BatchOptions): AsyncGenerator<PairResult> {
  for await (const batch of checkPairBatches(pairs, opts)) yield* batch;
}

/** All results in a list (for tests and small runs). */
export async function runBatch(pairs: Iterable<PairTask> | AsyncIterable<PairTask> | Chunked<PairTask>, opts: BatchOptions): Promise<PairResult[]> {
  const out: PairResult[] = [];
  for await (const r of checkPairs(pairs, opts)) out.push(r);
  return out;
}
