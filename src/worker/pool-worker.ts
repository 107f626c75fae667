/** piscina task: checks a batch of pairs inside a worker thread (workers read the files themselves). */
import { resolveProfile, type Profile } from '../model/profile.js';
import type { CheckedPair, CheckSettings, PairTask } from '../model/result.js';
import { checkPairFiles } from './check-pair.js';

export interface BatchTask {
  settings: CheckSettings;
  pairs: PairTask[];
}

const profiles = new Map<string, Profile>();

export default function checkBatch(task: BatchTask): CheckedPair[] {
  let profile = profiles.get(task.settings.profile);
  if (!profile) {
    profile = resolveProfile(task.settings.profile);
    profiles.set(task.settings.profile, profile);
  }
  const opts = { profile, skipVolatile: task.settings.skipVolatile, hashContent: task.settings.hashContent, driver: task.settings.driver };
  return task.pairs.map((pair) => checkPairFiles(pair, opts));
}
