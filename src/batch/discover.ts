/** Finds the pairs to check: two files, or two directories paired by relative path. */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { globby } from 'globby';
import type { PairTask } from '../model/result.js';

export class UsageError extends Error {}

async function kind(path: string): Promise<'file' | 'dir'> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  throw new UsageError(`${path}: not a regular file or directory`);
}

/** Domain XML files under a directory, as sorted relative paths. */
async function listXml(dir: string): Promise<string[]> {
  const files = await globby('**/*.xml', { cwd: dir, onlyFiles: true, followSymbolicLinks: true, dot: false });
  return files.sort();
}

/**
 * Pairs src and dst. Directories pair by relative path; a file present on one side only
 * becomes an unpaired task so that it still appears in every report.
 */
export async function discoverPairs(srcPath: string, dstPath: string): Promise<PairTask[]> {
  const [srcKind, dstKind] = await Promise.all([kind(srcPath), kind(dstPath)]);
  if (srcKind !== dstKind) throw new UsageError(`${srcPath} and ${dstPath} must both be files or both be directories`);
  if (srcKind === 'file') return [{ id: basename(dstPath), src: srcPath, dst: dstPath }];
  const [srcFiles, dstFiles] = await Promise.all([listXml(srcPath), listXml(dstPath)]);
  const dstSet = new Set(dstFiles);
  const srcSet = new Set(srcFiles);
  const ids = [...new Set([...srcFiles, ...dstFiles])].sort();
  return ids.map((id) => ({
    id,
    src: srcSet.has(id) ? join(srcPath, id) : null,
    dst: dstSet.has(id) ? join(dstPath, id) : null,
  }));
}
