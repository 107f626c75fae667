/**
 * SIGINT / SIGTERM stop a run cleanly: every report is written whole (under a temporary name,
 * then renamed) with the pairs checked so far, says it is partial, and the exit status is
 * 128 + the signal number.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../src/model/result.js';
import { CACHE_FORMAT, CacheReader, encodeEntry, type CacheEntry } from '../src/batch/cache.js';
import { abiDiff, ALL_FORMATS, EXAMPLE, parseJunit, readHtmlData, readJsonlLines, readJsonReport, schemaValidators, tmp } from './helpers/reports.js';

const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const COPIES = 150;

async function xmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name.endsWith('.xml')) out.push(relative(dir, join(e.parentPath, e.name)));
  return out;
}

/** The example corpus many times over (hard links: cheap, and plain files to any discovery). */
async function bigCorpus(): Promise<{ src: string; dst: string; ids: string[] }> {
  const root = await tmp('abi-diff-interrupt-');
  const ids = new Set<string>();
  for (const side of ['src', 'dst']) {
    const files = await xmlFiles(join(EXAMPLE, side));
    for (let i = 0; i < COPIES; i++) {
      for (const f of files) {
        const to = join(root, side, `copy${String(i).padStart(3, '0')}`, f);
        await mkdir(join(to, '..'), { recursive: true });
        await link(join(EXAMPLE, side, f), to);
        ids.add(relative(join(root, side), to));
      }
    }
  }
  return { src: join(root, 'src'), dst: join(root, 'dst'), ids: [...ids].sort() };
}

const corpus = bigCorpus();

interface Stopped { code: number | null; stdout: string; stderr: string }

/** Runs the CLI and sends `signal` once the JSON report being written holds a few pairs. */
function runAndStop(args: string[], out: string, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}): Promise<Stopped> {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('GITHUB_')) delete base[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    // the JSON report's temporary file, under a random name
    const temp = () => readdir(out).then((names) => names.find((n) => /^\.abi-diff\.json\.[0-9a-f]+\.tmp$/.test(n)), () => undefined);
    // polls overlap when stat is slow: one signal only (a second one quits without reports)
    let sent = false;
    const poll = setInterval(async () => {
      const name = await temp();
      const size = name ? await stat(join(out, name)).then((s) => s.size, () => 0) : 0;
      if (size > 4000 && !sent) { sent = true; clearInterval(poll); child.kill(signal); }
    }, 20);
    child.on('error', reject);
    child.on('exit', (code) => { clearInterval(poll); resolve({ code, stdout, stderr }); });
  });
}

test('SIGINT: exit 130, every format written whole with the pairs done, marked partial', async (t) => {
  const { src, dst, ids } = await corpus;
  const out = await tmp();
  const stepSummary = join(out, 'step-summary.md');
  const r = await runAndStop([src, dst, '--out', out, '--format', ALL_FORMATS, '--jobs', '1'], out, 'SIGINT', { GITHUB_STEP_SUMMARY: stepSummary });
  t.is(r.code, 130, r.stderr);
  t.regex(r.stderr, /SIGINT: stopping/);
  t.regex(r.stderr, /stopped by SIGINT after \d+ pairs, \d+ not checked; partial report: /);
  t.deepEqual((await readdir(out)).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');

  const json = await readJsonReport(out);
  const { report, ajv } = schemaValidators();
  t.true(report(json), ajv.errorsText(report.errors));
  t.is(json.complete, false);
  const done = json.pairs.length;
  t.true(done > 0 && done < ids.length, `${done} of ${ids.length} pairs`);
  t.deepEqual(json.pairs.map((p) => p.id), ids.slice(0, done), 'the pairs done are the first ones, in order, each once');
  t.like(json.summary, { pairs: done, notChecked: ids.length - done });
  t.is((await readJsonlLines(out)).length, done);

  const html = await readHtmlData(out);
  t.is(html.rows.length, done);
  t.like(html.meta, { complete: false, summary: { pairs: done, notChecked: ids.length - done } } as object);
  const sarif = JSON.parse(await readFile(join(out, 'abi-diff.sarif'), 'utf8'));
  t.false(sarif.runs[0].invocations[0].executionSuccessful);
  t.regex(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /stopped before every pair was checked/);
  const junit = parseJunit(await readFile(join(out, 'abi-diff.junit.xml'), 'utf8'));
  t.is(Number(junit.suites.tests), done);
  t.regex(await readFile(join(out, 'abi-diff.junit.xml'), 'utf8'), /<property name="complete" value="false"\/>/);
  t.regex(await readFile(stepSummary, 'utf8'), /\(partial\)[\s\S]*pairs not checked/);
  t.regex(r.stdout, /::error title=abi-diff stopped::The run was stopped/);
});

test('SIGTERM: exit 143 and a valid partial JSON report; merge refuses it', async (t) => {
  const { src, dst, ids } = await corpus;
  const out = await tmp();
  const r = await runAndStop([src, dst, '--out', out, '--format', 'json', '--jobs', '2', '--quiet'], out, 'SIGTERM');
  t.is(r.code, 143, r.stderr);
  const json = await readJsonReport(out);
  t.is(json.complete, false);
  t.is(json.pairs.length + json.summary.notChecked!, ids.length);
  const merged = await abiDiff(['merge', join(out, 'abi-diff.json'), '--out', await tmp()]);
  t.is(merged.code, 2);
  t.regex(merged.stderr, /a partial report \(its run was stopped before every pair was checked\)/);
});

test('a stopped run keeps the cached verdicts of the pairs it did not reach', async (t) => {
  const { src, dst, ids } = await corpus;
  const out = await tmp();
  const cacheFile = join(out, 'cache.jsonl');
  const { version } = JSON.parse(await readFile('package.json', 'utf8'));
  const identity = { toolVersion: version, profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };
  // verdicts under keys no file matches: kept while not reached, replaced once checked
  const stale = (id: string) => encodeEntry(id, `stale-${id} 0:0:0:0 0:0:0:0`, { status: 'compatible', mismatches: [] });
  await writeFile(cacheFile, [JSON.stringify({ format: CACHE_FORMAT, ...identity }), ...ids.map(stale)].join('\n') + '\n');
  const r = await runAndStop([src, dst, '--out', out, '--format', 'json', '--jobs', '1', '--quiet', '--cache', cacheFile, '--driver', 'generic'], out, 'SIGINT');
  t.is(r.code, 130, r.stderr);
  const done = (await readJsonReport(out)).pairs.length;
  const cache = new Map<string, CacheEntry>();
  for await (const e of (await CacheReader.open(cacheFile, identity, (m) => t.fail(m))).rest()) cache.set(e.id, e);
  const paired = (id: string) => existsSync(join(src, id)) && existsSync(join(dst, id));
  const state = (id: string) => (cache.has(id) ? (cache.get(id)!.seen.startsWith('stale-') ? 'stale' : 'fresh') : 'none');
  // checked pairs get new verdicts (an unpaired one has none to keep), the others keep theirs
  const want = ids.map((id, i) => (i >= done ? 'stale' : paired(id) ? 'fresh' : 'none'));
  t.deepEqual(ids.map(state), want);
});

/** Runs bin/abi-diff.js (the compiled CLI) and sends `signal` while its modules are still loading. */
function stopWhileStarting(args: string[], signal: NodeJS.Signals): Promise<Stopped & { signal: NodeJS.Signals | null }> {
  const slow = join(process.cwd(), 'test', 'helpers', 'slow-start.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', slow, join(process.cwd(), 'bin', 'abi-diff.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => {
      if (!stderr.includes('slow-start:') && (stderr + d).includes('slow-start:')) child.kill(signal);
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ code, signal: sig, stdout, stderr }));
  });
}

test('a signal while abi-diff is starting still ends with its status and empty reports marked partial; merge quits', async (t) => {
  const { src, dst, ids } = await corpus;
  const out = await tmp();
  const r = await stopWhileStarting([src, dst, '--out', out, '--format', 'json,junit', '--quiet'], 'SIGTERM');
  t.is(r.code, 143, `${r.signal} ${r.stderr}`);
  t.regex(r.stderr, /SIGTERM: stopping/);
  const json = await readJsonReport(out);
  t.is(json.complete, false);
  t.deepEqual(json.pairs, []);
  t.like(json.summary, { pairs: 0, notChecked: ids.length });
  t.regex(await readFile(join(out, 'abi-diff.junit.xml'), 'utf8'), /<property name="complete" value="false"\/>/);

  const m = await stopWhileStarting(['merge', join(out, 'abi-diff.json'), '--out', await tmp()], 'SIGINT');
  t.is(m.code, 130, `${m.signal} ${m.stderr}`);
  t.regex(m.stderr, /abi-diff: SIGINT: quitting/);
});
