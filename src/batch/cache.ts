/**
 * `--cache FILE`: verdicts of an earlier run keyed by a hash of both files' contents, for
 * the profile, flags and tool version that produced them. A nightly re-audit then re-checks
 * only the pairs whose files changed; the others are still reported. A cache written under
 * other settings, or damaged, is ignored with a warning, never trusted.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { PairResult } from '../model/result.js';

export const CACHE_FORMAT = 'abi-diff-cache/1';

export interface CacheIdentity {
  toolVersion: string;
  profile: string;
  skipVolatile: boolean;
  driver: string;
}

export interface CacheEntry { key: string; result: PairResult }

const sameIdentity = (a: CacheIdentity, b: CacheIdentity) =>
  a.toolVersion === b.toolVersion && a.profile === b.profile && a.skipVolatile === b.skipVolatile && a.driver === b.driver;

/** The entries of a usable cache; an empty map (and a warning) for a missing, foreign or damaged one. */
export async function loadCache(file: string, identity: CacheIdentity, warn: (msg: string) => void): Promise<Map<string, CacheEntry>> {
  const entries = new Map<string, CacheEntry>();
  let lines;
  try {
    lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let header = true;
    for await (const line of lines) {
      if (header) {
        const h = JSON.parse(line) as { format?: string } & CacheIdentity;
        if (h.format !== CACHE_FORMAT) throw new Error('not an abi-diff cache');
        if (!sameIdentity(h, identity)) {
          warn(`cache ${file} was written by abi-diff ${h.toolVersion} with profile ${h.profile}${h.skipVolatile ? ' and --skip-volatile' : ''}: ignored, every pair is checked`);
          return new Map();
        }
        header = false;
        continue;
      }
      if (!line) continue;
      const e = JSON.parse(line) as CacheEntry;
      if (typeof e.key !== 'string' || !e.result || typeof e.result.id !== 'string' || typeof e.result.status !== 'string') throw new Error('malformed entry');
      entries.set(e.result.id, e);
    }
    if (header) throw new Error('empty file');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    warn(`cache ${file} is unreadable (${(err as Error).message}): ignored, every pair is checked`);
    return new Map();
  }
  return entries;
}

/** Writes the new cache beside the old one and swaps it in at the end (`keep`: old entries still valid). */
export async function openCacheWriter(file: string, identity: CacheIdentity) {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  const write = async (s: string) => { if (!out.write(s)) await once(out, 'drain'); };
  await write(JSON.stringify({ format: CACHE_FORMAT, ...identity }) + '\n');
  return {
    async add(key: string, result: PairResult) {
      await write(JSON.stringify({ key, result }) + '\n');
    },
    async close(keep: Iterable<CacheEntry> = []) {
      for (const e of keep) await write(JSON.stringify(e) + '\n');
      out.end();
      await once(out, 'finish');
      await rename(tmp, file);
    },
  };
}
