/**
 * --live: the live corpus (virsh dumpxml of running guests) against the real libvirt's verdicts
 * parsed as live XML and, for contrast, as inactive XML; every profile, with and without
 * --skip-volatile. Parse errors must carry libvirt's message too, since live-only rejections
 * are most of what --live adds.
 */
import test from 'ava';
import { join } from 'node:path';
import { discoverPairs } from '../src/batch/discover.js';
import { runBatch } from '../src/batch/run-batch.js';
import { formatScore, readLabels, scoreResults, type Label } from './helpers/labels.js';
import type { PairResult } from '../src/model/result.js';

const LIVE = join(process.cwd(), 'corpora', 'live');
const EXAMPLE = join(process.cwd(), 'corpora', 'example');

/** Invalid pairs whose error is not libvirt's (scoreResults compares messages of incompatible pairs only). */
function wrongErrors(results: readonly PairResult[], labels: readonly Label[]): string[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  return labels
    .filter((l) => l.src_ok === false || l.dst_ok === false)
    .filter((l) => byId.get(l.case)?.error?.message !== l.parse_error)
    .map((l) => `${l.case}: want ${l.parse_error} | got ${byId.get(l.case)?.error?.message}`);
}

async function agreement(t: import('ava').ExecutionContext, root: string, labelFile: string, profile: string, live: boolean) {
  const pairs = [];
  for await (const p of discoverPairs(join(root, 'src'), join(root, 'dst'))) pairs.push(p);
  const labels = readLabels(join(root, labelFile));
  for (const skipVolatile of [false, true]) {
    const results = await runBatch(pairs, { jobs: 1, profile, skipVolatile, live });
    const score = scoreResults(results, labels, { skipVolatile, caseOf: (id) => id });
    for (const d of score.disagreements) t.log(`${d.case}: want ${d.want} ${d.wantMessage} | got ${d.got} ${d.gotMessage}`);
    t.is(score.missing, 0);
    t.deepEqual(score.disagreements.map((d) => d.case), []);
    t.deepEqual(wrongErrors(results, labels), []);
    t.log(formatScore(`${profile}${live ? ' --live' : ''}${skipVolatile ? ' --skip-volatile' : ''}`, score));
  }
  return labels;
}

for (const profile of ['9.0.0', '11.3.0', '12.8.0']) {
  test(`live corpus agrees with libvirt ${profile} parsing live XML`, async (t) => {
    const labels = await agreement(t, LIVE, `expected-${profile}.jsonl`, profile, true);
    // the corpus exercises all three outcomes, live-only rejections included
    for (const want of ['compatible', 'incompatible', 'error']) {
      t.true(labels.some((l) => (l.src_ok === false || l.dst_ok === false ? 'error' : l.compatible ? 'compatible' : 'incompatible') === want));
    }
  });

  test(`live corpus agrees with libvirt ${profile} parsing inactive XML (no --live)`, async (t) => {
    await agreement(t, LIVE, `expected-inactive-${profile}.jsonl`, profile, false);
  });

  // inactive XML holds nothing only a live parse reads: libvirt gives the same verdicts either way
  test(`example corpus agrees with libvirt ${profile} under --live`, async (t) => {
    const pairs = await discoverPairs(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'));
    const results = await runBatch(pairs, { jobs: 1, profile, skipVolatile: false, live: true });
    const score = scoreResults(results, readLabels(join(EXAMPLE, `expected-${profile}.jsonl`)), { caseOf: (id) => id });
    t.is(score.missing, 0);
    t.deepEqual(score.disagreements.map((d) => d.case), []);
  });
}
