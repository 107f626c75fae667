/** piscina task: checks a batch of pairs inside a worker thread (workers read the files themselves). */
import pLimit from 'p-limit';
import { resolveProfile, type Profile } from '../model/profile.js';
import type { CheckedPair, CheckSettings, PairTask } from '../model/result.js';
import { checkPairFiles } from './check-pair.js';

export interface BatchTask {
  settings: CheckSettings;
  pairs: PairTask[];
}

const READS_IN_FLIGHT = 8;

const profiles = new Map<string, Profile>();

export default async function checkBatch(task: BatchTask): Promise<CheckedPair[]> {
  let profile = profiles.get(task.settings.profile);
  if (!profile) {
    profile = resolveProfile(task.settings.profile);
    profiles.set(task.settings.profile, profile);
  }
  const opts = { profile, skipVolatile: task.settings.skipVolatile, hashContent: task.settings.hashContent, driver: task.settings.driver, live: task.settings.live };
  // Overlaps file reads with parsing; results keep the batch order.
  const limit = pLimit(READS_IN_FLIGHT);
  return Promise.all(task.pairs.map((pair) => limit(() => checkPairFiles(pair, opts))));
}
