/** How reports word a waived mismatch and the run's waivers. */
import type { Mismatch, RuleOff, Suppression } from '../model/result.js';

/** `in the baseline FILE` or `rule turned off: REASON`. */
export function suppressionText(s: Suppression, baselineFile?: string): string {
  if (s.by === 'baseline') return `in the baseline${baselineFile ? ` ${baselineFile}` : ''}`;
  return `rule turned off${s.reason ? `: ${s.reason}` : ''}`;
}

/** The mismatches that fail the run. */
export function unsuppressed(mismatches: readonly Mismatch[]): Mismatch[] {
  return mismatches.filter((m) => !m.suppressed);
}

/** `disk/serial (REASON), net/*` for a one-line header. */
export function rulesOffText(rules: readonly RuleOff[]): string {
  return rules.map((r) => (r.reason ? `${r.rule} (${r.reason})` : r.rule)).join(', ');
}
