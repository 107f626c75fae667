/**
 * Report format names and defaults, apart from the writers: option parsing needs the names, and
 * loading every writer (70 modules) before the worker pool starts delayed each run by ~40 ms.
 */
export const REPORT_FORMAT_NAMES = ['json', 'jsonl', 'html', 'sarif', 'junit', 'github'] as const;
export type ReportFormatName = typeof REPORT_FORMAT_NAMES[number];

export const DEFAULT_FORMATS: ReportFormatName[] = ['json', 'html'];

/** github: failing pairs annotated at most. */
export const DEFAULT_ANNOTATIONS = 10;
