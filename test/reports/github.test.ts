/** GitHub: workflow-command escaping, the annotation limit, the step summary and its size limit. */
import test from 'ava';
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairResult } from '../../src/model/result.js';
import { annotation, escapeData, escapeProperty, githubFormat, mdCell, workflowCommand } from '../../src/reports/github-report.js';
import { abiDiff, captureStream, compatible, EXAMPLE, incompatible, parseCommands, parseStepSummary, runInfo, summaryOf, tmp } from '../helpers/reports.js';

async function runGithub(results: PairResult[], annotations?: number, withSummary = true) {
  const dir = await tmp();
  const stdout = captureStream();
  const env = { GITHUB_WORKSPACE: dir, ...(withSummary ? { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } : {}) };
  const sink = await githubFormat.open(join(dir, 'out'), runInfo({ annotations, stdout, env }));
  for (const r of results) await sink.add(r);
  const files = await sink.close(summaryOf(results));
  return { dir, stdout: stdout.text(), files, summaryFile: join(dir, 'summary.md') };
}

test('escaping of data and properties', (t) => {
  t.is(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  t.is(escapeProperty('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext%3A a%2Cb');
  // % first, or %0A in the input would come out as a newline
  t.is(escapeData('%0A'), '%250A');
  t.is(workflowCommand('error', { file: 'a,b:c.xml', line: 3, title: 'x: y' }, 'one\ntwo'), '::error file=a%2Cb%3Ac.xml,line=3,title=x%3A y::one%0Atwo');
  t.is(workflowCommand('notice', {}, 'm'), '::notice::m');
});

test('an annotation per non-compatible pair, at the first mismatch, with awkward names intact', async (t) => {
  const root = '/ws';
  const pair = incompatible('odd, name: 100%\r\n.xml', 3, '/ws/guests');
  const line = annotation(pair, root);
  t.false(/[\r\n]/.test(line), 'one line');
  const [cmd] = parseCommands(line);
  t.is(cmd.command, 'error');
  t.is(cmd.props.file, 'guests/dst/odd, name: 100%\r\n.xml');
  t.is(cmd.props.line, '10');
  t.is(cmd.props.title, 'abi-diff net/model: odd, name: 100%\r\n.xml');
  t.is(cmd.message.split('\n')[0], pair.mismatches[0].message);
  t.true(cmd.message.includes('2 more mismatches:\n- disk/bus (line 11): '));
  const err: PairResult = { id: 'x.xml', src: '/ws/s/x.xml', dst: '/ws/d/x.xml', status: 'error', mismatches: [], error: { side: 'src', message: 'XML error: bad', line: 4 } };
  t.deepEqual(parseCommands(annotation(err, root))[0], { command: 'error', props: { file: 's/x.xml', line: '4', title: 'abi-diff input error (src): x.xml' }, message: 'XML error: bad' });
  const unpaired: PairResult = { id: 'y.xml', src: null, dst: '/ws/d/y.xml', status: 'unpaired', mismatches: [], error: { side: 'src', message: 'y.xml exists in dst only' } };
  t.like(parseCommands(annotation(unpaired, root))[0].props, { file: 'd/y.xml', title: 'abi-diff unpaired: y.xml' });
});

test('the first N pairs are annotated, the rest counted in a notice; the step summary lists all', async (t) => {
  const results = [compatible('a.xml'), ...['b', 'c', 'd', 'e', 'f'].map((x) => incompatible(`${x}.xml`, 2))];
  const { stdout, files, summaryFile } = await runGithub(results, 3);
  const cmds = parseCommands(stdout);
  t.deepEqual(cmds.map((c) => c.command), ['error', 'error', 'error', 'notice']);
  t.deepEqual(cmds.slice(0, 3).map((c) => c.props.title), ['b', 'c', 'd'].map((x) => `abi-diff net/model: ${x}.xml`));
  t.regex(cmds[3].message, /^2 more failing pairs are not annotated \(--annotations 3\)/);
  t.deepEqual(files, [summaryFile]);
  const md = await readFile(summaryFile, 'utf8');
  const parsed = parseStepSummary(md);
  t.deepEqual(parsed.counts, { compatible: 1, incompatible: 5, error: 0, unpaired: 0, total: 6 });
  t.deepEqual(parsed.rows.map((r) => r[0]), ['b.xml', 'c.xml', 'd.xml', 'e.xml', 'f.xml']);
  t.regex(md, /\| net\/model \| net \| 5 \| 5 \| 5 \|/);
});

test('no annotations with --annotations 0; the default is 10; no step summary without the variable', async (t) => {
  const results = Array.from({ length: 12 }, (_v, i) => incompatible(`p${i}.xml`, 1));
  t.deepEqual(parseCommands((await runGithub(results, 0)).stdout).map((c) => c.command), ['notice']);
  const def = await runGithub(results, undefined, false);
  t.is(parseCommands(def.stdout).filter((c) => c.command === 'error').length, 10);
  t.deepEqual(def.files, []);
  t.false(existsSync(def.summaryFile));
});

test('markdown cells cannot break the table or inject HTML', async (t) => {
  t.is(mdCell('a|b\nc <script>&`'), 'a\\|b<br>c &lt;script&gt;&amp;\\`');
  // no image fetched from elsewhere, no link; controls shown (the backslash escaped so it shows)
  t.is(mdCell('![i](https://e.example/i.png) [l](x) \x1b[1m'), '!\\[i\\](https://e.example/i.png) \\[l\\](x) \\\\x1b\\[1m');
  const pair: PairResult = { ...incompatible('x|y.xml', 1), mismatches: [{ rule: 'disk/serial', message: 'serial a|b <b>bold</b>\nnext', path: '/domain', line: 2 }] };
  const { summaryFile } = await runGithub([pair], 1);
  const rows = parseStepSummary(await readFile(summaryFile, 'utf8')).rows;
  t.is(rows.length, 1);
  t.deepEqual(rows[0], ['x\\|y.xml', 'incompatible', 'disk/serial', '2', 'serial a\\|b &lt;b&gt;bold&lt;/b&gt;<br>next']);
});

test('the step summary stays under GitHub\'s 1 MiB, appended to what is there', async (t) => {
  const long = 'unsupported configuration: ' + 'x'.repeat(300);
  const results: PairResult[] = Array.from({ length: 6000 }, (_v, i) => ({ ...incompatible(`p${String(i).padStart(5, '0')}.xml`, 1), mismatches: [{ rule: 'disk/bus', message: long, path: '/domain', line: 1 }] }));
  const dir = await tmp();
  const summaryFile = join(dir, 'summary.md');
  await writeFile(summaryFile, '# earlier step output\n');
  const sink = await githubFormat.open(dir, runInfo({ annotations: 0, stdout: captureStream(), env: { GITHUB_STEP_SUMMARY: summaryFile } }));
  for (const r of results) await sink.add(r);
  await sink.close(summaryOf(results));
  const size = (await stat(summaryFile)).size;
  t.true(size <= 1024 * 1024, `${size} bytes`);
  t.true(size > 900 * 1024, 'uses most of the room');
  const md = await readFile(summaryFile, 'utf8');
  t.true(md.startsWith('# earlier step output\n## abi-diff'));
  const shown = parseStepSummary(md).rows.length;
  t.regex(md, new RegExp(`_${6000 - shown} more rows left out`));
  t.true(shown > 2000 && shown < 6000);
});

test('the CLI passes --annotations to the github format and rejects bad values', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--format', 'github', '--annotations', '2', '--quiet']);
  t.is(r.code, 2, r.stderr);
  t.deepEqual(parseCommands(r.stdout).map((c) => c.command), ['error', 'error', 'notice']);
  const bad = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--format', 'github', '--annotations', 'ten']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /--annotations must be a non-negative integer/);
});

test('a fixed pair\'s patch is suggested in its annotation and the step summary; a new failure is marked', async (t) => {
  const patch = "--- dst/a.xml\n+++ dst/a.xml\n@@ -10 +10 @@\n-      <model type='e1000'/>\n+      <model type='virtio'/>\n```\n";
  const results: PairResult[] = [
    { ...incompatible('a.xml', 1), change: 'new-failure', fix: { status: 'fixed', patch } },
    { ...incompatible('b.xml', 1), change: 'still-failing', fix: { status: 'unfixable', reason: 'removing the device would renumber the others' } },
    compatible('c.xml'),
  ];
  const { stdout, summaryFile } = await runGithub(results);
  const [a, b] = parseCommands(stdout).filter((c) => c.command === 'error');
  t.is(a.props.title, 'abi-diff net/model (new failure): a.xml');
  t.true(a.message.endsWith(`Suggested fix (abi-diff fix), a patch to the destination:\n${patch.replace(/\n$/, '')}`));
  t.is(b.props.title, 'abi-diff net/model: b.xml');
  t.true(b.message.endsWith('abi-diff fix: no safe fix: removing the device would renumber the others'));
  const md = await readFile(summaryFile, 'utf8');
  // the patch's own ``` cannot close the fence
  t.true(md.includes(`### Suggested fixes (abi-diff fix)`));
  t.true(md.includes(`<details><summary>a.xml</summary>\n\n\`\`\`\`diff\n${patch}\`\`\`\`\n\n</details>`));
  t.deepEqual(parseStepSummary(md).rows.map((r) => r[1]), ['incompatible, new failure', 'incompatible, still failing']);
});

test('with --compare, new failures are annotated first; under the QEMU driver the title says whose rules gave the verdict', async (t) => {
  const results: PairResult[] = [
    { ...incompatible('a.xml', 1), change: 'still-failing', driver: 'generic' },
    { ...incompatible('b.xml', 1), change: 'still-failing', driver: 'qemu' },
    { ...incompatible('c.xml', 1), change: 'new-failure', driver: 'qemu' },
    { ...incompatible('d.xml', 1), change: 'still-failing' },
  ];
  const { stdout } = await runGithub(results, 2, false);
  const commands = parseCommands(stdout);
  t.deepEqual(commands.filter((c) => c.command === 'error').map((c) => c.props.title),
    ['abi-diff net/model (new failure) [QEMU driver]: c.xml', 'abi-diff net/model [generic rules]: a.xml']);
  t.regex(commands.find((c) => c.command === 'notice')!.message, /^2 more failing pairs are not annotated/);
  // a pair without a driver (a run without the QEMU driver) keeps its title
  const plain = parseCommands((await runGithub([results[3]], 2, false)).stdout);
  t.is(plain[0].props.title, 'abi-diff net/model: d.xml');
});
