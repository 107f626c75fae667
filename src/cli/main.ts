/**
 * abi-diff SRC DST [options]: would libvirt accept DST as the new definition of the domain
 * defined by SRC (live migration, save-image-define, snapshot revert)?
 */
// first: its SIGINT/SIGTERM handlers are installed before the other modules are evaluated
import { quitOnSignal, runSignal, signalStatus } from './signals.js';
import { UsageError, type MatchBy, type PairSpec } from '../batch/discover.js';
import { CheckRun, compareSettings, runSettings, TOOL, type CheckRunOptions } from '../batch/check-run.js';
import { openMergeRun, type MergeRunOptions } from '../batch/merge-run.js';
import { entryCount as entries } from '../batch/baseline.js';
import { Progress } from './progress.js';
import { complain, say, tolerateClosedConsole } from './console.js';
import { configFile, ConfigError, mergeOptions, readConfig } from './config.js';
import { ArgumentError, optionsUsage, parseCommandLine, withDefaults, type OptionName, type OptionValues } from './options.js';
import { openStdoutReport, stdoutFormat } from './stdout-report.js';
import type { HypervisorDriver } from '../rules/framework.js';
import type { QemuOperation } from '../qemu/index.js';
import type { ReportFormatName } from '../reports/format-names.js';
import { runFlags, type ReportSink, type RunEnd, type RunInfo } from '../reports/report-sink.js';
import { count, emptySummary, failing, inputFailures, compareText, type CompareCounts } from '../reports/summary.js';
import { DEFAULT_MAX_FILE_SIZE, failsRun, type BaselineEntry, type PairResult } from '../model/result.js';
import { errorReason, FileError, makeDir, readDomainText } from '../reports/files.js';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';

const pkg = TOOL;

const USAGE = `usage: abi-diff SRC DST [options]
       abi-diff --manifest FILE.csv|FILE.jsonl [options]
       abi-diff merge REPORT.json... [--out DIR] [--format LIST] [--compare PREVIOUS.json]
                      [--report-pairs failing|all]
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

/** What the console shows and where; `say` is stdout unless a report streams there (--format json:-). */
interface View { quiet: boolean; verbose: boolean; allowEmpty: boolean; say: (...lines: string[]) => void }

interface CliOptions {
  /** What the report header names as SRC and DST (the manifest for --manifest). */
  src: string; dst: string; out: string; formats: string[]; view: View; annotations: number; config: string | undefined;
  /** The run itself, checked already (runSettings). */
  run: CheckRunOptions;
}

interface MergeOptions { out: string; formats: string[]; view: View; run: MergeRunOptions }

const MERGE_OPTIONS: readonly OptionName[] = ['out', 'format', 'quiet', 'verbose', 'allow-empty', 'annotations', 'report-pairs', 'compare', 'fail-on', 'help'];

function parseMergeCli(argv: string[]): MergeOptions | 'help' {
  const { values: parsed, positionals } = parseCommandLine(argv, MERGE_OPTIONS);
  if (parsed.help) return 'help';
  const values = withDefaults(parsed, MERGE_OPTIONS);
  if (!positionals.length) throw new UsageError('merge needs the JSON reports of the shards');
  const run: MergeRunOptions = { reports: positionals, annotations: values.annotations!, compare: values.compare, failOn: values['fail-on'] as MergeRunOptions['failOn'],
    reportPairs: values['report-pairs'] as MergeRunOptions['reportPairs'] };
  // the options' conflicts are usage errors of the command line, as for a run
  compareSettings(run);
  return { out: values.out!, formats: values.format!, view: viewOf(values), run };
}

/** The console's settings; a report on stdout sends everything else to stderr. */
function viewOf(values: OptionValues): View {
  const formats = values.format!;
  const toStdout = formats.filter((f) => stdoutFormat(f));
  if (toStdout.length > 1) throw new UsageError(`--format can stream one report to stdout, got ${toStdout.join(' and ')}`);
  // workflow commands go to stdout, where they would land inside the report
  if (toStdout.length && formats.includes('github')) throw new UsageError(`--format github prints to stdout: it cannot go with ${toStdout[0]}`);
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose contradict each other');
  return { quiet: values.quiet ?? false, verbose: values.verbose ?? false, allowEmpty: values['allow-empty'] ?? false, say: toStdout.length ? complain : say };
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
    compare: values.compare, failOn: values['fail-on'] as CheckRunOptions['failOn'], reportPairs: values['report-pairs'] as CheckRunOptions['reportPairs'],
    patches: values.patches,
  };
  // the options' conflicts are usage errors of the command line: found here, with the usage text
  runSettings(run);
  return { src, dst, out: values.out!, formats: values.format!, view: viewOf(values), annotations: values.annotations!, config: file, run };
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

/** --verbose: every mismatch of a failing pair, each with the dst and src lines it points at. */
function describeInDetail(r: PairResult): string[] {
  if (r.status !== 'incompatible') return [describeFailure(r)];
  const linesOf = (file: string | null) => (file ? readDomainText(file, DEFAULT_MAX_FILE_SIZE)?.split('\n') : undefined);
  const dst = linesOf(r.dst);
  const src = linesOf(r.src);
  const at = (side: string, file: string | null, text: string[] | undefined, line: number | undefined) =>
    (line === undefined ? [] : [`    ${side} ${file}:${line}${text?.[line - 1] === undefined ? '' : `: ${shortLine(text[line - 1])}`}`]);
  return [
    `${r.id}: incompatible: ${r.mismatches.length} mismatch${r.mismatches.length > 1 ? 'es' : ''}`,
    ...r.mismatches.flatMap((m) => [
      `  ${m.rule}: ${m.message}${m.suppressed ? ` (suppressed by ${m.suppressed.by}${m.suppressed.reason ? `: ${m.suppressed.reason}` : ''})` : ''}`,
      ...at('dst', r.dst, dst, m.line), ...at('src', r.src, src, m.srcLine),
    ]),
  ];
}

const MAX_SHOWN_LINE = 160;
const shortLine = (l: string) => { const t = l.trim(); return t.length > MAX_SHOWN_LINE ? `${t.slice(0, MAX_SHOWN_LINE)}...` : t; };

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
  /** A sharded run: the pairs of every shard, counted when its own shard has none. */
  countAll?: () => Promise<number>;
  /** With --compare: the counts against the previous report, once every pair went by. */
  compared?: () => Promise<CompareCounts | undefined>;
}

/** Feeds results to every report format and the console; returns the exit status. */
/** A run that SIGINT/SIGTERM may stop: `signal` fires on the first one; `total` once the pairs are counted. */
interface Stoppable { signal: AbortSignal; total?: number; countTotal?: () => Promise<number> }

/** How a run ended: its exit status; stopped by a signal; refused for having no pair (--allow-empty not given). */
interface Outcome { status: number; stopped: boolean; empty?: boolean }

/** Feeds results to every report format and the console; returns the exit status and whether the run was stopped. */
async function report(results: AsyncIterable<PairResult[]>, info: RunInfo, out: string, formats: string[], view: View, progress?: Progress, gate: Gate = {}, run?: Stoppable): Promise<Outcome> {
  // the first results are asked for before the report writers are loaded: the workers start
  // meanwhile (a worker takes ~75 ms to load its modules)
  const batches = results[Symbol.asyncIterator]();
  const first = batches.next();
  first.catch(() => {}); // awaited below; failing before that must not count as unhandled
  let sinks;
  try {
    const { REPORT_FORMATS } = await import('../reports/index.js');
    const opened = await Promise.allSettled(formats.map(async (f) => {
      const toStdout = stdoutFormat(f);
      return toStdout ? openStdoutReport(toStdout, info) : REPORT_FORMATS[f as ReportFormatName].open(out, info);
    }));
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
    return await reportTo(sinks, batches, first, info, view, progress, gate, run);
  } catch (err) {
    // a report that cannot be written (a full disk): no temporary file of any format is left
    await Promise.all(sinks.map((s) => s.discard?.()));
    throw err;
  }
}

async function reportTo(sinks: ReportSink[], batches: AsyncIterator<PairResult[]>, first: Promise<IteratorResult<PairResult[]>>, info: RunInfo, view: View, progress?: Progress, gate: Gate = {}, run?: Stoppable): Promise<Outcome> {
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
        if (!view.quiet && failsRun(r) && (view.verbose || shown++ < SHOWN_FAILURES)) {
          progress?.finish();
          view.say(...(view.verbose ? describeInDetail(r) : [describeFailure(r)]));
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
  // no pair at all: a wrong checkout or manifest must not pass the gate (an empty shard of a run that has pairs may)
  const empty = !stopped && !summary.pairs && !view.allowEmpty && !(await gate.countAll?.());
  // a stopped run saw only part of the pairs, an empty one none: neither can tell which baseline entries went stale
  const stale = stopped || empty ? undefined : gate.stale?.();
  if (stale) summary.staleBaseline = stale;
  const compared = stopped ? undefined : await gate.compared?.();
  if (compared) summary.compare = compared;
  // every report is finished before a failure is told: those written stay, whole
  const closed = await Promise.allSettled(sinks.map((s) => s.close(summary, end)));
  const failed = closed.find((c) => c.status === 'rejected');
  if (failed) throw failed.reason;
  const written = closed.flatMap((c) => (c.status === 'fulfilled' ? c.value : []));
  if (stopped) complain(`abi-diff: stopped by ${String(run!.signal.reason)} after ${summary.pairs} pairs${end.notChecked === undefined ? '' : `, ${end.notChecked} not checked`}; partial report: ${written.join(', ') || 'none'}`);
  const staleFails = Boolean(gate.strict && stale?.length);
  if (!view.quiet) {
    if (!view.verbose && failing(summary) > SHOWN_FAILURES) view.say(`... and ${failing(summary) - SHOWN_FAILURES} more failing pairs (see the report)`);
    const suppressed = summary.suppressed ? ` (${summary.suppressed} suppressed)` : '';
    view.say(
      `abi-diff (libvirt ${info.libvirtVersion} rules${runFlags(info)}): ${summary.pairs} pairs: ${summary.compatible} compatible, ${summary.incompatible} incompatible${suppressed}, ${summary.error} error, ${summary.unpaired} unpaired${stopped ? ' (partial: the run was stopped)' : ''}`,
      ...(summary.compare ? [`abi-diff: ${compareText(summary.compare)}`] : []),
      `report: ${written.join(', ')}`,
    );
  }
  // a warning about the gate's own input, printed even with --quiet (as cache warnings are)
  if (stale?.length) complain(...describeStale(stale, info.baseline, gate.staleVerdict ?? (staleFails ? 'fails the run: --strict-baseline' : '--prune-baseline removes them')));
  if (stopped) return { status: signalStatus(run!.signal.reason as NodeJS.Signals), stopped };
  if (empty) {
    complain(`abi-diff: no pairs to check in ${info.src === info.dst ? info.src : `${info.src} and ${info.dst}`}: exit 2, as for a wrong path (--allow-empty accepts an empty run)`);
    return { status: 2, stopped, empty };
  }
  if (inputFailures(summary)) return { status: 2, stopped };
  return { status: failing(summary) || staleFails ? 1 : 0, stopped };
}

/**
 * The report directory, made before any work when a report goes there: a path that cannot be
 * one (a file, /proc/nope, no permission) is a usage error at once, not after the walk.
 */
async function prepareOut(out: string, formats: string[]): Promise<void> {
  if (formats.every((f) => stdoutFormat(f))) return;
  try {
    await makeDir(out);
    await access(out, constants.W_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot write the reports in ${out}: ${e.code === 'EEXIST' ? 'a file is in the way, not a directory' : errorReason(err)}`);
  }
}

async function mergeCommand(argv: string[]): Promise<number> {
  const opts = parseMergeCli(argv);
  if (opts === 'help') return helpCommand(undefined);
  const merge = await openMergeRun(opts.run);
  // every report is checked by now: a refused merge leaves no directory behind
  await prepareOut(opts.out, opts.formats);
  return (await report(merge.batches, merge.info, opts.out, opts.formats, opts.view, undefined, { stale: merge.stale, compared: merge.compared })).status;
}

/** The run proper; usage errors found on the way (bad baseline, missing SRC) throw UsageError. */
async function checkCommand(opts: CliOptions, signal: AbortSignal): Promise<number> {
  const warn = (m: string) => complain(`abi-diff: warning: ${m}`);
  await prepareOut(opts.out, opts.formats);
  const checkRun = await CheckRun.open({ ...opts.run, signal, warn });
  const s = checkRun.settings;
  const info = checkRun.info({ src: opts.src, dst: opts.dst, config: opts.config, annotations: opts.annotations });
  const progress = opts.view.quiet ? undefined : new Progress({ stream: process.stderr });
  const run: Stoppable = { signal, countTotal: () => new Promise((resolve) => checkRun.countPairs(resolve)) };
  const counting = progress && checkRun.countPairs((total) => { run.total = total; progress.setTotal(total); });
  const stale = () => checkRun.stale();
  // entries this run drops from the file (prune, or a new baseline) no longer fail it
  const gate: Gate = s.pruneBaseline ? { stale, staleVerdict: 'removed by --prune-baseline' }
    : s.writeBaseline ? { stale, staleVerdict: `not in the new baseline ${s.writeBaseline}` }
    : { stale, strict: s.strictBaseline };
  if (s.shard) gate.countAll = () => new Promise((resolve) => checkRun.countAllPairs(resolve));
  gate.compared = () => checkRun.compared();
  let outcome;
  try {
    outcome = await report(checkRun.batches(), info, opts.out, opts.formats, opts.view, progress, gate, run);
  } catch (err) {
    await checkRun.abandon();
    throw err;
  }
  const { status, stopped, empty } = outcome;
  counting?.stop();
  // a run that found no pair keeps the cache and the baseline as they were, as a stopped one does
  await checkRun.finish(stopped || Boolean(empty), (m) => { if (!opts.view.quiet) complain(`abi-diff: ${m}`); });
  if ((stopped || empty) && (s.writeBaseline !== undefined || s.pruneBaseline)) complain(`abi-diff: the run ${stopped ? 'was stopped' : 'found no pair'}: the baseline file is left as it was`);
  return status;
}

function usageFailure(command: string, err: unknown, withUsage: boolean): number {
  // a message of several problems is a line each, every one naming the command
  complain(...(err as Error).message.split('\n').map((l) => `${command}: ${l}`));
  // the error stays the last thing on the screen: the help is one command away, not printed
  if (withUsage) complain(`try '${command === 'abi-diff fix' ? command : 'abi-diff'} --help'`);
  return 2;
}

const COMMANDS = ['merge', 'fix', 'rules', 'explain'];

/** `abi-diff help [COMMAND]`: the help, rather than a directory named help as SRC. */
async function helpCommand(topic: string | undefined): Promise<number> {
  if (topic === 'fix') return (await import('./fix-command.js')).fixCommand(['--help']);
  if (topic === 'rules' || topic === 'explain') return (await import('./rules-command.js')).rulesCommand(topic, ['--help']);
  process.stdout.write(USAGE + '\n');
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  tolerateClosedConsole();
  if (argv[0] === 'help' && (argv.length === 1 || (argv.length === 2 && COMMANDS.includes(argv[1])))) return helpCommand(argv[1]);
  // these write no partial report: a signal quits them at once
  if (argv[0] === 'rules' || argv[0] === 'explain' || argv[0] === 'merge' || argv[0] === 'fix') quitOnSignal();
  // loaded only for these commands: the rule registry is not needed to start a run
  if (argv[0] === 'rules' || argv[0] === 'explain') return (await import('./rules-command.js')).rulesCommand(argv[0], argv.slice(1));
  try {
    if (argv[0] === 'merge') return await mergeCommand(argv.slice(1));
    if (argv[0] === 'fix') return await (await import('./fix-command.js')).fixCommand(argv.slice(1));
  } catch (err) {
    if (err instanceof UsageError || err instanceof FileError || (err as NodeJS.ErrnoException).code === 'ENOENT') return usageFailure(`abi-diff ${argv[0]}`, err, err instanceof ArgumentError);
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
