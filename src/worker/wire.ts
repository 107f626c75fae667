/**
 * How a batch of pairs travels to a worker: JSON text (structured cloning of many small objects
 * cost the main thread more than one string), and a pair of two walked trees without its paths,
 * which the worker puts back from the batch's bases and the pair's id. A re-audit posts 10^6
 * pairs, and their paths were half of the bytes posted.
 * Kept apart from the worker's check code, which the main thread must not load.
 */
import type { PairTask, PathBases } from '../model/result.js';

export interface WirePairs {
  /** JSON of WirePair[]. */
  pairs: string;
  /** The bases of the pairs that came without their paths. */
  bases?: PathBases;
}

/** A pair on its way: src or dst left out stands for the base followed by the id. */
type WirePair = Omit<PairTask, 'src' | 'dst' | 'bases'> & { src?: string | null; dst?: string | null };

export function encodePairs(pairs: readonly PairTask[]): WirePairs {
  const bases = pairs.find((p) => p.bases)?.bases;
  const wire = pairs.map((p): WirePair => {
    if (!bases || p.bases !== bases) {
      const { bases: _, ...rest } = p;
      return rest;
    }
    const w: WirePair = { id: p.id };
    if (p.src === null) w.src = null;
    if (p.dst === null) w.dst = null;
    if (p.cached !== undefined) w.cached = p.cached;
    if (p.problem) w.problem = p.problem;
    return w;
  });
  return bases ? { pairs: JSON.stringify(wire), bases } : { pairs: JSON.stringify(wire) };
}

export function decodePairs(w: WirePairs): PairTask[] {
  const pairs = JSON.parse(w.pairs) as WirePair[];
  for (const p of pairs) {
    if (p.src === undefined) p.src = w.bases!.src + p.id;
    if (p.dst === undefined) p.dst = w.bases!.dst + p.id;
  }
  return pairs as PairTask[];
}
