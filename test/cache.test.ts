/** --cache: unchanged pairs reuse their verdict, changed ones are re-checked, foreign caches ignored. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
  t.regex((await abiDiff([...f, '--out', join(dir, 'm'), '--cache', cache])).stderr, /warning: cache .* and --live: ignored/);
  await writeFile(cache, '{"format":"abi-diff-cache/1"');
  const damaged = await abiDiff([...f, '--out', join(dir, 'c'), '--cache', cache]);
  t.regex(damaged.stderr, /warning: cache .* unreadable/);
  t.is(damaged.code, 0);
});
