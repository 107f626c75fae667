/**
 * abi-diff SRC DST [options]: would libvirt accept DST as the new definition of the domain
 * defined by SRC (live migration, save-image-define, snapshot revert)?
 */
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveProfile, PROFILE_VERSIONS, type Profile } from '../model/profile.js';
import { discoverPairs, UsageError } from '../batch/discover.js';
import { checkPairs, defaultJobs, DEFAULT_PAIR_TIMEOUT_S, DEFAULT_WORKER_MEMORY_MB } from '../batch/run-batch.js';
import { mergeReports } from '../batch/merge.js';
import { loadCache, openCacheWriter } from '../batch/cache.js';
import { inShard, parseShard, type Shard } from '../batch/shard.js';
import { Progress } from './progress.js';
import { rulesCommand } from './rules-command.js';
import type { HypervisorDriver } from '../rules/framework.js';
import type { RunEnd, RunInfo } from '../reports/index.js';
import { DEFAULT_FORMATS, REPORT_FORMATS } from '../reports/index.js';
import { DEFAULT_ANNOTATIONS } from '../reports/github-report.js';
import { count, emptySummary } from '../reports/summary.js';
import { DEFAULT_MAX_FILE_SIZE, type PairResult } from '../model/result.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const USAGE = `usage: abi-diff SRC DST [options]
       abi-diff merge REPORT.json... [--out DIR] [--format LIST]
       abi-diff rules [--json] [--profile VERSION]
       abi-diff explain RULE-ID

SRC and DST are two domain XML files, or two directories whose *.xml files are paired by
relative path. For each pair, abi-diff reports whether libvirt would accept DST as the new
definition of SRC's guest, with every ABI mismatch in libvirt's words.

options:
  --out DIR           report directory (default: reports)
  --format LIST       comma-separated report formats: ${Object.keys(REPORT_FORMATS).join(', ')} (default: ${DEFAULT_FORMATS.join(',')});
                      github prints annotations and appends to $GITHUB_STEP_SUMMARY when set
  --annotations N     github: annotate at most N non-compatible pairs (default: ${DEFAULT_ANNOTATIONS})
  --profile VERSION   libvirt rules to apply: ${PROFILE_VERSIONS.join(', ')} or upstream (= ${PROFILE_VERSIONS[PROFILE_VERSIONS.length - 1]}, default)
  --skip-volatile     skip what QEMU migration skips (VIR_DOMAIN_DEF_ABI_CHECK_SKIP_VOLATILE:
                      current memory); without it current memory is compared, as for
                      save-image-define and snapshot revert
  --jobs N            worker threads (default: available cores)
  --driver qemu       also run the QEMU driver's own checks (memoryBacking source, memory
                      device aliases); default: generic, libvirt's checks for every driver
  --cache FILE        reuse verdicts of pairs whose files have not changed since the run that
                      wrote FILE (same profile, flags and abi-diff version), then update it
  --shard K/N         check only the K-th of N stable parts of the pairs (by pair id);
                      'abi-diff merge' joins the shards' JSON reports into one
  --max-file-size N   a file larger than N bytes (suffixes K, M, G: KiB, MiB, GiB) is an input
                      error, refused before it is read (default: 16M)
  --pair-timeout S    stop checking a pair after S seconds: it becomes an error, the run goes
                      on (default: ${DEFAULT_PAIR_TIMEOUT_S}; 0: no limit)
  --worker-memory MB  heap limit of each worker thread in MiB: a pair that needs more is an
                      error, the run goes on (default: ${DEFAULT_WORKER_MEMORY_MB})
  --quiet             print nothing but errors (no progress, no findings)
  --version, --help

abi-diff rules lists every rule (id, libvirt function, versions, profiles, message);
abi-diff explain RULE-ID prints a rule's documentation (docs/rules/RULE-ID.md).

exit status: 0 every pair compatible; 1 at least one incompatible; 2 usage error, or a pair
that could not be checked (unreadable, not XML, invalid domain, present on one side only);
130 / 143 stopped by SIGINT / SIGTERM: the reports hold the pairs checked until then and say
they are partial (a second signal quits at once, without reports).`;

interface CliOptions {
  src: string; dst: string; out: string; formats: string[]; profile: Profile; skipVolatile: boolean; jobs: number; quiet: boolean;
  shard: Shard | undefined; annotations: number; cache: string | undefined; driver: HypervisorDriver;
  maxFileSize: number; pairTimeout: number; workerMemory: number;
}

interface MergeOptions { reports: string[]; out: string; formats: string[]; quiet: boolean; annotations: number }

function parseAnnotations(spec: string): number {
  if (!/^\d+$/.test(spec)) throw new UsageError(`--annotations must be a non-negative integer, got '${spec}'`);
  return Number(spec);
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** `16M`, `512KiB`, `1048576`: bytes. */
function parseSize(option: string, spec: string): number {
  const m = /^(\d+)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(spec.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`${option} must be a positive size such as 16M, 512K or 1048576 (bytes), got '${spec}'`);
  return Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()];
}

function parseSeconds(option: string, spec: string): number {
  if (!/^\d+(\.\d+)?$/.test(spec)) throw new UsageError(`${option} must be a number of seconds (0: no limit), got '${spec}'`);
  return Number(spec);
}

function parseFormats(spec: string): string[] {
  const formats = spec.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(f in REPORT_FORMATS));
  if (!formats.length || unknown.length) throw new UsageError(`unknown report format '${unknown.join(',') || spec}' (known: ${Object.keys(REPORT_FORMATS).join(', ')})`);
  return formats;
}

function parseMergeCli(argv: string[]): MergeOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'reports' },
      format: { type: 'string', default: DEFAULT_FORMATS.join(',') },
      quiet: { type: 'boolean', default: false },
      annotations: { type: 'string', default: String(DEFAULT_ANNOTATIONS) },
    },
  });
  if (!positionals.length) throw new UsageError('merge needs the JSON reports of the shards');
  return { reports: positionals, out: values.out!, formats: parseFormats(values.format!), quiet: values.quiet!, annotations: parseAnnotations(values.annotations!) };
}

function parseCli(argv: string[]): CliOptions | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'reports' },
      format: { type: 'string', default: DEFAULT_FORMATS.join(',') },
      profile: { type: 'string', default: 'upstream' },
      'skip-volatile': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      annotations: { type: 'string', default: String(DEFAULT_ANNOTATIONS) },
      shard: { type: 'string' },
      cache: { type: 'string' },
      driver: { type: 'string', default: 'generic' },
      'max-file-size': { type: 'string', default: String(DEFAULT_MAX_FILE_SIZE) },
      'pair-timeout': { type: 'string', default: String(DEFAULT_PAIR_TIMEOUT_S) },
      'worker-memory': { type: 'string', default: String(DEFAULT_WORKER_MEMORY_MB) },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals.length !== 2) throw new UsageError(`expected SRC and DST, got ${positionals.length} argument(s)`);
  const formats = parseFormats(values.format!);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const driver = values.driver as HypervisorDriver;
  if (driver !== 'generic' && driver !== 'qemu') throw new UsageError(`--driver must be generic or qemu, got '${values.driver}'`);
  let profile: Profile;
  try {
    profile = resolveProfile(values.profile!);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    if (!/^[1-9]\d*$/.test(values.jobs)) throw new UsageError(`--jobs must be a positive integer, got '${values.jobs}'`);
    jobs = Number(values.jobs);
  }
  const workerMemory = values['worker-memory']!;
  // V8 needs some heap to start a worker at all
  if (!/^\d+$/.test(workerMemory) || Number(workerMemory) < 32) throw new UsageError(`--worker-memory must be a number of MiB, at least 32, got '${workerMemory}'`);
  return {
    src: positionals[0], dst: positionals[1], out: values.out!, formats, profile, skipVolatile: values['skip-volatile']!, jobs, quiet: values.quiet!, shard,
    annotations: parseAnnotations(values.annotations!), cache: values.cache, driver,
    maxFileSize: parseSize('--max-file-size', values['max-file-size']!), pairTimeout: parseSeconds('--pair-timeout', values['pair-timeout']!), workerMemory: Number(workerMemory),
  };
}

function describeFailure(r: PairResult): string {
  if (r.status === 'incompatible') {
    const more = r.mismatches.length > 1 ? ` (+${r.mismatches.length - 1} more)` : '';
    return `${r.id}: incompatible: ${r.mismatches[0].message}${more}`;
  }
  const e = r.error!;
  const file = r.status === 'error' ? (e.side === 'src' ? r.src : r.dst) : undefined;
  return `${r.id}: ${r.status} (${e.side}${file ? ` ${file}${e.line ? `:${e.line}` : ''}` : ''}): ${e.message}`;
}

const SHOWN_FAILURES = 20;

/** A run that SIGINT/SIGTERM may stop: `signal` fires on the first one. */
interface Stoppable { signal: AbortSignal; total?: number }

/** Feeds results to every report format and the console; returns the exit status and the pairs reported. */
async function report(results: AsyncIterable<PairResult>, info: RunInfo, out: string, formats: string[], quiet: boolean, progress?: Progress, run?: Stoppable): Promise<{ status: number; reported: number }> {
  const sinks = await Promise.all(formats.map((f) => REPORT_FORMATS[f].open(out, info)));
  const summary = emptySummary();
  let shown = 0;
  for await (const r of results) {
    count(summary, r);
    for (const sink of sinks) await sink.add(r);
    progress?.add(r);
    if (!quiet && r.status !== 'compatible' && shown++ < SHOWN_FAILURES) {
      progress?.finish();
      process.stdout.write(describeFailure(r) + '\n');
    }
  }
  progress?.finish();
  // stopped after the last pair is still a complete run
  const stopped = run?.signal.aborted && (run.total === undefined || summary.pairs < run.total);
  const end: RunEnd = stopped ? { complete: false, ...(run!.total === undefined ? {} : { notChecked: run!.total - summary.pairs }) } : { complete: true };
  const written = (await Promise.all(sinks.map((s) => s.close(summary, end)))).flat();
  if (stopped) process.stderr.write(`abi-diff: stopped by ${String(run!.signal.reason)} after ${summary.pairs} pairs${end.notChecked === undefined ? '' : `, ${end.notChecked} not checked`}; partial report: ${written.join(', ') || 'none'}\n`);
  if (!quiet) {
    const failures = summary.pairs - summary.compatible;
    if (failures > SHOWN_FAILURES) process.stdout.write(`... and ${failures - SHOWN_FAILURES} more non-compatible pairs (see the report)\n`);
    process.stdout.write(`abi-diff (libvirt ${info.libvirtVersion} rules${info.skipVolatile ? ', skip volatile' : ''}): ${summary.pairs} pairs: ${summary.compatible} compatible, ${summary.incompatible} incompatible, ${summary.error} error, ${summary.unpaired} unpaired${stopped ? ' (partial: the run was stopped)' : ''}\n`);
    process.stdout.write(`report: ${written.join(', ')}\n`);
  }
  const reported = summary.pairs;
  if (stopped) return { status: 128 + constants.signals[run!.signal.reason as NodeJS.Signals], reported };
  return { status: summary.error || summary.unpaired ? 2 : summary.incompatible ? 1 : 0, reported };
}

async function mergeCommand(argv: string[]): Promise<number> {
  const opts = parseMergeCli(argv);
  const run: { info?: RunInfo } = {};
  const results = await mergeReports(opts.reports, (h) => {
    run.info = { toolName: h.tool.name, toolVersion: h.tool.version, profile: h.profile, libvirtVersion: h.libvirtVersion, skipVolatile: h.skipVolatile, src: h.src, dst: h.dst, options: { annotations: opts.annotations } };
  });
  const info = run.info;
  if (!info) throw new UsageError('no report header found');
  if (info.toolVersion !== pkg.version) throw new UsageError(`the reports were written by abi-diff ${info.toolVersion}; this is ${pkg.version}`);
  return (await report(results, info, opts.out, opts.formats, opts.quiet)).status;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'rules' || argv[0] === 'explain') return rulesCommand(argv[0], argv.slice(1));
  try {
    if (argv[0] === 'merge') return await mergeCommand(argv.slice(1));
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`abi-diff merge: ${(err as Error).message}\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') { process.stderr.write(`abi-diff merge: ${(err as Error).message}\n`); return 2; }
    throw err;
  }
  let opts: ReturnType<typeof parseCli>;
  try {
    opts = parseCli(argv);
  } catch (err) {
    process.stderr.write(`abi-diff: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
  if (opts === 'version') { process.stdout.write(`${pkg.name} ${pkg.version}\n`); return 0; }
  const stop = new AbortController();
  const unlisten = stopOnSignals(stop);
  try {
    return await check(opts, stop.signal);
  } finally {
    unlisten();
  }
}

/**
 * SIGINT/SIGTERM stop the run cleanly: no new pairs, workers ended, reports written with the
 * pairs done. A second signal quits at once.
 */
function stopOnSignals(stop: AbortController): () => void {
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      process.stderr.write(`abi-diff: ${sig} again: quitting without reports\n`);
      process.exit(128 + constants.signals[sig]);
    }
    process.stderr.write(`\nabi-diff: ${sig}: stopping; writing the reports of the pairs checked so far (${sig} again to quit at once)\n`);
    stop.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

async function check(opts: CliOptions, signal: AbortSignal): Promise<number> {
  let pairs;
  try {
    pairs = await discoverPairs(opts.src, opts.dst);
  } catch (err) {
    if (err instanceof UsageError) { process.stderr.write(`abi-diff: ${err.message}\n`); return 2; }
    throw err;
  }
  const shard = opts.shard;
  if (shard) pairs = pairs.filter((p) => inShard(p.id, shard));
  const info: RunInfo = { toolName: pkg.name, toolVersion: pkg.version, profile: opts.profile.name, libvirtVersion: opts.profile.version, skipVolatile: opts.skipVolatile, src: opts.src, dst: opts.dst, options: { annotations: opts.annotations } };
  const progress = opts.quiet ? undefined : new Progress({ total: pairs.length, stream: process.stderr });
  const identity = { toolVersion: pkg.version, profile: opts.profile.name, skipVolatile: opts.skipVolatile, driver: opts.driver };
  const cache = opts.cache === undefined ? undefined : await loadCache(opts.cache, identity, (m) => process.stderr.write(`abi-diff: warning: ${m}\n`));
  const cacheOut = opts.cache === undefined ? undefined : await openCacheWriter(opts.cache, identity);
  const results = checkPairs(pairs, {
    jobs: opts.jobs, profile: opts.profile.name, skipVolatile: opts.skipVolatile, cache, onChecked: cacheOut?.add, driver: opts.driver,
    maxFileSize: opts.maxFileSize, pairTimeout: opts.pairTimeout * 1000, workerMemory: opts.workerMemory, signal,
  });
  const { status, reported } = await report(results, info, opts.out, opts.formats, opts.quiet, progress, { signal, total: pairs.length });
  // a stopped run keeps the earlier verdicts of the pairs it did not reach
  await cacheOut?.close(cache ? pairs.slice(reported).flatMap((p) => cache.get(p.id) ?? []) : []);
  return status;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`abi-diff: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 2;
});
