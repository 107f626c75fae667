/**
 * The operator features end to end through the CLI: baselines (write, apply, stale, strict,
 * prune, shards), --rule-off, the config file, and the README's shell examples run as written
 * from a project root.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { failsRun, type BaselineEntry } from '../src/model/result.js';
import { abiDiff, CLI, EXAMPLE, readJsonReport, readJunit, tmp, TSX } from './helpers/reports.js';

const I440FX = { src: join(EXAMPLE, 'src', 'i440fx'), dst: join(EXAMPLE, 'dst', 'i440fx') };
const INCOMPATIBLE_I440FX = 8;

/** A private copy of the i440fx guests, to change files in. */
async function i440fxCopy(): Promise<{ dir: string; src: string; dst: string; out: string }> {
  const dir = await tmp('abi-diff-operator-');
  await cp(I440FX.src, join(dir, 'src'), { recursive: true });
  await cp(I440FX.dst, join(dir, 'dst'), { recursive: true });
  return { dir, src: join(dir, 'src'), dst: join(dir, 'dst'), out: join(dir, 'out') };
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} lacks ${from}`);
  await writeFile(file, text.replace(from, to));
}

async function readBaseline(file: string): Promise<BaselineEntry[]> {
  return JSON.parse(await readFile(file, 'utf8')).entries;
}

const run = (args: string[], cwd?: string) => abiDiff([...args, '--jobs', '1'], {}, cwd);

test('baseline: write, gate with it, fail only on what is new, report what went stale', async (t) => {
  const c = await i440fxCopy();
  const baseline = join(c.dir, 'abi-diff.baseline.json');
  const before = await run([c.src, c.dst, '--out', c.out, '--quiet']);
  t.is(before.code, 1);

  const write = await run([c.src, c.dst, '--out', c.out, '--write-baseline', baseline]);
  t.is(write.code, 0, write.stderr);
  t.regex(write.stderr, /baseline .*abi-diff\.baseline\.json: 9 entries written/);
  const entries = await readBaseline(baseline);
  t.is(new Set(entries.map((e) => e.pair)).size, INCOMPATIBLE_I440FX);
  t.deepEqual(entries.map((e) => `${e.pair}\0${e.rule}\0${e.fingerprint}`), entries.map((e) => `${e.pair}\0${e.rule}\0${e.fingerprint}`).sort(), 'sorted');

  const gated = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline, '--strict-baseline']);
  t.is(gated.code, 0, gated.stdout + gated.stderr);
  let json = await readJsonReport(c.out);
  t.is(json.baseline, baseline);
  t.like(json.summary, { incompatible: INCOMPATIBLE_I440FX, suppressed: INCOMPATIBLE_I440FX, staleBaseline: [] });
  t.true(json.pairs.filter((p) => p.status === 'incompatible').every((p) => p.mismatches.every((m) => m.suppressed?.by === 'baseline')));

  // 8 queues become 16: a new mismatch (its message differs) and the old entry is stale
  await edit(join(c.dst, 'net-queues-8.xml'), "queues='8'", "queues='16'");
  const changed = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline]);
  t.is(changed.code, 1);
  t.deepEqual(changed.stdout.split('\n').filter((l) => l.includes(': incompatible: ')), ["net-queues-8.xml: incompatible: unsupported configuration: Target virtio network queue count '16' does not match source '4'"]);
  json = await readJsonReport(c.out);
  t.deepEqual(json.pairs.filter(failsRun).map((p) => p.id), ['net-queues-8.xml']);
  t.is(json.summary.suppressed, INCOMPATIBLE_I440FX - 1);
  t.deepEqual(json.summary.staleBaseline, entries.filter((e) => e.pair === 'net-queues-8.xml'));
  t.regex(changed.stderr, /1 stale baseline entry in .*, no longer seen \(--prune-baseline removes them\):\n {2}net-queues-8\.xml: net\/queues: unsupported configuration: Target virtio network queue count '8' does not match source '4'/);
});

test('baseline: stale entries warn, fail with --strict-baseline, and --prune-baseline removes them', async (t) => {
  const c = await i440fxCopy();
  const baseline = join(c.dir, 'b.json');
  t.is((await run([c.src, c.dst, '--out', c.out, '--quiet', '--write-baseline', baseline])).code, 0);
  // the vram change is undone: that pair is compatible now
  await cp(join(c.src, 'qxl-vram-halved.xml'), join(c.dst, 'qxl-vram-halved.xml'));
  const lenient = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline]);
  t.is(lenient.code, 0);
  t.regex(lenient.stderr, /1 stale baseline entry .*\n {2}qxl-vram-halved\.xml: video\/vram: /);
  const quiet = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline, '--quiet']);
  t.regex(quiet.stderr, /^abi-diff: 1 stale baseline entry .*\n {2}qxl-vram-halved\.xml: video\/vram: [^\n]+\n$/, '--quiet still warns, and says nothing else');
  const strict = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline, '--strict-baseline', '--quiet']);
  t.is(strict.code, 1);
  t.regex(strict.stderr, /1 stale baseline entry .*\(fails the run: --strict-baseline\)/);

  const before = await readBaseline(baseline);
  const prune = await run([c.src, c.dst, '--out', c.out, '--baseline', baseline, '--prune-baseline', '--strict-baseline']);
  t.is(prune.code, 0, 'what is pruned does not fail the run');
  t.regex(prune.stderr, /baseline .*b\.json: 1 stale entry removed, 8 kept/);
  t.deepEqual(await readBaseline(baseline), before.filter((e) => e.pair !== 'qxl-vram-halved.xml'));
  t.is((await run([c.src, c.dst, '--out', c.out, '--baseline', baseline, '--strict-baseline', '--quiet'])).code, 0);
});

test('baseline: errors and unpaired files are never recorded nor suppressed', async (t) => {
  const out = await tmp();
  const baseline = join(out, 'b.json');
  const r = await run([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--quiet', '--write-baseline', baseline]);
  t.is(r.code, 2);
  const json = await readJsonReport(out);
  const incompatible = new Set(json.pairs.filter((p) => p.status === 'incompatible').map((p) => p.id));
  const recorded = new Set((await readBaseline(baseline)).map((e) => e.pair));
  t.deepEqual([...recorded].sort(), [...incompatible].sort());
  t.deepEqual(json.pairs.filter(failsRun).map((p) => p.status).sort(), ['error', 'error', 'error', 'error', 'unpaired']);
  t.is((await run([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--quiet', '--baseline', baseline, '--strict-baseline'])).code, 2);
});

test('baseline: a missing or damaged file, or a baseline with --shard, is a usage error', async (t) => {
  const dir = await tmp();
  const damaged = join(dir, 'b.json');
  await writeFile(damaged, '{"format": "abi-diff-baseline/1", "entries": [{"pair": "a.xml"');
  const cases: [string[], RegExp][] = [
    [['--baseline', damaged], /^abi-diff: baseline .*b\.json: damaged, not valid JSON/],
    [['--baseline', join(dir, 'none.json')], /^abi-diff: baseline .*none\.json: no such file \(record one with --write-baseline/],
    [['--write-baseline', damaged, '--shard', '1/2'], /^abi-diff: --write-baseline cannot be used with --shard/],
    [['--write-baseline', join(dir, 'b.json', 'x.json')], /^abi-diff: baseline .*x\.json: cannot be written \((ENOTDIR|EEXIST)\)/],
    [['--prune-baseline'], /^abi-diff: --prune-baseline needs --baseline FILE/],
    [['--strict-baseline'], /^abi-diff: --strict-baseline needs --baseline FILE/],
  ];
  for (const [args, message] of cases) {
    const r = await run([I440FX.src, I440FX.dst, '--out', join(dir, 'out'), '--quiet', ...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
  }
});

test('baseline with shards: each shard judges its own pairs; merge joins their stale entries', async (t) => {
  const c = await i440fxCopy();
  const baseline = join(c.dir, 'b.json');
  await run([c.src, c.dst, '--out', c.out, '--quiet', '--write-baseline', baseline]);
  await cp(join(c.src, 'qxl-vram-halved.xml'), join(c.dst, 'qxl-vram-halved.xml'));
  await cp(join(c.src, 'watchdog-removed.xml'), join(c.dst, 'watchdog-removed.xml'));
  const whole = await run([c.src, c.dst, '--out', join(c.dir, 'whole'), '--quiet', '--baseline', baseline]);
  t.is(whole.code, 0);
  const shards = ['1/2', '2/2'];
  for (const [i, shard] of shards.entries()) t.is((await run([c.src, c.dst, '--out', join(c.dir, `s${i}`), '--quiet', '--baseline', baseline, '--shard', shard])).code, 0);
  const parts = await Promise.all(shards.map((_s, i) => readJsonReport(join(c.dir, `s${i}`))));
  const merged = await abiDiff(['merge', join(c.dir, 's0', 'abi-diff.json'), join(c.dir, 's1', 'abi-diff.json'), '--out', join(c.dir, 'merged'), '--quiet']);
  t.is(merged.code, 0, merged.stderr);
  const expected = await readJsonReport(join(c.dir, 'whole'));
  t.is(expected.summary.staleBaseline!.length, 2);
  t.deepEqual((await readJsonReport(join(c.dir, 'merged'))).summary, expected.summary);
  t.is(parts.reduce((n, p) => n + p.summary.staleBaseline!.length, 0), 2, 'no shard calls the other shard\'s entries stale');
});

test('rule-off: the run passes, the mismatch stays in the report with the reason', async (t) => {
  const out = await tmp();
  const pair = [join(I440FX.src, 'watchdog-removed.xml'), join(I440FX.dst, 'watchdog-removed.xml'), '--out', out, '--quiet'];
  t.is((await run(pair)).code, 1);
  const off = await run([...pair, '--rule-off', 'watchdog/count=guests are restarted, not migrated']);
  t.is(off.code, 0, off.stderr);
  const json = await readJsonReport(out);
  t.deepEqual(json.rulesOff, [{ rule: 'watchdog/count', reason: 'guests are restarted, not migrated' }]);
  t.is(json.pairs[0].status, 'incompatible');
  t.deepEqual(json.pairs[0].mismatches.map((m) => [m.rule, m.suppressed]), [['watchdog/count', { by: 'rule-off', reason: 'guests are restarted, not migrated' }]]);
  t.is((await run([...pair, '--rule-off', 'watchdog/*'])).code, 0, 'a family wildcard');
  t.is((await run([...pair, '--rule-off', 'disk/*'])).code, 1, 'another family does not help');
  const unknown = await run([...pair, '--rule-off', 'watchdog/cuont']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^abi-diff: --rule-off names an unknown rule 'watchdog\/cuont' \(did you mean 'watchdog\/count'\?\)/);
});

test('rule-off: turning a count rule off does not make the list compared (libvirt stops at the count)', async (t) => {
  const dir = await tmp();
  const dst = join(dir, 'second-data-disk.xml');
  await cp(join(EXAMPLE, 'dst', 'q35', 'second-data-disk.xml'), dst);
  // a second change in the same list, after the count: the first disk gets a serial
  await edit(dst, "<target dev='vda' bus='virtio'/>", "<target dev='vda' bus='virtio'/>\n      <serial>NEW-SERIAL</serial>");
  const args = [join(EXAMPLE, 'src', 'q35', 'second-data-disk.xml'), dst, '--out', dir, '--quiet'];
  t.is((await run(args)).code, 1);
  t.deepEqual((await readJsonReport(dir)).pairs[0].mismatches.map((m) => m.rule), ['disk/count']);
  t.is((await run([...args, '--rule-off', 'disk/count'])).code, 0);
});

test('config file: found in the working directory, overridden by the command line, recorded in the report', async (t) => {
  const c = await i440fxCopy();
  await run([c.src, c.dst, '--out', c.out, '--quiet', '--write-baseline', join(c.dir, 'baselines', 'i440fx.json')]);
  const config = { format: ['json', 'junit'], profile: '9.0.0', baseline: 'baselines/i440fx.json', out: 'ci-reports', 'rule-off': { 'video/*': 'qxl changes are planned' }, quiet: true };
  await writeFile(join(c.dir, 'abi-diff.config.json'), JSON.stringify(config));
  const r = await run(['src', 'dst', '--profile', '12.8.0'], c.dir);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '', 'quiet from the config');
  const json = await readJsonReport(join(c.dir, 'ci-reports'));
  t.like(json, { config: 'abi-diff.config.json', baseline: join('baselines', 'i440fx.json'), profile: '12.8.0', rulesOff: [{ rule: 'video/*', reason: 'qxl changes are planned' }] });
  const vram = json.pairs.find((p) => p.id === 'qxl-vram-halved.xml')!;
  t.deepEqual(vram.mismatches[0].suppressed, { by: 'rule-off', reason: 'qxl changes are planned' }, 'a rule off wins over the baseline for the label');
  t.is((await readJunit(join(c.dir, 'ci-reports'))).suite.skipped, String(INCOMPATIBLE_I440FX));

  const none = await run(['src', 'dst', '--no-config', '--out', 'plain', '--quiet'], c.dir);
  t.is(none.code, 1, '--no-config: no baseline, no rules off');
  t.is((await readJsonReport(join(c.dir, 'plain'))).config, null);

  await writeFile(join(c.dir, 'abi-diff.config.json'), JSON.stringify({ ...config, jobs: 'x', formats: 'json' }));
  const bad = await run(['src', 'dst'], c.dir);
  t.is(bad.code, 2);
  t.is(bad.stderr, 'abi-diff: abi-diff.config.json: "jobs" must be a positive integer, got "x"\nabi-diff: abi-diff.config.json: unknown key "formats" (did you mean "format"?)\n', 'the problems, without the usage text');
  const missing = await run(['src', 'dst', '--config', 'nope.json'], c.dir);
  t.is(missing.code, 2);
  t.is(missing.stderr, 'abi-diff: --config nope.json: no such file\n');
});

/** The ```sh blocks of the README that use the bundled corpus, as commands with their expected exit status. */
async function readmeExamples(): Promise<{ command: string; exit: number }[]> {
  const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
  const out: { command: string; exit: number }[] = [];
  for (const block of readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    if (!block[1].includes('corpora/example')) continue;
    for (const line of block[1].replace(/\\\n\s*/g, ' ').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const m = /# exit (\d)\b/.exec(line);
      if (!m) throw new Error(`README example without '# exit N': ${line}`);
      out.push({ command: line, exit: Number(m[1]) });
    }
  }
  return out;
}

test('the README examples run as written from the project root', async (t) => {
  const examples = await readmeExamples();
  const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
  t.true(readme.includes('```json\n' + await readFile(join(EXAMPLE, 'abi-diff.config.json'), 'utf8') + '```'), 'the README shows the example config as it is');
  t.true(examples.some((e) => e.command.includes('--config')) && examples.some((e) => e.command.includes('--write-baseline')) && examples.some((e) => e.command.includes('--rule-off')));
  // a stand-in project root: the corpus and the sources, a fresh reports folder
  const root = await tmp('abi-diff-readme-');
  await symlink(join(process.cwd(), 'corpora'), join(root, 'corpora'));
  await symlink(join(process.cwd(), 'src'), join(root, 'src'));
  await mkdir(join(root, 'reports'));
  const shell = `abi-diff() { "${process.execPath}" --import "${TSX}" "${CLI}" "$@"; }\n`;
  for (const { command, exit } of examples) {
    const r = await promisify(execFile)('bash', ['-c', shell + command], { cwd: root }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    t.is(r.code, exit, `${command}\n${r.stderr}`);
  }
  t.true((await readBaseline(join(root, 'reports', 'i440fx.baseline.json'))).length > 0);
});
