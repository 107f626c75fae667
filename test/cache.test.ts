/** --cache: unchanged pairs reuse their verdict, changed ones are re-checked, foreign caches ignored. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CacheReader } from '../src/batch/cache.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const EXAMPLE = join(process.cwd(), 'corpora', 'example');

async function abiDiff(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args, '--quiet', '--format', 'json']);
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

const pairOf = async (out: string, id: string) => JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8')).pairs.find((p: { id: string }) => p.id === id);

test('unchanged pairs come from the cache, changed ones are checked again', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-cache-'));
  await cp(EXAMPLE, join(dir, 'fleet'), { recursive: true });
  const src = join(dir, 'fleet', 'src');
  const dst = join(dir, 'fleet', 'dst');
  const cache = join(dir, 'audit.cache');
  await abiDiff([src, dst, '--out', join(dir, 'r1'), '--cache', cache]);
  const first = await readFile(join(dir, 'r1', 'abi-diff.json'), 'utf8');

  // mark one cached verdict, so that its reuse shows in the next report
  const lines = (await readFile(cache, 'utf8')).split('\n');
  const i = lines.findIndex((l) => l.includes('"id":"q35/nic-model-e1000e.xml"'));
  lines[i] = lines[i].replace('Target network card model e1000e', 'CACHED Target network card model e1000e');
  await writeFile(cache, lines.join('\n'));
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
  const entry = (await readFile(cache, 'utf8')).split('\n').find((l) => l.includes('"id":"q35/nic-model-e1000e.xml"'))!;
  t.is(JSON.parse(entry).src.mtimeMs, (await stat(touched)).mtimeMs);
  await rm(dir, { recursive: true, force: true });
});

test('a cache of another profile or a damaged one is ignored with a warning', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-cache-'));
  const cache = join(dir, 'audit.cache');
  const f = [join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(EXAMPLE, 'dst', 'q35', 'unchanged.xml')];
  await abiDiff([...f, '--out', join(dir, 'a'), '--cache', cache, '--profile', '9.0.0']);
  const other = await abiDiff([...f, '--out', join(dir, 'b'), '--cache', cache, '--profile', '12.8.0']);
  t.regex(other.stderr, /warning: cache .* profile 9\.0\.0.*ignored/);
  t.is(other.code, 0);
  // live XML parses differently: a cache of one parse mode never serves the other
  await abiDiff([...f, '--out', join(dir, 'l'), '--cache', cache, '--live']);
  t.regex((await abiDiff([...f, '--out', join(dir, 'm'), '--cache', cache])).stderr, /warning: cache .* with profile \S+ and --live, this run is .*: ignored/);
  await writeFile(cache, '{"format":"abi-diff-cache/2"');
  const damaged = await abiDiff([...f, '--out', join(dir, 'c'), '--cache', cache]);
  t.regex(damaged.stderr, /warning: cache .* unreadable/);
  t.is(damaged.code, 0);
});

test('the cache is read as a stream beside the sorted pairs; a pair asked out of order misses', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-cache-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'c');
  const identity = { toolVersion: 'x', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false };
  const stamp = { size: 1, ino: 1, mtimeMs: 1, ctimeMs: 1 };
  const entry = (id: string) => JSON.stringify({ key: `k-${id}`, src: stamp, dst: stamp, result: { id, src: 's', dst: 'd', status: 'compatible', mismatches: [] } });
  await writeFile(file, [JSON.stringify({ format: 'abi-diff-cache/2', ...identity }), entry('a'), entry('c'), entry('e'), ''].join('\n'));
  const warnings: string[] = [];
  const reader = await CacheReader.open(file, identity, (m) => warnings.push(m));
  t.is((await reader.get('a'))?.key, 'k-a');
  t.is(await reader.get('b'), undefined);
  t.is((await reader.get('e'))?.key, 'k-e');
  t.is(await reader.get('c'), undefined, 'behind the reader: re-checked, never a wrong verdict');
  t.is(await reader.get('f'), undefined);
  t.deepEqual(warnings, []);
  const foreign = await CacheReader.open(file, { ...identity, driver: 'qemu' }, (m) => warnings.push(m));
  t.is(await foreign.get('a'), undefined);
  t.regex(warnings[0], /this run is abi-diff x with profile upstream and --driver qemu: ignored/);
});
