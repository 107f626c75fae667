/**
 * The operator's waivers, applied to the result stream between checkPairs and the reports:
 * mismatches of a turned-off rule (--rule-off) or recorded in the baseline (--baseline) are
 * marked `suppressed`. They stay in every report and the pair keeps libvirt's verdict; only
 * the exit status ignores them. Pairs that could not be checked are never suppressed.
 */
import type { BaselineEntry, Mismatch, PairResult, RuleOff, Suppression } from '../model/result.js';
import { BaselineMatcher, entriesOf } from './baseline.js';

export interface SuppressOptions {
  rulesOff?: readonly RuleOff[];
  baseline?: readonly BaselineEntry[];
  /**
   * Keep every mismatch as a baseline entry (--write-baseline) and accept it, so the run
   * reports what a run with the new baseline will.
   */
  record?: boolean;
}

export class Suppressor {
  private readonly exact = new Map<string, RuleOff>();
  /** `disk/*` as prefix `disk/`. */
  private readonly prefixes: [string, RuleOff][] = [];
  private readonly matcher?: BaselineMatcher;
  /** With `record`: this run's mismatches as baseline entries. */
  readonly recorded: BaselineEntry[] = [];

  constructor(private readonly opts: SuppressOptions = {}) {
    for (const r of opts.rulesOff ?? []) {
      if (r.rule.endsWith('/*')) this.prefixes.push([r.rule.slice(0, -1), r]);
      else this.exact.set(r.rule, r);
    }
    if (opts.baseline) this.matcher = new BaselineMatcher(opts.baseline);
  }

  private ruleOff(rule: string): RuleOff | undefined {
    return this.exact.get(rule) ?? this.prefixes.find(([p]) => rule.startsWith(p))?.[1];
  }

  apply(r: PairResult): PairResult {
    if (this.opts.record) this.recorded.push(...entriesOf(r));
    if (r.status !== 'incompatible') {
      if (r.status !== 'compatible') this.matcher?.unchecked(r.id);
      return r;
    }
    let changed = false;
    const mismatches = r.mismatches.map((m): Mismatch => {
      // the baseline is consulted even for a rule that is off, so its entry is used, not stale
      const inBaseline = (this.matcher?.accepts(r.id, m) ?? false) || this.opts.record;
      const off = this.ruleOff(m.rule);
      const suppressed: Suppression | undefined = off ? { by: 'rule-off', ...(off.reason ? { reason: off.reason } : {}) } : inBaseline ? { by: 'baseline' } : undefined;
      if (!suppressed) return m;
      changed = true;
      return { ...m, suppressed };
    });
    return changed ? { ...r, mismatches } : r;
  }

  async *stream(batches: AsyncIterable<PairResult[]>): AsyncGenerator<PairResult[]> {
    for await (const batch of batches) yield batch.map((r) => this.apply(r));
  }

  /** Baseline entries this run did not see; undefined without a baseline. */
  stale(covers?: (pair: string) => boolean): BaselineEntry[] | undefined {
    return this.matcher?.stale(covers);
  }
}
