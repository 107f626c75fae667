/**
 * `abi-diff merge` as a run: the reports' pairs merged by id (merge.ts) and, with --compare,
 * each classified against a previous report by the same Comparison a check run uses, so that a
 * merged report carries what an unsharded run with --compare would.
 */
import type { BaselineEntry, PairResult } from '../model/result.js';
import type { ReportPairs, RunInfo } from '../reports/report-sink.js';
import type { CompareCounts, FailOn } from '../reports/summary.js';
import { TOOL, compareSettings } from './check-run.js';
import { batchesOf } from './chunks.js';
import { Comparison } from './compare.js';
import { mergeReports } from './merge.js';
import { UsageError } from './usage-error.js';

export interface MergeRunOptions {
  reports: string[];
  /** The GitHub report's --annotations for the merged report. */
  annotations: number;
  /** A previous JSON report each merged pair is compared with (--compare). */
  compare?: string;
  /** 'new': only new failures against `compare` fail the merge (--fail-on). */
  failOn?: FailOn;
  /** Which pairs the merged HTML and JUnit reports list (--report-pairs); default: the reports' own. */
  reportPairs?: ReportPairs;
}

export interface MergeRun {
  /** The merged report's header: the reports' run, and the shards joined. */
  info: RunInfo;
  /** The merged pairs, a batch at a time, with their change when comparing. */
  batches: AsyncGenerator<PairResult[]>;
  /** Once every pair is read: the shards' stale baseline entries together. */
  stale(): BaselineEntry[] | undefined;
  /** With --compare, once every pair went by: the counts against the previous report. */
  compared(): Promise<CompareCounts | undefined>;
}

/**
 * Checks the reports (and the previous one) before anything is merged; a bad one throws
 * UsageError. Without `compare`, the shards' own comparisons (same previous report) add up.
 */
export async function openMergeRun(o: MergeRunOptions): Promise<MergeRun> {
  const { compare, failOn } = compareSettings(o);
  let info: RunInfo | undefined;
  const merged = await mergeReports(o.reports, (h) => {
    info = {
      toolName: h.tool.name, toolVersion: h.tool.version, profile: h.profile, libvirtVersion: h.libvirtVersion, skipVolatile: h.skipVolatile, live: h.live, ...('driver' in h ? { driver: h.driver, operation: h.operation } : {}), src: h.src, dst: h.dst,
      ...(h.config ? { config: h.config } : {}), ...(h.baseline ? { baseline: h.baseline } : {}), ...(h.rulesOff?.length ? { rulesOff: h.rulesOff } : {}),
    };
  }, { wholeRun: true });
  if (!info) throw new UsageError('no report header found');
  const reportPairs = o.reportPairs ?? agreedReportPairs(o.reports, merged.reportPairs);
  info.options = { annotations: o.annotations, ...(reportPairs ? { reportPairs } : {}) };
  if (merged.shard) info.shard = merged.shard;
  if (info.toolVersion !== TOOL.version) throw new UsageError(`the reports were written by abi-diff ${info.toolVersion}; this is ${TOOL.version}`);
  // the merged pairs are one whole run: every previous pair it lacks is gone
  const comparison = compare === undefined ? undefined
    : await Comparison.open(compare, { profile: info.profile, driver: info.driver ?? 'generic', operation: info.operation }, failOn).catch(async (err: unknown) => {
      await merged.pairs.return(undefined);
      throw err;
    });
  const carried = comparison ? undefined : carriedComparison(o.reports, merged.comparisons, merged.shard !== undefined);
  const batches = batchesOf(merged.pairs, 128);
  return {
    info,
    batches: comparison ? comparison.stream(batches) : batches,
    stale: merged.staleBaseline,
    compared: async () => (comparison ? comparison.finish() : carried),
  };
}

const COUNTS = ['new-failure', 'fixed', 'still-failing', 'unchanged', 'new', 'newFailing', 'newErrors', 'gone', 'goneFailing'] as const;

/**
 * Without merge --compare, the comparison the reports carry: each shard of one run counted its
 * own pairs and its own gone ones, so the counts add up to the whole run's (one report's are its
 * own). Shards compared differently are refused: their pairs' changes would mean different
 * things. Whole runs merged together keep their pairs' changes, but no counts: each counted
 * the other's pairs as gone.
 */
function carriedComparison(files: string[], comparisons: (CompareCounts | undefined)[], shards: boolean): CompareCounts | undefined {
  const first = comparisons[0];
  if (!comparisons.some(Boolean) || (files.length > 1 && !shards)) return undefined;
  const what = (c: CompareCounts | undefined) => (c ? `compared with ${c.previous} (--fail-on ${c.failOn})` : 'not compared (no --compare)');
  comparisons.forEach((c, i) => {
    if (c?.previous !== first?.previous || c?.failOn !== first?.failOn) {
      throw new UsageError(`${files[i]}: ${what(c)}, but ${files[0]}: ${what(first)}: the shards of one run compare with one previous report (merge --compare PREVIOUS.json compares the merged pairs anew)`);
    }
  });
  const sum = { ...first! };
  for (const c of comparisons.slice(1)) for (const k of COUNTS) sum[k] += c![k];
  return sum;
}

/**
 * Without merge --report-pairs, the one the reports were run with, so that merged shards list
 * the pairs their unsharded run would; reports that disagree are refused, naming both.
 */
function agreedReportPairs(files: string[], modes: (ReportPairs | undefined)[]): ReportPairs | undefined {
  const what = (m: ReportPairs | undefined) => (m ? `run with --report-pairs ${m}` : 'run without --report-pairs');
  modes.forEach((m, i) => {
    if (m !== modes[0]) throw new UsageError(`${files[i]}: ${what(m)}, but ${files[0]}: ${what(modes[0])}: the merged HTML and JUnit reports list the pairs one way (merge --report-pairs failing|all chooses it)`);
  });
  return modes[0];
}
