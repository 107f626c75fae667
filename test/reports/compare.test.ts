/**
 * --compare PREVIOUS.json: each pair against last night's report (new failure, fixed, still
 * failing, unchanged, new, gone) in every report, --fail-on new, and a previous report of
 * another profile refused.
 */
import test from 'ava';
import { cp, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Comparison } from '../../src/batch/compare.js';
import type { PairResult } from '../../src/model/result.js';
import { abiDiff, ALL_FORMATS, compatible, EXAMPLE, incompatible, parseStepSummary, readHtmlData, readJsonReport, readJunit, runAllFormats, tmp } from '../helpers/reports.js';

/** Yesterday's trees, and today's: one pair fixed, one newly broken, one added, one removed. */
async function nightly(): Promise<{ dir: string; yesterday: string }> {
  const dir = await tmp();
  await cp(join(EXAMPLE, 'src'), join(dir, 'src'), { recursive: true });
  await cp(join(EXAMPLE, 'dst'), join(dir, 'dst'), { recursive: true });
  const yesterday = await tmp();
  const r = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', yesterday, '--format', 'json', '--quiet']);
  if (r.code !== 2) throw new Error(r.stderr);
  // fixed: dst takes src's definition; new failure: a compatible pair gets another guest as dst
  await copyFile(join(dir, 'src', 'q35/cdrom-sata-to-ide.xml'), join(dir, 'dst', 'q35/cdrom-sata-to-ide.xml'));
  await copyFile(join(dir, 'dst', 'i440fx/unchanged.xml'), join(dir, 'dst', 'q35/unchanged.xml'));
  // new (compatible) and gone
  await copyFile(join(dir, 'src', 'aarch64/unchanged.xml'), join(dir, 'src', 'aarch64/added.xml'));
  await copyFile(join(dir, 'dst', 'aarch64/unchanged.xml'), join(dir, 'dst', 'aarch64/added.xml'));
  await rm(join(dir, 'src', 'q35/memory-grown.xml'));
  await rm(join(dir, 'dst', 'q35/memory-grown.xml'));
  return { dir, yesterday: join(yesterday, 'abi-diff.json') };
}

test('every pair is classified against the previous report, in every report', async (t) => {
  const { dir, yesterday } = await nightly();
  const r = await runAllFormats(join(dir, 'src'), join(dir, 'dst'), ['--compare', yesterday]);
  t.is(r.code, 2, 'errors still fail the run without --fail-on new');
  const json = await readJsonReport(r.out);
  const change = (id: string) => json.pairs.find((p) => p.id === id)?.change;
  t.is(change('q35/cdrom-sata-to-ide.xml'), 'fixed');
  t.is(change('q35/unchanged.xml'), 'new-failure');
  t.is(change('aarch64/added.xml'), 'new');
  t.is(change('q35/vcpus-added.xml'), 'still-failing');
  t.is(change('q35/invalid-not-xml.xml'), 'still-failing');
  t.is(change('i440fx/unchanged.xml'), 'unchanged');
  t.true(json.pairs.every((p) => p.change));
  const c = json.summary.compare!;
  t.like(c, { previous: yesterday, failOn: 'any', 'new-failure': 1, fixed: 1, new: 1, newFailing: 0, newErrors: 0, gone: 1, goneFailing: 1 });
  t.is(c['new-failure'] + c.fixed + c['still-failing'] + c.unchanged + c.new, json.summary.pairs);

  const html = await readHtmlData(r.out);
  t.deepEqual((html.meta as unknown as { summary: { compare: unknown } }).summary.compare, c);
  t.deepEqual(html.rows.filter((row) => row[7] === 'new-failure').map((row) => row[0]), ['q35/unchanged.xml']);
  const junit = await readJunit(r.out);
  const props = Object.fromEntries((junit.suite as unknown as { properties: { property: { name: string; value: string }[] } }).properties.property.map((p) => [p.name, p.value]));
  t.like(props, { compareWith: yesterday, newFailures: '1', fixed: '1', stillFailing: String(c['still-failing']), unchanged: String(c.unchanged), newPairs: '1', gonePairs: '1' });
  const md = (await import('node:fs')).readFileSync(r.stepSummary, 'utf8');
  t.regex(md, /### Since the previous report/);
  t.regex(md, /\| new failures \| 1 \|/);
  t.truthy(parseStepSummary(md).rows.find((row) => row[0] === 'q35/unchanged.xml' && row[1].includes('new failure')));
});

test('--fail-on new: only new failures fail the run', async (t) => {
  const { dir, yesterday } = await nightly();
  const out = await tmp();
  const r = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--format', 'json', '--quiet', '--compare', yesterday, '--fail-on', 'new']);
  t.is(r.code, 1, r.stderr);
  // the new failure fixed too: what is left failed last night already
  await copyFile(join(dir, 'src', 'q35/unchanged.xml'), join(dir, 'dst', 'q35/unchanged.xml'));
  const again = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--format', 'json', '--compare', yesterday, '--fail-on', 'new']);
  t.is(again.code, 0, again.stderr);
  t.regex(again.stdout, /0 new failures, 1 fixed, \d+ still failing, \d+ unchanged, 1 new \(0 failing\), 1 gone \(1 failing before\); only new failures fail the run \(0\)/);
  // a new pair that cannot be checked is a new failure that exits 2
  await writeFile(join(dir, 'src', 'broken.xml'), '<domain');
  await writeFile(join(dir, 'dst', 'broken.xml'), '<domain');
  t.is((await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--format', 'json', '--quiet', '--compare', yesterday, '--fail-on', 'new'])).code, 2);
});

test('a previous report of another profile or driver, or none, is a usage error', async (t) => {
  const { dir, yesterday } = await nightly();
  const out = await tmp();
  const other = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--quiet', '--compare', yesterday, '--profile', '9.0.0']);
  t.is(other.code, 2);
  t.regex(other.stderr, /--compare .*abi-diff\.json: a report of another run \(profile upstream, this run 9\.0\.0\)/);
  const qemu = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--quiet', '--compare', yesterday, '--driver', 'qemu']);
  t.is(qemu.code, 2);
  t.regex(qemu.stderr, /driver generic, this run qemu/);
  const notReport = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--quiet', '--compare', join(dir, 'src', 'q35/unchanged.xml')]);
  t.is(notReport.code, 2);
  t.regex(notReport.stderr, /--compare .*unchanged\.xml: not an abi-diff JSON report/);
  const alone = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--quiet', '--fail-on', 'new']);
  t.is(alone.code, 2);
  t.regex(alone.stderr, /--fail-on new needs --compare/);
});

test('pairs in any order (a manifest\'s) are matched with the previous report', async (t) => {
  const out = await tmp();
  const previous = [compatible('a.xml'), incompatible('b.xml', 1), compatible('c.xml'), incompatible('d.xml', 1)];
  const { jsonFormat } = await import('../../src/reports/json-report.js');
  const { runInfo, summaryOf } = await import('../helpers/reports.js');
  const sink = await jsonFormat.open(out, runInfo());
  for (const r of previous) await sink.add(r);
  await sink.close(summaryOf(previous));
  const cmp = await Comparison.open(join(out, 'abi-diff.json'), { profile: 'upstream', driver: 'generic' });
  const now: PairResult[] = [incompatible('c.xml', 1), compatible('b.xml'), compatible('a.xml'), incompatible('e.xml', 1)];
  const changes = [];
  for (const r of now) changes.push(await cmp.classify(r));
  t.deepEqual(changes, ['new-failure', 'fixed', 'unchanged', 'new']);
  t.like(await cmp.finish(), { gone: 1, goneFailing: 1, newFailing: 1, 'new-failure': 1, fixed: 1, unchanged: 1, new: 1 });
});

test('merge --compare: merged shards carry the comparison of an unsharded run with --compare, in every report', async (t) => {
  const { dir, yesterday } = await nightly();
  const [src, dst] = [join(dir, 'src'), join(dir, 'dst')];
  const whole = await runAllFormats(src, dst, ['--compare', yesterday]);
  const shards = await Promise.all(['1/2', '2/2'].map(async (s) => {
    const out = await tmp();
    await abiDiff([src, dst, '--shard', s, '--out', out, '--format', 'json', '--quiet']);
    return join(out, 'abi-diff.json');
  }));
  const out = await tmp();
  const stepSummary = join(out, 'step-summary.md');
  const merged = await abiDiff(['merge', ...shards, '--out', out, '--format', ALL_FORMATS, '--compare', yesterday], { GITHUB_STEP_SUMMARY: stepSummary });
  t.is(merged.code, whole.code, merged.stderr);
  t.regex(merged.stdout, /against .*abi-diff\.json: 1 new failures, 1 fixed, \d+ still failing, \d+ unchanged, 1 new \(0 failing\), 1 gone \(1 failing before\)/);
  // the merged report is the whole run's but for the header's shard
  const text = (await readFile(join(out, 'abi-diff.json'), 'utf8')).replace(/\n "shard": \{[^]*?\n \},\n/, '\n "shard": null,\n');
  t.is(text, await readFile(join(whole.out, 'abi-diff.json'), 'utf8'));
  const [html, wholeHtml] = await Promise.all([readHtmlData(out), readHtmlData(whole.out)]);
  t.deepEqual(html.rows, wholeHtml.rows);
  t.deepEqual(html.meta.summary, wholeHtml.meta.summary);
  const props = async (o: string) => (await readJunit(o)).suite.properties;
  t.deepEqual(await props(out), await props(whole.out));
  t.is(await readFile(stepSummary, 'utf8'), await readFile(whole.stepSummary, 'utf8'));
  t.is(merged.stdout.split('\n').filter((l) => l.startsWith('::')).join('\n'), whole.stdout.split('\n').filter((l) => l.startsWith('::')).join('\n'));

  // --fail-on new: the new failure fails the merge (1), the errors of last night do not (2)
  t.is((await abiDiff(['merge', ...shards, '--out', out, '--format', 'json', '--quiet', '--compare', yesterday, '--fail-on', 'new'])).code, 1);
  const alone = await abiDiff(['merge', ...shards, '--out', out, '--quiet', '--fail-on', 'new']);
  t.is(alone.code, 2);
  t.regex(alone.stderr, /abi-diff merge: --fail-on new needs --compare/);
  // a previous report of another profile is refused before anything is written
  const other = await tmp();
  await abiDiff([src, dst, '--out', other, '--format', 'json', '--quiet', '--profile', '9.0.0']);
  const refused = join(await tmp(), 'never');
  const wrong = await abiDiff(['merge', ...shards, '--out', refused, '--quiet', '--compare', join(other, 'abi-diff.json')]);
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /--compare .*abi-diff\.json: a report of another run \(profile 9\.0\.0, this run upstream\)/);
  t.false((await import('node:fs')).existsSync(refused));
});

test('merge without --compare keeps the comparison the shards made: their counts add up to the unsharded run\'s', async (t) => {
  const { dir, yesterday } = await nightly();
  const [src, dst] = [join(dir, 'src'), join(dir, 'dst')];
  const json = async (args: string[]) => {
    const out = await tmp();
    const r = await abiDiff([...args, '--out', out, '--format', 'json', '--quiet']);
    return { code: r.code, stderr: r.stderr, file: join(out, 'abi-diff.json') };
  };
  const unshard = async (file: string) => (await readFile(file, 'utf8')).replace(/\n "shard": \{[^]*?\n \},\n/, '\n "shard": null,\n');
  const whole = await json([src, dst, '--compare', yesterday, '--fail-on', 'new']);
  const shards = await Promise.all(['1/2', '2/2'].map((s) => json([src, dst, '--shard', s, '--compare', yesterday, '--fail-on', 'new'])));
  const merged = await json(['merge', ...shards.map((s) => s.file)]);
  t.is(merged.code, whole.code, merged.stderr);
  t.is(merged.code, 1, 'the new failure fails it, as --fail-on new made the shards');
  t.is(await unshard(merged.file), await readFile(whole.file, 'utf8'));
  // one report merged alone keeps its comparison too
  const again = await json(['merge', whole.file]);
  t.is(await readFile(again.file, 'utf8'), await readFile(whole.file, 'utf8'));
  // shards compared with different previous reports (or not at all) are refused, naming both
  const plain = await json([src, dst, '--shard', '2/2']);
  const mixed = await json(['merge', shards[0].file, plain.file]);
  t.is(mixed.code, 2);
  t.regex(mixed.stderr, /abi-diff merge: .*abi-diff\.json: not compared \(no --compare\), but .*abi-diff\.json: compared with .*abi-diff\.json \(--fail-on new\): the shards of one run compare with one previous report/);
  // merge --compare compares the merged pairs anew, whatever the shards did
  t.is((await json(['merge', shards[0].file, plain.file, '--compare', yesterday, '--fail-on', 'new'])).code, 1);
});
