/** Scores abi-diff results against verdicts of the real libvirt (labels in JSON lines). */
import { readFileSync } from 'node:fs';
import type { PairResult } from '../../src/model/result.js';

export interface Label {
  case: string;
  compatible: boolean | null;
  error: string | null;
  src_ok?: boolean;
  dst_ok?: boolean;
  parse_error?: string | null;
  compatible_skip_volatile?: boolean | null;
  error_skip_volatile?: string | null;
  rule_family?: string | null;
  operator?: string;
  location?: string;
  detail?: string;
}

export interface Disagreement { case: string; label: Label; family: string; want: string; wantMessage: string | null; got: string; gotMessage: string | null }

export interface Score {
  pairs: number;
  missing: number;
  verdictAgreement: number;
  firstMessageAgreement: number;
  invalidCaught: number;
  invalid: number;
  disagreements: Disagreement[];
}

export function readLabels(path: string): Label[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
}

/** `caseOf` maps a report id to the label's case name. */
export function scoreResults(results: readonly PairResult[], labels: readonly Label[], opts: { skipVolatile?: boolean; caseOf?: (id: string) => string; familyOf?: (c: string) => string | undefined } = {}): Score {
  const caseOf = opts.caseOf ?? ((id: string) => id.replace(/\.xml$/, ''));
  const byCase = new Map(results.map((r) => [caseOf(r.id), r]));
  let missing = 0, verdictOk = 0, incompatible = 0, messageOk = 0, invalid = 0, invalidOk = 0;
  const disagreements: Disagreement[] = [];
  for (const label of labels) {
    const r = byCase.get(label.case);
    if (!r) { missing++; continue; }
    const bad = label.src_ok === false || label.dst_ok === false;
    const compatible = opts.skipVolatile ? label.compatible_skip_volatile : label.compatible;
    const wantMessage = bad ? label.parse_error ?? label.error : (opts.skipVolatile ? label.error_skip_volatile : label.error) ?? null;
    const want = bad ? 'error' : compatible ? 'compatible' : 'incompatible';
    const gotMessage = r.mismatches[0]?.message ?? r.error?.message ?? null;
    let ok = r.status === want;
    if (bad) { invalid++; if (ok) invalidOk++; }
    if (ok) verdictOk++;
    if (want === 'incompatible') {
      incompatible++;
      if (ok && gotMessage === wantMessage) messageOk++;
      else ok = false;
    }
    if (!ok) disagreements.push({ case: label.case, label, family: (label.rule_family ?? opts.familyOf?.(label.case)) || 'compatible', want, wantMessage, got: r.status, gotMessage });
  }
  const pct = (a: number, b: number) => (b ? (100 * a) / b : 100);
  return {
    pairs: labels.length, missing,
    verdictAgreement: pct(verdictOk, labels.length),
    firstMessageAgreement: pct(messageOk, incompatible),
    invalidCaught: pct(invalidOk, invalid), invalid,
    disagreements,
  };
}

export function formatScore(name: string, s: Score): string {
  const fam = new Map<string, number>();
  for (const d of s.disagreements) fam.set(d.family, (fam.get(d.family) ?? 0) + 1);
  const families = [...fam].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return `${name}: pairs ${s.pairs}, verdict ${s.verdictAgreement.toFixed(2)}%, first message ${s.firstMessageAgreement.toFixed(2)}%, ` +
    `invalid caught ${s.invalidCaught.toFixed(1)}% of ${s.invalid}, missing ${s.missing}; disagreements by family: ${families}`;
}
