/**
 * How abi-diff opens the files it is given on the main thread (config, baseline, cache,
 * manifest, reports to merge, lines for the HTML report) and creates the ones it writes.
 *
 * A read never blocks: every file is opened with O_NONBLOCK and checked on its descriptor
 * before it is read, so a FIFO or a device named as `--cache`, `--baseline` or `--config` is an
 * error naming it, not a hang that SIGTERM cannot end. Files are created under random names
 * with O_EXCL, so nothing planted in a shared output directory is followed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, statfsSync, type Stats } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A file abi-diff cannot use as asked (not a regular file, cannot be read or written): the message names it. */
export class FileError extends Error {
  constructor(readonly file: string, readonly reason: string, readonly code?: string, message = `${file}: ${reason}`) {
    super(message);
  }
}

const OPEN_READ = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** What the file is, for a message, when it is not a regular file. */
export function kind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Throws when an fstat'ed file is not a plain file (a directory keeps its usual code, EISDIR). */
function checkRegular(file: string, st: Stats): void {
  if (!st.isFile()) throw new FileError(file, `${kind(st)}, not a regular file`, st.isDirectory() ? 'EISDIR' : undefined);
}

/**
 * The file opened for reading, checked to be a regular file on its descriptor: opening a FIFO
 * without O_NONBLOCK waits for a writer, and reading one waits for data.
 */
export async function openRegular(file: string): Promise<{ fh: FileHandle; size: number }> {
  const fh = await open(file, OPEN_READ);
  try {
    const st = await fh.stat();
    checkRegular(file, st);
    return { fh, size: st.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/**
 * A small file's text (config, baseline), read to its size as fstat gives it: a file of the
 * kernel's pseudo file systems says 0 and is read as empty, never waited on (/proc/kmsg).
 */
export async function readRegular(file: string): Promise<string> {
  const { fh, size } = await openRegular(file);
  try {
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(buf, got, size - got, got);
      if (!bytesRead) break;
      got += bytesRead;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** The synchronous twin of readRegular, for the config file read while the command line is parsed. */
export function readRegularSync(file: string): string {
  const fd = openSync(file, OPEN_READ);
  try {
    const st = fstatSync(fd);
    checkRegular(file, st);
    return readTo(fd, st.size).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function readTo(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buf, got, size - got, got);
    if (!n) break;
    got += n;
  }
  return buf.subarray(0, got);
}

// statfs f_type of the kernel's pseudo file systems: proc, sysfs, debugfs, tracefs, securityfs,
// cgroup, cgroup2, configfs, efivarfs, pstore, bpf. Their "regular files" are views of the
// running system (a process's environment, the kernel log), never a user's domain XML.
const PSEUDO_FS = new Set([0x9fa0, 0x62656572, 0x64626720, 0x74726163, 0x73636673, 0x27e0eb, 0x63677270, 0x62656570, 0xde5e81e4, 0x6165676c, 0xcafe4a11]);
const SYSTEM_TREES = ['/proc/', '/sys/', '/dev/'];

function onPseudoFs(file: string, fd: number): boolean {
  if (SYSTEM_TREES.some((t) => resolve(file).startsWith(t))) return true;
  try {
    // the descriptor's own file system, whatever links led to it
    return PSEUDO_FS.has(Number(statfsSync(`/proc/self/fd/${fd}`).type));
  } catch {
    try {
      return PSEUDO_FS.has(Number(statfsSync(file).type));
    } catch {
      return true;
    }
  }
}

/**
 * Where a domain document's root element starts: after an optional byte-order mark, XML
 * declaration, comments, processing instructions and a doctype.
 */
const DOMAIN_ROOT = /^\uFEFF?(?:\s+|<\?[^]*?\?>|<!--[^]*?-->|<!DOCTYPE[^<>\[]*(?:\[[^]*?\])?\s*>)*<domain[\s/>]/;

/** Whether the text is (the start of) a libvirt domain document. */
export const isDomainDocument = (text: string): boolean => DOMAIN_ROOT.test(text);

/**
 * The text of a domain XML file for showing its lines in a report, or undefined. Only a regular
 * file of at most `maxBytes` on a real file system whose text is a domain document is read, and
 * no further than the size fstat gives: a link to /proc/self/environ, /etc/shadow or a device
 * shows nothing, and nothing is waited on.
 */
export function readDomainText(file: string, maxBytes: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, OPEN_READ);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0 || st.size > maxBytes || onPseudoFs(file, fd)) return undefined;
    const text = readTo(fd, st.size).toString('utf8');
    return isDomainDocument(text) ? text : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir loops for ever where the parent exists
 * but refuses the child with ENOENT (`--out /proc/nope`).
 */
export async function makeDir(dir: string): Promise<void> {
  const made = async () => {
    try {
      await mkdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw err;
    }
  };
  try {
    return await made();
  } catch (err) {
    const parent = dirname(dir);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw err;
    // ENOENT with the parent there is final (/proc takes no new entries); else make the parent first
    if (await stat(parent).then((s) => s.isDirectory(), () => false)) throw err;
    await makeDir(parent);
  }
  await made();
}

/**
 * A new file beside `target`, under a name no one can guess (`.NAME.RANDOM.tmp`), created with
 * O_EXCL: a symbolic link or file planted in a shared directory is never followed nor reused.
 */
export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Flags that create a new file and fail if anything, a dangling symbolic link included, is there. */
export const CREATE_NEW = 'wx';

/** A file error's reason without the path Node appends (the message names the file already). */
export const errorReason = (err: unknown): string => {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof FileError) return err.reason;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/s, '')}` : e.message;
};
