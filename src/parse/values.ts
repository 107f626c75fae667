/**
 * libvirt's value parsers (virStrToLong_*, virXMLProp*, virScaleInteger, virUUIDParse,
 * virMacAddrParse) with their acceptance rules and error texts, so a file is accepted or
 * rejected exactly where libvirt accepts or rejects it.
 */
import { atElement, xmlError, DomainParseError } from './errors.js';
import type { XmlElement } from './xml-tree.js';
import type { Tristate } from '../model/tristate.js';

export type { Tristate };

/** C isspace on a code unit. */
const isCSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const U64_MAX = (1n << 64n) - 1n;
const U64_WRAP = 1n << 64n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN_MAGNITUDE = 1n << 63n;
const I32_MIN = -(1n << 31n);
const I32_LIMIT = 1n << 31n;

const digitValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : 99);

interface StrtolResult { value: bigint; negative: boolean; consumed: number; overflow: boolean }

/** C strtol/strtoul scanning: leading space, sign, base prefix (base 0: 0x hex, 0 octal). */
function scanInteger(s: string, base: number, unsigned: boolean): StrtolResult | undefined {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') { negative = s[i] === '-'; i++; }
  let radix = base;
  if ((radix === 0 || radix === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isHexDigit(s.charCodeAt(i + 2))) {
    i += 2; radix = 16;
  } else if (radix === 0) {
    radix = s[i] === '0' ? 8 : 10;
  }
  const start = i;
  // digits accumulate in a double while exact (below 2^48 before the next digit), then in a bigint
  let small = 0;
  let value: bigint | undefined;
  while (i < s.length) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= radix) break;
    if (value !== undefined) value = value * BigInt(radix) + BigInt(d);
    else if (small < 2 ** 48) small = small * radix + d;
    else value = BigInt(small) * BigInt(radix) + BigInt(d);
    i++;
  }
  if (i === start) return undefined;
  if (value === undefined) value = BigInt(small);
  const limit = unsigned ? U64_MAX : (negative ? I64_MIN_MAGNITUDE : I64_MAX);
  const overflow = value > limit;
  if (negative) value = unsigned ? (U64_WRAP - value) & U64_MAX : -value;
  return { value, negative, consumed: i, overflow };
}

function whole(s: string, base: number, unsigned: boolean): StrtolResult | undefined {
  const r = scanInteger(s, base, unsigned);
  if (!r || r.overflow || r.consumed !== s.length) return undefined;
  return r;
}

/**
 * Most values are short unsigned numbers: those are read here without bigints (fewer
 * allocations on the hot path); undefined means "not that simple", and scanInteger decides.
 */
function plainUnsigned(s: string, base: number): number | undefined {
  const n = s.length;
  if (n === 0 || n > 9) return undefined;
  let i = 0;
  let radix = base === 0 ? 10 : base;
  if (s.charCodeAt(0) === 48 && n > 1) {
    if ((base === 0 || base === 16) && (s.charCodeAt(1) | 32) === 120) { radix = 16; i = 2; }
    else if (base === 0) radix = 8;
  }
  if (i === n) return undefined;
  let v = 0;
  for (; i < n; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= radix) return undefined;
    v = v * radix + d;
  }
  return v < 2 ** 31 ? v : undefined;
}

/** virStrToLong_i: whole string, fits in int. */
export function strToInt(s: string, base = 10): number | undefined {
  const plain = plainUnsigned(s, base);
  if (plain !== undefined) return plain;
  const r = whole(s, base, false);
  if (!r || r.value < I32_MIN || r.value >= I32_LIMIT) return undefined;
  return Number(r.value);
}

/** virStrToLong_ui: whole string; "-1" wraps to UINT_MAX. */
export function strToUInt(s: string, base = 10): number | undefined {
  const plain = plainUnsigned(s, base);
  if (plain !== undefined) return plain;
  const r = whole(s, base, true);
  if (!r) return undefined;
  let v = r.value;
  if (r.negative) {
    const magnitude = (U64_WRAP - v) & U64_MAX;
    if (magnitude > 0xffffffffn) return undefined;
    v &= 0xffffffffn;
  }
  if (v > 0xffffffffn) return undefined;
  return Number(v);
}

/** virStrToLong_uip: whole string, no minus sign, fits in unsigned int. */
export function strToUIntPositive(s: string, base = 10): number | undefined {
  const plain = plainUnsigned(s, base);
  if (plain !== undefined) return plain;
  const r = whole(s, base, true);
  if (!r || r.negative || r.value > 0xffffffffn) return undefined;
  return Number(r.value);
}

/** virStrToLong_ll */
export function strToLongLong(s: string, base = 10): bigint | undefined {
  return whole(s, base, false)?.value;
}

/** virStrToLong_ullp: whole string, no minus sign. */
export function strToULongLongPositive(s: string, base = 10): bigint | undefined {
  const r = whole(s, base, true);
  return !r || r.negative ? undefined : r.value;
}

/** virStrToLong_ull: "-1" style wrapping allowed. */
export function strToULongLong(s: string, base = 10): bigint | undefined {
  return whole(s, base, true)?.value;
}

export interface PropOptions { required?: boolean; nonzero?: boolean; nonnegative?: boolean }

// the options as shared constants: a literal at each call allocates whenever the call is not inlined
const NO_OPTIONS: PropOptions = Object.freeze({});
export const REQUIRED: PropOptions = Object.freeze({ required: true });
export const NONZERO: PropOptions = Object.freeze({ nonzero: true });
export const NONNEGATIVE: PropOptions = Object.freeze({ nonnegative: true });
export const REQUIRED_NONZERO: PropOptions = Object.freeze({ required: true, nonzero: true });

function missing(el: XmlElement, name: string): DomainParseError {
  return atElement(el, xmlError(`Missing required attribute '${name}' in element '${el.name}'`));
}

/** virXMLPropString semantics: undefined when absent; required raises libvirt's message. */
export function propString(el: XmlElement, name: string, required = false): string | undefined {
  const v = el.attrs[name];
  if (v === undefined && required) throw missing(el, name);
  return v;
}

/** virXMLPropInt */
export function propInt(el: XmlElement, name: string, base: number, opts: PropOptions = NO_OPTIONS, dflt = 0): number {
  const raw = el.attrs[name];
  if (raw === undefined) { if (opts.required) throw missing(el, name); return dflt; }
  const v = strToInt(raw, base);
  if (v === undefined) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected integer value`));
  if (opts.nonnegative && v < 0) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected non-negative value`));
  if (opts.nonzero && v === 0) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`));
  return v;
}

/** virXMLPropUInt (absent -> 0 unless a default is given) */
export function propUInt(el: XmlElement, name: string, base: number, opts: PropOptions = NO_OPTIONS, dflt = 0): number {
  const raw = el.attrs[name];
  if (raw === undefined) { if (opts.required) throw missing(el, name); return dflt; }
  const v = strToUIntPositive(raw, base);
  if (v === undefined) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected non-negative integer value`));
  if (opts.nonzero && v === 0) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`));
  return v;
}

/** virXMLPropULongLong */
export function propULongLong(el: XmlElement, name: string, base: number, opts: PropOptions = NO_OPTIONS): bigint {
  const raw = el.attrs[name];
  if (raw === undefined) { if (opts.required) throw missing(el, name); return 0n; }
  const v = strToULongLongPositive(raw, base);
  if (v === undefined) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected non-negative integer value`));
  if (opts.nonzero && v === 0n) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': Zero is not permitted`));
  return v;
}

/**
 * virXMLPropEnum family: `values` is the enum's string table in libvirt order, so the result
 * is libvirt's enum number. Absent -> `dflt`. nonzero rejects index 0 (tristates: "default").
 */
export function propEnum(el: XmlElement, name: string, values: readonly string[], opts: PropOptions = NO_OPTIONS, dflt = 0): number {
  return enumProp(el, name, values, opts.required, opts.nonzero, dflt);
}

// the options spelled out, so that the tristates need no options object of their own
function enumProp(el: XmlElement, name: string, values: readonly string[], required: boolean | undefined, nonzero: boolean | undefined, dflt: number): number {
  const raw = el.attrs[name];
  if (raw === undefined) { if (required) throw missing(el, name); return dflt; }
  const v = values.indexOf(raw);
  if (v < 0 || (nonzero && v === 0)) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'.`));
  return v;
}

export const TRISTATE_SWITCH = ['default', 'on', 'off'] as const;
export const TRISTATE_BOOL = ['default', 'yes', 'no'] as const;

/** virXMLPropTristateSwitch */
export function propTristateSwitch(el: XmlElement | undefined, name: string, opts: PropOptions = NO_OPTIONS): Tristate {
  return el ? enumProp(el, name, TRISTATE_SWITCH, opts.required, true, 0) as Tristate : 0;
}

/** virXMLPropTristateBool */
export function propTristateBool(el: XmlElement | undefined, name: string, opts: PropOptions = NO_OPTIONS): Tristate {
  return el ? enumProp(el, name, TRISTATE_BOOL, opts.required, true, 0) as Tristate : 0;
}

export const switchName = (t: number): string => TRISTATE_SWITCH[t] ?? '(null)';
export const boolName = (t: number): string => TRISTATE_BOOL[t] ?? '(null)';

/** virEnumFromString: libvirt's TypeFromString; -1 when unknown. Case-sensitive. */
export function enumFromString(values: readonly string[], s: string | undefined): number {
  return s === undefined ? -1 : values.indexOf(s);
}

export const LLONG_MAX = (1n << 63n) - 1n;

/** virScaleInteger: multiplies by the unit's scale; throws libvirt's error for an unknown unit. */
export function scaleInteger(value: bigint, unit: string | undefined, scale: bigint, limit: bigint): bigint {
  let factor = scale;
  let suffix = unit ?? '';
  if (!suffix) {
    suffix = '';
  } else if (/^(b|bytes?)$/i.test(suffix)) {
    factor = 1n;
  } else {
    let base: bigint;
    if (suffix.length === 1 || suffix.slice(1).toLowerCase() === 'ib') base = 1024n;
    else if (suffix[1].toLowerCase() === 'b' && suffix.length === 2) base = 1000n;
    else throw new DomainParseError(`invalid argument: unknown suffix '${suffix}'`);
    const power = 'kmgtpe'.indexOf(suffix[0].toLowerCase());
    if (power < 0) throw new DomainParseError(`invalid argument: unknown suffix '${suffix}'`);
    factor = base ** BigInt(power + 1);
  }
  if (value && value > limit / factor) throw new DomainParseError(`numerical overflow: value too large: ${value}${suffix}`);
  return value * factor;
}

/**
 * virParseScaledValue on an already-located value string and unit (virXPathString gives
 * undefined for an empty string). Returns bytes (scaled by `scale` when no unit), or undefined
 * when absent and not required. `where` names the XPath in libvirt's messages.
 */
export function parseScaledValue(raw: string | undefined, unit: string | undefined, where: string,
  scale: bigint, max: bigint, required: boolean): bigint | undefined {
  if (raw === undefined || raw === '') {
    if (!required) return undefined;
    throw xmlError(`missing element or attribute '${where}'`);
  }
  const bytes = strToULongLongPositive(raw, 10);
  if (bytes === undefined) throw xmlError(`Invalid value '${raw}' for element or attribute '${where}'`);
  return scaleInteger(bytes, unit || undefined, scale, max);
}

/** virDomainParseMemory: scaled value in KiB, rounded up; undefined when absent and optional. */
export function parseMemoryKiB(raw: string | undefined, unit: string | undefined, where: string, required: boolean): bigint | undefined {
  const bytes = parseScaledValue(raw, unit, where, 1024n, LLONG_MAX, required);
  if (bytes === undefined) return undefined;
  const kib = (bytes + 1023n) / 1024n;
  if (kib >= (LLONG_MAX + 1023n) / 1024n) throw new DomainParseError('numerical overflow: size value too large');
  return kib;
}

/** virUUIDParse: 32 hex digits, '-' or ' ' between pairs, surrounding space. Canonical text or undefined. */
export function parseUuid(s: string): string | undefined {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let hex = '';
  for (let bytes = 0; bytes < 16;) {
    if (i >= s.length) return undefined;
    const c = s.charCodeAt(i);
    if (c === 45 || c === 32) { i++; continue; }
    if (!isHexDigit(c) || !isHexDigit(s.charCodeAt(i + 1))) return undefined;
    hex += s.slice(i, i + 2);
    bytes++;
    i += 2;
  }
  for (; i < s.length; i++) if (!isCSpace(s.charCodeAt(i))) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** virMacAddrParse: six 1-2 digit hex octets separated by ':'. Canonical lower-case text or undefined. */
export function parseMac(s: string): string | undefined {
  const octets: string[] = [];
  let i = 0;
  for (let n = 0; n < 6; n++) {
    if (!isHexDigit(s.charCodeAt(i))) return undefined;
    let j = i;
    while (j < s.length && isHexDigit(s.charCodeAt(j))) j++;
    if (j - i < 1 || j - i > 2) return undefined;
    octets.push(s.slice(i, j).toLowerCase().padStart(2, '0'));
    if (n === 5) return j >= s.length || s.charCodeAt(j) <= 32 ? octets.join(':') : undefined;
    if (s[j] !== ':') return undefined;
    i = j + 1;
  }
  return undefined;
}
