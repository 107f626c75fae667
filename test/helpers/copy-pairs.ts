/** Copies cases of a shared labelled set (../shared/SET/{src,dst}/CASE) into a fresh temporary tree. */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './temp.js';

export const SHARED = join(process.cwd(), '..', 'shared');

export async function copyPairs(set: string, cases: string[], prefix = 'abi-diff-pairs-'): Promise<string> {
  const dir = await tempDir(prefix);
  for (const side of ['src', 'dst']) {
    await mkdir(join(dir, side));
    for (const c of cases) await copyFile(join(SHARED, set, side, c), join(dir, side, c));
  }
  return dir;
}
