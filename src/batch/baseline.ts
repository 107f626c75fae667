/**
 * Baselines, after ESLint's bulk suppressions: `--write-baseline FILE` records the mismatches a
 * fleet has today; `--baseline FILE` accepts exactly those, so a gate fails only on new ones
 * while the old ones are worked off. An entry is a pair id, a rule id, a fingerprint of
 * libvirt's message and how many times that mismatch occurs in the pair; a pair with more
 * occurrences than recorded fails on the extra ones. Entries the run no longer sees are stale.
 *
 * Unlike the cache, the file is input to a gate: a damaged one is a usage error, never dropped.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { errorReason, makeDir, readRegular } from '../reports/files.js';
import { reportOut } from '../reports/text-out.js';
import type { BaselineEntry, Mismatch, PairResult } from '../model/result.js';
import { UsageError } from './discover.js';

export const BASELINE_FORMAT = 'abi-diff-baseline/1';

/** `1 entry`, `2 entries`: how messages count baseline entries. */
export const entryCount = (n: number): string => `${n} entr${n === 1 ? 'y' : 'ies'}`;

/** Short and stable: the same message always gives the same fingerprint. */
export function messageFingerprint(message: string): string {
  return createHash('sha256').update(message).digest('hex').slice(0, 16);
}

const FINGERPRINT = /^[0-9a-f]{16}$/;
const ENTRY_KEYS = ['pair', 'rule', 'fingerprint', 'count', 'message'];

const keyOf = (pair: string, rule: string, fingerprint: string) => `${pair}\0${rule}\0${fingerprint}`;
const entryKey = (e: BaselineEntry) => keyOf(e.pair, e.rule, e.fingerprint);

function compare(a: BaselineEntry, b: BaselineEntry): number {
  const x = entryKey(a);
  const y = entryKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort(compare);
}

/** The entries for one pair's mismatches; pairs that could not be checked have none. */
export function entriesOf(r: PairResult): BaselineEntry[] {
  if (r.status !== 'incompatible') return [];
  const byKey = new Map<string, BaselineEntry>();
  for (const m of r.mismatches) {
    const fingerprint = messageFingerprint(m.message);
    const k = keyOf(r.id, m.rule, fingerprint);
    const e = byKey.get(k);
    if (e) e.count++;
    else byKey.set(k, { pair: r.id, rule: m.rule, fingerprint, count: 1, message: m.message });
  }
  return [...byKey.values()];
}

/** Sorted, one entry per line: stable across runs and easy to review in a diff. */
export function baselineText(entries: readonly BaselineEntry[]): string {
  const lines = sortEntries(entries).map((e) => '  ' + JSON.stringify({ pair: e.pair, rule: e.rule, fingerprint: e.fingerprint, count: e.count, ...(e.message !== undefined ? { message: e.message } : {}) }));
  return `{\n "format": "${BASELINE_FORMAT}",\n "entries": [${lines.length ? '\n' + lines.join(',\n') + '\n ' : ''}]\n}\n`;
}

/** Replaces the file only once the new one is complete. */
export async function writeBaseline(file: string, entries: readonly BaselineEntry[]): Promise<void> {
  try {
    await makeDir(dirname(file));
    const out = reportOut(file);
    await out.write(baselineText(entries));
    await out.end();
  } catch (err) {
    throw new UsageError(`baseline ${file}: cannot be written (${(err as NodeJS.ErrnoException).code ?? errorReason(err)})`);
  }
}

function checkEntry(e: unknown, where: string): BaselineEntry {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new UsageError(`${where} must be an object`);
  const o = e as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !ENTRY_KEYS.includes(k));
  if (extra !== undefined) throw new UsageError(`${where} has an unknown field "${extra}"`);
  for (const k of ['pair', 'rule'] as const) if (typeof o[k] !== 'string' || !o[k]) throw new UsageError(`${where}: "${k}" must be a non-empty string`);
  if (typeof o.fingerprint !== 'string' || !FINGERPRINT.test(o.fingerprint)) throw new UsageError(`${where}: "fingerprint" must be 16 hex digits, got ${JSON.stringify(o.fingerprint)}`);
  if (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 1) throw new UsageError(`${where}: "count" must be a positive integer, got ${JSON.stringify(o.count)}`);
  if (o.message !== undefined && typeof o.message !== 'string') throw new UsageError(`${where}: "message" must be a string`);
  return o as unknown as BaselineEntry;
}

/** Reads a baseline; anything missing, damaged or ambiguous is a usage error naming the file. */
export async function loadBaseline(file: string): Promise<BaselineEntry[]> {
  let text: string;
  try {
    text = await readRegular(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `baseline ${file}: no such file (record one with --write-baseline ${file})` : `baseline ${file}: cannot be read (${code ?? errorReason(err)})`);
  }
  let doc: { format?: unknown; entries?: unknown };
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`baseline ${file}: damaged, not valid JSON (${(err as Error).message})`);
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== BASELINE_FORMAT) throw new UsageError(`baseline ${file}: not an abi-diff baseline (no "format": "${BASELINE_FORMAT}")`);
  if (!Array.isArray(doc.entries)) throw new UsageError(`baseline ${file}: "entries" must be an array`);
  const seen = new Map<string, number>();
  return doc.entries.map((raw, i) => {
    const e = checkEntry(raw, `baseline ${file}: entry ${i + 1}`);
    const k = entryKey(e);
    const first = seen.get(k);
    if (first !== undefined) throw new UsageError(`baseline ${file}: entry ${i + 1} repeats entry ${first} (same pair, rule and fingerprint)`);
    seen.set(k, i + 1);
    return e;
  });
}

/**
 * Matches a run's mismatches against a baseline, each entry accepting at most `count`
 * occurrences, and tells afterwards which entries went unused.
 */
export class BaselineMatcher {
  private readonly entries = new Map<string, BaselineEntry>();
  private readonly left = new Map<string, number>();
  /** Pairs that could not be checked this run: their entries can be neither used nor stale. */
  private readonly unknown = new Set<string>();

  constructor(entries: readonly BaselineEntry[]) {
    for (const e of entries) {
      this.entries.set(entryKey(e), e);
      this.left.set(entryKey(e), e.count);
    }
  }

  /** Notes a pair that could not be checked (error, unpaired). */
  unchecked(pair: string): void {
    this.unknown.add(pair);
  }

  /** True when the baseline accepts this mismatch of the pair (using up one occurrence). */
  accepts(pair: string, m: Mismatch): boolean {
    const k = keyOf(pair, m.rule, messageFingerprint(m.message));
    const n = this.left.get(k);
    if (!n) return false;
    this.left.set(k, n - 1);
    return true;
  }

  /**
   * Entries not used up, with the count of occurrences that were missing; `covers` says
   * which pairs this run was meant to check (all of them, or one shard's).
   */
  stale(covers: (pair: string) => boolean = () => true): BaselineEntry[] {
    const out: BaselineEntry[] = [];
    for (const [k, n] of this.left) {
      const e = this.entries.get(k)!;
      if (n > 0 && covers(e.pair) && !this.unknown.has(e.pair)) out.push({ ...e, count: n });
    }
    return sortEntries(out);
  }
}

/** The baseline without its stale occurrences. */
export function pruneEntries(entries: readonly BaselineEntry[], stale: readonly BaselineEntry[]): BaselineEntry[] {
  const missing = new Map(stale.map((e) => [entryKey(e), e.count]));
  return entries.map((e) => ({ ...e, count: e.count - (missing.get(entryKey(e)) ?? 0) })).filter((e) => e.count > 0);
}
