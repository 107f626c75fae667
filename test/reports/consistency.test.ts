/**
 * One run writing every format: each report shows the same pairs with the same verdicts and the
 * same counts (json, jsonl, html, sarif, junit, github annotations and step summary), also when
 * rules are off and a baseline suppresses mismatches.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failsRun, type BaselineEntry, type PairResult } from '../../src/model/result.js';
import { INPUT_ERROR_RULE, UNPAIRED_RULE } from '../../src/reports/rule-meta.js';
import { HOSTILE_MAX_SIZE, hostileCorpus } from '../helpers/hostile.js';
import { abiDiff, CONFORMANCE, EXAMPLE, parseCommands, parseStepSummary, readHtmlData, readJsonlLines, readJsonReport, readJunit, readSarif, runAllFormats, tmp } from '../helpers/reports.js';

const STATUS = ['compatible', 'incompatible', 'error', 'unpaired'] as const;

const STALE_ENTRY: BaselineEntry = { pair: 'q35/no-such-guest.xml', rule: 'disk/bus', fingerprint: '0123456789abcdef', count: 2 };

/** The example's baseline minus the q35 pairs (so they fail), plus an entry no pair matches. */
async function exampleBaseline(): Promise<string[]> {
  const dir = await tmp();
  const file = join(dir, 'baseline.json');
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', dir, '--format', 'json', '--quiet', '--write-baseline', file]);
  if (r.code !== 2) throw new Error(r.stderr);
  const doc = JSON.parse(await readFile(file, 'utf8'));
  doc.entries = [...doc.entries.filter((e: BaselineEntry) => !e.pair.startsWith('q35/')), STALE_ENTRY];
  await writeFile(file, JSON.stringify(doc));
  return ['--baseline', file, '--rule-off', 'disk/*=storage moves are planned', '--rule-off', 'net/model'];
}

const RUNS = [
  { name: 'example corpus', dir: async () => EXAMPLE, args: async () => [] as string[], exit: 2 },
  { name: 'example corpus, rules off and a baseline', dir: async () => EXAMPLE, args: exampleBaseline, exit: 2 },
  { name: 'conformance set (9.0.0)', dir: async () => CONFORMANCE, args: async () => ['--profile', '9.0.0'], exit: 2 },
  // mostly files that cannot be checked: they too must be in every report, once
  { name: 'hostile inputs', dir: async () => { const root = await tmp('abi-diff-hostile-'); await hostileCorpus(root); return root; }, args: async () => HOSTILE_MAX_SIZE, exit: 2, fewMismatches: true },
];

for (const run of RUNS) {
  test(`every format agrees: ${run.name}`, async (t) => {
    const dir = await run.dir();
    if (!existsSync(dir)) return t.fail(`${dir} is missing: the shared corpora must sit beside the project`);
    const args = await run.args();
    const all = await runAllFormats(join(dir, 'src'), join(dir, 'dst'), args);
    t.is(all.code, run.exit);
    const json = await readJsonReport(all.out);
    const pairs = json.pairs;
    const ids = pairs.map((p) => p.id);
    const failing = pairs.filter((p) => p.status !== 'compatible');
    // pairs that fail the run: not compatible, and not every mismatch suppressed
    const gating = pairs.filter(failsRun);
    const suppressedPairs = pairs.filter((p) => p.status === 'incompatible' && !failsRun(p));
    const mismatches = pairs.reduce((n, p) => n + p.mismatches.length, 0);
    const suppressedMismatches = pairs.reduce((n, p) => n + p.mismatches.filter((m) => m.suppressed).length, 0);
    const firstFailing = (p: PairResult) => p.mismatches.find((m) => !m.suppressed);
    const byStatus = Object.fromEntries(STATUS.map((s) => [s, pairs.filter((p) => p.status === s).length]));
    const baselined = args.includes('--baseline');
    t.deepEqual(json.summary, { pairs: pairs.length, ...byStatus, suppressed: suppressedPairs.length, ...(baselined ? { staleBaseline: [STALE_ENTRY] } : {}) } as typeof json.summary, 'json summary counts its pairs');
    t.true(failing.length > 0 && mismatches > (run.fewMismatches ? 0 : failing.length), 'the run has findings to compare');
    if (args.length > 2) {
      t.true(suppressedPairs.length > 0 && gating.some((p) => p.status === 'incompatible'), 'some pairs are suppressed, some still fail');
      t.true(pairs.some((p) => p.mismatches.some((m) => m.suppressed?.by === 'baseline')) && pairs.some((p) => p.mismatches.some((m) => m.suppressed?.reason === 'storage moves are planned')));
    } else t.is(suppressedMismatches, 0);

    // jsonl: the same records
    t.deepEqual((await readJsonlLines(all.out)).map((l) => JSON.parse(l)), pairs);

    // html: a row per pair, detail for exactly the non-compatible ones
    const html = await readHtmlData(all.out);
    t.deepEqual(html.rows.map((r) => r[0]), ids);
    t.deepEqual(html.rows.map((r) => STATUS[r[1]]), pairs.map((p) => p.status));
    t.deepEqual(html.rows.map((r) => r[3]), pairs.map((p) => p.mismatches.length));
    t.deepEqual(html.rows.map((r) => r[6]), pairs.map((p) => p.mismatches.filter((m) => m.suppressed).length));
    t.deepEqual(html.rows.map((r) => html.meta.rules[r[2][0]]?.id), pairs.map((p) => p.mismatches[0]?.rule));
    t.deepEqual(html.meta.summary, json.summary);
    t.is(html.meta.mismatches, mismatches);
    t.deepEqual(html.details.map((d) => [d.id, d.status, d.mismatches, d.error]), failing.map((p) => [p.id, p.status, p.mismatches, p.error]));
    t.is(html.meta.ruleRows.reduce((n, r) => n + r.first, 0), json.summary.incompatible, 'each incompatible pair has one first rule');
    t.is(html.meta.ruleRows.reduce((n, r) => n + r.mismatches, 0), mismatches);

    // sarif: a result per mismatch and per unchecked pair, with dst file and line
    const sarif = (await readSarif(all.out)).runs[0];
    const results = sarif.results!;
    t.is(results.length, mismatches + json.summary.error + json.summary.unpaired);
    t.deepEqual(sarif.properties!.summary, json.summary);
    t.deepEqual(sarif.properties!.results, { total: results.length, written: results.length, truncated: false });
    const expected = failing.flatMap((p: PairResult) => (p.status === 'incompatible'
      ? p.mismatches.map((m) => [p.id, m.rule, m.message, m.line])
      : [[p.id, p.status === 'unpaired' ? UNPAIRED_RULE : INPUT_ERROR_RULE, p.error!.message, p.error!.line]]));
    t.deepEqual(results.map((r) => [r.properties!.pair, r.ruleId, r.message.text, r.locations![0].physicalLocation!.region?.startLine]), expected);
    const sarifSuppressed = results.filter((r) => r.suppressions?.length);
    t.is(sarifSuppressed.length, suppressedMismatches);
    t.true(sarifSuppressed.every((r) => r.suppressions![0].kind === 'external' && r.suppressions![0].status === 'accepted' && r.suppressions![0].justification));

    // junit: a testcase per pair, failures and errors as the statuses say
    const junit = await readJunit(all.out);
    const cases = junit.suite.testcase;
    t.deepEqual(cases.map((c) => c.name), ids);
    for (const attrs of [junit.suites, junit.suite]) {
      t.like(attrs, { tests: String(pairs.length), failures: String(json.summary.incompatible - suppressedPairs.length), errors: String(json.summary.error + json.summary.unpaired), skipped: String(suppressedPairs.length) });
    }
    const verdict = (p: PairResult) => (p.status === 'compatible' ? 'compatible' : p.status !== 'incompatible' ? 'not checked' : failsRun(p) ? 'incompatible' : 'suppressed');
    t.deepEqual(cases.map((c) => (c.failure ? 'incompatible' : c.error ? 'not checked' : c.skipped ? 'suppressed' : 'compatible')), pairs.map(verdict));
    t.deepEqual(cases.filter((c) => c.failure).map((c) => c.failure.message), gating.filter((p) => p.status === 'incompatible').map((p) => firstFailing(p)!.message));

    // github: the first 10 non-compatible pairs annotated, the rest counted; the step summary has them all
    const commands = parseCommands(all.stdout);
    const errors = commands.filter((c) => c.command === 'error');
    t.is(errors.length, Math.min(10, gating.length));
    t.deepEqual(errors.map((e) => e.props.title.split(': ').slice(1).join(': ')), gating.slice(0, 10).map((p) => p.id));
    t.deepEqual(errors.map((e) => e.props.line), gating.slice(0, 10).map((p) => {
      const line = p.status === 'incompatible' ? firstFailing(p)!.line : p.error?.line;
      return line === undefined ? undefined : String(line);
    }));
    const notices = commands.filter((c) => c.command === 'notice');
    t.is(notices.length, gating.length > 10 ? 1 : 0);
    if (notices.length) t.regex(notices[0].message, new RegExp(`^${gating.length - 10} more`));
    t.is(commands.filter((c) => c.command === 'warning').length, baselined ? 1 : 0, 'a warning about stale baseline entries');
    const mdText = await readFile(all.stepSummary, 'utf8');
    if (baselined) {
      t.regex(mdText, /Rules turned off \(their mismatches are suppressed\): disk\/\* \(storage moves are planned\), net\/model\./);
      t.regex(mdText, /### Stale baseline entries \(no longer seen\)\n\n\| pair \| rule \| count \| message \|\n\|---\|---\|---:\|---\|\n\| q35\/no-such-guest\.xml \| disk\/bus \| 2 \| 0123456789abcdef \|/);
    }
    const md = parseStepSummary(mdText);
    t.deepEqual(md.counts, { ...byStatus, total: pairs.length });
    t.deepEqual(md.rows.map((r) => [r[0], r[1]]), failing.map((p) => [p.id, verdict(p) === 'suppressed' ? 'incompatible, suppressed' : p.status]));

    t.log(`${run.name}: ${pairs.length} pairs (${STATUS.map((s) => `${byStatus[s]} ${s}`).join(', ')}); ${mismatches} mismatches; ` +
      `html rows ${html.rows.length}, details ${html.details.length}; sarif results ${results.length}; junit tests ${junit.suite.tests}, failures ${junit.suite.failures}, errors ${junit.suite.errors}; ` +
      `github annotations ${errors.length} (+${notices.length} notice), step-summary rows ${md.rows.length}`);
  });
}
