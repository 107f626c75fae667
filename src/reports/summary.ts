import type { PairResult, PairStatus } from '../model/result.js';

export type Summary = { pairs: number } & Record<PairStatus, number>;

export function summarize(results: readonly PairResult[]): Summary {
  const s: Summary = { pairs: results.length, compatible: 0, incompatible: 0, error: 0, unpaired: 0 };
  for (const r of results) s[r.status]++;
  return s;
}
