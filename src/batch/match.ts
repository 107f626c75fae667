/**
 * `--match uuid|name`: pairs the files of two directories by the domain they define, whatever
 * the files are called (e.g. `virsh dumpxml` output named by host). Every file's key is read
 * in the worker pool; the index of keys and paths is held in memory, so unlike pairing by path
 * this mode's memory grows with the number of files.
 *
 * Pairs are reported under their key. Files that cannot be paired are reported under
 * `src/REL` or `dst/REL` (REL: path relative to SRC or DST): a key that cannot be read, and
 * every file of a key found more than once on a side. Those ids contain '/', which neither a
 * canonical uuid nor a name libvirt accepts does, so they never collide with a key.
 */
import { join } from 'node:path';
import type { PairTask } from '../model/result.js';
import type { Identity, IdentifyTask, MatchKey } from '../worker/identify.js';
import { createPool } from './run-batch.js';
import { walkXmlFiles, type WalkOptions } from './walk.js';

export type { MatchKey } from '../worker/identify.js';

type Side = 'src' | 'dst';

/** Files per worker task, and tasks in flight per thread. */
const FILES_PER_TASK = 64;
const TASKS_PER_THREAD = 4;
/** Other files a duplicate's message names before it says how many more there are. */
const NAMED_DUPLICATES = 5;

interface KeyFiles { src: string[]; dst: string[] }

interface Index {
  byKey: Map<string, KeyFiles>;
  /** Files and directories with nothing to match: already their pair's final entry. */
  unmatched: PairTask[];
}

const fileId = (side: Side, rel: string) => `${side}/${rel}`;

function unmatchedTask(side: Side, path: string, rel: string, message: string): PairTask {
  return { id: fileId(side, rel), src: side === 'src' ? path : null, dst: side === 'dst' ? path : null, problem: { status: 'error', side, message } };
}

/** Reads the key of every file under both roots, a bounded number of worker tasks at a time. */
async function buildIndex(roots: Record<Side, string>, by: MatchKey, walk: WalkOptions, jobs: number, warn?: (m: string) => void): Promise<Index> {
  const index: Index = { byKey: new Map(), unmatched: [] };
  const pool = createPool(jobs);
  const inFlight = new Set<Promise<void>>();
  const submit = (side: Side, rels: string[]) => {
    const task: IdentifyTask = { by, files: rels.map((rel) => join(roots[side], rel)) };
    const done = (pool.run(task, { name: 'identify' }) as Promise<Identity[]>)
      .catch((err: unknown) => rels.map((): Identity => ({ error: `internal error: worker failed: ${err instanceof Error ? err.message : String(err)}` })))
      .then((identities) => {
        identities.forEach((identity, i) => {
          const rel = rels[i];
          if ('error' in identity) {
            index.unmatched.push(unmatchedTask(side, task.files[i], rel, `${task.files[i]}: cannot read its ${by}: ${identity.error}`));
            return;
          }
          let files = index.byKey.get(identity.key);
          if (!files) index.byKey.set(identity.key, (files = { src: [], dst: [] }));
          files[side].push(rel);
        });
        inFlight.delete(done);
      });
    inFlight.add(done);
  };
  try {
    for (const side of ['src', 'dst'] as const) {
      let batch: string[] = [];
      for await (const entry of walkXmlFiles(roots[side], walk)) {
        if (entry.problem !== undefined) {
          warn?.(entry.problem);
          index.unmatched.push(unmatchedTask(side, join(roots[side], entry.rel), entry.rel, entry.problem));
          continue;
        }
        batch.push(entry.rel);
        if (batch.length < FILES_PER_TASK) continue;
        submit(side, batch);
        batch = [];
        while (inFlight.size >= Math.max(1, jobs) * TASKS_PER_THREAD) await Promise.race(inFlight);
      }
      if (batch.length) submit(side, batch);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.destroy();
  }
  return index;
}

/** The entries of one key: a pair, an unpaired file, or an error for every file of a duplicated key. */
function keyTasks(key: string, files: KeyFiles, roots: Record<Side, string>, by: MatchKey): PairTask[] {
  const [src] = files.src;
  const [dst] = files.dst;
  if (files.src.length <= 1 && files.dst.length <= 1) {
    const task: PairTask = { id: key, src: src === undefined ? null : join(roots.src, src), dst: dst === undefined ? null : join(roots.dst, dst) };
    if (src === undefined) task.problem = { status: 'unpaired', side: 'src', message: `${task.dst}: no file in ${roots.src} has ${by} ${key}` };
    if (dst === undefined) task.problem = { status: 'unpaired', side: 'dst', message: `${task.src}: no file in ${roots.dst} has ${by} ${key}` };
    return [task];
  }
  // never guess which of several files is meant: every file of the key is an error
  const paths = (side: Side) => files[side].map((rel) => join(roots[side], rel));
  return (['src', 'dst'] as const).flatMap((side) => {
    const other: Side = side === 'src' ? 'dst' : 'src';
    return files[side].map((rel, i) => {
      const path = join(roots[side], rel);
      const twins = paths(side).filter((_p, j) => j !== i);
      const why = twins.length
        ? `${by} ${key} is also the ${by} of ${named(twins)}${files[other].length ? ` (and of ${files[other].length} file(s) in ${roots[other]})` : ''}`
        : `${by} ${key} is the ${by} of ${files[other].length} files in ${roots[other]}: ${named(paths(other))}`;
      return unmatchedTask(side, path, rel, `${path}: ${why}: cannot tell which files to compare`);
    });
  });
}

const named = (paths: string[]) =>
  paths.slice(0, NAMED_DUPLICATES).join(', ') + (paths.length > NAMED_DUPLICATES ? ` and ${paths.length - NAMED_DUPLICATES} more` : '');

/** Every pair and unmatched file of the two directories, sorted by id. */
export async function pairsByKey(srcRoot: string, dstRoot: string, by: MatchKey, walk: WalkOptions, jobs: number, warn?: (m: string) => void): Promise<PairTask[]> {
  const roots = { src: srcRoot, dst: dstRoot };
  const index = await buildIndex(roots, by, walk, jobs, warn);
  const tasks = index.unmatched;
  for (const [key, files] of index.byKey) tasks.push(...keyTasks(key, files, roots, by));
  index.byKey.clear();
  return tasks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
