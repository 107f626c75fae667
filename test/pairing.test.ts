/** --match, --manifest and --ignore from the command line: exit status, reports in every format, usage errors. */
import test from 'ava';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { abiDiff, ALL_FORMATS, EXAMPLE, parseCommands, readJsonlLines, readJsonReport, readSarif, schemaValidators, tmp } from './helpers/reports.js';
import { domainXml } from './helpers/rule-table.js';

const { report, pair, ajv } = schemaValidators();
const UUID = '4d1c9a3e-7b52-4f0e-9a61-2f8e5c3b7d10';

/** A run in every format: the JSON report validates, every jsonl line too, and nothing crashed. */
async function runEveryFormat(t: { true(v: boolean, m?: string): void; false(v: boolean, m?: string): void }, args: string[]) {
  const out = await tmp('abi-diff-pairing-');
  const r = await abiDiff([...args, '--out', out, '--format', ALL_FORMATS, '--quiet']);
  t.false(r.stderr.includes('internal error'), r.stderr);
  const json = await readJsonReport(out);
  t.true(report(json), ajv.errorsText(report.errors));
  for (const line of await readJsonlLines(out)) t.true(pair(JSON.parse(line)), ajv.errorsText(pair.errors));
  return { ...r, out, json };
}

test('--match uuid: renamed files pair up; files that cannot be paired are in every report', async (t) => {
  const dir = await tmp('abi-diff-pairing-');
  await mkdir(join(dir, 'src', 'host-a'), { recursive: true });
  await mkdir(join(dir, 'dst'));
  const xml = await readFile(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), 'utf8');
  await writeFile(join(dir, 'src', 'host-a', 'web.xml'), xml);
  await writeFile(join(dir, 'dst', 'web-frontend-01.host-b.xml'), xml.replace(UUID, UUID.toUpperCase().replace(/-/g, '')));
  await writeFile(join(dir, 'dst', 'twin-1.xml'), domainXml({ uuid: '11111111-2222-3333-4444-555555555555' }));
  await writeFile(join(dir, 'dst', 'twin-2.xml'), domainXml({ uuid: '11111111222233334444555555555555' }));
  await writeFile(join(dir, 'dst', 'notes.xml'), 'not xml');
  const r = await runEveryFormat(t, [join(dir, 'src'), join(dir, 'dst'), '--match', 'uuid', '--jobs', '1']);
  t.is(r.code, 2);
  t.deepEqual(r.json.pairs.map((p) => [p.id, p.status]), [[UUID, 'compatible'], ['dst/notes.xml', 'error'], ['dst/twin-1.xml', 'error'], ['dst/twin-2.xml', 'error']]);
  t.regex(r.json.pairs[2].error!.message, /uuid 11111111-2222-3333-4444-555555555555 is also the uuid of .*twin-2\.xml/);
  // SARIF and GitHub point at the file that could not be paired
  const sarif = await readSarif(r.out);
  t.true(sarif.runs[0].results!.some((x) => x.locations?.[0].physicalLocation?.artifactLocation?.uri?.endsWith('notes.xml')));
  t.true(parseCommands(r.stdout).some((c) => c.props.file?.endsWith('twin-1.xml')));
});

test('--manifest: pairs in the manifest order, bad lines reported at their line in every format', async (t) => {
  const dir = await tmp('abi-diff-pairing-');
  const manifest = join(dir, 'plan.csv');
  const src = join(EXAMPLE, 'src', 'q35');
  const dst = join(EXAMPLE, 'dst', 'q35');
  await writeFile(manifest, `src,dst,id\n${src}/unchanged.xml,${dst}/nic-mac-uppercase.xml,z-guest\n${src}/unchanged.xml\n${src}/unchanged.xml,${dst}/renamed-guest.xml,a-guest\n`);
  const r = await runEveryFormat(t, ['--manifest', manifest]);
  t.is(r.code, 2);
  t.is(r.json.src, manifest);
  t.deepEqual(r.json.pairs.map((p) => [p.id, p.status]), [['z-guest', 'compatible'], ['plan.csv:3', 'error'], ['a-guest', 'incompatible']]);
  t.deepEqual(r.json.pairs[1].error, { side: 'src', line: 3, message: `manifest ${manifest} line 3: 1 field(s), the header names 3` });
  t.true(parseCommands(r.stdout).some((c) => c.props.file?.endsWith('plan.csv') && c.props.line === '3'));
});

test('the README examples run as written against corpora/example', async (t) => {
  const out = await tmp('abi-diff-pairing-');
  const uuid = await abiDiff(['corpora/example/src', 'corpora/example/dst', '--match', 'uuid', '--ignore', '**/!(unchanged).xml', '--out', out, '--format', 'json']);
  t.is(uuid.code, 0, uuid.stderr);
  t.deepEqual((await readJsonReport(out)).pairs.map((p) => [p.id, p.src]), [
    ['2b6f0c1e-8d3a-4c5b-9e7f-1a2b3c4d5e6f', 'corpora/example/src/aarch64/unchanged.xml'],
    [UUID, 'corpora/example/src/q35/unchanged.xml'],
    ['9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b', 'corpora/example/src/i440fx/unchanged.xml'],
  ]);
  const manifest = await abiDiff(['--manifest', 'corpora/example/pairs.csv', '--out', out, '--format', 'json']);
  t.is(manifest.code, 1, manifest.stderr);
  const pairs = (await readJsonReport(out)).pairs;
  t.deepEqual(pairs.map((p) => p.id), ['gpu-worker-arm-07', 'legacy-erp-db', 'web-frontend-01', 'web-frontend-01 (renamed)']);
  t.is(pairs[3].dst, 'corpora/example/dst/q35/renamed-guest.xml');
  const ignored = await abiDiff(['corpora/example/src', 'corpora/example/dst', '--ignore', 'q35/**', '--ignore', '**/*invalid*', '--out', out, '--format', 'json']);
  t.is(ignored.code, 1, ignored.stderr);
  const ids = (await readJsonReport(out)).pairs.map((p) => p.id);
  t.is(ids.length, 19);
  t.false(ids.some((id) => id.startsWith('q35/') || id.includes('invalid')));
});

test('pairing options: usage errors exit 2 with a message', async (t) => {
  const cases: [string[], RegExp][] = [
    [['corpora/example/src', 'corpora/example/dst', '--match', 'mac'], /--match must be one of path, uuid, name, got 'mac'/],
    [['--manifest', 'corpora/example/pairs.csv', 'corpora/example/src', 'corpora/example/dst'], /no SRC DST arguments with it, got 2/],
    [['--manifest', 'corpora/example/pairs.csv', '--match', 'uuid'], /--match applies to directories, not to --manifest/],
    [['--manifest', 'corpora/example/pairs.csv', '--ignore', 'x'], /--ignore applies to directories, not to --manifest/],
    [['--manifest', 'corpora/example/README.md'], /must end in \.csv or \.jsonl/],
    [['corpora/example/src/q35/unchanged.xml', 'corpora/example/dst/q35/unchanged.xml', '--ignore', 'x'], /--ignore applies to two directories, not two files/],
    [['corpora/example/src'], /expected SRC and DST, got 1 argument/],
  ];
  for (const [args, message] of cases) {
    const r = await abiDiff(args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
  }
});

test('the pair schema admits discovery errors with one file, nothing else with a missing file', (t) => {
  const error = { id: 'src/a.xml', src: '/s/a.xml', dst: null, status: 'error', mismatches: [], error: { side: 'src', message: 'm' } };
  t.true(pair(error), ajv.errorsText(pair.errors));
  t.false(pair({ ...error, src: null }), 'an error names at least one file');
  t.false(pair({ id: 'a', src: '/s/a.xml', dst: null, status: 'compatible', mismatches: [] }), 'a checked pair has both files');
  t.false(pair({ id: 'a', src: null, dst: '/d/a.xml', status: 'incompatible', mismatches: [{ rule: 'disk/bus', message: 'x', path: '/domain' }] }));
});
