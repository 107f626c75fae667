/**
 * `--cache FILE`: verdicts of an earlier run, for the profile, flags and tool version that
 * produced them. A nightly re-audit then re-checks only the pairs whose files changed; the others
 * are still reported. A file counts as unchanged when its size, inode, mtime and ctime are those
 * recorded (no read at all), or else when the hash of both files' contents is the recorded one.
 * Entries are kept in pair id order and read as a stream beside the sorted pairs, so a cache of
 * 10^6 pairs is never held in memory. A cache written under other settings, or damaged, is
 * ignored with a warning, never trusted.
 */
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { CachedVerdict, FileStamp, PairResult } from '../model/result.js';
import { textOut } from '../reports/text-out.js';

export const CACHE_FORMAT = 'abi-diff-cache/2';

export interface CacheIdentity {
  toolVersion: string;
  profile: string;
  skipVolatile: boolean;
  driver: string;
  /** --live: the same files parse differently as live XML. */
  live: boolean;
}

/** One line of the cache: the pair's files as last seen and the verdict computed for them. */
export interface CacheEntry extends CachedVerdict {
  result: PairResult;
}

const sameIdentity = (a: CacheIdentity, b: CacheIdentity) =>
  a.toolVersion === b.toolVersion && a.profile === b.profile && a.skipVolatile === b.skipVolatile && a.driver === b.driver &&
  // caches written before --live existed hold inactive-parse verdicts
  (a.live ?? false) === b.live;

const describeIdentity = (i: CacheIdentity) =>
  `abi-diff ${i.toolVersion} with profile ${i.profile}${i.skipVolatile ? ' and --skip-volatile' : ''}${i.live ? ' and --live' : ''}${i.driver !== 'generic' ? ` and --driver ${i.driver}` : ''}`;

const isStamp = (s: unknown): s is FileStamp =>
  !!s && typeof s === 'object' && ['size', 'ino', 'mtimeMs', 'ctimeMs'].every((k) => typeof (s as Record<string, unknown>)[k] === 'number');

/** The line each entry was read from. */
const lineOf = new WeakMap<CacheEntry, string>();

function entryOf(line: string): CacheEntry {
  const e = JSON.parse(line) as CacheEntry;
  lineOf.set(e, line);
  if (typeof e.key !== 'string' || !isStamp(e.src) || !isStamp(e.dst) || !e.result || typeof e.result.id !== 'string' || typeof e.result.status !== 'string') throw new Error('malformed entry');
  return e;
}

/**
 * Looks verdicts up for pairs asked in increasing id order (the order discovery yields them),
 * reading the cache file alongside. A pair asked out of order simply misses and is re-checked.
 */
export class CacheReader {
  private next: CacheEntry | undefined;
  private lines: AsyncIterator<string> | undefined;
  private lastId = '';

  private constructor(private readonly file: string, private readonly warn: (msg: string) => void) {}

  /** A reader of a usable cache; one that finds nothing (and a warning) for a foreign or damaged one. */
  static async open(file: string, identity: CacheIdentity, warn: (msg: string) => void): Promise<CacheReader> {
    const reader = new CacheReader(file, warn);
    const stream = createReadStream(file, 'utf8');
    const lines = createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]();
    try {
      const first = await lines.next();
      if (first.done) throw new Error('empty file');
      const h = JSON.parse(first.value) as { format?: string } & CacheIdentity;
      if (h.format !== CACHE_FORMAT) throw new Error(`not an ${CACHE_FORMAT} file`);
      if (!sameIdentity(h, identity)) {
        warn(`cache ${file} was written by ${describeIdentity(h)}, this run is ${describeIdentity(identity)}: ignored, every pair is checked`);
        stream.destroy();
        return reader;
      }
      reader.lines = lines;
      await reader.advance();
    } catch (err) {
      stream.destroy();
      reader.lines = undefined;
      reader.next = undefined;
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cache ${file} is unreadable (${(err as Error).message}): ignored, every pair is checked`);
    }
    return reader;
  }

  private async advance(): Promise<void> {
    this.next = undefined;
    if (!this.lines) return;
    for (;;) {
      const r = await this.lines.next();
      if (r.done) { this.lines = undefined; return; }
      if (!r.value) continue;
      this.next = entryOf(r.value);
      return;
    }
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
      if (this.next && this.next.result.id > this.lastId) yield this.next;
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
    if (id < this.lastId) return undefined;
    this.lastId = id;
    try {
      while (this.next && this.next.result.id < id) await this.advance();
    } catch (err) {
      // a damaged line: the verdicts before it were used, the rest are checked again
      this.warn(`cache ${this.file} is damaged (${(err as Error).message}): the remaining pairs are checked again`);
      this.lines = undefined;
      this.next = undefined;
    }
    return this.next?.result.id === id ? this.next : undefined;
  }
}

/** Writes the new cache beside the old one and swaps it in at the end (`keep`: old entries still valid). */
export async function openCacheWriter(file: string, identity: CacheIdentity) {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = textOut(tmp);
  await out.write(JSON.stringify({ format: CACHE_FORMAT, ...identity }) + '\n');
  return {
    async add(verdict: CachedVerdict, result: PairResult) {
      // an entry reused as it was is copied, not encoded again
      const line = (verdict as CacheEntry).result === result ? lineOf.get(verdict as CacheEntry) : undefined;
      await out.write((line ?? JSON.stringify({ key: verdict.key, src: verdict.src, dst: verdict.dst, result })) + '\n');
    },
    /** Finishes the cache; a stopped run first copies the earlier entries of the pairs it did not reach. */
    async close(keep: AsyncIterable<CacheEntry> | Iterable<CacheEntry> = []) {
      for await (const e of keep) await out.write((lineOf.get(e) ?? JSON.stringify(e)) + '\n');
      await out.end();
      await rename(tmp, file);
    },
    async abandon() {
      await out.end().catch(() => undefined);
      await rm(tmp, { force: true });
    },
  };
}
