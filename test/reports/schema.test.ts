/** abi-diff.json and every abi-diff.jsonl line validate against the schemas shipped in src/reports/schema. */
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { abiDiff, CONFORMANCE, EXAMPLE, readJsonlLines, readJsonReport, schemaValidators, tmp } from '../helpers/reports.js';

const { report, pair, ajv } = schemaValidators();

/** A baseline of the example corpus plus one entry nothing matches (so one is stale). */
async function baselineArgs(): Promise<string[]> {
  const dir = await tmp();
  const file = join(dir, 'baseline.json');
  await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', dir, '--format', 'json', '--quiet', '--write-baseline', file]);
  const doc = JSON.parse(await readFile(file, 'utf8'));
  doc.entries.push({ pair: 'gone.xml', rule: 'disk/bus', fingerprint: '0123456789abcdef', count: 1 });
  await writeFile(file, JSON.stringify(doc));
  return ['--baseline', file, '--rule-off', 'disk/*=storage migration planned', '--rule-off', 'net/model'];
}

const RUNS = [
  { name: 'example corpus', src: join(EXAMPLE, 'src'), dst: join(EXAMPLE, 'dst'), args: async () => [] as string[] },
  { name: 'example corpus, rules off and a baseline', src: join(EXAMPLE, 'src'), dst: join(EXAMPLE, 'dst'), args: baselineArgs },
  { name: 'conformance set (9.0.0)', src: join(CONFORMANCE, 'src'), dst: join(CONFORMANCE, 'dst'), args: async () => ['--profile', '9.0.0'] },
];

for (const run of RUNS) {
  test(`json and jsonl validate: ${run.name}`, async (t) => {
    if (!existsSync(run.src)) return t.fail(`${run.src} is missing: the shared corpora must sit beside the project`);
    const out = await tmp();
    const args = await run.args();
    const r = await abiDiff([run.src, run.dst, '--out', out, '--format', 'json,jsonl', '--quiet', ...args]);
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
    if (args.includes('--baseline')) {
      // the waivers' fields met real data too
      t.true(json.pairs.some((p) => p.mismatches.some((m) => m.suppressed?.by === 'baseline')));
      t.true(json.pairs.some((p) => p.mismatches.some((m) => m.suppressed?.by === 'rule-off' && m.suppressed.reason)));
      t.is(json.summary.staleBaseline?.length, 1);
      t.is(json.rulesOff.length, 2);
    }
  });
}

test('the schemas reject what the report must never contain', (t) => {
  const ok = { id: 'a.xml', src: '/s/a.xml', dst: '/d/a.xml', status: 'incompatible', mismatches: [{ rule: 'disk/bus', message: 'unsupported configuration: x', path: '/domain/devices/disk[1]/target/@bus', line: 3, srcLine: 3 }] };
  t.true(pair(ok), ajv.errorsText(pair.errors));
  const waived = { ...ok, mismatches: [{ ...ok.mismatches[0], suppressed: { by: 'rule-off', reason: 'planned' } }, { ...ok.mismatches[0], suppressed: { by: 'baseline' } }] };
  t.true(pair(waived), ajv.errorsText(pair.errors));
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
    ['suppressed by something unknown', { ...ok, mismatches: [{ ...ok.mismatches[0], suppressed: { by: 'mood' } }] }],
    ['a baselined mismatch with a reason', { ...ok, mismatches: [{ ...ok.mismatches[0], suppressed: { by: 'baseline', reason: 'x' } }] }],
    ['suppressed without by', { ...ok, mismatches: [{ ...ok.mismatches[0], suppressed: { reason: 'x' } }] }],
  ];
  for (const [why, rec] of bad) t.false(pair(rec), why);
  const summary = { pairs: 1, compatible: 0, incompatible: 1, error: 0, unpaired: 0, suppressed: 0 };
  const doc = { schemaVersion: 1, tool: { name: 'abi-diff', version: '0.1.0' }, profile: 'upstream', libvirtVersion: '12.8.0', skipVolatile: false, live: false, src: 's', dst: 'd', config: null, baseline: null, rulesOff: [], shard: null, pairs: [ok], summary, complete: true };
  t.true(report(doc), ajv.errorsText(report.errors));
  const stale = { pair: 'a.xml', rule: 'disk/bus', fingerprint: '0123456789abcdef', count: 1 };
  t.true(report({ ...doc, config: 'abi-diff.config.json', baseline: 'b.json', rulesOff: [{ rule: 'disk/*', reason: 'r' }, { rule: 'net/model' }], summary: { ...summary, staleBaseline: [stale] } }), ajv.errorsText(report.errors));
  t.true(report({ ...doc, complete: false, summary: { ...doc.summary, notChecked: 5 } }), 'a partial report says how many pairs it lacks');
  const { complete: _complete, ...noComplete } = doc;
  t.false(report(noComplete), 'complete is required');
  t.false(report({ ...doc, summary: { ...doc.summary, notChecked: -1 } }));
  t.false(report({ ...doc, schemaVersion: 2 }));
  t.false(report({ ...doc, pairs: [{ ...ok, status: 'compatible' }] }), 'pairs are checked with the pair schema');
  t.false(report({ ...doc, summary: { pairs: 1 } }));
  t.false(report({ ...doc, summary: { ...summary, staleBaseline: [{ ...stale, fingerprint: 'xyz' }] } }), 'stale entries have a fingerprint');
  t.false(report({ ...doc, summary: { ...summary, staleBaseline: [{ ...stale, count: 0 }] } }), 'stale entries miss at least one occurrence');
  t.false(report({ ...doc, rulesOff: [{ rule: 'disk' }] }), 'a rule off is a rule id or family/*');
  t.true(report({ ...doc, shard: { index: 2, count: 3 } }), 'a shard names its part');
  t.true(report({ ...doc, shard: { count: 3, merged: [1, 2, 3] } }), 'a merged report names the shards it joins');
  t.false(report({ ...doc, shard: { index: 0, count: 3 } }));
  t.false(report({ ...doc, shard: '2/3' }));
  const { shard: _shard, ...withoutShard } = doc;
  t.false(report(withoutShard), 'every report says which shard it is, null for a whole run');
  const { config: _config, ...withoutConfig } = doc;
  t.false(report(withoutConfig), 'the header names the config, even when none was read');
});
