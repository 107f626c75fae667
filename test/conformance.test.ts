/**
 * Conformance against the real libvirt: every labelled pair of the shared corpora, run through
 * the batch engine (worker threads) with the matching profile, compared on status and first
 * message. The floors only go up.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { discoverPairs } from '../src/batch/discover.js';
import { runBatch } from '../src/batch/run-batch.js';
import { formatScore, readLabels, scoreResults } from './helpers/labels.js';

const SHARED = join(process.cwd(), '..', 'shared');

const RUNS = [
  { set: 'conformance', profile: '9.0.0', labels: 'expected.jsonl' },
  { set: 'conformance', profile: '11.3.0', labels: 'expected-11.3.0.jsonl' },
  { set: 'conformance', profile: '12.8.0', labels: 'expected-12.8.0.jsonl' },
  { set: 'conformance', profile: '12.9.0', labels: 'expected-12.9.0.jsonl' },
  { set: 'conformance-12.8', profile: '12.8.0', labels: 'expected.jsonl' },
  { set: 'conformance-12.8', profile: '12.9.0', labels: 'expected-12.9.0.jsonl' },
  { set: 'conformance-7.0', profile: '9.0.0', labels: 'expected-9.0.0.jsonl' },
  { set: 'conformance-7.0', profile: '11.3.0', labels: 'expected-11.3.0.jsonl' },
  { set: 'conformance-7.0', profile: '12.8.0', labels: 'expected-12.8.0.jsonl' },
  { set: 'conformance-7.0', profile: '12.9.0', labels: 'expected-12.9.0.jsonl' },
  { set: 'conformance-7.0', profile: '7.0.0', labels: 'expected-7.0.0.jsonl' },
];

/** Measured figures this build must keep (percentages). */
const FLOORS = { verdict: 100, firstMessage: 100, invalidCaught: 100 };

const family9 = new Map<string, string>();
if (existsSync(join(SHARED, 'conformance', 'expected.jsonl'))) {
  for (const l of readLabels(join(SHARED, 'conformance', 'expected.jsonl'))) if (l.rule_family) family9.set(l.case, l.rule_family);
}

for (const run of RUNS) {
  const dir = join(SHARED, run.set);
  test.serial(`conformance: ${run.set} with --profile ${run.profile}`, async (t) => {
    if (!existsSync(dir)) return t.fail(`${dir} is missing: the shared conformance corpora must sit beside the project`);
    const pairs = await discoverPairs(join(dir, 'src'), join(dir, 'dst'));
    const results = await runBatch(pairs, { jobs: 2, profile: run.profile, skipVolatile: false });
    const score = scoreResults(results, readLabels(join(dir, run.labels)), { familyOf: (c) => family9.get(c) });
    t.log(formatScore(`${run.set} ${run.profile}`, score));
    for (const d of score.disagreements.slice(0, 5)) t.log(`  ${d.case} [${d.family}] want ${d.want}: ${d.wantMessage} | got ${d.got}: ${d.gotMessage}`);
    t.is(score.missing, 0, 'every labelled pair appears in the results');
    t.true(score.verdictAgreement >= FLOORS.verdict, `verdict agreement ${score.verdictAgreement.toFixed(2)}% < ${FLOORS.verdict}%`);
    t.true(score.firstMessageAgreement >= FLOORS.firstMessage, `first-message agreement ${score.firstMessageAgreement.toFixed(2)}% < ${FLOORS.firstMessage}%`);
    t.true(score.invalidCaught >= FLOORS.invalidCaught, `invalid inputs caught ${score.invalidCaught.toFixed(2)}% < ${FLOORS.invalidCaught}%`);
  });
}
