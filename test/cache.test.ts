/** --cache: unchanged pairs reuse their verdict, changed ones are re-checked, foreign caches ignored. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_MAX_FILE_SIZE } from '../src/model/result.js';
import { CACHE_FORMAT, CacheReader, encodeEntry, sealEntry } from '../src/batch/cache.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const EXAMPLE = join(process.cwd(), 'corpora', 'example');

/** The cache's behaviour under libvirt's generic checks (the flags it records are tested as they were). */
async function abiDiff(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args, '--driver', 'generic', '--quiet', '--format', 'json']);
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

/** The cache file with `edit` applied to each entry's fields, each line sealed again (as only a deliberate forger would). */
async function editCache(file: string, edit: (fields: string) => string): Promise<void> {
  const [header, ...entries] = (await readFile(file, 'utf8')).split('\n');
  await writeFile(file, [header, ...entries.map((l) => (l ? sealEntry(edit(l.slice(0, l.lastIndexOf('\t')))) : l))].join('\n'));
}

const pairOf = async (out: string, id: string) => JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8')).pairs.find((p: { id: string }) => p.id === id);

test('unchanged pairs come from the cache, changed ones are checked again', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  await cp(EXAMPLE, join(dir, 'fleet'), { recursive: true });
  const src = join(dir, 'fleet', 'src');
  const dst = join(dir, 'fleet', 'dst');
  const cache = join(dir, 'audit.cache');
  await abiDiff([src, dst, '--out', join(dir, 'r1'), '--cache', cache]);
  const first = await readFile(join(dir, 'r1', 'abi-diff.json'), 'utf8');

  // mark one cached verdict, so that its reuse shows in the next report
  await editCache(cache, (l) => (l.startsWith('"q35/nic-model-e1000e.xml"\t') ? l.replace('Target network card model e1000e', 'CACHED Target network card model e1000e') : l));
  // and change a destination whose verdict must be recomputed
  const changed = join(dst, 'q35', 'unchanged.xml');
  await writeFile(changed, (await readFile(changed, 'utf8')).replace("<target dev='sda' bus='sata'/>", "<target dev='sda' bus='ide'/>"));

  await abiDiff([src, dst, '--out', join(dir, 'r2'), '--cache', cache]);
  t.regex((await pairOf(join(dir, 'r2'), 'q35/nic-model-e1000e.xml')).mismatches[0].message, /CACHED/);
  t.like(await pairOf(join(dir, 'r2'), 'q35/unchanged.xml'), { status: 'incompatible' });
  t.is(JSON.parse(first).pairs.length, JSON.parse(await readFile(join(dir, 'r2', 'abi-diff.json'), 'utf8')).pairs.length);

  // touched but not changed (a fresh checkout, a copy): the stamps differ, the content hash still matches
  const touched = join(src, 'q35', 'nic-model-e1000e.xml');
  await utimes(touched, new Date(), new Date(Date.now() + 5000));
  await abiDiff([src, dst, '--out', join(dir, 'r3'), '--cache', cache]);
  t.regex((await pairOf(join(dir, 'r3'), 'q35/nic-model-e1000e.xml')).mismatches[0].message, /CACHED/);
  // the cache now holds the new stamp: the next run reuses it without reading
  const entry = (await readFile(cache, 'utf8')).split('\n').find((l) => l.startsWith('"q35/nic-model-e1000e.xml"\t'))!;
  const st = await stat(touched);
  t.is(entry.split('\t')[1].split(' ')[1], `${st.size}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`);
  await rm(dir, { recursive: true, force: true });
});

test('a cache of another profile or a damaged one is ignored with a warning', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  const cache = join(dir, 'audit.cache');
  const f = [join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(EXAMPLE, 'dst', 'q35', 'unchanged.xml')];
  await abiDiff([...f, '--out', join(dir, 'a'), '--cache', cache, '--profile', '9.0.0']);
  const other = await abiDiff([...f, '--out', join(dir, 'b'), '--cache', cache, '--profile', '12.8.0']);
  t.regex(other.stderr, /warning: cache .* profile 9\.0\.0.*ignored/);
  t.is(other.code, 0);
  // live XML parses differently: a cache of one parse mode never serves the other
  await abiDiff([...f, '--out', join(dir, 'l'), '--cache', cache, '--live']);
  t.regex((await abiDiff([...f, '--out', join(dir, 'm'), '--cache', cache])).stderr, /warning: cache .* with profile \S+ and --live, this run is .*: ignored/);
  // a file reused under a larger size limit might be over a smaller one
  t.regex((await abiDiff([...f, '--out', join(dir, 's'), '--cache', cache, '--max-file-size', '100000'])).stderr, /this run is .* and --max-file-size 100000: ignored/);
  // a cache of an older abi-diff: said so, not called damaged
  await writeFile(cache, '{"format":"abi-diff-cache/2","toolVersion":"0.1.0"}\n{"key":"k"}\n');
  t.regex((await abiDiff([...f, '--out', join(dir, 'o'), '--cache', cache])).stderr, /warning: cache .* is in format abi-diff-cache\/2, this abi-diff reads abi-diff-cache\/4: ignored/);
  await writeFile(cache, `{"format":"${CACHE_FORMAT}"`);
  const damaged = await abiDiff([...f, '--out', join(dir, 'c'), '--cache', cache]);
  t.regex(damaged.stderr, /warning: cache .* unreadable/);
  t.is(damaged.code, 0);
});

test('the cache is read as a stream beside the sorted pairs; a pair asked out of order misses', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'c');
  const identity = { toolVersion: 'x', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };
  const entry = (id: string) => encodeEntry(id, `k-${id} 1:1:1:1 1:1:1:1`, { status: 'compatible', mismatches: [] });
  await writeFile(file, [JSON.stringify({ format: CACHE_FORMAT, ...identity }), entry('a'), entry('c'), entry('e'), ''].join('\n'));
  const warnings: string[] = [];
  const reader = await CacheReader.open(file, identity, (m) => warnings.push(m));
  t.is((await reader.get('a'))?.seen, 'k-a 1:1:1:1 1:1:1:1');
  t.is(await reader.get('b'), undefined);
  t.is((await reader.get('e'))?.seen, 'k-e 1:1:1:1 1:1:1:1');
  t.is(await reader.get('c'), undefined, 'behind the reader: re-checked, never a wrong verdict');
  t.is(await reader.get('f'), undefined);
  t.deepEqual(warnings, []);
  const foreign = await CacheReader.open(file, { ...identity, driver: 'qemu' }, (m) => warnings.push(m));
  t.is(await foreign.get('a'), undefined);
  t.regex(warnings[0], /this run is abi-diff x with profile upstream and --driver qemu: ignored/);
});

test('ids that need escaping round-trip; a damaged line ends the reuse with a warning', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'c');
  const identity = { toolVersion: 'x', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };
  const odd = ['a"quote.xml', 'b\tTAB\\back.xml', 'c\u00e9\u2028.xml'];
  const incompatible = { status: 'incompatible' as const, mismatches: [{ rule: 'net/model', message: 'Target network card model "e1000e"\tdoes not match', path: '/domain/devices/interface[1]' }] };
  const lines = [JSON.stringify({ format: CACHE_FORMAT, ...identity }), ...odd.map((id) => encodeEntry(id, `k 1:1:1:1 2:2:2:2`, incompatible)), sealEntry('"d.xml"\tk 1:1:1:1 1:1:1:1\t{"status":"compatible"'), encodeEntry('e.xml', 'k 1:1:1:1 1:1:1:1', { status: 'compatible', mismatches: [] })];
  await writeFile(file, lines.join('\n') + '\n');
  const warnings: string[] = [];
  const reader = await CacheReader.open(file, identity, (m) => warnings.push(m));
  for (const id of odd) t.deepEqual((await reader.get(id))?.outcome, incompatible, id);
  t.is(await reader.get('e.xml'), undefined, 'nothing after a damaged line is trusted');
  t.is(warnings.length, 1);
  t.regex(warnings[0], /is damaged .*: the remaining pairs are checked again/);
});

test('an outcome of the wrong shape is damage, never a verdict nor a crash of a report', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'c');
  const identity = { toolVersion: 'x', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: DEFAULT_MAX_FILE_SIZE };
  const wrong = [
    '{"status":"compatible","mismatches":[],"id":"other.xml","src":"/etc/hostname"}',
    '{"status":"incompatible","mismatches":[]}',
    '{"status":"error","mismatches":[]}',
    '{"status":"unpaired","mismatches":[],"error":{"side":"both","message":"x"}}',
    '{"status":"incompatible","mismatches":[1]}',
    '{"status":"incompatible","mismatches":[{"rule":"disk/bus","message":"m","path":"/p","suppressed":{"by":"baseline"}}]}',
    '{"status":"compatible","mismatches":[{"rule":"disk/bus","message":"m","path":"/p"}]}',
    '{"status":"gone","mismatches":[]}',
  ];
  for (const outcome of wrong) {
    await writeFile(file, [JSON.stringify({ format: CACHE_FORMAT, ...identity }), sealEntry(`"a.xml"\tk 1:1:1:1 1:1:1:1\t${outcome}`), ''].join('\n'));
    const warnings: string[] = [];
    const reader = await CacheReader.open(file, identity, (m) => warnings.push(m));
    t.is(await reader.get('a.xml'), undefined, outcome);
    // the first entry is read as the file opens: the whole cache is then called unreadable
    t.regex(warnings.join(), /is (damaged|unreadable) .*checked/, outcome);
  }
});

test('a pair whose file is not text is not cached: its message names the file by the path of the run', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const side of ['src', 'dst']) {
    await cp(join(EXAMPLE, side, 'q35', 'unchanged.xml'), join(dir, side, 'good.xml'));
    await writeFile(join(dir, side, 'nul.xml'), side === 'src' ? '<domain/>' : '<domain>\0</domain>');
  }
  const cache = join(dir, 'audit.cache');
  await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', join(dir, 'r'), '--cache', cache]);
  t.regex((await pairOf(join(dir, 'r'), 'nul.xml')).error.message, /binary data/);
  const ids = (await readFile(cache, 'utf8')).split('\n').slice(1).filter(Boolean).map((l) => JSON.parse(l.split('\t')[0]));
  t.deepEqual(ids, ['good.xml']);
});

test('reused verdicts are reported under the paths of this run, not those of the run that cached them', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await cp(EXAMPLE, join(dir, 'a'), { recursive: true });
  const cache = join(dir, 'audit.cache');
  await abiDiff([join(dir, 'a', 'src'), join(dir, 'a', 'dst'), '--out', join(dir, 'r1'), '--cache', cache]);
  // a copy elsewhere has new stamps: verdicts are reused by content hash
  await cp(join(dir, 'a'), join(dir, 'b'), { recursive: true });
  await editCache(cache, (l) => l.replace('Target network card model e1000e', 'CACHED Target network card model e1000e'));
  await abiDiff([join(dir, 'b', 'src'), join(dir, 'b', 'dst'), '--out', join(dir, 'r2'), '--cache', cache]);
  const pair = await pairOf(join(dir, 'r2'), 'q35/nic-model-e1000e.xml');
  t.regex(pair.mismatches[0].message, /CACHED/);
  t.is(pair.src, join(dir, 'b', 'src', 'q35', 'nic-model-e1000e.xml'));
  t.is(pair.dst, join(dir, 'b', 'dst', 'q35', 'nic-model-e1000e.xml'));
});

test('cached verdicts rewritten by hand are detected by their checksum: the pairs are checked again, with a warning', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cache = join(dir, 'audit.cache');
  await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', join(dir, 'r1'), '--cache', cache]);
  const honest = JSON.parse(await readFile(join(dir, 'r1', 'abi-diff.json'), 'utf8'));
  // every incompatible verdict turned into a pass, as a forger or a damaged disk would leave it
  const text = await readFile(cache, 'utf8');
  const forged = text.replace(/\{"status":"incompatible","mismatches":\[.*?\]\}(?=\t|\n|$)/g, '{"status":"compatible","mismatches":[]}');
  t.not(forged, text);
  await writeFile(cache, forged);
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', join(dir, 'r2'), '--cache', cache]);
  t.regex(r.stderr, /warning: cache .*audit\.cache is (damaged|unreadable) .*checksum/);
  const again = JSON.parse(await readFile(join(dir, 'r2', 'abi-diff.json'), 'utf8'));
  t.deepEqual(again.summary, honest.summary);
  t.is(r.code, 2);
});

test('--cache on a file that is not a cache is a usage error that leaves the file alone; an empty file is fine', async (t) => {
  const dir = await tempDir('abi-diff-cache-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const f = [join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(EXAMPLE, 'dst', 'q35', 'unchanged.xml')];
  const readme = join(dir, 'README.md');
  const baseline = join(dir, 'audit.baseline.json');
  await cp('README.md', readme);
  await writeFile(baseline, JSON.stringify({ format: 'abi-diff-baseline/1', entries: [] }) + '\n');
  for (const file of [readme, baseline]) {
    const before = await readFile(file, 'utf8');
    const r = await abiDiff([...f, '--out', join(dir, 'r'), '--cache', file]);
    t.is(r.code, 2, r.stderr);
    t.true(r.stderr.includes(`${file} is not an abi-diff cache`), r.stderr);
    t.is(await readFile(file, 'utf8'), before);
  }
  t.is((await abiDiff([...f, '--out', join(dir, 'd'), '--cache', dir])).code, 2, 'a directory is not a cache either');
  const empty = join(dir, 'new.cache');
  await writeFile(empty, '');
  const r = await abiDiff([...f, '--out', join(dir, 'e'), '--cache', empty]);
  t.is(r.code, 0, r.stderr);
  t.is(r.stderr, '');
  t.regex(await readFile(empty, 'utf8'), /^\{"format":"abi-diff-cache\//);
});
