/**
 * One run writing every format: each report shows the same pairs with the same verdicts and the
 * same counts (json, jsonl, html, sarif, junit, github annotations and step summary).
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairResult } from '../../src/model/result.js';
import { INPUT_ERROR_RULE, UNPAIRED_RULE } from '../../src/reports/rule-meta.js';
import { HOSTILE_MAX_SIZE, hostileCorpus } from '../helpers/hostile.js';
import { CONFORMANCE, EXAMPLE, parseCommands, parseStepSummary, readHtmlData, readJsonlLines, readJsonReport, readJunit, readSarif, runAllFormats, tmp } from '../helpers/reports.js';

const STATUS = ['compatible', 'incompatible', 'error', 'unpaired'] as const;

const RUNS = [
  { name: 'example corpus', dir: async () => EXAMPLE, args: [] as string[], exit: 2 },
  { name: 'conformance set (9.0.0)', dir: async () => CONFORMANCE, args: ['--profile', '9.0.0'], exit: 2 },
  // mostly files that cannot be checked: they too must be in every report, once
  { name: 'hostile inputs', dir: async () => { const root = await tmp('abi-diff-hostile-'); await hostileCorpus(root); return root; }, args: HOSTILE_MAX_SIZE, exit: 2, fewMismatches: true },
];

for (const run of RUNS) {
  test(`every format agrees: ${run.name}`, async (t) => {
    const dir = await run.dir();
    if (!existsSync(dir)) return t.fail(`${dir} is missing: the shared corpora must sit beside the project`);
    const all = await runAllFormats(join(dir, 'src'), join(dir, 'dst'), run.args);
    t.is(all.code, run.exit);
    const json = await readJsonReport(all.out);
    const pairs = json.pairs;
    const ids = pairs.map((p) => p.id);
    const failing = pairs.filter((p) => p.status !== 'compatible');
    const mismatches = pairs.reduce((n, p) => n + p.mismatches.length, 0);
    const byStatus = Object.fromEntries(STATUS.map((s) => [s, pairs.filter((p) => p.status === s).length]));
    t.deepEqual(json.summary, { pairs: pairs.length, ...byStatus } as typeof json.summary, 'json summary counts its pairs');
    t.true(failing.length > 0 && mismatches > (run.fewMismatches ? 0 : failing.length), 'the run has findings to compare');

    // jsonl: the same records
    t.deepEqual((await readJsonlLines(all.out)).map((l) => JSON.parse(l)), pairs);

    // html: a row per pair, detail for exactly the non-compatible ones
    const html = await readHtmlData(all.out);
    t.deepEqual(html.rows.map((r) => r[0]), ids);
    t.deepEqual(html.rows.map((r) => STATUS[r[1]]), pairs.map((p) => p.status));
    t.deepEqual(html.rows.map((r) => r[3]), pairs.map((p) => p.mismatches.length));
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

    // junit: a testcase per pair, failures and errors as the statuses say
    const junit = await readJunit(all.out);
    const cases = junit.suite.testcase;
    t.deepEqual(cases.map((c) => c.name), ids);
    for (const attrs of [junit.suites, junit.suite]) {
      t.like(attrs, { tests: String(pairs.length), failures: String(json.summary.incompatible), errors: String(json.summary.error + json.summary.unpaired) });
    }
    t.deepEqual(cases.map((c) => (c.failure ? 'incompatible' : c.error ? 'not checked' : 'compatible')), pairs.map((p) => (p.status === 'incompatible' ? 'incompatible' : p.status === 'compatible' ? 'compatible' : 'not checked')));
    t.deepEqual(cases.filter((c) => c.failure).map((c) => c.failure.message), pairs.filter((p) => p.status === 'incompatible').map((p) => p.mismatches[0].message));

    // github: the first 10 non-compatible pairs annotated, the rest counted; the step summary has them all
    const commands = parseCommands(all.stdout);
    const errors = commands.filter((c) => c.command === 'error');
    t.is(errors.length, Math.min(10, failing.length));
    t.deepEqual(errors.map((e) => e.props.title.split(': ').slice(1).join(': ')), failing.slice(0, 10).map((p) => p.id));
    t.deepEqual(errors.map((e) => e.props.line), failing.slice(0, 10).map((p) => {
      const line = p.mismatches[0]?.line ?? p.error?.line;
      return line === undefined ? undefined : String(line);
    }));
    const notices = commands.filter((c) => c.command === 'notice');
    t.is(notices.length, failing.length > 10 ? 1 : 0);
    if (notices.length) t.regex(notices[0].message, new RegExp(`^${failing.length - 10} more`));
    const md = parseStepSummary(await readFile(all.stepSummary, 'utf8'));
    t.deepEqual(md.counts, { ...byStatus, total: pairs.length });
    t.deepEqual(md.rows.map((r) => [r[0], r[1]]), failing.map((p) => [p.id, p.status]));

    t.log(`${run.name}: ${pairs.length} pairs (${STATUS.map((s) => `${byStatus[s]} ${s}`).join(', ')}); ${mismatches} mismatches; ` +
      `html rows ${html.rows.length}, details ${html.details.length}; sarif results ${results.length}; junit tests ${junit.suite.tests}, failures ${junit.suite.failures}, errors ${junit.suite.errors}; ` +
      `github annotations ${errors.length} (+${notices.length} notice), step-summary rows ${md.rows.length}`);
  });
}
