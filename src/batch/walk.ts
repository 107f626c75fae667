/**
 * A streaming walk of one directory tree: the domain XML files under it (`**\/*.xml`, dot
 * files and dot directories skipped, symbolic links followed) as relative paths in JavaScript
 * string order, holding only the listings of the directories on the current path. Pairing two
 * trees is then a merge-join of two walks, in memory that does not grow with the fleet.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { reason } from './usage-error.js';

/** A file (relative path), or a directory that could not be walked (`rel` ends in '/'). */
export interface WalkEntry {
  rel: string;
  problem?: string;
}

export interface WalkOptions {
  /** Relative paths (files, and directories without the trailing '/') to leave out. */
  ignore?: (rel: string) => boolean;
}

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
    // every path under directory `a` starts with `a/`: that is its place among `a-b.xml`, `a.xml`, `a0.xml`
    if (st.isDirectory()) listed.push({ name: d.name, key: d.name + '/', dir: { dev: st.dev, ino: st.ino } });
    else if (st.isFile() && isXmlName(d.name)) listed.push({ name: d.name, key: d.name });
  }
  return listed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const dirId = (d: { dev: number; ino: number }) => `${d.dev}:${d.ino}`;

async function* walkDirectory(abs: string, rel: string, ancestors: Map<string, string>, opts: WalkOptions): AsyncGenerator<WalkEntry> {
  let listed;
  try {
    listed = await listDirectory(abs, rel, opts);
  } catch (err) {
    // rel is '' for the root itself (it became unreadable after the arguments were checked)
    yield { rel: rel || './', problem: `cannot read directory ${abs}: ${reason(err)}` };
    return;
  }
  for (const e of listed) {
    if (e.problem !== undefined) { yield { rel: rel + e.key, problem: e.problem }; continue; }
    if (!e.dir) { yield { rel: rel + e.name }; continue; }
    const childAbs = join(abs, e.name);
    const childRel = rel + e.key;
    const id = dirId(e.dir);
    const ancestor = ancestors.get(id);
    if (ancestor !== undefined) {
      yield { rel: childRel, problem: `symbolic link loop: directory ${childAbs} is ${ancestor}, which contains it; not descended into` };
      continue;
    }
    ancestors.set(id, childAbs);
    yield* walkDirectory(childAbs, childRel, ancestors, opts);
    ancestors.delete(id);
  }
}

/** The walk of `root` (a directory that exists; it is stat()ed again for loop detection). */
export async function* walkXmlFiles(root: string, opts: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const st = await stat(root);
  yield* walkDirectory(root, '', new Map([[dirId(st), root]]), opts);
}
