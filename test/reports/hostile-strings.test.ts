/**
 * Every report writer copes with any string input can bring in ids, paths and messages: lone
 * surrogates (a manifest's JSON `"\ud800"`), control characters, NUL, line separators.
 */
import test from 'ava';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairResult } from '../../src/model/result.js';
import { REPORT_FORMATS } from '../../src/reports/index.js';
import type { ReportFormatName } from '../../src/reports/format-names.js';
import { abiDiff, ALL_FORMATS, captureStream, EXAMPLE, parseCommands, parseJunit, parseStepSummary, readHtmlData, readJsonReport, readSarif, runInfo, summaryOf, tmp } from '../helpers/reports.js';

const NASTY = ['lone \uD800 high', 'lone \uDFFF low', 'nul \0 byte', 'esc \x1b[31m', 'line\nbreak\r::warning::x', 'sep \u2028\u2029 \u202E', 'del \x7f c1 \x85', '"quote\' <tag> & ]]> %0A'];

function hostileResults(root: string): PairResult[] {
  return NASTY.map((s, i) => ({
    id: `${i}/${s}.xml`, src: join(root, 'src', `${s}.xml`), dst: join(root, 'dst', `${s}.xml`),
    ...(i % 2
      ? { status: 'error', mismatches: [], error: { side: 'dst', message: `${s}: cannot read file`, line: 2 } }
      : { status: 'incompatible', mismatches: [{ rule: 'disk/serial', message: `Target disk serial ${s} does not match source A`, path: `/domain/devices/disk[@serial='${s}']`, line: 3, srcLine: 3 }] }),
  } as PairResult));
}

test('each format writes a readable report of ids, paths and messages holding any character', async (t) => {
  const dir = await tmp();
  const results = hostileResults(dir);
  const stdout = captureStream();
  const out = join(dir, 'out');
  const info = runInfo({ stdout, env: { GITHUB_WORKSPACE: dir, GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } });
  for (const name of Object.keys(REPORT_FORMATS) as ReportFormatName[]) {
    const sink = await REPORT_FORMATS[name].open(out, info);
    for (const r of results) await sink.add(r);
    await sink.close(summaryOf(results));
  }
  const json = await readJsonReport(out);
  t.deepEqual(json.pairs.map((p) => p.id), results.map((r) => r.id), 'JSON keeps every string as it was');
  t.is((await readFile(join(out, 'abi-diff.jsonl'), 'utf8')).split('\n').filter(Boolean).length, results.length);
  const sarif = await readSarif(out);
  const uris = sarif.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri!);
  t.is(uris.length, results.length);
  t.true(uris[0].includes('%EF%BF%BD'), `a lone surrogate is the U+FFFD the file system saw: ${uris[0]}`);
  for (const uri of uris) t.notThrows(() => decodeURIComponent(uri));
  const junit = parseJunit(await readFile(join(out, 'abi-diff.junit.xml'), 'utf8'));
  t.is(junit.suite.testcase.length, results.length);
  t.is((await readHtmlData(out)).rows.length, results.length);
  const commands = parseCommands(stdout.text());
  t.is(commands.length, results.length, 'an annotation per failing pair');
  t.is(commands[0].props.title, 'abi-diff disk/serial: 0/lone \uFFFD high.xml');
  t.is(commands[2].props.title, 'abi-diff disk/serial: 2/nul \\x00 byte.xml');
  for (const c of commands) t.false(/[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202E]/.test(c.props.title), c.props.title);
  const md = parseStepSummary(await readFile(join(dir, 'summary.md'), 'utf8'));
  t.is(md.rows.length, results.length);
});

test('a manifest path with a lone surrogate: every format is written, the pair an error', async (t) => {
  const dir = await tmp();
  const manifest = join(dir, 'pairs.jsonl');
  // JSON escapes let a manifest carry strings no file name can: the lone surrogate reaches abi-diff as is
  await writeFile(manifest, `{"src": ${JSON.stringify(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'))}, "dst": "bad\\ud800.xml", "id": "x\\u0000y\\ud800"}\n`);
  const out = join(dir, 'out');
  const r = await abiDiff(['--manifest', manifest, '--out', out, '--format', ALL_FORMATS], { GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), GITHUB_WORKSPACE: dir });
  t.is(r.code, 2, r.stderr);
  t.notRegex(r.stderr, /internal error/);
  t.deepEqual((await readdir(out)).sort(), ['abi-diff.html', 'abi-diff.json', 'abi-diff.jsonl', 'abi-diff.junit.xml', 'abi-diff.sarif']);
  const json = await readJsonReport(out);
  t.like(json.pairs[0], { id: 'x\0y\uD800', status: 'error' });
  t.is((await readSarif(out)).runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri, 'bad%EF%BF%BD.xml');
});
