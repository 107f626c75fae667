/** JUnit XML: a testcase per pair; failure = libvirt's first message + every mismatch; input errors as error. */
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { XMLValidator } from 'fast-xml-parser';
import type { PairResult } from '../../src/model/result.js';
import { junitFormat } from '../../src/reports/junit-report.js';
import { join } from 'node:path';
import { abiDiff, compatible, EXAMPLE, incompatible, parseJunit, readHtmlData, readJsonReport, readJunit, runAllFormats, runInfo, schemaValidators, summaryOf, tmp } from '../helpers/reports.js';

async function writeJunit(results: PairResult[]): Promise<string> {
  const out = await tmp();
  const sink = await junitFormat.open(out, runInfo());
  for (const r of results) await sink.add(r);
  const [file] = await sink.close(summaryOf(results));
  return readFile(file, 'utf8');
}

const nasty = 'unsupported configuration: Target "<disk>" & \'x\' ]]> does not\nmatch\u0001 source';

const RESULTS: PairResult[] = [
  compatible('a.xml'),
  incompatible('web/b&<c>.xml', 3),
  { ...incompatible('web/c.xml', 1), mismatches: [{ rule: 'disk/serial', message: nasty, path: '/domain/devices/disk[1]/serial', line: 7 }] },
  { id: 'd.xml', src: '/s/d.xml', dst: '/d/d.xml', status: 'error', mismatches: [], error: { side: 'src', message: 'XML error: malformed XML at line 1', line: 1 } },
  { id: 'e.xml', src: '/s/e.xml', dst: null, status: 'unpaired', mismatches: [], error: { side: 'dst', message: 'e.xml exists in src only: no dst file to compare with' } },
];

test('structure, counts and bodies', async (t) => {
  const xml = await writeJunit(RESULTS);
  t.is(XMLValidator.validate(xml), true, 'well-formed XML');
  t.false(xml.includes('\u0001'), 'no character XML 1.0 forbids');
  const { suites, suite } = parseJunit(xml);
  for (const attrs of [suites, suite]) t.like(attrs, { tests: '5', failures: '2', errors: '2', skipped: '0' });
  const cases = suite.testcase;
  t.deepEqual(cases.map((c) => c.name), RESULTS.map((r) => r.id));
  t.deepEqual(cases.map((c) => c.classname), ['abi-diff', 'abi-diff.web', 'abi-diff.web', 'abi-diff', 'abi-diff']);
  t.is(cases[0].failure, undefined);
  t.is(cases[0].error, undefined);
  t.is(cases[0].file, '/nonexistent/dst/a.xml');

  const b = cases[1].failure;
  t.is(b.message, RESULTS[1].mismatches[0].message);
  t.is(b.type, 'net/model');
  for (const m of RESULTS[1].mismatches) {
    t.true(b['#text'].includes(`${m.rule} at ${m.path} (dst line ${m.line}, src line ${m.srcLine})\n   ${m.message}`));
  }
  t.regex(b['#text'], /^libvirt: unsupported configuration: Target thing 0/);
  t.regex(b['#text'], /3 mismatches, in libvirt's evaluation order/);

  // escaping: the message survives, with the forbidden control character replaced
  const c = cases[2].failure;
  const shown = nasty.replace('\u0001', '\uFFFD');
  t.is(c.message, shown);
  t.true(c['#text'].includes(shown));
  t.true(c['#text'].includes('disk/serial at /domain/devices/disk[1]/serial (dst line 7)'));

  t.like(cases[3].error, { type: 'abi-diff/input-error', message: 'XML error: malformed XML at line 1' });
  t.regex(cases[3].error['#text'], /^error: src side, line 1/);
  t.like(cases[4].error, { type: 'abi-diff/unpaired' });
  t.regex(cases[4].error['#text'], /dst: \(none\)/);
  t.is(cases[4].file, '/s/e.xml');
});

test('an empty run is a valid empty suite', async (t) => {
  const xml = await writeJunit([]);
  t.is(XMLValidator.validate(xml), true);
  t.like(parseJunit(xml).suites, { tests: '0', failures: '0', errors: '0' });
});

test('--report-pairs failing: the failing testcases and one that counts the compatible pairs; by default above 100,000 pairs', async (t) => {
  const write = async (results: PairResult[], reportPairs?: 'failing' | 'all') => {
    const out = await tmp();
    const sink = await junitFormat.open(out, runInfo(reportPairs ? { reportPairs } : {}));
    for (const r of results) await sink.add(r);
    const [file] = await sink.close(summaryOf(results));
    return parseJunit(await readFile(file, 'utf8'));
  };
  const failing = await write(RESULTS, 'failing');
  t.deepEqual(failing.suite.testcase.map((c) => c.name), [...RESULTS.slice(1).map((r) => r.id), '1 compatible pairs']);
  t.like(failing.suite, { tests: '5', failures: '2', errors: '2' });
  const props = Object.fromEntries((failing.suite as unknown as { properties: { property: { name: string; value: string }[] } }).properties.property.map((p) => [p.name, p.value]));
  t.like(props, { pairs: '5', reportPairs: 'failing', compatibleNotListed: '1' });
  t.is((await write(RESULTS, 'all')).suite.testcase.length, 5);
  // 100,001 pairs: the compatible ones are counted, not listed
  const many = Array.from({ length: 100_001 }, (_v, i) => (i % 1000 ? compatible(`g${String(i).padStart(6, '0')}.xml`) : incompatible(`g${String(i).padStart(6, '0')}.xml`, 1)));
  const big = await write(many);
  t.is(big.suite.testcase.length, 102);
  t.is(big.suite.tests, '102');
  t.is((await write(many.slice(0, 100_000))).suite.testcase.length, 100_000);
});

test('the CLI passes --report-pairs to the HTML and JUnit reports', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--format', 'json,html,junit', '--quiet', '--report-pairs', 'failing']);
  t.is(r.code, 2, r.stderr);
  const json = await readJsonReport(out);
  const failing = json.pairs.filter((p) => p.status !== 'compatible').map((p) => p.id);
  const html = await readHtmlData(out);
  t.deepEqual(html.rows.map((row) => row[0]), failing);
  t.is((html.meta as unknown as { unlisted: number }).unlisted, json.summary.compatible);
  t.deepEqual((await readJunit(out)).suite.testcase.map((c) => c.name), [...failing, `${json.summary.compatible} compatible pairs`]);
  const bad = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--report-pairs', 'some']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--report-pairs must be one of failing, all, got 'some'/);
});

test('merge keeps the shards\' --report-pairs: merged shards give the unsharded run\'s reports; merge --report-pairs overrides it', async (t) => {
  const [src, dst] = [join(EXAMPLE, 'src'), join(EXAMPLE, 'dst')];
  const whole = await runAllFormats(src, dst, ['--report-pairs', 'failing']);
  const shard = async (s: string, extra: string[]) => {
    const out = await tmp();
    await abiDiff([src, dst, '--shard', s, '--out', out, '--format', 'json', '--quiet', ...extra]);
    return join(out, 'abi-diff.json');
  };
  const shards = await Promise.all(['1/2', '2/2'].map((s) => shard(s, ['--report-pairs', 'failing'])));
  const merge = async (files: string[], extra: string[] = []) => {
    const out = await tmp();
    return { out, ...(await abiDiff(['merge', ...files, '--out', out, '--format', 'json,html,junit', '--quiet', ...extra])) };
  };
  const merged = await merge(shards);
  t.is(merged.code, whole.code, merged.stderr);
  const text = (await readFile(join(merged.out, 'abi-diff.json'), 'utf8')).replace(/\n "shard": \{[^]*?\n \},\n/, '\n "shard": null,\n');
  t.is(text, await readFile(join(whole.out, 'abi-diff.json'), 'utf8'));
  const [html, wholeHtml] = await Promise.all([readHtmlData(merged.out), readHtmlData(whole.out)]);
  t.deepEqual(html.rows, wholeHtml.rows);
  t.deepEqual(html.meta, wholeHtml.meta);
  t.deepEqual(await readJunit(merged.out), await readJunit(whole.out));
  t.true(html.rows.length < (await readJsonReport(whole.out)).summary.pairs, 'the compatible pairs are counted, not listed');

  // merge --report-pairs chooses for the merged report, whatever the shards said
  const all = await merge(shards, ['--report-pairs', 'all']);
  const json = await readJsonReport(all.out);
  t.is(json.reportPairs, 'all');
  t.true(schemaValidators().report(json), 'the header\'s reportPairs is in the schema');
  t.is((await readHtmlData(all.out)).rows.length, json.summary.pairs);
  t.is((await readJunit(all.out)).suite.testcase.length, json.summary.pairs);
  // shards that disagree are refused naming both, unless merge --report-pairs chooses
  const plain = await shard('2/2', []);
  const mixed = await merge([shards[0], plain]);
  t.is(mixed.code, 2);
  t.regex(mixed.stderr, /abi-diff merge: .*abi-diff\.json: run without --report-pairs, but .*abi-diff\.json: run with --report-pairs failing: .*merge --report-pairs/);
  t.is((await merge([shards[0], plain], ['--report-pairs', 'failing'])).code, whole.code);
});
