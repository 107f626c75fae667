/**
 * `abi-diff fix` over many pairs: each incompatible pair's fixed destination goes to
 * OUT/<pair id>, with OUT/<pair id>.diff from the old destination; OUT/abi-diff-fix.json says
 * per pair what became of it (fixed, unfixable and why, compatible already, input error).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PairTask } from '../model/result.js';
import { findMismatches, type PairOptions } from '../worker/check-pair.js';
import { decodeInput, isProblem, readInput } from '../worker/read-input.js';
import { unifiedDiff } from './diff.js';
import { fixPair } from './fix-pair.js';

export type FixStatus = 'fixed' | 'unfixable' | 'compatible' | 'error' | 'unpaired';

export interface FixEntry {
  id: string;
  src: string | null;
  dst: string | null;
  status: FixStatus;
  /** fixed: the fixed destination and its diff, relative to OUT. */
  file?: string;
  diff?: string;
  /** The rules of the mismatches found before the fix. */
  rules?: string[];
  /** fixed: the destination path of each mismatch an edit cleared, in order. */
  paths?: string[];
  /** unfixable, error, unpaired: why. */
  reason?: string;
}

export interface FixSummary { pairs: number; fixed: number; unfixable: number; compatible: number; error: number; unpaired: number }

export const FIX_REPORT = 'abi-diff-fix.json';

/** OUT-relative name for a pair's files: its id, with nothing that could lead outside OUT. */
export function outName(id: string): string {
  const parts = id.split(/[\\/]+/).filter((p) => p && p !== '.').map((p) => (p === '..' ? '_' : p));
  return parts.join('/') || '_';
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** Fixes one pair from its files; writes nothing. */
export function fixTask(task: PairTask, opts: PairOptions): FixEntry & { xml?: string; oldXml?: string } {
  const { id, src, dst } = task;
  if (task.problem) return { id, src, dst, status: task.problem.status === 'unpaired' ? 'unpaired' : 'error', reason: task.problem.message };
  if (src === null || dst === null) return { id, src, dst, status: 'unpaired', reason: `${id} exists in ${src === null ? 'dst' : 'src'} only` };
  const maxSize = opts.maxFileSize!;
  const texts: string[] = [];
  for (const [side, path] of [['src', src], ['dst', dst]] as const) {
    const bytes = readInput(path, maxSize);
    const text = isProblem(bytes) ? bytes : decodeInput(path, bytes);
    if (isProblem(text)) return { id, src, dst, status: 'error', reason: `${side} ${path}${text.line ? `:${text.line}` : ''}: ${text.message}` };
    texts.push(text);
  }
  const [srcXml, dstXml] = texts;
  const outcome = fixPair(srcXml, dstXml, (d) => findMismatches(srcXml, d, opts));
  switch (outcome.status) {
    case 'compatible': return { id, src, dst, status: 'compatible' };
    case 'error': return { id, src, dst, status: 'error', reason: `${outcome.side} ${outcome.side === 'src' ? src : dst}${outcome.line ? `:${outcome.line}` : ''}: ${outcome.message}` };
    case 'unfixable': return { id, src, dst, status: 'unfixable', rules: outcome.mismatches.map((m) => m.rule), reason: outcome.reason };
    case 'fixed': return { id, src, dst, status: 'fixed', rules: outcome.mismatches.map((m) => m.rule), paths: outcome.paths, xml: outcome.xml, oldXml: dstXml };
  }
}

/** Fixes every pair, writing each fixed destination and its diff as it goes; then the per-pair report. */
export async function runFix(pairs: AsyncIterable<PairTask>, opts: PairOptions & { out: string }, onEntry: (e: FixEntry) => void): Promise<FixSummary> {
  const summary: FixSummary = { pairs: 0, fixed: 0, unfixable: 0, compatible: 0, error: 0, unpaired: 0 };
  const entries: FixEntry[] = [];
  for await (const task of pairs) {
    const { xml, oldXml, ...entry } = fixTask(task, opts);
    if (xml !== undefined && oldXml !== undefined) {
      const name = outName(entry.id);
      entry.file = name;
      entry.diff = `${name}.diff`;
      await writeAtomic(join(opts.out, name), xml);
      await writeAtomic(join(opts.out, entry.diff), unifiedDiff(oldXml, xml, entry.dst!, join(opts.out, name)));
    }
    summary.pairs++;
    summary[entry.status]++;
    entries.push(entry);
    onEntry(entry);
  }
  await writeAtomic(join(opts.out, FIX_REPORT), JSON.stringify({ summary, pairs: entries }, null, 2) + '\n');
  return summary;
}
