/** Pairs posted to workers: paths left out on the way come back exactly as they were. */
import test from 'ava';
import type { PairTask } from '../src/model/result.js';
import { decodePairs, encodePairs } from '../src/worker/wire.js';

const FLEET = { src: '/f/src/', dst: '/f/dst/' };
// a pair comes back without the bases it was sent with
const sent = (pairs: PairTask[]) => pairs.map(({ bases: _, ...p }) => p);

const cases: [string, PairTask[]][] = [
  ['two directories', [
    { id: 'h1/a.xml', src: '/f/src/h1/a.xml', dst: '/f/dst/h1/a.xml', cached: 'k 1:1:1:1 1:1:1:1', bases: FLEET },
    { id: 'h1/b.xml', src: null, dst: '/f/dst/h1/b.xml', bases: FLEET },
    { id: 'h2/c.xml', src: '/f/src/h2/c.xml', dst: null, bases: FLEET },
    { id: './', src: '/f/src/', dst: '/f/dst/', problem: { status: 'error', side: 'src', message: 'cannot read directory /f/src' } },
  ]],
  ['unpaired first, then a pair', [
    { id: 'a.xml', src: null, dst: 'dst/a.xml', bases: { src: 'src/', dst: 'dst/' } },
    { id: 'b.xml', src: 'src/b.xml', dst: 'dst/b.xml', bases: { src: 'src/', dst: 'dst/' } },
  ]],
  ['a manifest: paths with no common base, ids that are only suffixes', [
    { id: 'vm1', src: '/x/vm1', dst: '/y/other.xml' },
    { id: 'vm2', src: '/z/vm2', dst: '/y/vm2' },
    { id: 'm.xml', src: '/x/vm1/m.xml', dst: 'm.xml' },
  ]],
  ['problems and odd ids', [
    { id: './', src: '/s/', dst: '/d/', problem: { status: 'error', side: 'src', message: 'cannot read directory /s' } },
    { id: 'é "\t.xml', src: '/s/é "\t.xml', dst: '/d/é "\t.xml' },
  ]],
];

for (const [name, pairs] of cases) {
  test(`round trip: ${name}`, (t) => {
    t.deepEqual(decodePairs(encodePairs(pairs)), sent(pairs));
  });
}

test('pairs of two directories travel as ids only', (t) => {
  const wire = encodePairs(cases[0][1].slice(0, 3));
  t.deepEqual(wire.bases, FLEET);
  t.notRegex(wire.pairs, /\/f\//);
});
