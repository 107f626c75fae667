/**
 * Held-out check: random mutations of libvirt's own test domains (corpora/libvirt-mutations),
 * labelled by the real libvirt 9.0.0, 11.3.0 and 12.8.0, run through the batch engine.
 */
import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { discoverPairs } from '../src/batch/discover.js';
import { runBatch } from '../src/batch/run-batch.js';
import { formatScore, scoreResults, type Label } from './helpers/labels.js';
import { tempDir } from './helpers/temp.js';

interface MutationPair { case: string; src: string; dst: string; labels: Record<string, Omit<Label, 'case'>> }

/** Measured figures this build must keep (percentages). */
const FLOORS = { verdict: 100, firstMessage: 100, invalidCaught: 100 };

const file = join(process.cwd(), 'corpora', 'libvirt-mutations', 'pairs.jsonl.gz');
const pairs: MutationPair[] = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

let dir: Promise<string> | undefined;
function materialise(): Promise<string> {
  dir ??= (async () => {
    const root = await tempDir('abi-diff-mutations-');
    await mkdir(join(root, 'src'));
    await mkdir(join(root, 'dst'));
    for (const p of pairs) {
      await writeFile(join(root, 'src', `${p.case}.xml`), p.src);
      await writeFile(join(root, 'dst', `${p.case}.xml`), p.dst);
    }
    return root;
  })();
  return dir;
}

for (const profile of ['9.0.0', '11.3.0', '12.8.0']) {
  test.serial(`libvirt mutations agree with libvirt ${profile}`, async (t) => {
    const root = await materialise();
    const results = await runBatch(await discoverPairs(join(root, 'src'), join(root, 'dst')), { jobs: 2, profile, skipVolatile: false });
    const labels: Label[] = pairs.map((p) => ({ case: p.case, ...p.labels[profile] }));
    const score = scoreResults(results, labels);
    t.log(formatScore(`mutations ${profile}`, score));
    for (const d of score.disagreements.slice(0, 10)) t.log(`  ${d.case}: want ${d.want} ${d.wantMessage} | got ${d.got} ${d.gotMessage}`);
    t.is(score.missing, 0);
    t.true(score.verdictAgreement >= FLOORS.verdict, `verdict ${score.verdictAgreement.toFixed(2)}%`);
    t.true(score.firstMessageAgreement >= FLOORS.firstMessage, `first message ${score.firstMessageAgreement.toFixed(2)}%`);
    t.true(score.invalidCaught >= FLOORS.invalidCaught, `invalid caught ${score.invalidCaught.toFixed(2)}%`);
  });
}
