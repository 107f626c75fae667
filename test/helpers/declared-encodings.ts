/**
 * Files in a declared encoding, each a pair: src the example guest with a disk <serial> in UTF-8,
 * dst the same guest with that serial's bytes under an XML declaration. libvirt compares the
 * serials, so its verdict says which character it decoded (or which error it met). `libvirt`
 * is the verdict of ../shared/oracle per release range (7.0.0, 9.0.0, 11.3.0, 12.8.0 and 12.9.0
 * measured): 'compatible', a mismatch or parse error message (its end), or `abiDiff` where
 * abi-diff honestly cannot follow libvirt.
 */
import { readFileSync } from 'node:fs';
import type { ByRelease } from './releases.js';
import { GUEST } from './hostile.js';

const guest = readFileSync(GUEST);
const DISK = Buffer.from("<target dev='vda' bus='virtio'/>");
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The guest with `serial` (bytes) in its first disk, under a declaration of `encoding`. */
export function withSerial(serial: Buffer | string, encoding?: string, bom = false): Buffer {
  const at = guest.indexOf(DISK) + DISK.length;
  const body = Buffer.concat([guest.subarray(0, at), Buffer.from('\n      <serial>'), Buffer.from(serial), Buffer.from('</serial>'), guest.subarray(at)]);
  const decl = encoding === undefined ? Buffer.alloc(0) : Buffer.from(`<?xml version='1.0' encoding='${encoding}'?>\n`);
  return Buffer.concat([bom ? BOM : Buffer.alloc(0), decl, body]);
}

export interface Verdict { libvirt: string; abiDiff?: string }
export interface EncodingCase { name: string; src: Buffer; dst: Buffer; want: ByRelease<Verdict> }

const NOT_UTF8 = { libvirt: 'Input is not proper UTF-8, indicate encoding !', abiDiff: 'not UTF-8 at line 37, column 15' };
const serial = (src: string) => `Target disk serial %s does not match source ${src}`;
const ok: Verdict = { libvirt: 'compatible' };
/** libxml2 2.15 (libvirt 12.0.0 up to the trixie backport 12.9.0) decodes in the declared encoding; 2.9 reads UTF-8. */
const forky = (before: Verdict, in215: Verdict): ByRelease<Verdict> => ({ '7.0.0': before, '12.0.0': in215, '12.9.0': before });
const bytes = (...b: number[]) => Buffer.from(b);

export const ENCODING_CASES: EncodingCase[] = [
  { name: 'latin-1 é declared ISO-8859-1', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'ISO-8859-1'), want: forky(NOT_UTF8, ok) },
  { name: 'UTF-8 é declared ISO-8859-1 (two latin-1 characters for 12.8.0)', src: withSerial('é'), dst: withSerial('é', 'ISO-8859-1'), want: forky(ok, { libvirt: serial('é').replace('%s', 'Ã©') }) },
  { name: 'UTF-8 é declared ISO-8859-1 after a UTF-8 BOM', src: withSerial('é'), dst: withSerial('é', 'ISO-8859-1', true), want: { '7.0.0': ok } },
  { name: 'latin-1 é declared latin1', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'latin1'), want: forky(NOT_UTF8, ok) },
  { name: 'KOI8-R 0xC1 is а', src: withSerial('а'), dst: withSerial(bytes(0xc1), 'KOI8-R'), want: forky(NOT_UTF8, ok) },
  { name: 'ISO-8859-15 0xA4 is €', src: withSerial('€'), dst: withSerial(bytes(0xa4), 'ISO-8859-15'), want: forky(NOT_UTF8, ok) },
  { name: "ISO8859-15 0xA4 is latin-1's ¤ (libxml2's own decoder)", src: withSerial('¤'), dst: withSerial(bytes(0xa4), 'ISO8859-15'), want: forky({ ...NOT_UTF8, abiDiff: 'not UTF-8 at line 37, column 15' }, ok) },
  { name: 'CP1252 0x81 is U+0081 (libxml2, where iconv has none)', src: withSerial('\u0081'), dst: withSerial(bytes(0x81), 'CP1252'), want: forky(NOT_UTF8, ok) },
  { name: 'MS-ANSI (iconv) 0x81 is invalid', src: withSerial('x'), dst: withSerial(bytes(0x81), 'MS-ANSI'), want: forky(NOT_UTF8, { libvirt: 'Invalid bytes in character encoding', abiDiff: 'malformed XML at line 37, column 15: Invalid bytes in character encoding (0x81 is no MS-ANSI character)' }) },
  { name: 'ASCII [ declared ISO646-DE is Ä', src: withSerial('Ä'), dst: withSerial('[', 'ISO646-DE'), want: forky({ libvirt: serial('Ä').replace('%s', '[') }, ok) },
  { name: 'VISCII 0x02 is Ẳ (a control byte elsewhere)', src: withSerial('Ẳ'), dst: withSerial(bytes(0x02), 'VISCII'), want: forky({ libvirt: 'PCDATA invalid Char value 2', abiDiff: 'line 37: invalid character U+0002' }, ok) },
  { name: 'US-ASCII 0xE9 is invalid', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'US-ASCII'), want: forky(NOT_UTF8, { libvirt: 'Invalid bytes in character encoding', abiDiff: 'Invalid bytes in character encoding (0xE9 is no US-ASCII character)' }) },
  { name: 'ISO-8859-3 0xA5 is invalid', src: withSerial('x'), dst: withSerial(bytes(0xa5), 'ISO-8859-3'), want: forky(NOT_UTF8, { libvirt: 'Invalid bytes in character encoding', abiDiff: 'Invalid bytes in character encoding (0xA5 is no ISO-8859-3 character)' }) },
  { name: 'an unknown encoding is refused before a non-UTF-8 byte', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'bogus'), want: { '7.0.0': { libvirt: 'Unsupported encoding bogus' }, '12.0.0': { libvirt: 'Unsupported encoding: bogus' }, '12.9.0': { libvirt: 'Unsupported encoding bogus' } } },
  { name: 'UTF-16 declared, then a non-UTF-8 byte', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'UTF-16'), want: forky(NOT_UTF8, { libvirt: 'Blank needed here' }) },
  { name: 'EUC-JP, all ASCII', src: withSerial('ab'), dst: withSerial('ab', 'EUC-JP'), want: { '7.0.0': ok } },
  { name: 'EUC-JP 0xA4A2 is あ', src: withSerial('あ'), dst: withSerial(bytes(0xa4, 0xa2), 'EUC-JP'), want: forky(NOT_UTF8, { libvirt: 'compatible', abiDiff: 'cannot decode EUC-JP: the byte 0xA4 at line 37, column 15 is not one that reads as ASCII' }) },
  { name: 'SHIFT_JIS ~ (not ASCII there)', src: withSerial('~'), dst: withSerial('~', 'SHIFT_JIS'), want: forky(ok, { libvirt: serial('~').replace('%s', '‾'), abiDiff: 'cannot decode SHIFT_JIS: the byte 0x7E at line 37, column 15 is not one that reads as ASCII' }) },
  { name: 'UTF-8 declared, latin-1 byte', src: withSerial('é'), dst: withSerial(bytes(0xe9), 'UTF-8'), want: { '7.0.0': NOT_UTF8 } },
];
