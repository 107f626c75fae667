/**
 * The library API (`import { checkPair, checkFiles, checkTrees } from 'abi-diff'`): the same run
 * as the CLI's (batch/check-run.ts), results as the reports' pair records. Options are checked
 * before any work; a bad one throws UsageError.
 */
import { stat } from 'node:fs/promises';
import { CheckRun, runSettings, type CheckRunOptions } from '../batch/check-run.js';
import type { MatchBy } from '../batch/discover.js';
import type { ListedPair } from '../batch/manifest.js';
import { UsageError } from '../batch/usage-error.js';
import type { PairResult } from '../model/result.js';

export { CheckRun, runSettings, TOOL } from '../batch/check-run.js';
export type { CheckRunOptions, Driver, Operation, RunSettings } from '../batch/check-run.js';
export type { MatchBy, PairSpec } from '../batch/discover.js';
export type { ListedPair } from '../batch/manifest.js';
export type { Shard } from '../batch/shard.js';
export { UsageError } from '../batch/usage-error.js';
export { MEASURED_VERSIONS, OLDEST_VERSION, UPSTREAM_VERSION, type Profile } from '../model/profile.js';
export { failsRun, type BaselineEntry, type Mismatch, type PairResult, type PairStatus, type RuleOff, type Suppression } from '../model/result.js';

/** A run's options but the pairs (which the function's arguments give). */
export type CheckOptions = Omit<CheckRunOptions, 'pairs' | 'exclude'>;

/** checkTrees' options: how the files of the two directories are paired. */
export interface TreeOptions extends CheckOptions {
  /** 'path' (default): by relative path; 'uuid' / 'name': by the domain's <uuid> or <name>. */
  match?: MatchBy;
  /** Globs of relative paths left out of both trees. */
  ignore?: string[];
}

/** Checked at the call, so that a bad option throws there, not at the first result. */
function results(options: CheckRunOptions): AsyncIterable<PairResult> {
  runSettings(options);
  return {
    async *[Symbol.asyncIterator]() {
      yield* await CheckRun.open(options);
    },
  };
}

/**
 * Would libvirt accept the domain XML file `dst` as the new definition of the guest defined by
 * `src`? One pair on one worker thread (unless `jobs` says otherwise).
 */
export async function checkPair(src: string, dst: string, options: CheckOptions = {}): Promise<PairResult> {
  for (const p of [src, dst]) {
    if (typeof p !== 'string' || !p) throw new UsageError(`checkPair needs two file names, got ${JSON.stringify(p)}`);
    if ((await stat(p).catch(() => undefined))?.isDirectory()) throw new UsageError(`${p} is a directory: checkPair compares two files (checkTrees compares directories)`);
  }
  const out: PairResult[] = [];
  for await (const r of results({ jobs: 1, ...options, pairs: { src, dst } })) out.push(r);
  return out[0];
}

/** The pairs listed (ids default to dst; unique), checked in their order: results stream as they come. */
export function checkFiles(pairs: Iterable<ListedPair> | AsyncIterable<ListedPair>, options: CheckOptions = {}): AsyncIterable<PairResult> {
  return results({ ...options, pairs: { list: pairs } });
}

/** Two directories' *.xml files, paired by relative path (or `match`), in id order. */
export function checkTrees(src: string, dst: string, options: TreeOptions = {}): AsyncIterable<PairResult> {
  const { match, ignore, ...rest } = options;
  return results({ ...rest, pairs: { src, dst, match, ignore } });
}
