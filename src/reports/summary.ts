import { failsRun, type BaselineEntry, type PairResult, type PairStatus } from '../model/result.js';

export type Summary = {
  pairs: number;
  /** Incompatible pairs (counted there too) whose every mismatch is suppressed: they do not fail the run. */
  suppressed: number;
  /** With --baseline: entries this run did not see (the count is how many occurrences are missing). */
  staleBaseline?: BaselineEntry[];
} & Record<PairStatus, number>;

export function summarize(results: readonly PairResult[]): Summary {
  const s = emptySummary();
  for (const r of results) count(s, r);
  return s;
}

/** Running counts, for reports written as results stream by. */
export function emptySummary(): Summary {
  return { pairs: 0, compatible: 0, incompatible: 0, error: 0, unpaired: 0, suppressed: 0 };
}

export function count(summary: Summary, r: PairResult): void {
  summary.pairs++;
  summary[r.status]++;
  if (r.status === 'incompatible' && !failsRun(r)) summary.suppressed++;
}

/** Pairs that fail the run. */
export function failing(summary: Summary): number {
  return summary.pairs - summary.compatible - summary.suppressed;
}
