/** Report formats by name; `--format` takes a comma-separated list of these. */
import { githubFormat } from './github-report.js';
import { htmlFormat } from './html-report.js';
import { jsonFormat } from './json-report.js';
import { jsonlFormat } from './jsonl-report.js';
import { junitFormat } from './junit-report.js';
import type { ReportFormatName } from './format-names.js';
import type { ReportFormat } from './report-sink.js';
import { sarifFormat } from './sarif-report.js';

export const REPORT_FORMATS: Readonly<Record<ReportFormatName, ReportFormat>> = {
  json: jsonFormat,
  jsonl: jsonlFormat,
  html: htmlFormat,
  sarif: sarifFormat,
  junit: junitFormat,
  github: githubFormat,
};

export type { ReportFormat, ReportOptions, ReportSink, RunEnd, RunInfo } from './report-sink.js';
export { runFlags } from './report-sink.js';
