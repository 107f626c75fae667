/**
 * piscina task for scripts/fuzz.ts: runs fuzz cases in a worker thread, which the script ends
 * when a case never finishes; progress[0] is the case being checked, progress[1] counts the pairs
 * a pool round has returned.
 */
import { fuzz, loadSeeds, type FuzzStats, type Seeds } from './fuzz.js';

export interface FuzzChunk { seed: number; from: number; cases: number; corpora: string[]; batchEvery: number; jobs: number; pairTimeoutMs: number; progress: SharedArrayBuffer }

let seeds: Seeds | undefined;

export default async function fuzzChunk(task: FuzzChunk): Promise<FuzzStats> {
  const current = new Int32Array(task.progress);
  seeds ??= loadSeeds(task.corpora);
  return fuzz({ ...task, seeds, onCase: (index) => { Atomics.store(current, 0, index); }, onBeat: () => { Atomics.add(current, 1, 1); } });
}
