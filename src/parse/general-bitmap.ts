/** virBitmapParse: "N", "N-M", "^N" lists, limited to VIR_DOMAIN_CPUMASK_LEN bits. */
import type { Bitmap } from '../model/general.js';
import { DomainParseError } from './errors.js';

export const CPUMASK_LEN = 16384;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** strtol(..., 10) prefix scan as virStrToLong_i with an end pointer: [value, next index] or undefined. */
function scanInt(s: string, i: number): [number, number] | undefined {
  let j = i;
  while (isSpace(s[j])) j++;
  let neg = false;
  if (s[j] === '+' || s[j] === '-') { neg = s[j] === '-'; j++; }
  const start = j;
  let v = 0;
  while (isDigit(s[j])) { v = v * 10 + (s.charCodeAt(j) - 48); j++; if (v > 2 ** 32) v = 2 ** 32; }
  if (j === start) return undefined;
  if (v > (neg ? 2 ** 31 : 2 ** 31 - 1)) return undefined;
  return [neg ? -v : v, j];
}

export function parseBitmap(str: string, size = CPUMASK_LEN): Bitmap {
  const fail = () => new DomainParseError(`invalid argument: Failed to parse bitmap '${str}'`);
  // flags, not a Set: '0-16383,' repeated over a 16 MiB file would be 10^10 single insertions
  const set = new Uint8Array(size);
  // the span ever set: the bits are read back from it only
  let lo = size, hi = -1;
  let i = 0;
  while (isSpace(str[i])) i++;
  if (i >= str.length) throw fail();
  let neg = false;
  while (i < str.length) {
    if (str[i] === '^') { i++; neg = true; }
    if (!isDigit(str[i])) throw fail();
    const a = scanInt(str, i);
    if (!a || a[0] < 0) throw fail();
    const start = a[0];
    i = a[1];
    while (isSpace(str[i])) i++;
    if (str[i] === ',' || i >= str.length) {
      if (start >= size) throw fail();
      set[start] = neg ? 0 : 1;
      if (!neg) { lo = Math.min(lo, start); hi = Math.max(hi, start); }
    } else if (str[i] === '-') {
      if (neg) throw fail();
      i++;
      while (isSpace(str[i])) i++;
      const b = scanInt(str, i);
      if (!b || b[0] < start) throw fail();
      i = b[1];
      if (b[0] >= size) throw fail();
      set.fill(1, start, b[0] + 1);
      lo = Math.min(lo, start); hi = Math.max(hi, b[0]);
      while (isSpace(str[i])) i++;
    }
    if (str[i] === ',') {
      i++;
      while (isSpace(str[i])) i++;
      neg = false;
    } else if (i >= str.length) {
      break;
    } else {
      throw fail();
    }
  }
  const bits: number[] = [];
  for (let k = lo; k <= hi; k++) if (set[k]) bits.push(k);
  return { bits, key: bits.join(',') };
}

export function bitmapsEqual(a: Bitmap | undefined, b: Bitmap | undefined): boolean {
  if (!a && !b) return true;
  if (!a || !b) return false;
  return a.key === b.key;
}
