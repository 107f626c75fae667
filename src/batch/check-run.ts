/**
 * One run of `abi-diff SRC DST` as an object: options in (validated), results out as an async
 * iterable. It composes discovery, the cache, the baseline, suppression, sharding and the worker
 * pool; the CLI and the library API both drive it, and write reports (src/reports) themselves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolveProfile, type Profile } from '../model/profile.js';
import { QemuCapsError, readQemuCaps } from '../qemu/caps.js';
import { DEFAULT_MAX_FILE_SIZE, type BaselineEntry, type CheckSettings, type PairResult, type RuleOff } from '../model/result.js';
import type { RunInfo } from '../reports/report-sink.js';
import { entryCount as entries, loadBaseline, pruneEntries, writeBaseline } from './baseline.js';
import { CacheReader, openCacheWriter, type CacheIdentity } from './cache.js';
import { countPairs, ignoreMatcher, MATCH_MODES, openPairSource, type PairSource, type PairSpec } from './discover.js';
import { checkPairBatches, DEFAULT_PAIR_TIMEOUT_S, DEFAULT_WORKER_MEMORY_MB, defaultJobs } from './run-batch.js';
import { chunksInShard, inShard, type Shard } from './shard.js';
import { Suppressor } from './suppress.js';
import { Comparison } from './compare.js';
import { FAIL_ON, type CompareCounts, type FailOn } from '../reports/summary.js';
import { REPORT_PAIRS, type ReportPairs } from '../reports/report-sink.js';
import { UsageError } from './usage-error.js';

export const TOOL = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export type Driver = NonNullable<CheckSettings['driver']>;
export type Operation = NonNullable<CheckSettings['operation']>;

/** What a run is asked to do; every field but `pairs` has the CLI's default. */
export interface CheckRunOptions {
  /** Two files, two directories (paired by relative path, uuid or name), or a manifest. */
  pairs: PairSpec;
  /** A libvirt version ('9.0.0', '12.8.0', ...) or 'upstream' (the default), or a resolved profile. */
  profile?: string | Profile;
  /** 'qemu' (default): the QEMU driver's view of the guests it models; 'generic': libvirt's generic checks for every guest. */
  driver?: Driver;
  /** With driver 'qemu': the operation whose check is reproduced (default 'migrate'). */
  operation?: Operation;
  /** With driver 'qemu': a host's capabilities cache file (default: the built-in caps). */
  qemuCaps?: string;
  skipVolatile?: boolean;
  live?: boolean;
  /** Worker threads (default: available cores). */
  jobs?: number;
  shard?: Shard;
  /** A verdict cache file (--cache): read at the start, rewritten at the end of a complete run. */
  cache?: string;
  rulesOff?: RuleOff[];
  baseline?: string;
  writeBaseline?: string;
  strictBaseline?: boolean;
  pruneBaseline?: boolean;
  maxFileSize?: number;
  /** Seconds one pair may take (0: no limit). */
  pairTimeout?: number;
  /** Heap limit of each worker in MiB. */
  workerMemory?: number;
  /** A directory left out of walked trees (the reports' folder). */
  exclude?: string;
  /** Stops the run: no result after it fires. */
  signal?: AbortSignal;
  /** Each incompatible pair's result carries its fix, as `abi-diff fix` makes it (a patch, or why not). */
  patches?: boolean;
  /** Warnings about the input (a directory that cannot be walked, a cache that cannot be used). */
  warn?: (message: string) => void;
  /** A previous JSON report each pair is compared with (--compare). */
  compare?: string;
  /** 'new': only new failures against `compare` fail the run (--fail-on); default 'any'. */
  failOn?: FailOn;
  /** Which pairs the HTML and JUnit reports list (--report-pairs); default by the run's size. */
  reportPairs?: ReportPairs;
}

/** The options with defaults filled in and the profile resolved. */
export interface RunSettings {
  pairs: PairSpec; profile: Profile; driver: Driver; operation: Operation | undefined; qemuCaps: { file: string; digest: string } | undefined;
  skipVolatile: boolean; live: boolean; jobs: number; shard: Shard | undefined; cache: string | undefined; rulesOff: RuleOff[];
  baseline: string | undefined; writeBaseline: string | undefined; strictBaseline: boolean; pruneBaseline: boolean;
  maxFileSize: number; pairTimeout: number; workerMemory: number; exclude: string | undefined;
  compare: string | undefined; failOn: FailOn; reportPairs: ReportPairs | undefined;
  patches: boolean;
}

const DRIVERS: readonly Driver[] = ['generic', 'qemu'];
const OPERATIONS: readonly Operation[] = ['migrate', 'save-image-define'];

function oneOf<T extends string>(name: string, value: unknown, known: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!known.includes(value as T)) throw new UsageError(`${name} must be one of ${known.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function integer(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new UsageError(`${name} must be an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return value;
}

function path(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value) throw new UsageError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

/** A profile named by version or 'upstream'; an object is taken by its name, so a hand-made one cannot pass unresolved. */
export function profileOf(profile: unknown): Profile {
  const name = profile === undefined ? 'upstream' : typeof profile === 'object' && profile !== null ? (profile as Partial<Profile>).name : profile;
  if (typeof name !== 'string') throw new UsageError(`profile must be a libvirt version or 'upstream', got ${JSON.stringify(profile)}`);
  try {
    return resolveProfile(name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Reads a --qemu-caps file once on the main thread, so that a bad one is a usage error naming it. */
function qemuCapsIdentity(file: string): { file: string; digest: string } {
  try {
    readQemuCaps(file);
  } catch (err) {
    throw new UsageError(`--qemu-caps ${err instanceof QemuCapsError ? err.message : String(err)}`);
  }
  // the cache's identity: verdicts depend on the caps' contents, not on the file's name
  return { file, digest: createHash('sha256').update(readFileSync(file)).digest('base64url') };
}

function checkPairSpec(spec: unknown): asserts spec is PairSpec {
  const p = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  if ('list' in p) {
    const list = p.list as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null | undefined;
    if (typeof list?.[Symbol.iterator] !== 'function' && typeof list?.[Symbol.asyncIterator] !== 'function') throw new UsageError('pairs must be an iterable or async iterable of { src, dst, id? }');
    return;
  }
  if ('manifest' in p) { path('manifest', p.manifest); return; }
  if (!('src' in p && 'dst' in p)) throw new UsageError('the pairs must be { src, dst }, { manifest } or { list }');
  path('src', p.src);
  path('dst', p.dst);
  oneOf('match', p.match, MATCH_MODES);
  if (p.ignore !== undefined && !(Array.isArray(p.ignore) && p.ignore.every((g) => typeof g === 'string'))) throw new UsageError(`ignore must be a list of globs, got ${JSON.stringify(p.ignore)}`);
}

/** --compare and --fail-on, checked against each other: the same for a run and a merge. */
export function compareSettings(o: { compare?: string; failOn?: FailOn }): { compare: string | undefined; failOn: FailOn } {
  const failOn = oneOf('failOn', o.failOn, FAIL_ON) ?? 'any';
  if (failOn === 'new' && o.compare === undefined) throw new UsageError('--fail-on new needs --compare PREVIOUS.json');
  return { compare: path('compare', o.compare), failOn };
}

/** Checks the options against each other and fills in the defaults; a bad one throws UsageError. */
export function runSettings(o: CheckRunOptions): RunSettings {
  checkPairSpec(o?.pairs);
  const profile = profileOf(o.profile);
  // the QEMU driver is what x86 KVM hosts run; its verdicts are what a migration meets
  const driver = oneOf('driver', o.driver, DRIVERS) ?? 'qemu';
  const operation = oneOf('operation', o.operation, OPERATIONS);
  const qemuCaps = path('qemuCaps', o.qemuCaps);
  const baseline = path('baseline', o.baseline);
  const writeBaseline = path('writeBaseline', o.writeBaseline);
  if (!baseline) {
    if (o.pruneBaseline) throw new UsageError('--prune-baseline needs --baseline FILE');
    if (o.strictBaseline) throw new UsageError('--strict-baseline needs --baseline FILE');
  }
  // a shard sees only part of the pairs: the baseline it wrote would drop every other pair
  if (o.shard && (writeBaseline || o.pruneBaseline)) throw new UsageError(`--${writeBaseline ? 'write' : 'prune'}-baseline cannot be used with --shard: each shard sees only part of the pairs`);
  if (o.shard && !(Number.isInteger(o.shard.index) && Number.isInteger(o.shard.count) && o.shard.index >= 1 && o.shard.index <= o.shard.count)) throw new UsageError(`shard must be { index, count } with 1 <= index <= count, got ${JSON.stringify(o.shard)}`);
  if (driver !== 'qemu' && (operation || qemuCaps)) throw new UsageError(`--${operation ? 'operation' : 'qemu-caps'} needs --driver qemu`);
  const { compare, failOn } = compareSettings(o);
  if (operation === 'save-image-define' && o.skipVolatile) throw new UsageError('--skip-volatile contradicts --operation save-image-define, which compares current memory');
  return {
    pairs: o.pairs, profile, driver,
    operation: driver === 'qemu' ? operation ?? 'migrate' : undefined, qemuCaps: qemuCaps === undefined ? undefined : qemuCapsIdentity(qemuCaps),
    // the QEMU driver's migration check skips volatile values; save-image-define compares them
    skipVolatile: driver === 'qemu' ? (operation ?? 'migrate') === 'migrate' : o.skipVolatile ?? false, live: o.live ?? false,
    jobs: integer('jobs', o.jobs, 1, defaultJobs()), shard: o.shard, cache: path('cache', o.cache), rulesOff: o.rulesOff ?? [],
    baseline, writeBaseline, strictBaseline: o.strictBaseline ?? false, pruneBaseline: o.pruneBaseline ?? false,
    maxFileSize: integer('maxFileSize', o.maxFileSize, 1, DEFAULT_MAX_FILE_SIZE), pairTimeout: integer('pairTimeout', o.pairTimeout, 0, DEFAULT_PAIR_TIMEOUT_S),
    workerMemory: integer('workerMemory', o.workerMemory, 1, DEFAULT_WORKER_MEMORY_MB), exclude: path('exclude', o.exclude),
    compare, failOn, reportPairs: oneOf('reportPairs', o.reportPairs, REPORT_PAIRS),
    patches: o.patches ?? false,
  };
}

/**
 * A run: `CheckRun.open` reads what must be read before any work (the baseline, the cache, the
 * arguments) and throws UsageError for bad input; `batches()` (or iterating the run) checks the
 * pairs; `finish()` writes the cache and baseline files of a run that went through.
 */
export class CheckRun implements AsyncIterable<PairResult> {
  private readonly suppressor: Suppressor;
  private started = false;
  private comparison: Comparison | undefined;

  private constructor(
    readonly settings: RunSettings,
    private readonly source: PairSource,
    private readonly baselineEntries: BaselineEntry[] | undefined,
    private readonly cache: CacheReader | undefined,
    private readonly cacheOut: Awaited<ReturnType<typeof openCacheWriter>> | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.suppressor = new Suppressor({ rulesOff: settings.rulesOff, baseline: baselineEntries, record: settings.writeBaseline !== undefined });
  }

  static async open(options: CheckRunOptions): Promise<CheckRun> {
    const s = runSettings(options);
    const warn = options.warn ?? (() => undefined);
    // a baseline is read before any work: a gate must not run without the file it was given
    const baseline = s.baseline === undefined ? undefined : await loadBaseline(s.baseline);
    const identity: CacheIdentity = { toolVersion: TOOL.version, profile: s.profile.name, skipVolatile: s.skipVolatile, driver: s.driver, live: s.live, maxFileSize: s.maxFileSize,
      ...(s.operation ? { operation: s.operation } : {}), ...(s.qemuCaps ? { qemuCaps: s.qemuCaps.digest } : {}), ...(s.patches ? { patches: true } : {}) };
    // before any work too: a --cache naming a file that is no cache is refused, not overwritten
    const cache = s.cache === undefined ? undefined : await CacheReader.open(s.cache, identity, warn);
    // the reports' folder inside a compared tree: its abi-diff.junit.xml is no domain
    const source = await openPairSource(s.pairs, { jobs: s.jobs, warn, exclude: s.exclude });
    const cacheOut = s.cache === undefined ? undefined : await openCacheWriter(s.cache, identity);
    const run = new CheckRun(s, source, baseline, cache, cacheOut, options.signal, warn);
    // before any work too: a previous report of another profile or driver is refused
    if (s.compare !== undefined) run.comparison = await Comparison.open(s.compare, { profile: s.profile.name, driver: s.driver, operation: s.operation }, s.failOn, run.keep);
    return run;
  }

  /** The report header of this run; `names` says what it names as SRC and DST and the CLI's own settings. */
  info(names: { src: string; dst: string; config?: string; annotations: number }): RunInfo {
    const s = this.settings;
    return {
      toolName: TOOL.name, toolVersion: TOOL.version, profile: s.profile.name, libvirtVersion: s.profile.version, skipVolatile: s.skipVolatile, live: s.live,
      ...(s.driver === 'qemu' ? { driver: 'qemu' as const, operation: s.operation } : {}), src: names.src, dst: names.dst,
      ...(names.config ? { config: names.config } : {}), ...(s.baseline ? { baseline: s.baseline } : {}), ...(s.rulesOff.length ? { rulesOff: s.rulesOff } : {}),
      ...(s.shard ? { shard: { index: s.shard.index, count: s.shard.count } } : {}),
      options: { annotations: names.annotations, ...(s.reportPairs ? { reportPairs: s.reportPairs } : {}) },
    };
  }

  /** With --compare, once every pair went by: the counts against the previous report. */
  async compared(): Promise<CompareCounts | undefined> {
    return this.comparison?.finish();
  }

  private keep = (id: string): boolean => inShard(id, this.settings.shard);

  /** Counts the pairs of this run beside it (a quiet second pass); stop() when the run is done first. */
  countPairs(onTotal: (total: number) => void): { stop(): void } {
    return countPairs(this.source, this.keep, onTotal);
  }

  /** Counts the pairs of every shard (an empty shard of a run that has pairs is no empty run). */
  countAllPairs(onTotal: (total: number) => void): { stop(): void } {
    return countPairs(this.source, () => true, onTotal);
  }

  /** The results in input order, a batch at a time (once per run). */
  batches(): AsyncGenerator<PairResult[]> {
    if (this.started) throw new Error('a CheckRun is iterated once');
    this.started = true;
    const s = this.settings;
    const pairs = { chunks: s.shard ? chunksInShard(this.source.chunks(), s.shard, this.warn) : this.source.chunks() };
    const checked = checkPairBatches(pairs, { jobs: s.jobs, profile: s.profile.name, skipVolatile: s.skipVolatile, cache: this.cache, onChecked: this.cacheOut?.add, driver: s.driver, live: s.live,
      operation: s.operation, qemuCaps: s.qemuCaps?.file, maxFileSize: s.maxFileSize, pairTimeout: s.pairTimeout * 1000, workerMemory: s.workerMemory, signal: this.signal,
      patches: s.patches,
    });
    const results = this.suppressor.stream(checked);
    return this.comparison ? this.comparison.stream(results) : results;
  }

  /**
   * The results one at a time; when they are all through, finish() (a run left early, or
   * stopped by its signal, keeps its files as they were).
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<PairResult> {
    let outcome: 'through' | 'left' | 'failed' = 'left';
    try {
      for await (const batch of this.batches()) yield* batch;
      if (!this.signal?.aborted) outcome = 'through';
    } catch (err) {
      outcome = 'failed';
      await this.abandon();
      throw err;
    } finally {
      if (outcome !== 'failed') await this.finish(outcome === 'left');
    }
  }

  /** With a baseline: its entries no longer seen (those of pairs this run leaves out are not stale). */
  stale(): BaselineEntry[] | undefined {
    const s = this.settings;
    // baseline entries of pairs this run leaves out (other shards, --ignore) are not stale
    const ignored = !('src' in s.pairs) ? undefined : ignoreMatcher(s.pairs.ignore);
    return this.suppressor.stale((id) => inShard(id, s.shard) && !ignored?.(id));
  }

  /** The run failed: the cache file is left as it was. */
  async abandon(): Promise<void> {
    await this.cacheOut?.abandon();
  }

  /**
   * Writes the cache (a stopped run keeps the earlier verdicts of the pairs it did not reach)
   * and, when the run went through, the baseline files asked for; `note` is told what was written.
   */
  async finish(stopped: boolean, note: (message: string) => void = () => undefined): Promise<void> {
    await this.cacheOut?.close(stopped && this.cache ? this.cache.rest() : []);
    if (stopped) return;
    const s = this.settings;
    if (s.writeBaseline !== undefined) {
      await writeBaseline(s.writeBaseline, this.suppressor.recorded);
      note(`baseline ${s.writeBaseline}: ${entries(this.suppressor.recorded.length)} written`);
    }
    const stale = this.stale();
    if (s.pruneBaseline && this.baselineEntries && stale?.length && s.baseline !== s.writeBaseline) {
      const kept = pruneEntries(this.baselineEntries, stale);
      await writeBaseline(s.baseline!, kept);
      note(`baseline ${s.baseline}: ${entries(stale.length).replace(' ', ' stale ')} removed, ${kept.length} kept`);
    }
  }
}

