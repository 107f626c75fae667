/**
 * Reads one domain XML file as libvirt does (`virFileReadAll`, then the bytes as a UTF-8 C
 * string) and turns every way that can fail into an input error naming the file: too large,
 * not a regular file, unreadable, vanished, UTF-16, binary, not UTF-8.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

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

const hex = (bytes: Uint8Array) => [...bytes].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');

/** The text libvirt would parse; a UTF-8 byte-order mark stays for the XML layer, which drops one as libxml2 does. */
export function decodeInput(path: string, bytes: Buffer): string | InputProblem {
  // libvirt reads the file as a C string: UTF-16 ends at its first NUL byte and never parses
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes.length > 1 && (bytes[0] === 0) !== (bytes[1] === 0))) {
    return { message: `${path}: UTF-16 is not supported, libvirt reads domain XML as UTF-8`, line: 1 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = position(bytes, nul);
    return { message: `${path}: binary data: a NUL byte at line ${line}, column ${column}; libvirt reads domain XML as text and stops there`, line };
  }
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
