/** SARIF 2.1.0: structure on a real run, rule descriptors from the registry, the 25,000-result cap. */
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Log } from 'sarif';
import type { PairResult } from '../../src/model/result.js';
import { allRules } from '../../src/rules/registry.js';
import { SARIF_MAX_RESULTS, sarifFormat } from '../../src/reports/sarif-report.js';
import { INPUT_ERROR_RULE, UNPAIRED_RULE } from '../../src/reports/rule-meta.js';
import { abiDiff, compatible, EXAMPLE, incompatible, readJsonReport, readSarif, runInfo, summaryOf, tmp } from '../helpers/reports.js';

async function writeSarif(results: PairResult[], env: NodeJS.ProcessEnv = {}): Promise<Log> {
  const out = await tmp();
  const sink = await sarifFormat.open(out, runInfo({ env }));
  for (const r of results) await sink.add(r);
  const [file] = await sink.close(summaryOf(results));
  return JSON.parse(await readFile(file, 'utf8'));
}

test('a real run: rules from the registry, results at dst lines with fingerprints', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--format', 'json,sarif', '--quiet']);
  t.is(r.code, 2, r.stderr);
  const log = await readSarif(out);
  const json = await readJsonReport(out);
  t.is(log.version, '2.1.0');
  t.regex(log.$schema!, /sarif-2\.1\.0\.json$/);
  t.is(log.runs.length, 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  t.is(driver.name, 'abi-diff');
  const rules = driver.rules!;
  // the rules that fired, in the order they first did, each with its docs page
  const fired = [...new Set(json.pairs.flatMap((p) => (p.status === 'incompatible' ? p.mismatches.map((m) => m.rule) : p.status === 'error' ? [INPUT_ERROR_RULE] : p.status === 'unpaired' ? [UNPAIRED_RULE] : [])))];
  t.deepEqual(rules.map((x) => x.id), fired);
  for (const rule of rules.filter((x) => x.id !== INPUT_ERROR_RULE && x.id !== UNPAIRED_RULE)) {
    t.is(rule.helpUri, `docs/rules/${rule.id}.md`);
    t.true(existsSync(join(process.cwd(), rule.helpUri!)), rule.helpUri);
  }
  const diskBus = rules.find((x) => x.id === 'disk/bus')!;
  const meta = allRules.find((x) => x.id === 'disk/bus')!;
  t.is(diskBus.shortDescription!.text, 'Target disk bus … does not match source …');
  t.true(diskBus.help!.text.includes(`unsupported configuration: ${meta.messages.at(-1)!.format}`), diskBus.help!.text);
  t.true(diskBus.help!.text.includes(meta.libvirtFunction));
  t.like(diskBus.properties, { family: 'disk', libvirtFunction: meta.libvirtFunction });
  t.true(rules.find((x) => x.id === 'disk/bus')!.defaultConfiguration!.enabled);

  const results = run.results!;
  t.true(results.length > 30);
  const fingerprints = new Set<string>();
  for (const res of results) {
    t.is(res.ruleId, rules[res.ruleIndex!].id);
    t.is(res.level, 'error');
    const loc = res.locations![0].physicalLocation!;
    t.is(loc.artifactLocation!.uriBaseId, '%SRCROOT%');
    t.regex(loc.artifactLocation!.uri!, /^corpora\/example\/(src|dst)\/[\w/.-]+\.xml$/);
    if (loc.region) t.true(Number.isInteger(loc.region.startLine) && loc.region.startLine! >= 1);
    fingerprints.add(res.partialFingerprints!['abiDiffFinding/v1']);
  }
  t.is(fingerprints.size, results.length, 'fingerprints are unique');
  t.regex(run.originalUriBaseIds!['%SRCROOT%'].uri!, /^file:\/\/\/.*\/$/);
  const cdrom = json.pairs.find((p) => p.id === 'q35/cdrom-sata-to-ide.xml')!;
  const res = results.find((x) => x.properties!.pair === cdrom.id)!;
  t.is(res.ruleId, 'disk/bus');
  t.is(res.locations![0].physicalLocation!.artifactLocation!.uri, 'corpora/example/dst/q35/cdrom-sata-to-ide.xml');
  t.is(res.locations![0].physicalLocation!.region!.startLine, cdrom.mismatches[0].line);
  t.is(res.relatedLocations![0].physicalLocation!.region!.startLine, cdrom.mismatches[0].srcLine);
  t.is(res.locations![0].logicalLocations![0].fullyQualifiedName, cdrom.mismatches[0].path);
  const unpaired = results.find((x) => x.ruleId === UNPAIRED_RULE)!;
  t.is(unpaired.locations![0].physicalLocation!.artifactLocation!.uri, 'corpora/example/src/q35/decommissioned-guest.xml');
  t.deepEqual(run.invocations![0].toolExecutionNotifications, []);
});

test('fingerprints are stable across runs and distinct for repeated findings', async (t) => {
  const pair = incompatible('a.xml', 2);
  const twice: PairResult = { ...pair, id: 'b.xml', mismatches: [pair.mismatches[0], pair.mismatches[0]] };
  const [a, b] = [await writeSarif([pair, twice]), await writeSarif([pair, twice])];
  const fp = (l: Log) => l.runs[0].results!.map((r) => r.partialFingerprints!['abiDiffFinding/v1']);
  t.deepEqual(fp(a), fp(b));
  t.is(new Set(fp(a)).size, 4);
});

test('files outside the workspace get absolute file URIs; unknown rules get a descriptor', async (t) => {
  const odd: PairResult = { ...incompatible('dir with space/a#1.xml', 1, '/elsewhere'), mismatches: [{ rule: 'future/rule', message: 'm', path: '/domain' }] };
  const log = await writeSarif([odd], { GITHUB_WORKSPACE: '/workspace' });
  const res = log.runs[0].results![0];
  t.is(res.locations![0].physicalLocation!.artifactLocation!.uri, 'file:///elsewhere/dst/dir%20with%20space/a%231.xml');
  t.is(res.locations![0].physicalLocation!.region, undefined, 'no line, no region');
  t.is(log.runs[0].tool.driver.rules![res.ruleIndex!].id, 'future/rule');
  t.is(log.runs[0].originalUriBaseIds!['%SRCROOT%'].uri, 'file:///workspace/');
});

test(`above ${SARIF_MAX_RESULTS} results the first ${SARIF_MAX_RESULTS} are kept and a notification says so`, async (t) => {
  const pairs: PairResult[] = [];
  for (let i = 0; i < 12_505; i++) pairs.push(incompatible(`p${String(i).padStart(6, '0')}.xml`, 2), compatible(`q${String(i).padStart(6, '0')}.xml`));
  pairs.push({ id: 'z.xml', src: '/s/z.xml', dst: '/d/z.xml', status: 'error', mismatches: [], error: { side: 'dst', message: 'XML error: bad', line: 1 } });
  const log = await writeSarif(pairs);
  const run = log.runs[0];
  t.is(run.results!.length, SARIF_MAX_RESULTS);
  // the first ones, in order: pair p000000's two mismatches first, p012499's last
  t.deepEqual(run.results!.slice(0, 2).map((r) => [r.properties!.pair, r.message.text]), pairs[0].mismatches.map((m) => ['p000000.xml', m.message]));
  t.is(run.results!.at(-1)!.properties!.pair, 'p012499.xml');
  t.deepEqual(run.properties!.results, { total: 25_011, written: 25_000, truncated: true });
  const notes = run.invocations![0].toolExecutionNotifications!;
  t.is(notes.length, 1);
  t.is(notes[0].level, 'warning');
  t.is(notes[0].descriptor!.id, 'abi-diff/results-truncated');
  t.regex(notes[0].message.text!, /25011 results; this file keeps the first 25000/);
  t.deepEqual(run.properties!.summary, summaryOf(pairs));
});

test(`exactly ${SARIF_MAX_RESULTS} results are not truncated`, async (t) => {
  const pairs = Array.from({ length: 12_500 }, (_v, i) => incompatible(`p${i}.xml`, 2));
  const run = (await writeSarif(pairs)).runs[0];
  t.is(run.results!.length, SARIF_MAX_RESULTS);
  t.deepEqual(run.invocations![0].toolExecutionNotifications, []);
  t.false(run.properties!.results.truncated);
});

test('a run without findings is valid SARIF with an empty result list', async (t) => {
  const run = (await writeSarif([compatible('a.xml')])).runs[0];
  t.deepEqual(run.results, []);
  t.is(run.properties!.summary.compatible, 1);
});

test('an input error points at the line of the element libvirt rejected, in JSON and SARIF', async (t) => {
  const dir = await tmp();
  await mkdir(join(dir, 's'));
  await mkdir(join(dir, 'd'));
  const unchanged = await readFile(join(EXAMPLE, 'dst', 'q35/unchanged.xml'), 'utf8');
  await writeFile(join(dir, 's', 'balloon.xml'), await readFile(join(EXAMPLE, 'src', 'q35/unchanged.xml'), 'utf8'));
  await writeFile(join(dir, 'd', 'balloon.xml'), unchanged.replace("<memballoon model='virtio'>", "<memballoon model='virtio' autodeflate='maybe'>"));
  await writeFile(join(dir, 's', 'cmdqv.xml'), await readFile(join(EXAMPLE, 'src', 'aarch64/cmdqv-auto-invalid.xml'), 'utf8'));
  await writeFile(join(dir, 'd', 'cmdqv.xml'), await readFile(join(EXAMPLE, 'dst', 'aarch64/cmdqv-auto-invalid.xml'), 'utf8'));
  const out = join(dir, 'out');
  const r = await abiDiff([join(dir, 's'), join(dir, 'd'), '--out', out, '--format', 'json,sarif', '--quiet']);
  t.is(r.code, 2, r.stderr);
  const lineOf = (text: string, what: string) => text.split('\n').findIndex((l) => l.includes(what)) + 1;
  const expected = {
    'balloon.xml': lineOf(unchanged, '<memballoon'),
    'cmdqv.xml': lineOf(await readFile(join(EXAMPLE, 'dst', 'aarch64/cmdqv-auto-invalid.xml'), 'utf8'), "cmdqv='auto'"),
  };
  t.true(expected['balloon.xml'] > 1 && expected['cmdqv.xml'] > 1);
  const json = await readJsonReport(out);
  t.deepEqual(Object.fromEntries(json.pairs.map((p) => [p.id, p.error?.line])), expected);
  const results = (await readSarif(out)).runs[0].results!;
  t.deepEqual(Object.fromEntries(results.map((x) => [x.properties!.pair, x.locations![0].physicalLocation!.region?.startLine])), expected);
});
