/** How report formats receive a run: opened once, fed every pair in id order, then closed. */
import type { PairResult } from '../model/result.js';
import type { Summary } from './summary.js';

/** Settings some formats take from the command line or the environment. */
export interface ReportOptions {
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
  src: string;
  dst: string;
  options?: ReportOptions;
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
}

export interface ReportFormat {
  readonly name: string;
  readonly description: string;
  open(outDir: string, info: RunInfo): Promise<ReportSink>;
}
