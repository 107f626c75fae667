/** piscina task: checks a batch of pairs inside a worker thread (workers read the files themselves). */
import { resolveProfile, type Profile } from '../model/profile.js';
import { ABI_DIFF_FAILED, type CheckedPair, type CheckSettings, type PairTask, type SeenFiles } from '../model/result.js';
import { checkPairFiles, type PairOptions } from './check-pair.js';
import { PROGRESS_DONE } from './progress.js';
import { decodePairs, type WirePairs } from './wire.js';

/** Pairs go to the worker and results come back as JSON text (see wire.ts). */
export interface BatchTask extends WirePairs {
  settings: CheckSettings;
  /**
   * Shared with the main thread, which watches it to time pairs out and to tell which pair a
   * dead worker was on: [0] = 1 + index of the pair being checked (0 before the first, -1 when
   * the batch is done), [1] = the side being read or parsed (0 src, 1 dst).
   */
  progress?: SharedArrayBuffer;
}

const profiles = new Map<string, Profile>();

/** What the batch runs per pair; tests substitute misbehaving versions. */
export type CheckOne = (pair: PairTask, opts: PairOptions) => CheckedPair;

export function checkBatchWith(task: BatchTask, checkOne: CheckOne): CheckedPair[] {
  let profile = profiles.get(task.settings.profile);
  if (!profile) {
    profile = resolveProfile(task.settings.profile);
    profiles.set(task.settings.profile, profile);
  }
  const progress = task.progress ? new Int32Array(task.progress) : undefined;
  const opts: PairOptions = {
    profile, skipVolatile: task.settings.skipVolatile, hashContent: task.settings.hashContent, driver: task.settings.driver, operation: task.settings.operation, qemuCaps: task.settings.qemuCaps, live: task.settings.live, maxFileSize: task.settings.maxFileSize, patches: task.settings.patches,
    onSide: progress && ((side) => { Atomics.store(progress, 1, side === 'src' ? 0 : 1); }),
  };
  const out = decodePairs(task).map((pair, i): CheckedPair => {
    if (progress) Atomics.store(progress, 0, i + 1);
    try {
      return checkOne(pair, opts);
    } catch (err) {
      // a bug in abi-diff costs this pair, not the batch
      const side: 'src' | 'dst' = progress && Atomics.load(progress, 1) === 1 ? 'dst' : 'src';
      return { result: { id: pair.id, src: pair.src, dst: pair.dst, status: 'error' as const, mismatches: [], error: { side, message: `${ABI_DIFF_FAILED} on this pair: ${err instanceof Error ? err.message : String(err)}` } } };
    }
  });
  if (progress) Atomics.store(progress, 0, PROGRESS_DONE);
  return out;
}

/**
 * How a pair comes back: `0` when its cached verdict holds for the very files it was cached for,
 * the files as seen now when it holds for the same contents under new stamps, else the check.
 * A re-audit is mostly the first kind, and the main thread parses every reply.
 */
export type PairReply = 0 | SeenFiles | CheckedPair;

export function replyOf(c: CheckedPair): PairReply {
  return c.reused ? (c.seen ?? 0) : c;
}

/** The replies as JSON text, for the same reason as the pairs. */
export default function checkBatch(task: BatchTask): string {
  return JSON.stringify(checkBatchWith(task, checkPairFiles).map(replyOf));
}

// the named task of the same pool file: pool.run(task, { name: 'identify' })
export { identify } from './identify.js';
