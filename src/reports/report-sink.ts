/** How report formats receive a run: opened once, fed every pair in id order, then closed. */
import type { PairResult, RuleOff } from '../model/result.js';
import type { Summary } from './summary.js';

/**
 * Which pairs the HTML and JUnit reports list one by one (--report-pairs): `all`, or `failing`:
 * the pairs that are not compatible (and those fixed since --compare's report), the compatible
 * ones as counts only, so that a fleet's report grows with its failures, not its size.
 */
export type ReportPairs = 'failing' | 'all';
export const REPORT_PAIRS: readonly ReportPairs[] = ['failing', 'all'];
/** Without --report-pairs, runs of more pairs than this list the failing ones only. */
export const ALL_PAIRS_UP_TO = 100_000;

/** Whether a run of `pairs` pairs lists its compatible pairs. */
export const listsAllPairs = (mode: ReportPairs | undefined, pairs: number): boolean => (mode ?? (pairs > ALL_PAIRS_UP_TO ? 'failing' : 'all')) === 'all';

/** Settings some formats take from the command line or the environment. */
export interface ReportOptions {
  /** html, junit: which pairs are listed (default: all up to ALL_PAIRS_UP_TO pairs, failing above). */
  reportPairs?: ReportPairs;
  /** github: workflow-command annotations for at most this many non-compatible pairs (default 10). */
  annotations?: number;
  /** github: where workflow commands go (default: process.stdout). */
  stdout?: NodeJS.WritableStream;
  /** Environment to read GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RunInfo {
  toolName: string;
  toolVersion: string;
  /** Profile as requested and the libvirt version it stands for. */
  profile: string;
  libvirtVersion: string;
  skipVolatile: boolean;
  /** --live: both sides parsed as live XML of running guests. */
  live: boolean;
  /** --driver qemu, and the operation whose check it reproduces (absent for the generic driver). */
  driver?: 'qemu';
  operation?: 'migrate' | 'save-image-define';
  src: string;
  dst: string;
  /** The config file the run read (abi-diff.config.json), if any. */
  config?: string;
  /** The --baseline file, if any. */
  baseline?: string;
  /** Rules turned off (--rule-off), with their reasons. */
  rulesOff?: readonly RuleOff[];
  /** --shard K/N: the part of the pairs the report holds; a merged report: the shards it joins. */
  shard?: ShardInfo;
  options?: ReportOptions;
}

/** A shard's report holds part K (index) of N (count); a merged one the parts listed. */
export type ShardInfo = { index: number; count: number } | { count: number; merged: number[] };

/** The run's parse and check flags as the report titles print them after the rules' version. */
export function runFlags(info: Pick<RunInfo, 'skipVolatile' | 'live' | 'driver' | 'operation'>): string {
  return (info.driver ? `, QEMU driver (${info.operation})` : '') + (info.skipVolatile ? ', skip volatile' : '') + (info.live ? ', live XML' : '');
}

/**
 * Which driver's rules gave a pair's verdict, in words (none for a run without --driver qemu): a
 * QEMU-mode run checks the guests it does not model (other architectures, other domain types)
 * with libvirt's generic rules.
 */
export function driverNote(r: Pick<PairResult, 'driver'>): string | undefined {
  if (r.driver === 'qemu') return "the QEMU driver's checks";
  if (r.driver === 'generic') return "libvirt's generic checks (a guest the QEMU mode does not model)";
  return undefined;
}

/** How the run ended: a run stopped by SIGINT/SIGTERM still writes every pair it finished. */
export interface RunEnd {
  complete: boolean;
  /** Pairs not checked when the run was stopped, when that number is known. */
  notChecked?: number;
}

export interface ReportSink {
  add(result: PairResult): void | Promise<void>;
  /** Finishes the report (a complete run when `end` is not given); returns the files written. */
  close(summary: Summary, end?: RunEnd): Promise<string[]>;
  /** After a failure (a report that cannot be written): removes the temporary files, writes nothing. */
  discard?(): Promise<void>;
}

export interface ReportFormat {
  readonly name: string;
  readonly description: string;
  open(outDir: string, info: RunInfo): Promise<ReportSink>;
}
