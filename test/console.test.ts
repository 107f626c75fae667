/**
 * The console as CI sees it: a reader that closes stdout or stderr early changes neither the exit
 * status nor the reports, and ids, paths and messages printed from input cannot forge GitHub
 * workflow commands, terminal escapes or markdown.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleLine } from '../src/reports/text-escape.js';
import { abiDiff, EXAMPLE, parseCommands, parseStepSummary, readJsonReport, tmp } from './helpers/reports.js';

const BIN = join(process.cwd(), 'bin', 'abi-diff.js');
const COMPATIBLE = [join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(EXAMPLE, 'dst', 'q35', 'nic-mac-uppercase.xml')];

/** A stale entry whose pair and message would forge commands if printed raw. */
async function hostileBaseline(dir: string): Promise<string> {
  const file = join(dir, 'baseline.json');
  const entry = { pair: 'gone.xml\n::warning::stale-forged', rule: 'disk/bus', fingerprint: '0123456789abcdef', count: 1, message: 'm \x1b[31m\n::add-mask::secret ##[error]v1-forged' };
  await writeFile(file, JSON.stringify({ format: 'abi-diff-baseline/1', entries: [entry] }));
  return file;
}

/** The built command with stdout and/or stderr a pipe whose reader is gone before anything is written. */
async function runClosed(args: string[], close: ('stdout' | 'stderr')[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  for (const name of ['stdout', 'stderr'] as const) {
    if (close.includes(name)) child[name].destroy();
    else child[name].on('data', (d: Buffer) => { if (name === 'stderr') stderr += d; });
  }
  const [code] = await once(child, 'exit');
  return { code, stderr };
}

async function assertReportsWritten(t: import('ava').ExecutionContext, out: string, pairs: number) {
  const report = await readJsonReport(out);
  t.true(report.complete);
  t.is(report.pairs.length, pairs);
  t.deepEqual((await readdir(out)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
}

test('a closed stdout (| head -1) keeps the verdict\'s exit status and the reports', async (t) => {
  const out = await tmp();
  // exit 2 (the corpus has invalid files); github annotations and the console lines go to stdout
  const r = await runClosed([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--format', 'json,github,sarif', '--jobs', '1'], ['stdout']);
  t.is(r.code, 2, r.stderr);
  t.notRegex(r.stderr, /EPIPE|internal error/);
  const expected = (await readJsonReport(out)).pairs.length;
  await assertReportsWritten(t, out, expected);
  await readFile(join(out, 'abi-diff.sarif'), 'utf8').then(JSON.parse);
  const ok = await tmp();
  t.is((await runClosed([...COMPATIBLE, '--out', ok, '--format', 'json,github'], ['stdout'])).code, 0, 'compatible stays 0');
  await assertReportsWritten(t, ok, 1);
});

test('a closed stderr (stale baseline list, warnings) keeps the exit status and the reports', async (t) => {
  const out = await tmp();
  const baseline = await hostileBaseline(out);
  const r = await runClosed([...COMPATIBLE, '--out', out, '--format', 'json,jsonl', '--baseline', baseline, '--quiet'], ['stderr']);
  t.is(r.code, 0);
  await assertReportsWritten(t, out, 1);
  const both = await tmp();
  t.is((await runClosed([...COMPATIBLE, '--out', both, '--baseline', baseline], ['stdout', 'stderr'])).code, 0);
  await assertReportsWritten(t, both, 1);
});

test('consoleLine: no line breaks, controls, workflow commands or bidi overrides get through', (t) => {
  t.is(consoleLine('a.xml: ok'), 'a.xml: ok');
  t.is(consoleLine('x\n::warning::forged'), 'x\\n::warning::forged');
  t.is(consoleLine('::add-mask::secret'), '\\x3a:add-mask::secret');
  t.is(consoleLine('  ::stop-commands::t'), '  \\x3a:stop-commands::t');
  t.is(consoleLine('fe80::1 at ::1'), 'fe80::1 at ::1', 'a :: inside a line starts nothing');
  t.is(consoleLine('a ##[error]v1'), 'a ##\\x5berror]v1');
  t.is(consoleLine('\x1b[31mred\x9b0m\r\0\u202E\u2028'), '\\x1b[31mred\\x9b0m\\r\\x00\\u202E\\u2028');
  t.is(consoleLine('bad\uD800.xml'), 'bad\uFFFD.xml');
  t.is(consoleLine('tab\tand \uD83D\uDE00'), 'tab\tand \uD83D\uDE00', 'tabs and paired surrogates are text');
});

test('a file name and a <serial> holding a newline, workflow commands and ANSI escapes forge nothing', async (t) => {
  const dir = await tmp();
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'dst'));
  const name = 'evil\n::warning::name-forged \x1b[31mred\u202E.xml';
  const guest = join(EXAMPLE, 'src', 'q35', 'unchanged.xml');
  await copyFile(guest, join(dir, 'src', name));
  const serial = '<serial>A&#10;::error::serial-forged ##[add-mask]x&#13;::stop-commands::tok</serial>';
  await writeFile(join(dir, 'dst', name), (await readFile(guest, 'utf8')).replace("<target dev='vda' bus='virtio'/>", `<target dev='vda' bus='virtio'/>${serial}`));
  const summaryFile = join(dir, 'summary.md');
  const baseline = await hostileBaseline(dir);
  const r = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', join(dir, 'out'), '--format', 'json,github', '--baseline', baseline], { GITHUB_STEP_SUMMARY: summaryFile });
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /serial A\\n::error::serial-forged/, 'the message is printed, escaped');
  const lines = (r.stdout + r.stderr).split(/\r\n|\n|\r/);
  // the runner reads a command from a line starting with `::` (leading blanks trimmed) or holding `##[`
  const commands = lines.filter((l) => l.trimStart().startsWith('::') || l.includes('##['));
  t.is(commands.length, 2, commands.join('\n'));
  const [annotation, warning] = parseCommands(commands.join('\n'));
  t.like(annotation, { command: 'error', props: { line: '35', title: 'abi-diff disk/serial: evil\n::warning::name-forged \\x1b[31mred\\u202E.xml' } });
  t.true(annotation.message.startsWith('unsupported configuration: Target disk serial A\n::error::serial-forged ##[add-mask]x\r::stop-commands::tok'), annotation.message);
  t.like(warning, { command: 'warning', props: { title: 'abi-diff: stale baseline entries' } });
  t.false(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/.test(lines.join('')), 'no control character or bidi override reaches the console');
  t.regex(r.stderr, /^ {2}gone\.xml\\n::warning::stale-forged: disk\/bus: m \\x1b\[31m\\n::add-mask::secret ##\\x5berror\]v1-forged$/m);
  const md = await readFile(summaryFile, 'utf8');
  t.false(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/.test(md), 'nor the step summary');
  const { rows } = parseStepSummary(md);
  t.is(rows.length, 1, 'one row: no line break or pipe from input splits it');
  t.is(rows[0][0], 'evil<br>::warning::name-forged \\\\x1b\\[31mred\\\\u202E.xml');
  t.regex(md, /\| gone\.xml<br>::warning::stale-forged \| disk\/bus \| 1 \| m \\\\x1b\\\[31m<br>::add-mask::secret ##\\\[error\\\]v1-forged \|/);
});
