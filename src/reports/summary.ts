import { failsRun, type BaselineEntry, type PairResult, type PairStatus } from '../model/result.js';

/** --fail-on: `new` fails the run on new failures only (pairs failing now that did not fail, or were not there, in the --compare report). */
export type FailOn = 'any' | 'new';
export const FAIL_ON: readonly FailOn[] = ['any', 'new'];

/** --compare: how many pairs changed which way against the previous report. */
export interface CompareCounts {
  /** The previous report as given. */
  previous: string;
  failOn: FailOn;
  'new-failure': number;
  fixed: number;
  'still-failing': number;
  unchanged: number;
  /** Pairs the previous report did not have; `newFailing` of them fail the run. */
  new: number;
  newFailing: number;
  /** Of the new failures (new-failure, and new pairs failing), those that could not be checked (error, unpaired). */
  newErrors: number;
  /** Pairs of the previous report this run does not have; `goneFailing` of them failed it. */
  gone: number;
  goneFailing: number;
}

/** Pairs that fail now and did not before (or were not there). */
export const newFailures = (c: CompareCounts): number => c['new-failure'] + c.newFailing;

export type Summary = {
  pairs: number;
  /** Incompatible pairs (counted there too) whose every mismatch is suppressed: they do not fail the run. */
  suppressed: number;
  /** With --baseline: entries this run did not see (the count is how many occurrences are missing). */
  staleBaseline?: BaselineEntry[];
  /** With --compare, once the run went through. */
  compare?: CompareCounts;
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

/** Pairs that fail the run: with --fail-on new, the new failures only. */
export function failing(summary: Summary): number {
  if (summary.compare?.failOn === 'new') return newFailures(summary.compare);
  return summary.pairs - summary.compatible - summary.suppressed;
}

/**
 * Whether pairs that could not be checked make the run exit 2: any does, or with --fail-on new
 * any that is a new failure (an error that was there last night does not fail the run again).
 */
export function inputFailures(summary: Summary): boolean {
  if (summary.compare?.failOn === 'new') return summary.compare.newErrors > 0;
  return summary.error + summary.unpaired > 0;
}

/** The --compare counts in a sentence, for the console and the reports. */
export function compareText(c: CompareCounts): string {
  const parts = [`${c['new-failure']} new failures`, `${c.fixed} fixed`, `${c['still-failing']} still failing`, `${c.unchanged} unchanged`, `${c.new} new (${c.newFailing} failing)`, `${c.gone} gone (${c.goneFailing} failing before)`];
  return `against ${c.previous}: ${parts.join(', ')}${c.failOn === 'new' ? `; only new failures fail the run (${newFailures(c)})` : ''}`;
}
