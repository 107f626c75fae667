/** piscina task: checks a batch of pairs inside a worker thread (workers read the files themselves). */
import { resolveProfile, type Profile } from '../model/profile.js';
import type { CheckedPair, CheckSettings, PairTask } from '../model/result.js';
import { checkPairFiles } from './check-pair.js';

/**
 * Pairs go to the worker and results come back as JSON text: structured cloning of these
 * many small objects cost the main thread ~0.5 ms per batch, a string is copied whole.
 */
export interface BatchTask {
  settings: CheckSettings;
  /** JSON of PairTask[] */
  pairs: string;
}

const profiles = new Map<string, Profile>();

export default function checkBatch(task: BatchTask): string {
  let profile = profiles.get(task.settings.profile);
  if (!profile) {
    profile = resolveProfile(task.settings.profile);
    profiles.set(task.settings.profile, profile);
  }
  const opts = { profile, skipVolatile: task.settings.skipVolatile, hashContent: task.settings.hashContent, driver: task.settings.driver, live: task.settings.live };
  const checked: CheckedPair[] = (JSON.parse(task.pairs) as PairTask[]).map((pair) => checkPairFiles(pair, opts));
  return JSON.stringify(checked);
}

// the named task of the same pool file: pool.run(task, { name: 'identify' })
export { identify } from './identify.js';
