/** The bundled example corpus against the real libvirt's verdicts on it (all three profiles). */
import test from 'ava';
import { join } from 'node:path';
import { discoverPairs } from '../src/batch/discover.js';
import { runBatch } from '../src/batch/run-batch.js';
import { formatScore, readLabels, scoreResults } from './helpers/labels.js';

const CORPUS = join(process.cwd(), 'corpora', 'example');

for (const profile of ['9.0.0', '11.3.0', '12.8.0']) {
  for (const skipVolatile of [false, true]) {
    test(`example corpus agrees with libvirt ${profile}${skipVolatile ? ' (skip volatile)' : ''}`, async (t) => {
      const pairs = await discoverPairs(join(CORPUS, 'src'), join(CORPUS, 'dst'));
      const results = await runBatch(pairs, { jobs: 1, profile, skipVolatile });
      const labels = readLabels(join(CORPUS, `expected-${profile}.jsonl`));
      const score = scoreResults(results, labels, { skipVolatile, caseOf: (id) => id });
      for (const d of score.disagreements) t.log(`${d.case}: want ${d.want} ${d.wantMessage} | got ${d.got} ${d.gotMessage}`);
      t.is(score.missing, 0);
      t.deepEqual(score.disagreements.map((d) => d.case), []);
      const unpaired = results.filter((r) => r.status === 'unpaired').map((r) => r.id);
      t.deepEqual(unpaired, ['q35/decommissioned-guest.xml']);
      t.is(results.length, labels.length + 1);
      t.log(formatScore(profile, score));
    });
  }
}
