/** Counts by rule and rule family, kept while pairs stream by (bounded by the number of rules). */
import type { PairResult } from '../model/result.js';
import { familyOf } from './rule-meta.js';

export interface RuleCount {
  /** Non-compatible pairs with at least one mismatch of this rule. */
  pairs: number;
  /** Pairs where it is the first mismatch: the one libvirt reports. */
  first: number;
  /** Every mismatch of this rule. */
  mismatches: number;
}

export interface RuleRow extends RuleCount { rule: string; family: string }
export interface FamilyRow extends RuleCount { family: string }

export class Tally {
  private readonly rules = new Map<string, RuleCount>();
  private readonly families = new Map<string, RuleCount>();
  mismatches = 0;

  add(r: PairResult): void {
    this.mismatches += r.mismatches.length;
    const seenRules = new Set<string>();
    const seenFamilies = new Set<string>();
    r.mismatches.forEach((m, i) => {
      const family = familyOf(m.rule);
      const rc = bump(this.rules, m.rule);
      const fc = bump(this.families, family);
      rc.mismatches++;
      fc.mismatches++;
      if (i === 0) { rc.first++; fc.first++; }
      if (!seenRules.has(m.rule)) { seenRules.add(m.rule); rc.pairs++; }
      if (!seenFamilies.has(family)) { seenFamilies.add(family); fc.pairs++; }
    });
  }

  /** Most frequent first: by pairs, then first, then id. */
  ruleRows(): RuleRow[] {
    return [...this.rules].map(([rule, c]) => ({ rule, family: familyOf(rule), ...c })).sort((a, b) => b.pairs - a.pairs || b.first - a.first || cmp(a.rule, b.rule));
  }

  familyRows(): FamilyRow[] {
    return [...this.families].map(([family, c]) => ({ family, ...c })).sort((a, b) => b.pairs - a.pairs || b.first - a.first || cmp(a.family, b.family));
  }
}

function bump(map: Map<string, RuleCount>, key: string): RuleCount {
  let c = map.get(key);
  if (!c) map.set(key, (c = { pairs: 0, first: 0, mismatches: 0 }));
  return c;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
