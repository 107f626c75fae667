/**
 * A streaming walk of one directory tree: the domain XML files under it (`**\/*.xml`, dot
 * files and dot directories skipped, symbolic links followed) as relative paths in JavaScript
 * string order, holding only the listings of the directories on the current path. Pairing two
 * trees is then a merge-join of two walks, in memory that does not grow with the fleet.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { itemsOf } from './chunks.js';
import { reason } from './usage-error.js';

/** A file (relative path), or a directory that could not be walked (`rel` ends in '/'). */
export interface WalkEntry {
  rel: string;
  problem?: string;
}

export interface WalkOptions {
  /** Relative paths (files, and directories without the trailing '/') to leave out. */
  ignore?: (rel: string) => boolean;
  /** Directories to leave out wherever they appear, by identity (see excludedDir). */
  skipDir?: (dir: DirId) => Promise<boolean>;
}

interface DirId { dev: number; ino: number }

interface Listed { name: string; key: string; dir?: { dev: number; ino: number }; problem?: string }

const isXmlName = (name: string) => name.endsWith('.xml');


/** The directory's entries sorted so that a depth-first walk visits paths in string order. */
async function listDirectory(abs: string, rel: string, opts: WalkOptions): Promise<Listed[]> {
  const dirents: Dirent[] = await readdir(abs, { withFileTypes: true });
  const listed: Listed[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.') || opts.ignore?.(rel + d.name)) continue;
    if (d.isFile()) {
      if (isXmlName(d.name)) listed.push({ name: d.name, key: d.name });
      continue;
    }
    // FIFOs, sockets and devices are not domain files (reading a FIFO would block)
    if (!d.isDirectory() && !d.isSymbolicLink()) continue;
    let st;
    try {
      st = await stat(join(abs, d.name));
    } catch (err) {
      if (d.isDirectory()) listed.push({ name: d.name, key: d.name + '/', problem: `cannot read directory ${join(abs, d.name)}: ${reason(err)}` });
      // a dangling link named like a domain file is reported (cannot read), not dropped
      else if (isXmlName(d.name)) listed.push({ name: d.name, key: d.name });
      continue;
    }
    if (st.isDirectory() && (await opts.skipDir?.(st))) continue;
    // every path under directory `a` starts with `a/`: that is its place among `a-b.xml`, `a.xml`, `a0.xml`
    if (st.isDirectory()) listed.push({ name: d.name, key: d.name + '/', dir: { dev: st.dev, ino: st.ino } });
    else if (st.isFile() && isXmlName(d.name)) listed.push({ name: d.name, key: d.name });
  }
  return listed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const dirId = (d: DirId) => `${d.dev}:${d.ino}`;

/**
 * A walk's skipDir for directory `path` (the reports' --out, whose junit report is a `*.xml`):
 * known by device and inode, so a relative path or a symbolic link to it matches too. It may not
 * exist yet when the walk starts (the report writers create it); asked after the listing that
 * holds it, it exists by then.
 */
export function excludedDir(path: string): (dir: DirId) => Promise<boolean> {
  let id: string | undefined;
  return async (dir) => {
    id ??= await stat(path).then((st) => (st.isDirectory() ? dirId(st) : undefined), () => undefined);
    return id === dirId(dir);
  };
}

/** A directory's listing, or the entry that says it cannot be read (`./` for the root itself). */
async function listingOf(abs: string, rel: string, opts: WalkOptions): Promise<Listed[] | WalkEntry> {
  try {
    return await listDirectory(abs, rel, opts);
  } catch (err) {
    return { rel: rel || './', problem: `cannot read directory ${abs}: ${reason(err)}` };
  }
}

/** A directory being walked: its listing and the next entry to visit. */
interface Frame { abs: string; rel: string; listed: Listed[]; next: number; id?: string }

/**
 * The walk of `root` (a directory that exists; it is stat()ed again for loop detection), a chunk
 * at a time: the entries found between two directory listings. One step per chunk, not per file:
 * a recursive async generator (one per directory level, each entry passed up through every
 * level) allocated ~1.9 KB per file, a third of a 10^6-pair run's main thread allocations.
 */
export async function* walkXmlFileChunks(root: string, opts: WalkOptions = {}): AsyncGenerator<WalkEntry[]> {
  const rootListing = await listingOf(root, '', opts);
  if (!Array.isArray(rootListing)) { yield [rootListing]; return; }
  const ancestors = new Map([[dirId(await stat(root)), root]]);
  const stack: Frame[] = [{ abs: root, rel: '', listed: rootListing, next: 0 }];
  let out: WalkEntry[] = [];
  while (stack.length) {
    const f = stack[stack.length - 1];
    if (f.next === f.listed.length) {
      stack.pop();
      if (f.id !== undefined) ancestors.delete(f.id);
      continue;
    }
    const e = f.listed[f.next++];
    if (e.problem !== undefined) { out.push({ rel: f.rel + e.key, problem: e.problem }); continue; }
    if (!e.dir) { out.push({ rel: f.rel + e.name }); continue; }
    const childAbs = join(f.abs, e.name);
    const childRel = f.rel + e.key;
    const id = dirId(e.dir);
    const ancestor = ancestors.get(id);
    if (ancestor !== undefined) {
      out.push({ rel: childRel, problem: `symbolic link loop: directory ${childAbs} is ${ancestor}, which contains it; not descended into` });
      continue;
    }
    // what is found so far goes on before the walk waits for the next listing
    if (out.length) { yield out; out = []; }
    const listing = await listingOf(childAbs, childRel, opts);
    if (!Array.isArray(listing)) { out.push(listing); continue; }
    ancestors.set(id, childAbs);
    stack.push({ abs: childAbs, rel: childRel, listed: listing, next: 0, id });
  }
  if (out.length) yield out;
}

/** The walk of `root` an entry at a time. */
export function walkXmlFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  return itemsOf(walkXmlFileChunks(root, opts));
}
