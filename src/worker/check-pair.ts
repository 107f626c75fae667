/** Reads, parses and checks one pair: the unit of work a worker performs. */
import { createHash } from 'node:crypto';
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { ABI_DIFF_FAILED, DEFAULT_MAX_FILE_SIZE, type CheckedPair, type Mismatch, type PairResult, type PairTask } from '../model/result.js';
import { parseDomain } from '../parse/domain.js';
import { DomainParseError } from '../parse/errors.js';
import { lineOfPath } from '../parse/locate.js';
import { checkAbiStability } from '../rules/check.js';
import type { HypervisorDriver } from '../rules/framework.js';
import { decodeInput, isProblem, readInput, type InputProblem } from './read-input.js';

export interface PairOptions {
  profile: Profile;
  skipVolatile: boolean;
  hashContent?: boolean;
  driver?: HypervisorDriver;
  maxFileSize?: number;
  /** Told which side is being read or parsed, so a worker that dies can say which file killed it. */
  onSide?: (side: 'src' | 'dst') => void;
}

function describe(err: unknown): string {
  if (err instanceof DomainParseError) return err.message;
  return `${ABI_DIFF_FAILED} on this file: ${err instanceof Error ? err.message : String(err)}`;
}

/** Parses one side; any failure is that side's input error, never a crash of the run. */
function parseSide(xml: string, profile: Profile, side: 'src' | 'dst'): Domain | string {
  try {
    return parseDomain(xml, profile, side);
  } catch (err) {
    return describe(err);
  }
}

const MALFORMED_AT_LINE = /^XML error: malformed XML at line (\d+)/;

function inputError(side: 'src' | 'dst', message: string): NonNullable<PairResult['error']> {
  const line = MALFORMED_AT_LINE.exec(message);
  return line ? { side, message, line: Number(line[1]) } : { side, message };
}

export function checkXmlPair(id: string, src: string, dst: string, srcXml: string, dstXml: string, opts: PairOptions): PairResult {
  const base = { id, src, dst, mismatches: [] as Mismatch[] };
  opts.onSide?.('src');
  const s = parseSide(srcXml, opts.profile, 'src');
  if (typeof s === 'string') return { ...base, status: 'error', error: inputError('src', s) };
  opts.onSide?.('dst');
  const d = parseSide(dstXml, opts.profile, 'dst');
  if (typeof d === 'string') return { ...base, status: 'error', error: inputError('dst', d) };
  let found;
  try {
    found = checkAbiStability(s, d, opts);
  } catch (err) {
    return { ...base, status: 'error', error: { side: 'dst', message: describe(err) } };
  }
  if (!found.length) return { ...base, status: 'compatible' };
  // only failing pairs pay for locating their elements
  const mismatches = found.map(({ rule, message, path, srcPath }) => ({ rule, message, path, line: lineOfPath(dstXml, path), srcLine: lineOfPath(srcXml, srcPath) }));
  return { ...base, status: 'incompatible', mismatches };
}

export function contentKey(srcBytes: Uint8Array, dstBytes: Uint8Array): string {
  return createHash('sha256').update(srcBytes).update('\0').update(dstBytes).digest('base64url');
}

export function checkPairFiles(task: PairTask, opts: PairOptions): CheckedPair {
  const { id, src, dst } = task;
  if (src === null || dst === null) {
    const missing = src === null ? 'src' : 'dst';
    const present = src === null ? 'dst' : 'src';
    return { result: { id, src, dst, status: 'unpaired', mismatches: [], error: { side: missing, message: `${id} exists in ${present} only: no ${missing} file to compare with` } } };
  }
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Synchronous on purpose: a worker has nothing to overlap with a page-cache read, and the
  // promise API's open/fstat/read/close round trips through libuv were 17 % of a worker's time.
  opts.onSide?.('src');
  const srcBytes = readInput(src, maxSize);
  opts.onSide?.('dst');
  const dstBytes = readInput(dst, maxSize);
  const failed = (side: 'src' | 'dst', p: InputProblem): PairResult => ({ id, src, dst, status: 'error', mismatches: [], error: { side, ...p } });
  if (isProblem(srcBytes)) return { result: failed('src', srcBytes) };
  if (isProblem(dstBytes)) return { result: failed('dst', dstBytes) };
  const key = opts.hashContent ? contentKey(srcBytes, dstBytes) : undefined;
  if (key !== undefined && key === task.cachedKey) return { result: { id, src, dst, status: 'compatible', mismatches: [] }, contentKey: key, reused: true };
  const srcXml = decodeInput(src, srcBytes);
  const dstXml = decodeInput(dst, dstBytes);
  let result: PairResult;
  if (isProblem(srcXml)) result = failed('src', srcXml);
  else if (isProblem(dstXml)) result = failed('dst', dstXml);
  else result = checkXmlPair(id, src, dst, srcXml, dstXml, opts);
  return key === undefined ? { result } : { result, contentKey: key };
}
