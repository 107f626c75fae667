/** How report formats receive a run: opened once, fed every pair in id order, then closed. */
import type { PairResult } from '../model/result.js';
import type { Summary } from './summary.js';

export interface RunInfo {
  toolName: string;
  toolVersion: string;
  /** Profile as requested and the libvirt version it stands for. */
  profile: string;
  libvirtVersion: string;
  skipVolatile: boolean;
  src: string;
  dst: string;
}

export interface ReportSink {
  add(result: PairResult): void | Promise<void>;
  /** Finishes the report; returns the files written. */
  close(summary: Summary): Promise<string[]>;
}

export interface ReportFormat {
  readonly name: string;
  readonly description: string;
  open(outDir: string, info: RunInfo): Promise<ReportSink>;
}
