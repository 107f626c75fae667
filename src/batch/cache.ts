/**
 * `--cache FILE`: verdicts of an earlier run, for the profile, flags and tool version that
 * produced them. A nightly re-audit then re-checks only the pairs whose files changed; the others
 * are still reported. A file counts as unchanged when its size, inode, mtime and ctime are those
 * recorded (no read at all), or else when the hash of both files' contents is the recorded one.
 * Entries are kept in pair id order and read as a stream beside the sorted pairs, so a cache of
 * 10^6 pairs is never held in memory. A cache written under other settings, or damaged, is
 * ignored with a warning, never trusted.
 *
 * After the header, a line per pair: `<id as JSON> TAB <SeenFiles> TAB <Outcome as JSON> TAB
 * <checksum>`. The main thread reads 10^6 of them per re-audit: the id and the seen files are
 * sliced out, not parsed, and an entry holds no paths (the run's own are used). The checksum
 * (SHA-1 of the rest of the line) catches a line edited or corrupted since it was written; it is
 * no signature: whoever can write the cache can forge verdicts (README, "--cache").
 */
import * as crypto from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_MAX_FILE_SIZE, outcomeOf, resultWith, type Outcome, type PairResult, type SeenFiles } from '../model/result.js';
import { reportOut } from '../reports/text-out.js';
import { FileError, kind, openRegular } from '../reports/files.js';
import { reason, UsageError } from './usage-error.js';

export const CACHE_FORMAT = 'abi-diff-cache/4';

/** How every cache file begins (the header as JSON.stringify writes it): what may be overwritten. */
const CACHE_START = '{"format":"abi-diff-cache/';

export interface CacheIdentity {
  toolVersion: string;
  profile: string;
  skipVolatile: boolean;
  driver: string;
  /** --live: the same files parse differently as live XML. */
  live: boolean;
  /** --max-file-size: a file reused under a larger limit may be over this one. */
  maxFileSize: number;
  /** --patches: the verdicts of a cache made without it carry no fix. */
  patches?: boolean;
}

/** The line an entry was read from (a symbol: JSON.stringify leaves it out). */
const LINE = Symbol('cache line');

/** One line of the cache: the pair's files as last seen and the verdict computed for them. */
export interface CacheEntry {
  id: string;
  seen: SeenFiles;
  outcome: Outcome;
  [LINE]?: string;
}

const sameIdentity = (a: CacheIdentity, b: CacheIdentity) =>
  a.toolVersion === b.toolVersion && a.profile === b.profile && a.skipVolatile === b.skipVolatile && a.driver === b.driver &&
  a.live === b.live && a.maxFileSize === b.maxFileSize && (a.patches ?? false) === (b.patches ?? false);

const describeIdentity = (i: CacheIdentity) =>
  `abi-diff ${i.toolVersion} with profile ${i.profile}${i.skipVolatile ? ' and --skip-volatile' : ''}${i.live ? ' and --live' : ''}${i.driver !== 'generic' ? ` and --driver ${i.driver}` : ''}${i.maxFileSize !== DEFAULT_MAX_FILE_SIZE ? ` and --max-file-size ${i.maxFileSize}` : ''}${i.patches ? ' and --patches' : ''}`;

/**
 * The lines of a file read in large chunks: a re-audit reads a line per pair, and readline's
 * stream events and promise per line were a tenth of the main thread's time.
 */
class LineSource {
  private lines: string[] = [];
  private at = 0;
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk = Buffer.allocUnsafe(1 << 20);
  private eof = false;

  constructor(private readonly fh: FileHandle) {}

  /** Whether take() can answer now (a line, or undefined at the end); otherwise read() first. */
  buffered(): boolean {
    return this.at < this.lines.length || this.eof;
  }

  /** The next buffered line (call only when buffered()). */
  take(): string | undefined {
    return this.at < this.lines.length ? this.lines[this.at++] : undefined;
  }

  async read(): Promise<void> {
    while (this.at >= this.lines.length && !this.eof) {
      const { bytesRead } = await this.fh.read(this.chunk, 0, this.chunk.length, null);
      const text = this.partial + (bytesRead ? this.decoder.write(this.chunk.subarray(0, bytesRead)) : this.decoder.end());
      if (!bytesRead) {
        this.eof = true;
        await this.close();
      }
      const lines = text.split('\n');
      this.partial = this.eof ? '' : lines.pop()!;
      if (this.eof && lines[lines.length - 1] === '') lines.pop();
      this.lines = lines;
      this.at = 0;
    }
  }

  async close(): Promise<void> {
    this.eof = true;
    await this.fh.close().catch(() => undefined);
  }
}

/** The outcome most pairs have, recognised without a parse. */
const COMPATIBLE = '{"status":"compatible","mismatches":[]}';

// crypto.hash (Node 20.12) is a third of createHash's cost per line: 0.5 s per 10^6 entries
const sha1 = (text: string): string =>
  crypto.hash ? crypto.hash('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');

/** An entry's line: its fields and their checksum. */
export const sealEntry = (fields: string): string => `${fields}\t${sha1(fields)}`;

export function encodeEntry(id: string, seen: SeenFiles, r: Outcome): string {
  return sealEntry(`${JSON.stringify(id)}\t${seen}\t${JSON.stringify(outcomeOf(r))}`);
}

function entryOf(sealed: string): CacheEntry {
  // the outcome is JSON, which escapes tabs: the last one starts the checksum
  const sumAt = sealed.lastIndexOf('\t');
  const line = sealed.slice(0, sumAt);
  if (sumAt < 0 || sha1(line) !== sealed.slice(sumAt + 1)) throw new Error(`an entry does not match its checksum (edited or corrupted): ${sealed.slice(0, 120)}`);
  const idEnd = line.indexOf('\t');
  const seenEnd = line.indexOf('\t', idEnd + 1);
  if (idEnd < 2 || seenEnd < 0) throw new Error('malformed entry');
  // an id with nothing to unescape (a quote or a control character always comes escaped) is sliced out
  const plain = line.charCodeAt(0) === 0x22 && line.indexOf('"', 1) === idEnd - 1 && line.lastIndexOf('\\', idEnd) < 0;
  const id = plain ? line.slice(1, idEnd - 1) : JSON.parse(line.slice(0, idEnd)) as unknown;
  const seen = line.slice(idEnd + 1, seenEnd);
  const text = line.slice(seenEnd + 1);
  // the outcome of most pairs is known good without a parse or a check
  const outcome: unknown = text === COMPATIBLE ? { status: 'compatible', mismatches: [] } satisfies Outcome : JSON.parse(text);
  if (typeof id !== 'string' || !seen || (text !== COMPATIBLE && !isOutcome(outcome))) throw new Error('malformed entry');
  return { id, seen, outcome: outcome as Outcome, [LINE]: sealed };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (v: Record<string, unknown>, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));
const isLine = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);

const isMismatch = (m: unknown): boolean =>
  isObject(m) && hasOnly(m, ['rule', 'message', 'path', 'line', 'srcLine']) &&
  typeof m.rule === 'string' && typeof m.message === 'string' && typeof m.path === 'string' && isLine(m.line) && isLine(m.srcLine);

/**
 * Whether a cached outcome has the shape the reports rely on (an incompatible pair has a first
 * mismatch, a pair that could not be checked says why), and nothing else: a hand-edited or
 * damaged entry is not trusted with a pair's verdict, nor allowed to crash a report writer.
 */
function isOutcome(o: unknown): o is Outcome {
  if (!isObject(o) || !hasOnly(o, ['status', 'mismatches', 'error']) || !Array.isArray(o.mismatches) || !o.mismatches.every(isMismatch)) return false;
  const e = o.error;
  switch (o.status) {
    case 'compatible': return !o.mismatches.length && e === undefined;
    case 'incompatible': return o.mismatches.length > 0 && e === undefined;
    case 'error':
    case 'unpaired':
      return !o.mismatches.length && isObject(e) && hasOnly(e, ['side', 'message', 'line']) && (e.side === 'src' || e.side === 'dst') && typeof e.message === 'string' && isLine(e.line);
    default: return false;
  }
}

/** The cached verdict under the pair's id and paths in this run. */
export const resultOf = (e: CacheEntry, src: string | null, dst: string | null): PairResult => resultWith(e.id, src, dst, e.outcome);

/**
 * Looks verdicts up for pairs asked in increasing id order (the order discovery yields them),
 * reading the cache file alongside. A pair asked out of order simply misses and is re-checked.
 */
export class CacheReader {
  private next: CacheEntry | undefined;
  private lines: LineSource | undefined;
  private lastId = '';

  private constructor(private readonly file: string, private readonly warn: (msg: string) => void) {}

  /**
   * A reader of a usable cache; one that finds nothing (and a warning) for a foreign or damaged
   * one. A file that is no cache at all (a report, a baseline, the README) is a UsageError: the
   * run would replace it.
   */
  static async open(file: string, identity: CacheIdentity, warn: (msg: string) => void): Promise<CacheReader> {
    const reader = new CacheReader(file, warn);
    const st = await stat(file).catch((err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return undefined; throw new UsageError(`--cache ${file}: ${reason(err)}`); });
    if (!st) return reader;
    if (!st.isFile()) throw new UsageError(`--cache ${file} is not an abi-diff cache (${kind(st)}, not a regular file): refusing to replace it`);
    if (st.size === 0) return reader;
    let lines: LineSource | undefined;
    try {
      const { fh } = await openRegular(file);
      lines = new LineSource(fh);
      // the first bytes only (a positional read): a large file that is no cache is not read through
      const start = Buffer.alloc(CACHE_START.length);
      await fh.read(start, 0, start.length, 0);
      if (start.toString('latin1') !== CACHE_START) {
        await lines.close();
        throw new UsageError(`--cache ${file} is not an abi-diff cache (it does not begin with ${CACHE_START}): refusing to overwrite it; name a new file`);
      }
      await lines.read();
      const first = lines.take();
      if (first === undefined) throw new Error('empty file');
      const h = JSON.parse(first) as { format?: unknown } & CacheIdentity;
      if (typeof h.format === 'string' && h.format.startsWith('abi-diff-cache/') && h.format !== CACHE_FORMAT) {
        warn(`cache ${file} is in format ${h.format}, this abi-diff reads ${CACHE_FORMAT}: ignored, every pair is checked (the new cache replaces it)`);
        await lines.close();
        return reader;
      }
      if (h.format !== CACHE_FORMAT) throw new Error(`not an ${CACHE_FORMAT} file`);
      if (!sameIdentity(h, identity)) {
        warn(`cache ${file} was written by ${describeIdentity(h)}, this run is ${describeIdentity(identity)}: ignored, every pair is checked`);
        await lines.close();
        return reader;
      }
      reader.lines = lines;
      await reader.advance();
    } catch (err) {
      if (err instanceof UsageError) throw err;
      await lines?.close();
      // a FIFO or device is not a damaged cache: the new one would replace it
      if (err instanceof FileError) throw new FileError(err.file, err.reason, err.code, `--cache ${err.message}`);
      reader.lines = undefined;
      reader.next = undefined;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cache ${file} is unreadable (${(err as Error).message}): ignored, every pair is checked`);
    }
    return reader;
  }

  /** Moves to the next entry using buffered lines only; false when a read must come first. */
  private step(): boolean {
    for (;;) {
      if (!this.lines) { this.next = undefined; return true; }
      if (!this.lines.buffered()) return false;
      const line = this.lines.take();
      if (line === undefined) { this.lines = undefined; this.next = undefined; return true; }
      if (!line) continue;
      this.next = entryOf(line);
      return true;
    }
  }

  private async advance(): Promise<void> {
    while (!this.step()) await this.lines!.read();
  }

  private handedBack: CacheEntry[] = [];

  /** Entries looked up for pairs a stopped run did not report: rest() yields them first. */
  putBack(entries: CacheEntry[]): void {
    this.handedBack.push(...entries);
  }

  /** The entries of the pairs a stopped run did not report, in order: handed back, then those not yet read. */
  async *rest(): AsyncGenerator<CacheEntry> {
    yield* this.handedBack;
    try {
      if (this.next && this.next.id > this.lastId) yield this.next;
      for (;;) {
        await this.advance();
        if (!this.next) return;
        yield this.next;
      }
    } catch {
      // a damaged tail is simply not kept
    }
  }

  /** The cached verdict of pair `id`, if any. */
  async get(id: string): Promise<CacheEntry | undefined> {
    return (await this.getMany([id]))[0];
  }

  /** The cached verdicts of pairs `ids` (in increasing order), undefined where there is none. */
  async getMany(ids: readonly string[]): Promise<(CacheEntry | undefined)[]> {
    const found: (CacheEntry | undefined)[] = [];
    for (const id of ids) {
      if (id < this.lastId) { found.push(undefined); continue; }
      this.lastId = id;
      try {
        // a whole chunk of lines is buffered: only every few thousandth step waits for a read
        while (this.next && this.next.id < id) if (!this.step()) await this.lines!.read();
      } catch (err) {
        // a damaged line: the verdicts before it were used, the rest are checked again
        this.warn(`cache ${this.file} is damaged (${(err as Error).message}): the remaining pairs are checked again`);
        await this.lines?.close();
        this.lines = undefined;
        this.next = undefined;
      }
      found.push(this.next?.id === id ? this.next : undefined);
    }
    return found;
  }
}

/** Writes the new cache beside the old one and swaps it in at the end (`keep`: old entries still valid). */
export async function openCacheWriter(file: string, identity: CacheIdentity) {
  // like a report: complete or not at all, and no temporary file left on a failure
  const out = reportOut(file);
  await out.write(JSON.stringify({ format: CACHE_FORMAT, ...identity }) + '\n');
  return {
    /** The pair's verdict as computed for the files `seen`; `reused`: the entry it still is, copied as read. */
    add(seen: SeenFiles, result: PairResult, reused?: CacheEntry): void | Promise<void> {
      return out.write((reused?.[LINE] ?? encodeEntry(result.id, seen, result)) + '\n');
    },
    /** Finishes the cache; a stopped run first copies the earlier entries of the pairs it did not reach. */
    async close(keep: AsyncIterable<CacheEntry> | Iterable<CacheEntry> = []) {
      for await (const e of keep) await out.write((e[LINE] ?? encodeEntry(e.id, e.seen, e.outcome)) + '\n');
      await out.end();
    },
    abandon: out.discard,
  };
}
