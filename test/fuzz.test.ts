/**
 * Bounded mutation fuzzing (fixed seed, a few seconds): mutated and random documents never make
 * abi-diff fail or hang, give the same verdict twice, and come back from the worker pool once
 * each, in order, with the in-process verdict. `npm run fuzz -- --cases N` runs it long.
 */
import test from 'ava';
import { join } from 'node:path';
import { decodeInput, isProblem } from '../src/worker/read-input.js';
import { fuzz, loadSeeds, makeCase, MUTATORS } from './helpers/fuzz.js';

const seeds = loadSeeds([join(process.cwd(), 'corpora', 'example'), join(process.cwd(), '..', 'shared', 'conformance')], 300);

test('fuzzing: no crash, no lost pair, the same verdict twice, the pool agrees', async (t) => {
  const stats = await fuzz({ seed: 20240601, cases: 1500, seeds, batchEvery: 300, jobs: 2, slowMs: 10_000 });
  for (const f of stats.findings) t.log(`${f.kind} at case ${f.index} (${f.mutations.join(', ')}): ${f.message}\n${f.stack ?? ''}`);
  t.deepEqual(stats.findings.map((f) => `${f.kind} ${f.index}`), []);
  t.is(stats.cases, 1500);
  t.is(stats.poolPairs, 1500, 'every case went through the pool as well');
  t.true((stats.specialFiles ?? 0) > 10, `special files as dst: ${stats.specialFiles}`);
  // the mutations reach every verdict: the run is not vacuous
  for (const status of ['compatible', 'incompatible', 'error']) t.true((stats.statuses[status] ?? 0) > 50, `${status}: ${stats.statuses[status]}`);
  t.log(`${stats.cases} cases in ${Math.round(stats.ms)} ms: ${JSON.stringify(stats.statuses)}`);
});

test('fuzz cases are reproducible from seed and index, and every mutator is used', (t) => {
  const a = makeCase(5, 123, seeds), b = makeCase(5, 123, seeds);
  t.deepEqual([a.src, a.dst, a.mutations, a.settings], [b.src, b.dst, b.mutations, b.settings]);
  t.notDeepEqual(makeCase(5, 124, seeds).dst, a.dst);
  const used = new Set<string>();
  for (let i = 0; i < 2000; i++) for (const m of makeCase(1, i, seeds).mutations) used.add(m);
  t.deepEqual([...used].sort(), Object.keys(MUTATORS).sort());
});

test('raw bytes under a declared encoding reach libvirt 12.8.0\'s decoding, as text and as its errors', (t) => {
  const outcomes = new Set<string>();
  for (let i = 0; i < 4000; i++) {
    const c = makeCase(1, i, seeds);
    if (!c.dstBytes || c.settings.profile !== '12.8.0') continue;
    const text = decodeInput('dst.xml', c.dstBytes, c.opts.profile);
    outcomes.add(isProblem(text) ? text.message.replace(/^dst\.xml: (XML error: malformed XML|cannot decode|not UTF-8).*$/s, '$1') : 'decoded');
  }
  t.deepEqual([...outcomes].filter((o) => ['decoded', 'XML error: malformed XML', 'cannot decode', 'not UTF-8'].includes(o)).sort(), ['XML error: malformed XML', 'cannot decode', 'decoded', 'not UTF-8']);
});
