/** Report formats by name; `--format` takes a comma-separated list of these. */
import type { PairResult } from '../model/result.js';
import { buildJsonReport, writeJsonReport, type RunInfo } from './json-report.js';

export type ReportWriter = (outDir: string, info: RunInfo, results: readonly PairResult[]) => Promise<string>;

export const REPORT_FORMATS: Readonly<Record<string, ReportWriter>> = {
  json: (outDir, info, results) => writeJsonReport(outDir, buildJsonReport(info, results)),
};

export type { RunInfo };
