/** Reads, parses and checks one pair: the unit of work a worker performs. */
import { readFile } from 'node:fs/promises';
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { parseDomain } from '../parse/domain.js';
import { DomainParseError } from '../parse/errors.js';
import { checkAbiStability } from '../rules/check.js';
import type { Mismatch } from '../rules/framework.js';

export type PairStatus = 'compatible' | 'incompatible' | 'error' | 'unpaired';

export interface PairResult {
  id: string;
  src: string | null;
  dst: string | null;
  status: PairStatus;
  mismatches: Mismatch[];
  error?: { side: 'src' | 'dst'; message: string };
}

export interface PairTask { id: string; src: string | null; dst: string | null }

function describe(err: unknown): string {
  if (err instanceof DomainParseError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e && e.code) return `cannot read file: ${e.code}: ${e.message}`;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Parses one side; any failure is that side's input error, never a crash of the run. */
function parseSide(xml: string, profile: Profile): Domain | string {
  try {
    return parseDomain(xml, profile);
  } catch (err) {
    return describe(err);
  }
}

export function checkXmlPair(id: string, src: string, dst: string, srcXml: string, dstXml: string,
  opts: { profile: Profile; skipVolatile: boolean }): PairResult {
  const base = { id, src, dst, mismatches: [] as Mismatch[] };
  const s = parseSide(srcXml, opts.profile);
  if (typeof s === 'string') return { ...base, status: 'error', error: { side: 'src', message: s } };
  const d = parseSide(dstXml, opts.profile);
  if (typeof d === 'string') return { ...base, status: 'error', error: { side: 'dst', message: d } };
  let mismatches: Mismatch[];
  try {
    mismatches = checkAbiStability(s, d, opts);
  } catch (err) {
    return { ...base, status: 'error', error: { side: 'dst', message: describe(err) } };
  }
  return { ...base, status: mismatches.length ? 'incompatible' : 'compatible', mismatches };
}

export async function checkPairFiles(task: PairTask, opts: { profile: Profile; skipVolatile: boolean }): Promise<PairResult> {
  const { id, src, dst } = task;
  if (src === null || dst === null) {
    const side = src === null ? 'src' : 'dst';
    return { id, src, dst, status: 'unpaired', mismatches: [], error: { side, message: `no ${side} file for ${id}` } };
  }
  let srcXml: string;
  let dstXml: string;
  try {
    srcXml = await readFile(src, 'utf8');
  } catch (err) {
    return { id, src, dst, status: 'error', mismatches: [], error: { side: 'src', message: describe(err) } };
  }
  try {
    dstXml = await readFile(dst, 'utf8');
  } catch (err) {
    return { id, src, dst, status: 'error', mismatches: [], error: { side: 'dst', message: describe(err) } };
  }
  return checkXmlPair(id, src, dst, srcXml, dstXml, opts);
}
