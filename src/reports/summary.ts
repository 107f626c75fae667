import type { PairResult, PairStatus } from '../model/result.js';

export type Summary = { pairs: number } & Record<PairStatus, number>;

export function summarize(results: readonly PairResult[]): Summary {
  const s = emptySummary();
  for (const r of results) count(s, r);
  return s;
}

/** Running counts, for reports written as results stream by. */
export function emptySummary(): Summary {
  return { pairs: 0, compatible: 0, incompatible: 0, error: 0, unpaired: 0 };
}

export function count(summary: Summary, r: PairResult): void {
  summary.pairs++;
  summary[r.status]++;
}
