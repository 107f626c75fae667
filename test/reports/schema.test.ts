/** abi-diff.json and every abi-diff.jsonl line validate against the schemas shipped in src/reports/schema. */
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { abiDiff, CONFORMANCE, EXAMPLE, readJsonlLines, readJsonReport, schemaValidators, tmp } from '../helpers/reports.js';

const { report, pair, ajv } = schemaValidators();

const RUNS = [
  { name: 'example corpus', src: join(EXAMPLE, 'src'), dst: join(EXAMPLE, 'dst'), args: [] as string[] },
  { name: 'conformance set (9.0.0)', src: join(CONFORMANCE, 'src'), dst: join(CONFORMANCE, 'dst'), args: ['--profile', '9.0.0'] },
];

for (const run of RUNS) {
  test(`json and jsonl validate: ${run.name}`, async (t) => {
    if (!existsSync(run.src)) return t.fail(`${run.src} is missing: the shared corpora must sit beside the project`);
    const out = await tmp();
    const r = await abiDiff([run.src, run.dst, '--out', out, '--format', 'json,jsonl', '--quiet', ...run.args]);
    t.true([1, 2].includes(r.code), r.stderr);
    const json = await readJsonReport(out);
    t.true(report(json), ajv.errorsText(report.errors));
    const lines = await readJsonlLines(out);
    t.is(lines.length, json.pairs.length);
    for (const [i, line] of lines.entries()) {
      const rec = JSON.parse(line);
      if (!pair(rec)) return t.fail(`jsonl line ${i + 1}: ${ajv.errorsText(pair.errors)}`);
      // the same record as in the JSON report, nothing more or less
      t.deepEqual(rec, json.pairs[i]);
    }
    // every status shows up, so each conditional branch of the schema met real data
    t.deepEqual([...new Set(json.pairs.map((p) => p.status))].sort(), run.name.startsWith('example') ? ['compatible', 'error', 'incompatible', 'unpaired'] : ['compatible', 'error', 'incompatible']);
    t.true(json.pairs.some((p) => p.mismatches.some((m) => m.line && m.srcLine)), 'line numbers are present and validated');
  });
}

test('the schemas reject what the report must never contain', (t) => {
  const ok = { id: 'a.xml', src: '/s/a.xml', dst: '/d/a.xml', status: 'incompatible', mismatches: [{ rule: 'disk/bus', message: 'unsupported configuration: x', path: '/domain/devices/disk[1]/target/@bus', line: 3, srcLine: 3 }] };
  t.true(pair(ok), ajv.errorsText(pair.errors));
  const bad: [string, unknown][] = [
    ['incompatible without mismatches', { ...ok, mismatches: [] }],
    ['compatible with mismatches', { ...ok, status: 'compatible' }],
    ['error without error', { ...ok, status: 'error', mismatches: [] }],
    ['compatible with an error', { ...ok, status: 'compatible', mismatches: [], error: { side: 'dst', message: 'm' } }],
    ['unpaired with both files', { ...ok, status: 'unpaired', mismatches: [], error: { side: 'dst', message: 'm' } }],
    ['line 0', { ...ok, mismatches: [{ ...ok.mismatches[0], line: 0 }] }],
    ['unknown field', { ...ok, extra: 1 }],
    ['unknown status', { ...ok, status: 'maybe' }],
    ['relative path', { ...ok, mismatches: [{ ...ok.mismatches[0], path: 'domain' }] }],
  ];
  for (const [why, rec] of bad) t.false(pair(rec), why);
  const doc = { schemaVersion: 1, tool: { name: 'abi-diff', version: '0.1.0' }, profile: 'upstream', libvirtVersion: '12.8.0', skipVolatile: false, src: 's', dst: 'd', pairs: [ok], summary: { pairs: 1, compatible: 0, incompatible: 1, error: 0, unpaired: 0 }, complete: true };
  t.true(report(doc), ajv.errorsText(report.errors));
  t.true(report({ ...doc, complete: false, summary: { ...doc.summary, notChecked: 5 } }), 'a partial report says how many pairs it lacks');
  const { complete: _complete, ...noComplete } = doc;
  t.false(report(noComplete), 'complete is required');
  t.false(report({ ...doc, summary: { ...doc.summary, notChecked: -1 } }));
  t.false(report({ ...doc, schemaVersion: 2 }));
  t.false(report({ ...doc, pairs: [{ ...ok, status: 'compatible' }] }), 'pairs are checked with the pair schema');
  t.false(report({ ...doc, summary: { pairs: 1 } }));
});
