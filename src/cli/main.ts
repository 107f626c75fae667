/**
 * abi-diff SRC DST [options]: would libvirt accept DST as the new definition of the domain
 * defined by SRC (live migration, save-image-define, snapshot revert)?
 */
// first: its SIGINT/SIGTERM handlers are installed before the other modules are evaluated
import { quitOnSignal, runSignal, signalStatus } from './signals.js';
import { UsageError, type MatchBy, type PairSpec } from '../batch/discover.js';
import { batchesOf } from '../batch/chunks.js';
import { CheckRun, runSettings, TOOL, type CheckRunOptions } from '../batch/check-run.js';
import { mergeReports } from '../batch/merge.js';
import { entryCount as entries } from '../batch/baseline.js';
import { Progress } from './progress.js';
import { complain, say, tolerateClosedConsole } from './console.js';
import { configFile, ConfigError, mergeOptions, readConfig } from './config.js';
import { optionsUsage, parseCommandLine, withDefaults, type OptionName } from './options.js';
import type { HypervisorDriver } from '../rules/framework.js';
import type { QemuOperation } from '../qemu/index.js';
import type { ReportFormatName } from '../reports/format-names.js';
import { runFlags, type ReportSink, type RunEnd, type RunInfo } from '../reports/report-sink.js';
import { FileError } from '../reports/files.js';
import { count, emptySummary, failing } from '../reports/summary.js';
import { failsRun, type BaselineEntry, type PairResult } from '../model/result.js';

const pkg = TOOL;

const USAGE = `usage: abi-diff SRC DST [options]
       abi-diff --manifest FILE.csv|FILE.jsonl [options]
       abi-diff merge REPORT.json... [--out DIR] [--format LIST]
       abi-diff fix SRC DST --out DIR (see abi-diff fix --help)
       abi-diff rules [--json] [--profile VERSION]
       abi-diff explain RULE-ID

SRC and DST are two domain XML files, or two directories whose *.xml files are paired by
relative path (or --match). For each pair, abi-diff reports whether libvirt would accept DST
as the new definition of SRC's guest, with every ABI mismatch in libvirt's words.

options:
${optionsUsage()}

abi-diff rules lists every rule (id, libvirt function, versions, profiles, message);
abi-diff explain RULE-ID prints a rule's documentation (docs/rules/RULE-ID.md).

exit status: 0 every pair compatible, or every mismatch suppressed (--rule-off, --baseline);
1 at least one incompatible pair (or, with --strict-baseline, a stale baseline entry);
2 usage error, or a pair that could not be checked (unreadable, not XML, invalid domain,
present on one side only); 130 / 143 stopped by SIGINT / SIGTERM: the reports hold the pairs
checked until then and say they are partial (a second signal quits at once, without reports).`;

interface CliOptions {
  /** What the report header names as SRC and DST (the manifest for --manifest). */
  src: string; dst: string; out: string; formats: string[]; quiet: boolean; annotations: number; config: string | undefined;
  /** The run itself, checked already (runSettings). */
  run: CheckRunOptions;
}

interface MergeOptions { reports: string[]; out: string; formats: string[]; quiet: boolean; annotations: number }

const MERGE_OPTIONS: readonly OptionName[] = ['out', 'format', 'quiet', 'annotations'];

function parseMergeCli(argv: string[]): MergeOptions {
  const { values: parsed, positionals } = parseCommandLine(argv, MERGE_OPTIONS);
  const values = withDefaults(parsed, MERGE_OPTIONS);
  if (!positionals.length) throw new UsageError('merge needs the JSON reports of the shards');
  return { reports: positionals, out: values.out!, formats: values.format!, quiet: values.quiet ?? false, annotations: values.annotations! };
}

function pairSpec(positionals: string[], match: MatchBy, ignore: string[], manifest: string | undefined): Exclude<PairSpec, { list: unknown }> {
  if (manifest === undefined) {
    if (positionals.length !== 2) throw new UsageError(`expected SRC and DST, got ${positionals.length} argument(s)`);
    return { src: positionals[0], dst: positionals[1], match, ignore };
  }
  if (positionals.length) throw new UsageError(`--manifest lists the pairs: no SRC DST arguments with it, got ${positionals.length}`);
  if (match !== 'path' || ignore.length) throw new UsageError(`--${match !== 'path' ? 'match' : 'ignore'} applies to directories, not to --manifest`);
  return { manifest };
}

function parseCli(argv: string[]): CliOptions | 'help' | 'version' {
  const { values: cli, positionals } = parseCommandLine(argv);
  if (cli.help) return 'help';
  if (cli.version) return 'version';
  const file = configFile(cli.config, cli['no-config']);
  const values = withDefaults(mergeOptions(file ? readConfig(file).values : {}, cli));
  const pairs = pairSpec(positionals, values.match as MatchBy, values.ignore ?? [], values.manifest);
  const [src, dst] = 'manifest' in pairs ? [pairs.manifest, pairs.manifest] : [pairs.src, pairs.dst];
  const run: CheckRunOptions = {
    pairs, profile: values.profile!, driver: values.driver as HypervisorDriver, operation: values.operation as QemuOperation | undefined, qemuCaps: values['qemu-caps'],
    skipVolatile: values['skip-volatile'], live: values.live, jobs: values.jobs, shard: values.shard, cache: values.cache, rulesOff: values['rule-off'],
    baseline: values.baseline, writeBaseline: values['write-baseline'], strictBaseline: values['strict-baseline'], pruneBaseline: values['prune-baseline'],
    maxFileSize: values['max-file-size']!, pairTimeout: values['pair-timeout']!, workerMemory: values['worker-memory']!, exclude: values.out!,
    patches: values.patches,
  };
  // the options' conflicts are usage errors of the command line: found here, with the usage text
  runSettings(run);
  return { src, dst, out: values.out!, formats: values.format!, quiet: values.quiet ?? false, annotations: values.annotations!, config: file, run };
}

function describeFailure(r: PairResult): string {
  if (r.status === 'incompatible') {
    const failing = r.mismatches.filter((m) => !m.suppressed);
    const more = r.mismatches.length > 1 ? ` (+${r.mismatches.length - 1} more${failing.length < r.mismatches.length ? `, ${r.mismatches.length - failing.length} suppressed` : ''})` : '';
    return `${r.id}: incompatible: ${failing[0].message}${more}`;
  }
  const e = r.error!;
  const file = r.status === 'error' ? (e.side === 'src' ? r.src : r.dst) : undefined;
  return `${r.id}: ${r.status} (${e.side}${file ? ` ${file}${e.line ? `:${e.line}` : ''}` : ''}): ${e.message}`;
}

const SHOWN_FAILURES = 20;
const SHOWN_STALE = 20;

function describeStale(stale: readonly BaselineEntry[], baseline: string | undefined, verdict: string): string[] {
  const lines = stale.slice(0, SHOWN_STALE).map((e) => `  ${e.pair}: ${e.rule}${e.count > 1 ? ` (${e.count} times)` : ''}${e.message ? `: ${e.message}` : ` [${e.fingerprint}]`}`);
  if (stale.length > SHOWN_STALE) lines.push(`  ... and ${stale.length - SHOWN_STALE} more (see the report summary)`);
  return [`abi-diff: ${entries(stale.length).replace(' ', ' stale baseline ')}${baseline ? ` in ${baseline}` : ''}, no longer seen (${verdict}):`, ...lines];
}

interface Gate {
  /** With a baseline: the entries no longer seen, asked for once every pair went by. */
  stale?: () => BaselineEntry[] | undefined;
  /** Stale entries fail the run (--strict-baseline). */
  strict?: boolean;
  /** What becomes of stale entries, for the console. */
  staleVerdict?: string;
}

/** Feeds results to every report format and the console; returns the exit status. */
/** A run that SIGINT/SIGTERM may stop: `signal` fires on the first one; `total` once the pairs are counted. */
interface Stoppable { signal: AbortSignal; total?: number; countTotal?: () => Promise<number> }

/** Feeds results to every report format and the console; returns the exit status and whether the run was stopped. */
async function report(results: AsyncIterable<PairResult[]>, info: RunInfo, out: string, formats: string[], quiet: boolean, progress?: Progress, gate: Gate = {}, run?: Stoppable): Promise<{ status: number; stopped: boolean }> {
  // the first results are asked for before the report writers are loaded: the workers start
  // meanwhile (a worker takes ~75 ms to load its modules)
  const batches = results[Symbol.asyncIterator]();
  const first = batches.next();
  first.catch(() => {}); // awaited below; failing before that must not count as unhandled
  let sinks;
  try {
    const { REPORT_FORMATS } = await import('../reports/index.js');
    const opened = await Promise.allSettled(formats.map((f) => REPORT_FORMATS[f as ReportFormatName].open(out, info)));
    sinks = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) {
      await Promise.all(sinks.map((s) => s.discard?.()));
      throw failed.reason;
    }
  } catch (err) {
    await batches.return?.(undefined); // stops the workers
    // an --out the reports cannot go to (a file in the way, no permission) is the user's to fix
    if ((err as NodeJS.ErrnoException).syscall) throw new UsageError(`cannot write the reports in ${out}: ${(err as Error).message}`);
    throw err;
  }
  try {
    return await reportTo(sinks, batches, first, info, quiet, progress, gate, run);
  } catch (err) {
    // a report that cannot be written (a full disk): no temporary file of any format is left
    await Promise.all(sinks.map((s) => s.discard?.()));
    throw err;
  }
}

async function reportTo(sinks: ReportSink[], batches: AsyncIterator<PairResult[]>, first: Promise<IteratorResult<PairResult[]>>, info: RunInfo, quiet: boolean, progress?: Progress, gate: Gate = {}, run?: Stoppable): Promise<{ status: number; stopped: boolean }> {
  const summary = emptySummary();
  let shown = 0;
  let drained = false;
  try {
    for (let next = await first; !next.done; next = await batches.next()) {
      for (const r of next.value) {
        count(summary, r);
        for (const sink of sinks) {
          // most adds only buffer: a promise (and its tick) only when a chunk goes to the file
          const added = sink.add(r);
          if (added) await added;
        }
        progress?.add(r);
        if (!quiet && failsRun(r) && shown++ < SHOWN_FAILURES) {
          progress?.finish();
          say(describeFailure(r));
        }
      }
    }
    drained = true;
  } finally {
    if (!drained) await batches.return?.(undefined);
  }
  progress?.finish();
  // stopped after the last pair is still a complete run
  // without a progress line the pairs were not counted: a stopped run counts them now
  if (run?.signal.aborted && run.total === undefined && run.countTotal) run.total = await run.countTotal();
  const stopped = Boolean(run?.signal.aborted && (run.total === undefined || summary.pairs < run.total));
  const end: RunEnd = stopped ? { complete: false, ...(run!.total === undefined ? {} : { notChecked: run!.total - summary.pairs }) } : { complete: true };
  // a stopped run saw only part of the pairs: it cannot tell which baseline entries went stale
  const stale = stopped ? undefined : gate.stale?.();
  if (stale) summary.staleBaseline = stale;
  // every report is finished before a failure is told: those written stay, whole
  const closed = await Promise.allSettled(sinks.map((s) => s.close(summary, end)));
  const failed = closed.find((c) => c.status === 'rejected');
  if (failed) throw failed.reason;
  const written = closed.flatMap((c) => (c.status === 'fulfilled' ? c.value : []));
  if (stopped) complain(`abi-diff: stopped by ${String(run!.signal.reason)} after ${summary.pairs} pairs${end.notChecked === undefined ? '' : `, ${end.notChecked} not checked`}; partial report: ${written.join(', ') || 'none'}`);
  const staleFails = Boolean(gate.strict && stale?.length);
  if (!quiet) {
    if (failing(summary) > SHOWN_FAILURES) say(`... and ${failing(summary) - SHOWN_FAILURES} more failing pairs (see the report)`);
    const suppressed = summary.suppressed ? ` (${summary.suppressed} suppressed)` : '';
    say(
      `abi-diff (libvirt ${info.libvirtVersion} rules${runFlags(info)}): ${summary.pairs} pairs: ${summary.compatible} compatible, ${summary.incompatible} incompatible${suppressed}, ${summary.error} error, ${summary.unpaired} unpaired${stopped ? ' (partial: the run was stopped)' : ''}`,
      `report: ${written.join(', ')}`,
    );
  }
  // a warning about the gate's own input, printed even with --quiet (as cache warnings are)
  if (stale?.length) complain(...describeStale(stale, info.baseline, gate.staleVerdict ?? (staleFails ? 'fails the run: --strict-baseline' : '--prune-baseline removes them')));
  if (stopped) return { status: signalStatus(run!.signal.reason as NodeJS.Signals), stopped };
  if (summary.error || summary.unpaired) return { status: 2, stopped };
  return { status: failing(summary) || staleFails ? 1 : 0, stopped };
}

async function mergeCommand(argv: string[]): Promise<number> {
  const opts = parseMergeCli(argv);
  const run: { info?: RunInfo } = {};
  const merged = await mergeReports(opts.reports, (h) => {
    run.info = {
      toolName: h.tool.name, toolVersion: h.tool.version, profile: h.profile, libvirtVersion: h.libvirtVersion, skipVolatile: h.skipVolatile, live: h.live, ...('driver' in h ? { driver: h.driver, operation: h.operation } : {}), src: h.src, dst: h.dst,
      ...(h.config ? { config: h.config } : {}), ...(h.baseline ? { baseline: h.baseline } : {}), ...(h.rulesOff?.length ? { rulesOff: h.rulesOff } : {}),
      options: { annotations: opts.annotations },
    };
  });
  const info = run.info;
  if (!info) throw new UsageError('no report header found');
  if (info.toolVersion !== pkg.version) throw new UsageError(`the reports were written by abi-diff ${info.toolVersion}; this is ${pkg.version}`);
  return (await report(batchesOf(merged.pairs, 128), info, opts.out, opts.formats, opts.quiet, undefined, { stale: merged.staleBaseline })).status;
}

/** The run proper; usage errors found on the way (bad baseline, missing SRC) throw UsageError. */
async function checkCommand(opts: CliOptions, signal: AbortSignal): Promise<number> {
  const warn = (m: string) => complain(`abi-diff: warning: ${m}`);
  const checkRun = await CheckRun.open({ ...opts.run, signal, warn });
  const s = checkRun.settings;
  const info = checkRun.info({ src: opts.src, dst: opts.dst, config: opts.config, annotations: opts.annotations });
  const progress = opts.quiet ? undefined : new Progress({ stream: process.stderr });
  const run: Stoppable = { signal, countTotal: () => new Promise((resolve) => checkRun.countPairs(resolve)) };
  const counting = progress && checkRun.countPairs((total) => { run.total = total; progress.setTotal(total); });
  const stale = () => checkRun.stale();
  // entries this run drops from the file (prune, or a new baseline) no longer fail it
  const gate: Gate = s.pruneBaseline ? { stale, staleVerdict: 'removed by --prune-baseline' }
    : s.writeBaseline ? { stale, staleVerdict: `not in the new baseline ${s.writeBaseline}` }
    : { stale, strict: s.strictBaseline };
  let outcome;
  try {
    outcome = await report(checkRun.batches(), info, opts.out, opts.formats, opts.quiet, progress, gate, run);
  } catch (err) {
    await checkRun.abandon();
    throw err;
  }
  const { status, stopped } = outcome;
  counting?.stop();
  await checkRun.finish(stopped, (m) => { if (!opts.quiet) complain(`abi-diff: ${m}`); });
  if (stopped && (s.writeBaseline !== undefined || s.pruneBaseline)) complain('abi-diff: the run was stopped: the baseline file is left as it was');
  return status;
}

function usageFailure(command: string, err: unknown, withUsage: boolean): number {
  // a message of several problems is a line each, every one naming the command
  complain(...(err as Error).message.split('\n').map((l) => `${command}: ${l}`));
  if (withUsage) process.stderr.write(`\n${USAGE}\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  tolerateClosedConsole();
  // these write no partial report: a signal quits them at once
  if (argv[0] === 'rules' || argv[0] === 'explain' || argv[0] === 'merge' || argv[0] === 'fix') quitOnSignal();
  // loaded only for these commands: the rule registry is not needed to start a run
  if (argv[0] === 'rules' || argv[0] === 'explain') return (await import('./rules-command.js')).rulesCommand(argv[0], argv.slice(1));
  try {
    if (argv[0] === 'merge') return await mergeCommand(argv.slice(1));
    if (argv[0] === 'fix') return await (await import('./fix-command.js')).fixCommand(argv.slice(1));
  } catch (err) {
    if (err instanceof UsageError || err instanceof FileError || (err as NodeJS.ErrnoException).code === 'ENOENT') return usageFailure(`abi-diff ${argv[0]}`, err, false);
    throw err;
  }
  let opts: ReturnType<typeof parseCli>;
  try {
    opts = parseCli(argv);
  } catch (err) {
    quitOnSignal();
    if (err instanceof UsageError || err instanceof FileError) return usageFailure('abi-diff', err, err instanceof UsageError && !(err instanceof ConfigError));
    throw err;
  }
  if (opts === 'help' || opts === 'version') {
    quitOnSignal();
    process.stdout.write(opts === 'help' ? USAGE + '\n' : `${pkg.name} ${pkg.version}\n`);
    return 0;
  }
  try {
    // a signal received while abi-diff was starting stops the run before its first pair
    return await checkCommand(opts, runSignal());
  } catch (err) {
    if (err instanceof UsageError || err instanceof FileError) return usageFailure('abi-diff', err, false);
    throw err;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  complain(...`abi-diff: internal error: ${err instanceof Error ? err.stack : String(err)}`.split('\n'));
  process.exitCode = 2;
});
