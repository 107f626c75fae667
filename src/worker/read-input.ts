/**
 * Reads one domain XML file as libvirt does (`virFileReadAll`, then the bytes as a C string that
 * the profile's libxml2 decodes) and turns every way that can fail into an input error naming
 * the file: too large, not a regular file, unreadable, vanished, UTF-16, binary, not UTF-8, not
 * in the declared encoding.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Profile } from '../model/profile.js';
import { ASCII_OR_NOTHING, INVALID_BYTE, SINGLE_BYTE } from '../parse/xml-charsets.js';
import { encodingProblem, libxmlOf, XML_DECLARATION } from '../parse/xml-tree.js';

export interface InputProblem { message: string; line?: number }

export const isProblem = (v: Buffer | string | InputProblem): v is InputProblem => typeof v === 'object' && !Buffer.isBuffer(v);

const REASONS: Record<string, string> = {
  ENOENT: 'no such file (removed or renamed after the run started?)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  EISDIR: 'a directory, not a domain XML file',
  ENOTDIR: 'a path component is not a directory',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

function readFailure(path: string, err: unknown): InputProblem {
  const code = (err as NodeJS.ErrnoException).code;
  return { message: `${path}: cannot read file: ${(code && REASONS[code]) ?? (err as Error).message}` };
}

// A domain file is a few KiB: one read into a reused buffer gets all of it, and a read that
// stops short of the buffer's end has reached the end of a regular file. Only what may be
// something else (nothing read, the buffer filled, over the size limit, a read error) pays for
// the fstat below. That is an fstat and an allocation less per file, ~5 of ~18 us here. (A FIFO
// named in a manifest whose writer has sent part of a file is read as that part; discovery
// never yields a FIFO.)
const FIRST_READ_BYTES = 256 * 1024;
let firstRead: Buffer | undefined;

/**
 * The file's bytes, or why they cannot be had. A file that may be over the limit has its size
 * checked on the open descriptor before more is read, and no more than that size is read even
 * if the file grows meanwhile.
 */
export function readInput(path: string, maxSize: number): Buffer | InputProblem {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO named *.xml must not hang the worker waiting for a writer
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return readFailure(path, err);
  }
  try {
    firstRead ??= Buffer.allocUnsafeSlow(FIRST_READ_BYTES);
    let n = 0;
    try {
      // from the current position: a FIFO has none
      n = readSync(fd, firstRead, 0, firstRead.length, null);
    } catch {
      // a directory (EISDIR), a FIFO without data (EAGAIN), an I/O error: the path below says which
    }
    if (n > 0 && n < firstRead.length && n <= maxSize) return Buffer.from(firstRead.subarray(0, n));
    const st = fstatSync(fd);
    if (st.isDirectory()) return { message: `${path}: cannot read file: ${REASONS.EISDIR}` };
    if (!st.isFile()) return { message: `${path}: not a regular file (a device, FIFO or socket), not a domain XML file` };
    if (st.size > maxSize) return { message: `${path}: file is ${st.size} bytes, over the size limit of ${maxSize} bytes (--max-file-size)` };
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break; // truncated while we read: check what is there
      got += n;
    }
    return got < buf.length ? buf.subarray(0, got) : buf;
  } catch (err) {
    return readFailure(path, err);
  } finally {
    closeSync(fd);
  }
}

// ignoreBOM: the BOM stays in the text, for the XML layer to drop (once)
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Line and column (1-based, in bytes) of a byte offset. */
function position(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1, lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < at; i = bytes.indexOf(10, i + 1)) { line++; lineStart = i + 1; }
  return { line, column: at - lineStart + 1 };
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let n: number, min: number, cp: number;
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; cp = c & 0x07; }
    else return i;
    if (i + n >= b.length) return i; // cut short by the end of the file
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

const hexByte = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
const hex = (bytes: Uint8Array) => [...bytes].map(hexByte).join(' ');

let charsets: { single: Map<string, string>; asciiOnly: Map<string, string> } | undefined;
const namesOf = (list: string) => list.split(/\s+/).filter(Boolean);

/** The declared encoding and where libxml2 starts decoding in it: just after the name's closing quote. */
function declaredEncoding(bytes: Buffer): { name: string; from: number; bom: boolean } | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = bom ? 3 : 0;
  if (bytes[start] !== 60 /* < */) return undefined;
  const head = bytes.toString('latin1', start, start + 1024);
  const decl = XML_DECLARATION.exec(head);
  if (!decl || decl[3] === undefined) return undefined;
  return { name: decl[3], from: start + decl[0].indexOf(decl[2] + decl[3] + decl[2]) + decl[3].length + 2, bom };
}

/**
 * libxml2 2.15 decodes what follows the declaration in the declared encoding, with glibc iconv
 * (tables measured in Debian forky by scripts/charsets.ts). An invalid byte stops it before
 * parsing. (It decodes a large file in chunks: an invalid byte 200 KB in comes after the
 * well-formedness errors before it there; abi-diff reports the byte.)
 */
function decodeDeclared(path: string, bytes: Buffer, name: string, from: number): string | InputProblem {
  charsets ??= {
    single: new Map(SINGLE_BYTE.flatMap(([table, names]) => namesOf(names).map((n) => [n, table] as [string, string]))),
    asciiOnly: new Map(Object.entries(ASCII_OR_NOTHING).flatMap(([other, names]) => namesOf(names).map((n) => [n, other] as [string, string]))),
  };
  const upper = name.toUpperCase();
  const table = charsets.single.get(upper);
  if (table !== undefined) {
    let text = bytes.toString('latin1', 0, from);
    for (let i = from; i < bytes.length; i++) {
      const c = table[bytes[i]];
      if (c === INVALID_BYTE) {
        const { line, column } = position(bytes, i);
        return { message: `${path}: XML error: malformed XML at line ${line}, column ${column}: Invalid bytes in character encoding (${hexByte(bytes[i])} is no ${name} character)`, line };
      }
      text += c;
    }
    return text;
  }
  const other = charsets.asciiOnly.get(upper) ?? '';
  for (let i = from; i < bytes.length; i++) {
    if (bytes[i] < 0x80 && !other.includes(String.fromCharCode(bytes[i]))) continue;
    const { line, column } = position(bytes, i);
    return { message: `${path}: cannot decode ${name}: the byte ${hexByte(bytes[i])} at line ${line}, column ${column} is not one that reads as ASCII in it, and abi-diff decodes no more of ${name} (the profile's libxml2 decodes a file in the encoding it declares)`, line };
  }
  return bytes.toString('latin1');
}

/**
 * The text libvirt would parse; a UTF-8 byte-order mark stays for the XML layer, which drops one
 * as libxml2 does. Without a profile, the bytes are read as UTF-8 whatever they declare.
 */
export function decodeInput(path: string, bytes: Buffer, profile?: Profile): string | InputProblem {
  // libvirt reads the file as a C string: UTF-16 ends at its first NUL byte and never parses
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes.length > 1 && (bytes[0] === 0) !== (bytes[1] === 0))) {
    return { message: `${path}: UTF-16 is not supported, libvirt reads domain XML as UTF-8`, line: 1 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = position(bytes, nul);
    return { message: `${path}: binary data: a NUL byte at line ${line}, column ${column}; libvirt reads domain XML as text and stops there`, line };
  }
  const declared = profile && declaredEncoding(bytes);
  if (declared) {
    const libxml = libxmlOf(profile);
    // every libxml2 refuses a bad encoding name before it reads a byte in it: the XML layer says why
    if (encodingProblem(declared.name, libxml, declared.bom)) {
      const text = decodeUtf8(path, bytes);
      return typeof text === 'string' ? text : bytes.toString('latin1');
    }
    if (libxml.decodesDeclaredEncoding && !declared.bom && !/^UTF-?8$/i.test(declared.name)) return decodeDeclared(path, bytes, declared.name, declared.from);
  }
  return decodeUtf8(path, bytes);
}

function decodeUtf8(path: string, bytes: Buffer): string | InputProblem {
  const text = bytes.toString('utf8');
  // toString marks bad bytes with U+FFFD; the strict decoder tells them from a real U+FFFD
  if (!text.includes('\ufffd')) return text;
  try {
    return utf8.decode(bytes);
  } catch {
    const at = invalidUtf8At(bytes);
    if (at === -1) return { message: `${path}: not UTF-8; libvirt reads domain XML as UTF-8` };
    const { line, column } = position(bytes, at);
    return { message: `${path}: not UTF-8 at line ${line}, column ${column} (bytes ${hex(bytes.subarray(at, at + 4))}); libvirt reads domain XML as UTF-8`, line };
  }
}
