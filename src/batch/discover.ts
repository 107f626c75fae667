/**
 * Finds the pairs to check: two files; two directories paired by relative path (streamed),
 * by domain uuid or by domain name; or the lines of a manifest (streamed).
 */
import { opendir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import picomatch from 'picomatch';
import type { PairTask, PathBases } from '../model/result.js';
import { batchesOf, itemsOf } from './chunks.js';
import { listedPairs, manifestPairs, openManifest, type ListedPair } from './manifest.js';
import { pairsByKey, type MatchKey } from './match.js';
import { reason, UsageError } from './usage-error.js';
import { excludedDir, walkXmlFileChunks, type WalkEntry, type WalkOptions } from './walk.js';

export { UsageError } from './usage-error.js';

export const MATCH_MODES = ['path', 'uuid', 'name'] as const;
export type MatchBy = (typeof MATCH_MODES)[number];

export type PairSpec =
  | { src: string; dst: string; match?: MatchBy; ignore?: string[] }
  | { manifest: string }
  /** Pairs listed by a library caller; read once (no second pass to count them). */
  | { list: Iterable<ListedPair> | AsyncIterable<ListedPair> };

export interface DiscoverOptions {
  /** Worker threads for --match uuid|name (each file's key is read in the pool). */
  jobs?: number;
  /** Directories that cannot be walked: said on stderr besides their error entry in the report. */
  warn?: (message: string) => void;
  /** A directory left out of both trees wherever it is in them: the reports' --out. */
  exclude?: string;
}

/** What walks of the directories of `opts` leave out. */
const walkOptions = (opts: { ignore?: string[]; exclude?: string }): WalkOptions => ({
  ignore: ignoreMatcher(opts.ignore),
  ...(opts.exclude === undefined ? {} : { skipDir: excludedDir(opts.exclude) }),
});

export interface PairSource {
  /**
   * One pass over the pairs in chunks, in report order (ids sorted, except a manifest's own
   * order). Each call starts a new pass; a `quiet` pass (counting for the progress line) does
   * not warn.
   */
  chunks(opts?: { quiet?: boolean }): AsyncGenerator<PairTask[]>;
  /** The same pass a pair at a time. */
  pairs(opts?: { quiet?: boolean }): AsyncGenerator<PairTask>;
}

/** Manifest lines are read one by one; they go on in chunks of this many. */
const MANIFEST_CHUNK = 256;

function sourceOf(chunks: PairSource['chunks']): PairSource {
  return { chunks, pairs: (o) => itemsOf(chunks(o)) };
}

async function kind(path: string): Promise<'file' | 'dir'> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (st.isDirectory()) {
    try {
      await (await opendir(path)).close();
    } catch (err) {
      throw new UsageError(`${path}: cannot read directory: ${reason(err)}`);
    }
    return 'dir';
  }
  if (st.isFile()) return 'file';
  throw new UsageError(`${path}: not a regular file or directory`);
}

export function ignoreMatcher(globs: string[] | undefined): WalkOptions['ignore'] {
  if (!globs?.length) return undefined;
  for (const g of globs) if (!g.trim()) throw new UsageError('--ignore needs a glob, got an empty string');
  return picomatch(globs, { dot: true });
}

/**
 * What join(root, rel) begins with for a relative path of the walk (names joined by '/', never
 * '.' or '..'): the pairs' paths are the base and the id, without a join per path (which was 5 %
 * of a re-audit's main thread).
 */
const baseOf = (root: string) => join(root, 'x').slice(0, -1);

/** The pair of one relative path (a file on one or both sides, or a directory that could not be walked). */
function pathTask(bases: PathBases, s: WalkEntry | undefined, d: WalkEntry | undefined, warn?: (m: string) => void): PairTask {
  const id = (s ?? d)!.rel;
  if (s?.problem === undefined && d?.problem === undefined) return { id, src: s ? bases.src + id : null, dst: d ? bases.dst + id : null, bases };
  // the problem of a whole unreadable root has the relative path './'
  const task: PairTask = { id, src: s ? join(bases.src, id) : null, dst: d ? join(bases.dst, id) : null };
  const problems = [s?.problem, d?.problem].filter((p): p is string => p !== undefined);
  for (const p of problems) warn?.(p);
  task.problem = { status: 'error', side: s?.problem ? 'src' : 'dst', message: problems.join('; ') };
  return task;
}

/** A walk read a chunk at a time; `chunk[i]` is its next entry while `i < chunk.length`. */
class WalkCursor {
  chunk: WalkEntry[] = [];
  i = 0;
  done = false;
  constructor(private readonly walk: AsyncGenerator<WalkEntry[]>) {}
  get has(): boolean { return this.i < this.chunk.length; }
  /** Reads on until there is an entry or the walk is over. */
  async fill(): Promise<void> {
    while (!this.has && !this.done) {
      const next = await this.walk.next();
      if (next.done) this.done = true;
      else { this.chunk = next.value; this.i = 0; }
    }
  }
}

/**
 * Merge-join of the two walks: both are in id order, so is the result. The entries both walks
 * have read are paired without a wait, and go out as one chunk.
 */
async function* pairChunksByPath(srcRoot: string, dstRoot: string, walk: WalkOptions, warn?: (m: string) => void): AsyncGenerator<PairTask[]> {
  const s = new WalkCursor(walkXmlFileChunks(srcRoot, walk));
  const d = new WalkCursor(walkXmlFileChunks(dstRoot, walk));
  const bases: PathBases = { src: baseOf(srcRoot), dst: baseOf(dstRoot) };
  await Promise.all([s.fill(), d.fill()]);
  while (s.has || d.has) {
    const out: PairTask[] = [];
    // an exhausted side that is not done must be read on before anything is paired past it
    while ((s.has || s.done) && (d.has || d.done) && (s.has || d.has)) {
      const a = s.has ? s.chunk[s.i] : undefined;
      const b = d.has ? d.chunk[d.i] : undefined;
      if (b === undefined || (a !== undefined && a.rel < b.rel)) { out.push(pathTask(bases, a, undefined, warn)); s.i++; }
      else if (a === undefined || b.rel < a.rel) { out.push(pathTask(bases, undefined, b, warn)); d.i++; }
      else { out.push(pathTask(bases, a, b, warn)); s.i++; d.i++; }
    }
    if (out.length) yield out;
    await Promise.all([s.fill(), d.fill()]);
  }
}

async function argumentKind(src: string, dst: string): Promise<'file' | 'dir'> {
  const [srcKind, dstKind] = await Promise.all([kind(src), kind(dst)]);
  if (srcKind !== dstKind) throw new UsageError(`${src} and ${dst} must both be files or both be directories`);
  return srcKind;
}

/**
 * Two files as one pair, or two directories paired by relative path, streamed in id order in
 * chunks (a file on one side only is an unpaired pair). Bad arguments throw UsageError on the
 * first next().
 */
export async function* discoverPairChunks(src: string, dst: string, opts: { ignore?: string[]; exclude?: string; warn?: (m: string) => void } = {}): AsyncGenerator<PairTask[]> {
  if ((await argumentKind(src, dst)) === 'file') {
    if (opts.ignore?.length) throw new UsageError('--ignore applies to two directories, not two files');
    yield [{ id: basename(dst), src, dst }];
    return;
  }
  yield* pairChunksByPath(src, dst, walkOptions(opts), opts.warn);
}

/** discoverPairChunks a pair at a time. */
export function discoverPairs(src: string, dst: string, opts: { ignore?: string[]; warn?: (m: string) => void } = {}): AsyncGenerator<PairTask> {
  return itemsOf(discoverPairChunks(src, dst, opts));
}

/** Checks the arguments (UsageError for bad ones) and returns the pairs they describe. */
export async function openPairSource(spec: PairSpec, opts: DiscoverOptions = {}): Promise<PairSource> {
  if ('list' in spec) {
    let read = false;
    return sourceOf(() => {
      if (read) throw new UsageError('a list of pairs is read once');
      read = true;
      return batchesOf(listedPairs(spec.list), MANIFEST_CHUNK);
    });
  }
  if ('manifest' in spec) {
    const manifest = await openManifest(spec.manifest);
    return sourceOf(() => batchesOf(manifestPairs(manifest), MANIFEST_CHUNK));
  }
  const { src, dst, ignore } = spec;
  const match = spec.match ?? 'path';
  const walk = walkOptions({ ignore, exclude: opts.exclude });
  if ((await argumentKind(src, dst)) === 'file' && (match !== 'path' || ignore?.length)) {
    throw new UsageError(`--${match !== 'path' ? 'match' : 'ignore'} applies to two directories, not two files`);
  }
  if (match === 'path') return sourceOf((o) => discoverPairChunks(src, dst, { ignore, exclude: opts.exclude, warn: o?.quiet ? undefined : opts.warn }));
  let index: Promise<PairTask[]> | undefined;
  const key: MatchKey = match;
  return sourceOf(async function* () {
    // every file's key is read once, by whichever pass comes first; the index is held for the run
    index ??= pairsByKey(src, dst, key, walk, opts.jobs ?? 1, opts.warn);
    const pairs = await index;
    if (pairs.length) yield pairs;
  });
}

/**
 * Counts a source's pairs (those `keep` accepts) in a second, quiet pass beside the run, so the
 * run starts at once and its progress gets a total as soon as the count is done. stop() ends
 * the count early (the run finished first).
 */
export function countPairs(source: PairSource, keep: (id: string) => boolean, onTotal: (total: number) => void): { stop(): void } {
  let stopped = false;
  void (async () => {
    let total = 0;
    for await (const chunk of source.chunks({ quiet: true })) {
      if (stopped) return;
      for (const p of chunk) if (keep(p.id)) total++;
    }
    if (!stopped) onTotal(total);
  })().catch(() => { /* the run's own pass reports what went wrong */ });
  return { stop: () => { stopped = true; } };
}
