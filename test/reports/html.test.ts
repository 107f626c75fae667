/**
 * The HTML report in a real browser (Debian's chromium through playwright-core): counts, filters,
 * sorting, a pair's detail with src and dst lines, escaping of hostile text, and 10^5 pairs.
 * Screenshots go to reports/ for a look by eye.
 */
import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { BaselineEntry, PairResult } from '../../src/model/result.js';
import { htmlFormat } from '../../src/reports/html-report.js';
import { abiDiff, compatible, EXAMPLE, incompatible, launchBrowser, readJsonReport, runInfo, summaryOf, tmp } from '../helpers/reports.js';

const SHOTS = join(process.cwd(), 'reports');
let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;

test.before(async () => { browser = await launchBrowser(); });
test.after.always(async () => { await browser?.close(); });

/** A page that fails the test on any script error, console error or request leaving the file. */
async function openReport(t: { fail: (m: string) => void }, file: string, hash = ''): Promise<Page> {
  const page = await browser!.context.newPage();
  page.on('pageerror', (e) => t.fail(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') t.fail(`console ${m.type()}: ${m.text()}`); });
  page.on('request', (r) => { if (!r.url().startsWith('file:')) t.fail(`network request: ${r.url()}`); });
  await page.goto(pathToFileURL(file).href + hash);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  return page;
}

const rowIds = (page: Page) => page.$$eval('#pairs tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-id')!));
const text = (page: Page, sel: string) => page.$eval(sel, (e) => e.textContent ?? '');

async function htmlOf(results: PairResult[], info = runInfo(), staleBaseline?: BaselineEntry[]): Promise<string> {
  const out = await tmp();
  const sink = await htmlFormat.open(out, info);
  for (const r of results) await sink.add(r);
  const [file] = await sink.close({ ...summaryOf(results), ...(staleBaseline ? { staleBaseline } : {}) });
  return file;
}

test.serial('the example corpus: counts, filters, sorting, a pair\'s detail; screenshots', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--quiet']);
  t.is(r.code, 2, r.stderr);
  const json = await readJsonReport(out);
  const page = await openReport(t, join(out, 'abi-diff.html'));

  // summary cards show the JSON report's counts
  for (const [k, n] of Object.entries(json.summary)) t.is(await text(page, `#count-${k === 'pairs' ? 'all' : k}`), String(n), k);
  // the page opens on the pairs that are not compatible
  t.is(await page.inputValue('#f-status'), 'failing');
  t.deepEqual(await rowIds(page), json.pairs.filter((p) => p.status !== 'compatible').map((p) => p.id));
  await page.selectOption('#f-status', 'all');
  t.deepEqual(await rowIds(page), json.pairs.map((p) => p.id));
  t.is(await text(page, '#match-count'), '48');

  // status filter, from the select and from a summary card
  await page.selectOption('#f-status', 'error');
  t.deepEqual(await rowIds(page), json.pairs.filter((p) => p.status === 'error').map((p) => p.id));
  await page.click('.card.incompatible');
  t.is(await page.inputValue('#f-status'), 'incompatible');
  t.is((await rowIds(page)).length, json.summary.incompatible);
  await page.click('#f-reset');

  // rule and family filters match any mismatch of the pair
  await page.selectOption('#f-rule', 'disk/bus');
  t.deepEqual(await rowIds(page), json.pairs.filter((p) => p.mismatches.some((m) => m.rule === 'disk/bus')).map((p) => p.id));
  await page.selectOption('#f-rule', 'family:controller');
  const controller = json.pairs.filter((p) => p.mismatches.some((m) => m.rule.startsWith('controller/'))).map((p) => p.id);
  t.true(controller.length >= 2);
  t.deepEqual(await rowIds(page), controller);
  await page.click('#f-reset');

  // text filter over pair id and message
  await page.fill('#f-text', 'CMDQV');
  const cmdqv = json.pairs.filter((p) => `${p.id}\n${p.mismatches[0]?.message ?? p.error?.message ?? ''}`.toLowerCase().includes('cmdqv')).map((p) => p.id);
  await page.waitForFunction((n) => document.getElementById('match-count')!.textContent === String(n), cmdqv.length);
  t.deepEqual(await rowIds(page), cmdqv);
  await page.click('#f-reset');

  // sorting by mismatch count, descending on the second click
  await page.click('#pairs th[data-sort=count] button');
  await page.click('#pairs th[data-sort=count] button');
  const most = Math.max(...json.pairs.map((p) => p.mismatches.length));
  t.is(await text(page, '#pairs tbody tr:first-child td.num'), String(most));
  t.is(await page.getAttribute('#pairs th[data-sort=count]', 'aria-sort'), 'descending');
  await page.click('#pairs th[data-sort=id] button');

  await page.screenshot({ path: join(SHOTS, 'abi-diff-html.png'), fullPage: true });

  // a pair's detail: every mismatch, src and dst lines side by side with the mismatch's line marked
  const pair = json.pairs.find((p) => p.id === 'q35/cdrom-sata-to-ide.xml')!;
  await page.fill('#f-text', 'cdrom-sata');
  await page.waitForFunction(() => document.getElementById('match-count')!.textContent === '1');
  await page.click(`#pairs tbody tr[data-id="${pair.id}"]`);
  await page.waitForSelector('#detail:not([hidden])');
  t.is(await text(page, '#detail-title'), pair.id);
  t.is(await text(page, '#detail-status'), 'incompatible');
  const shown = await page.$$eval('#detail-body .mm', (mms) => mms.map((mm) => ({
    msg: mm.querySelector('.msg')!.textContent,
    src: mm.querySelector('.sbs > div:first-child .ln.hit')?.textContent,
    dst: mm.querySelector('.sbs > div:last-child .ln.hit')?.textContent,
  })));
  t.deepEqual(shown.map((s) => s.msg), pair.mismatches.map((m, i) => `${i + 1}. ${m.message}`));
  t.is(shown[0].src, `${pair.mismatches[0].srcLine}      <target dev='sda' bus='sata'/>`);
  t.is(shown[0].dst, `${pair.mismatches[0].line}      <target dev='sda' bus='ide'/>`);
  t.is(new URL(page.url()).hash, '#pair=q35%2Fcdrom-sata-to-ide.xml');
  await page.screenshot({ path: join(SHOTS, 'abi-diff-html-detail.png') });
  await page.keyboard.press('Escape');
  t.true(await page.$eval('#detail', (e) => (e as HTMLElement).hidden));

  // an input error's detail shows the message and the offending line
  await page.fill('#f-text', 'invalid-not-xml');
  await page.click('#pairs tbody tr[data-id="q35/invalid-not-xml.xml"]');
  t.is(await text(page, '#detail-title'), 'q35/invalid-not-xml.xml');
  t.regex(await text(page, '#detail-body .msg'), /malformed XML at line 1/);
  t.is(await page.$$eval('#detail-body .ln.hit', (l) => l.length), 1);
  await page.close();

  // a link to a pair opens its detail directly
  const linked = await openReport(t, join(out, 'abi-diff.html'), '#pair=' + encodeURIComponent('aarch64/cmdqv-off.xml'));
  t.is(await text(linked, '#detail-title'), 'aarch64/cmdqv-off.xml');
  await linked.close();
});

test.serial('hostile ids, messages and file lines are shown as text, never run', async (t) => {
  const dir = await tmp();
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'dst'));
  const evil = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=1</script>';
  await writeFile(join(dir, 'src', 'a.xml'), `<domain>\n  <name>${evil}</name>\n</domain>\n`);
  await writeFile(join(dir, 'dst', 'a.xml'), `<domain>\n  <name>x</name>\n</domain>\n`);
  const results: PairResult[] = [
    { id: `${evil}.xml`, src: join(dir, 'src', 'a.xml'), dst: join(dir, 'dst', 'a.xml'), status: 'incompatible', mismatches: [{ rule: 'general/name', message: `Target domain name 'x' does not match source '${evil}'`, path: '/domain/name', line: 2, srcLine: 2 }] },
    { id: 'b.xml', src: '/s/b.xml', dst: '/d/b.xml', status: 'error', mismatches: [], error: { side: 'dst', message: `XML error: ${evil}` } },
    compatible('c.xml'),
  ];
  const page = await openReport(t, await htmlOf(results));
  await page.selectOption('#f-status', 'all');
  t.deepEqual(await rowIds(page), results.map((r) => r.id));
  await page.click('#pairs tbody tr:first-child');
  await page.waitForSelector('#detail:not([hidden])');
  t.is(await text(page, '#detail-title'), results[0].id);
  t.is(await text(page, '#detail-body .sbs > div:first-child .ln.hit'), `2  <name>${evil}</name>`);
  t.is(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  t.is(await page.$$eval('img', (i) => i.length), 0);
  t.is(await page.$$eval('script', (s) => s.length), 4, 'only the page\'s own scripts');
  await page.close();
});

test.serial('10^5 pairs load, filter, page and open quickly', async (t) => {
  const N = 100_000;
  const rules = ['disk/bus', 'net/model', 'controller/count', 'video/vram', 'cpu/cores'];
  const results: PairResult[] = [];
  for (let i = 0; i < N; i++) {
    const id = `fleet/host${String(i >> 8).padStart(4, '0')}/guest${String(i).padStart(6, '0')}.xml`;
    if (i % 100 === 99) results.push({ id, src: `/nonexistent/src/${id}`, dst: `/nonexistent/dst/${id}`, status: 'error', mismatches: [], error: { side: 'dst', message: 'XML error: an os <type> must be specified' } });
    else if (i % 10 < 3) {
      results.push({
        id, src: `/nonexistent/src/${id}`, dst: `/nonexistent/dst/${id}`, status: 'incompatible',
        mismatches: Array.from({ length: 1 + (i % 3) }, (_v, k) => ({ rule: rules[(i + k) % rules.length], message: `unsupported configuration: Target value ${i}.${k} does not match source`, path: `/domain/devices/disk[${k + 1}]`, line: 20 + k, srcLine: 20 + k })),
      });
    } else results.push(compatible(id));
  }
  const start = Date.now();
  const file = await htmlOf(results);
  t.log(`writer: ${Date.now() - start} ms`);
  const t0 = Date.now();
  const page = await openReport(t, file);
  const loadMs = Date.now() - t0;
  t.log(`load to first page: ${loadMs} ms`);
  t.true(loadMs < 15_000, `load took ${loadMs} ms`);
  t.is(await text(page, '#count-all'), '100,000');
  t.is(await page.$$eval('#pairs tbody tr', (r) => r.length), 100, 'one page of rows in the DOM');

  const timed = async (what: string, act: () => Promise<unknown>, until: () => Promise<unknown>) => {
    const s = Date.now();
    await act();
    await until();
    const ms = Date.now() - s;
    t.log(`${what}: ${ms} ms`);
    t.true(ms < 3_000, `${what} took ${ms} ms`);
  };
  const count = (n: number) => () => page.waitForFunction((x) => document.getElementById('match-count')!.textContent === x, n.toLocaleString('en-US'));
  const incompatible = results.filter((r) => r.status === 'incompatible').length;
  await timed('status filter', () => page.selectOption('#f-status', 'incompatible'), count(incompatible));
  await timed('rule filter', () => page.selectOption('#f-rule', 'video/vram'), count(results.filter((r) => r.mismatches.some((m) => m.rule === 'video/vram')).length));
  await page.click('#f-reset');
  await timed('text filter', () => page.fill('#f-text', 'guest099998'), count(1));
  await page.click('#f-reset');
  await timed('sort by message', () => page.click('#pairs th[data-sort=message] button'), () => page.waitForFunction(() => document.querySelector('#pairs th[data-sort=message]')!.getAttribute('aria-sort') === 'ascending'));
  await page.click('#pairs th[data-sort=id] button');
  await page.selectOption('#f-status', 'failing');
  const failing = results.filter((r) => r.status !== 'compatible');
  for (let i = 0; i < 4; i++) await page.click('#next');
  await page.click('#next-bottom');
  t.deepEqual((await rowIds(page))[0], failing[500].id);
  await timed('open a pair', () => page.click('#pairs tbody tr:first-child'), () => page.waitForSelector('#detail:not([hidden])'));
  t.is(await text(page, '#detail-title'), failing[500].id);
  await page.close();
});

test.serial('suppressed mismatches: marked in rows and details, with a card, a filter, the rules off and stale entries', async (t) => {
  const waived = (r: PairResult, i: number): PairResult => ({ ...r, mismatches: r.mismatches.map((m, k) => (k <= i ? { ...m, suppressed: k ? { by: 'baseline' as const } : { by: 'rule-off' as const, reason: 'planned <b>change</b>' } } : m)) });
  const results = [waived(incompatible('a.xml', 2), 1), waived(incompatible('b.xml', 2), 0), compatible('c.xml')];
  const stale: BaselineEntry[] = [{ pair: 'gone.xml', rule: 'disk/bus', fingerprint: '0123456789abcdef', count: 1, message: 'unsupported configuration: Target disk bus ide does not match source sata' }];
  const info = { ...runInfo(), baseline: 'abi-diff.baseline.json', rulesOff: [{ rule: 'net/model', reason: 'planned <b>change</b>' }] };
  const page = await openReport(t, await htmlOf(results, info, stale));
  t.is(await text(page, '#count-suppressed'), '1');
  t.deepEqual(await page.$$eval('#pairs tbody tr .sup', (e) => e.map((x) => x.textContent)), ['suppressed', '1 suppressed']);
  await page.click('.card.suppressed');
  t.deepEqual(await rowIds(page), ['a.xml']);
  t.is(await text(page, '#rules-off'), 'net/model: planned <b>change</b>');
  t.regex(await text(page, '#waivers'), /abi-diff\.baseline\.json: .*1 stale entry/);
  t.regex(await text(page, '#stale'), /gone\.xml.*disk\/bus.*Target disk bus ide does not match source sata/);
  await page.click('#pairs tbody tr:first-child');
  await page.waitForSelector('#detail:not([hidden])');
  t.deepEqual(await page.$$eval('#detail-body .sup-note', (e) => e.map((x) => x.textContent)), [
    'suppressed: rule turned off: planned <b>change</b> (does not fail the run)',
    'suppressed: in the baseline abi-diff.baseline.json (does not fail the run)',
  ]);
  await page.close();
});

test.serial('folders, the status chart, changes, a rule\'s help and the fix patch; failing pairs only on request', async (t) => {
  const fixed = { ...incompatible('hostA/a.xml', 2), change: 'new-failure' as const, fix: { status: 'fixed' as const, patch: "--- dst/hostA/a.xml\n+++ dst/hostA/a.xml\n@@ -10 +10 @@\n-      <target dev='sda' bus='ide'/>\n+      <target dev='sda' bus='sata'/>\n" } };
  const unfixable = { ...incompatible('hostB/b.xml', 1), change: 'still-failing' as const, fix: { status: 'unfixable' as const, reason: 'removing the device would renumber the others' } };
  const results: PairResult[] = [
    fixed, { ...compatible('hostA/c.xml'), change: 'fixed' }, { ...compatible('hostA/d.xml'), change: 'unchanged' }, unfixable, { ...compatible('hostB/e.xml'), change: 'unchanged' }, { ...compatible('top.xml'), change: 'new' },
  ];
  const compare = { previous: 'last-night/abi-diff.json', failOn: 'new' as const, 'new-failure': 1, fixed: 1, 'still-failing': 1, unchanged: 2, new: 1, newFailing: 0, newErrors: 0, gone: 3, goneFailing: 2 };
  const out = await tmp();
  const sink = await htmlFormat.open(out, runInfo({ reportPairs: 'failing' }));
  for (const r of results) await sink.add(r);
  const [file] = await sink.close({ ...summaryOf(results), compare });
  const page = await openReport(t, file);
  // failing pairs and the one fixed since last night are listed; the compatible ones are counted
  await page.selectOption('#f-status', 'all');
  t.deepEqual(await rowIds(page), ['hostA/a.xml', 'hostA/c.xml', 'hostB/b.xml']);
  t.regex(await text(page, '#unlisted'), /^3 compatible pairs are counted above but not listed/);
  t.is(await text(page, '#count-all'), '6');
  // the chart: a segment per status present, each a filter
  t.deepEqual(await page.$$eval('#chart .seg', (e) => e.map((x) => x.className)), ['seg compatible', 'seg incompatible']);
  t.regex(await text(page, '#chart .legend'), /compatible 4 \(66\.7 %\).*incompatible 2 \(33\.3 %\)/);
  await page.click('#chart .seg.incompatible');
  t.deepEqual(await rowIds(page), ['hostA/a.xml', 'hostB/b.xml']);
  await page.click('#f-reset');
  // folders: every pair counted, the most failing first; a folder is a filter
  t.deepEqual(await page.$$eval('#folder-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))), [
    ['hostA', '3', '1', '1', '0', '0'], ['hostB', '2', '1', '1', '0', '0'], ['(top level)', '1', '0', '0', '0', '0'],
  ]);
  await page.click('#folder-table button:text("hostB")');
  t.deepEqual(await rowIds(page), ['hostB/b.xml']);
  await page.click('#f-reset');
  // changes since the previous report: cards and a filter
  t.is(await text(page, '#change-new-failure'), '1');
  t.is(await text(page, '#change-gone'), '3');
  await page.click('.card.ch-fixed');
  t.deepEqual(await rowIds(page), ['hostA/c.xml']);
  t.is(await text(page, '#pairs tbody .chg'), 'fixed');
  await page.click('#f-reset');
  // the detail: the patch, and each rule's explanation and advice once
  await page.click('#pairs tbody tr[data-id="hostA/a.xml"]');
  await page.waitForSelector('#detail:not([hidden])');
  t.regex(await text(page, '#detail-files'), /^new failure since the previous report/);
  t.deepEqual(await page.$$eval('#detail-body .fix .diff .ln', (l) => l.map((x) => [x.className, x.textContent])), [
    ['ln fh', '--- dst/hostA/a.xml'], ['ln fh', '+++ dst/hostA/a.xml'], ['ln hunk', '@@ -10 +10 @@'], ['ln del', "-      <target dev='sda' bus='ide'/>"], ['ln add', "+      <target dev='sda' bus='sata'/>"],
  ]);
  t.deepEqual(await page.$$eval('#detail-body details.help summary', (e) => e.map((x) => x.textContent)), ['About net/model: what it compares, how to fix it', 'About disk/bus: what it compares, how to fix it']);
  await page.click('#detail-body details.help summary');
  const help = await text(page, '#detail-body details.help');
  t.regex(help, /Compares model\/@type in DST with the same value in SRC, at \/domain\/devices\/interface\[1\]\/model\/@type/);
  t.regex(help, /How to fix: libvirt refuses DST while this differs: give DST the value SRC has/);
  t.regex(help, /docs\/rules\/net\/model\.md/);
  await page.screenshot({ path: join(SHOTS, 'abi-diff-html-fix.png') });
  await page.keyboard.press('Escape');
  await page.click('#pairs tbody tr[data-id="hostB/b.xml"]');
  t.regex(await text(page, '#detail-body .fix.unfixable'), /no safe fix.*removing the device would renumber the others/);
  await page.close();
});

test.serial('with --compare the page opens on the new failures first; a column sorts as before', async (t) => {
  const results: PairResult[] = [
    { ...incompatible('a.xml', 1), change: 'still-failing' }, { ...incompatible('m.xml', 1), change: 'still-failing' },
    { ...incompatible('y.xml', 1), change: 'new' }, { ...incompatible('z.xml', 1), change: 'new-failure' },
  ];
  const out = await tmp();
  const sink = await htmlFormat.open(out, runInfo());
  for (const r of results) await sink.add(r);
  const [file] = await sink.close(summaryOf(results));
  const page = await openReport(t, file);
  t.deepEqual(await rowIds(page), ['y.xml', 'z.xml', 'a.xml', 'm.xml']);
  await page.click('#pairs th[data-sort=id] button');
  t.deepEqual(await rowIds(page), ['a.xml', 'm.xml', 'y.xml', 'z.xml']);
  await page.close();
});
