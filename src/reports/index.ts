/** Report formats by name; `--format` takes a comma-separated list of these. */
import { jsonFormat } from './json-report.js';
import type { ReportFormat } from './report-sink.js';

export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  json: jsonFormat,
};

export const DEFAULT_FORMATS = ['json'];

export type { ReportFormat, ReportSink, RunInfo } from './report-sink.js';
