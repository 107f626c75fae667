/**
 * The command line as a gate and as people type it: an empty run fails closed, usage errors are
 * one line, reports can stream to stdout, --verbose shows every mismatch with its lines.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shardOf } from '../src/batch/shard.js';
import { abiDiff } from './helpers/reports.js';
import { tempDir } from './helpers/temp.js';

const EXAMPLE = join(process.cwd(), 'corpora', 'example');
// a pair libvirt's generic checks find incompatible (the QEMU driver refuses its IDE controller on q35 outright)
const CDROM = [join(EXAMPLE, 'src', 'q35', 'cdrom-sata-to-ide.xml'), join(EXAMPLE, 'dst', 'q35', 'cdrom-sata-to-ide.xml'), '--driver', 'generic'];
const tmp = () => tempDir('abi-diff-gate-');

test('no pair at all is exit 2 with one line; --allow-empty or the config key accepts it', async (t) => {
  const dir = await tmp();
  await Promise.all(['a', 'b'].map((d) => mkdir(join(dir, d))));
  const [a, b] = [join(dir, 'a'), join(dir, 'b')];
  const empty = await abiDiff([a, b, '--out', join(dir, 'r'), '--quiet']);
  t.is(empty.code, 2);
  t.is(empty.stderr, `abi-diff: no pairs to check in ${a} and ${b}: exit 2, as for a wrong path (--allow-empty accepts an empty run)\n`);
  const manifest = join(dir, 'pairs.csv');
  await writeFile(manifest, 'src,dst\n');
  const noLines = await abiDiff(['--manifest', manifest, '--out', join(dir, 'r'), '--quiet']);
  t.is(noLines.code, 2);
  t.is(noLines.stderr, `abi-diff: no pairs to check in ${manifest}: exit 2, as for a wrong path (--allow-empty accepts an empty run)\n`);
  t.is((await abiDiff([a, b, '--out', join(dir, 'r'), '--quiet', '--allow-empty'])).code, 0);
  // a wrong checkout must not prune the baseline to nothing either
  const baseline = join(dir, 'b.json');
  const entries = '{\n "format": "abi-diff-baseline/1",\n "entries": [\n  {"pair":"x.xml","rule":"disk/serial","fingerprint":"d0390432c21fbb87","count":1}\n ]\n}\n';
  await writeFile(baseline, entries);
  const pruned = await abiDiff([a, b, '--out', join(dir, 'r'), '--quiet', '--baseline', baseline, '--prune-baseline']);
  t.is(pruned.code, 2);
  t.regex(pruned.stderr, /^abi-diff: no pairs to check in .*\nabi-diff: the run found no pair: the baseline file is left as it was\n$/);
  t.is(await readFile(baseline, 'utf8'), entries);
  const config = join(dir, 'abi-diff.config.json');
  await writeFile(config, JSON.stringify({ 'allow-empty': true }));
  const allowed = await abiDiff([a, b, '--out', join(dir, 'r'), '--config', config]);
  t.is(allowed.code, 0, allowed.stderr);
  t.regex(allowed.stdout, /0 pairs: 0 compatible/);
});

test('an empty shard of a run that has pairs is no empty run; merge of no pairs fails closed too', async (t) => {
  const dir = await tmp();
  await Promise.all(['a', 'b'].map((d) => mkdir(join(dir, d))));
  await Promise.all(['a', 'b'].map((d) => writeFile(join(dir, d, 'g.xml'), '<domain/>')));
  const other = shardOf('g.xml', 2) === 1 ? '2/2' : '1/2';
  const r = await abiDiff([join(dir, 'a'), join(dir, 'b'), '--shard', other, '--out', join(dir, 's'), '--format', 'json', '--quiet']);
  t.is(r.code, 0, r.stderr);
  t.is(JSON.parse(await readFile(join(dir, 's', 'abi-diff.json'), 'utf8')).summary.pairs, 0);
  await Promise.all(['c', 'd'].map((d) => mkdir(join(dir, d))));
  for (const k of [1, 2]) await abiDiff([join(dir, 'c'), join(dir, 'd'), '--shard', `${k}/2`, '--out', join(dir, `e${k}`), '--format', 'json', '--quiet', '--allow-empty']);
  const shards = [1, 2].map((k) => join(dir, `e${k}`, 'abi-diff.json'));
  const merged = await abiDiff(['merge', ...shards, '--out', join(dir, 'm'), '--quiet']);
  t.is(merged.code, 2);
  t.regex(merged.stderr, /^abi-diff: no pairs to check in .*\(--allow-empty accepts an empty run\)\n$/);
  t.is((await abiDiff(['merge', ...shards, '--out', join(dir, 'm'), '--quiet', '--allow-empty'])).code, 0);
});

test('an --out that cannot be a directory fails at once with exit 2 naming it', async (t) => {
  const dir = await tmp();
  const file = join(dir, 'a-file');
  await writeFile(file, '');
  const cases: [string, string][] = [
    [file, `abi-diff: cannot write the reports in ${file}: a file is in the way, not a directory\n`],
    [join(file, 'sub'), `abi-diff: cannot write the reports in ${join(file, 'sub')}: ENOTDIR: not a directory\n`],
    ['/proc/nope', 'abi-diff: cannot write the reports in /proc/nope: ENOENT: no such file or directory\n'],
  ];
  for (const [out, message] of cases) {
    // a cache is opened after --out is checked: nothing of the run is written
    const r = await abiDiff([...CDROM, '--out', out, '--cache', join(dir, 'c.cache')]);
    t.is(r.code, 2, out);
    t.is(r.stderr, message);
    t.is(r.stdout, '');
  }
  t.false(existsSync(join(dir, 'c.cache')));
});

test('usage errors: one line and where the help is, never the whole help', async (t) => {
  const cases: [string[], string][] = [
    [['--formt', 'json'], "abi-diff: unknown option '--formt' (did you mean --format?)\ntry 'abi-diff --help'\n"],
    [['a', 'b', 'c'], "abi-diff: expected SRC and DST, got 3 argument(s)\ntry 'abi-diff --help'\n"],
    [['a', 'b', '--profile'], "abi-diff: --profile needs VERSION after it\ntry 'abi-diff --help'\n"],
    [[...CDROM, '-f', 'json:-,jsonl:-'], "abi-diff: --format can stream one report to stdout, got json:- and jsonl:-\ntry 'abi-diff --help'\n"],
    [[...CDROM, '-f', 'jsonl:-,github'], "abi-diff: --format github prints to stdout: it cannot go with jsonl:-\ntry 'abi-diff --help'\n"],
    [['merge', 'a.json', '--formt', 'json'], "abi-diff merge: unknown option '--formt' (did you mean --format?)\ntry 'abi-diff --help'\n"],
    [['fix', 'a', 'b', '--bogus'], "abi-diff fix: unknown option '--bogus'\ntry 'abi-diff fix --help'\n"],
  ];
  for (const [argv, stderr] of cases) {
    const r = await abiDiff(argv);
    t.is(r.code, 2, argv.join(' '));
    t.is(r.stderr, stderr);
    t.is(r.stdout, '');
  }
});

test('abi-diff help [COMMAND], -h, -V: the help, not SRC', async (t) => {
  const help = await abiDiff(['help']);
  t.is(help.code, 0, help.stderr);
  t.regex(help.stdout, /^usage: abi-diff SRC DST \[options\]\n/);
  t.is((await abiDiff(['-h'])).stdout, help.stdout);
  t.is((await abiDiff(['merge', '--help'])).stdout, help.stdout);
  t.regex(help.stdout, /\n {2}-o, --out DIR {11}report directory/);
  const fix = await abiDiff(['help', 'fix']);
  t.regex(fix.stdout, /^usage: abi-diff fix SRC DST --out DIR \[options\]\n {7}abi-diff fix --manifest/);
  t.regex((await abiDiff(['help', 'rules'])).stdout, /^usage: abi-diff rules \[TEXT\]/);
  const version = JSON.parse(await readFile('package.json', 'utf8')).version;
  t.is((await abiDiff(['-V'])).stdout, `abi-diff ${version}\n`);
});

test('--format jsonl:- and json:- stream the report to stdout and nothing else; other formats still go to --out', async (t) => {
  const dir = await tmp();
  const files = await abiDiff([...CDROM, '--out', join(dir, 'files'), '--format', 'json,jsonl']);
  t.is(files.code, 1);
  const jsonl = await abiDiff([...CDROM, '--format', 'jsonl:-', '--jobs', '1'], {}, dir);
  t.is(jsonl.code, 1, jsonl.stderr);
  t.is(jsonl.stdout, await readFile(join(dir, 'files', 'abi-diff.jsonl'), 'utf8'));
  t.is(JSON.parse(jsonl.stdout).mismatches.length, 2);
  // findings and the summary still show, on stderr; no ./reports appears
  t.regex(jsonl.stderr, /^cdrom-sata-to-ide\.xml: incompatible: unsupported configuration: Target disk bus ide/m);
  t.regex(jsonl.stderr, /1 pairs: 0 compatible, 1 incompatible.*\nreport: stdout\n$/);
  t.deepEqual(await readdir(dir), ['files']);
  const json = await abiDiff([...CDROM, '-f', 'json:-,html', '-o', join(dir, 'html')]);
  t.is(json.code, 1);
  t.is(json.stdout, await readFile(join(dir, 'files', 'abi-diff.json'), 'utf8'));
  t.deepEqual(await readdir(join(dir, 'html')), ['abi-diff.html']);
  // a report of no pairs streams whole as well
  await Promise.all(['a', 'b'].map((d) => mkdir(join(dir, d))));
  const none = await abiDiff([join(dir, 'a'), join(dir, 'b'), '-f', 'json:-', '--allow-empty', '-q']);
  t.is(none.code, 0, none.stderr);
  t.deepEqual(JSON.parse(none.stdout).pairs, []);
});

test('--verbose prints every mismatch with its dst and src lines', async (t) => {
  const dir = await tmp();
  const r = await abiDiff([...CDROM, '--verbose', '--out', dir]);
  t.is(r.code, 1);
  const [src, dst] = CDROM;
  t.true(r.stdout.startsWith([
    'cdrom-sata-to-ide.xml: incompatible: 2 mismatches',
    '  disk/bus: unsupported configuration: Target disk bus ide does not match source sata',
    `    dst ${dst}:40: <target dev='sda' bus='ide'/>`,
    `    src ${src}:40: <target dev='sda' bus='sata'/>`,
    '  controller/count: unsupported configuration: Target domain controller count 10 does not match source 9',
    `    dst ${dst}:44: <controller type='usb' index='0' model='qemu-xhci' ports='15'>`,
    `    src ${src}:44: <controller type='usb' index='0' model='qemu-xhci' ports='15'>`,
    '',
  ].join('\n')), r.stdout);
  const plain = await abiDiff([...CDROM, '--out', dir]);
  t.regex(plain.stdout, /^cdrom-sata-to-ide\.xml: incompatible: .* sata \(\+1 more\)\n/);
  t.is((await abiDiff([...CDROM, '--verbose', '--quiet', '--out', dir])).stderr, "abi-diff: --quiet and --verbose contradict each other\ntry 'abi-diff --help'\n");
});

test("a manifest without src and dst (the fleet generator's manifest.jsonl) is one usage error naming what is missing", async (t) => {
  const dir = await tmp();
  const fleet = join(dir, 'manifest.jsonl');
  await writeFile(fleet, Array.from({ length: 500 }, (_v, i) => JSON.stringify({ id: `h/vm-${i}.xml`, kind: 'none', family: 'q35' })).join('\n') + '\n');
  const r = await abiDiff(['--manifest', fleet, '--out', join(dir, 'r')]);
  t.is(r.code, 2);
  t.is(r.stderr, `abi-diff: manifest ${fleet} line 1 has no "src" and "dst" keys (its keys: id, kind, family): an abi-diff manifest lists {"src": .., "dst": .., "id": ..} per line\n`);
  const half = join(dir, 'half.jsonl');
  await writeFile(half, '{"src": "a.xml", "name": "x"}\n');
  t.regex((await abiDiff(['--manifest', half, '--out', join(dir, 'r')])).stderr, /^abi-diff: manifest .*half\.jsonl line 1 has no "dst" key \(its keys: src, name\)/);
});

test('baseline entries of pairs --ignore leaves out are never stale', async (t) => {
  const dir = await tmp();
  const [src, dst] = [join(EXAMPLE, 'src', 'i440fx'), join(EXAMPLE, 'dst', 'i440fx')];
  const baseline = join(dir, 'b.json');
  t.is((await abiDiff([src, dst, '--write-baseline', baseline, '--out', dir, '--quiet'])).code, 0);
  t.regex(await readFile(baseline, 'utf8'), /"pair":"disk-serial-changed\.xml"/);
  const r = await abiDiff([src, dst, '--ignore', 'disk-serial-changed.xml', '--baseline', baseline, '--strict-baseline', '--out', dir, '-f', 'json']);
  t.is(r.code, 0, r.stderr);
  t.notRegex(r.stderr, /stale/);
  const report = JSON.parse(await readFile(join(dir, 'abi-diff.json'), 'utf8'));
  t.false(report.pairs.some((p: { id: string }) => p.id === 'disk-serial-changed.xml'));
  t.deepEqual(report.summary.staleBaseline, []);
});
