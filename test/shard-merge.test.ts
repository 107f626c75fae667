/** Sharded runs merged give the unsharded report; reports do not depend on --jobs. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseShard, shardOf } from '../src/batch/shard.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const SRC = join(process.cwd(), 'corpora', 'example', 'src');
const DST = join(process.cwd(), 'corpora', 'example', 'dst');

async function abiDiff(args: string[]): Promise<number> {
  try {
    await run(process.execPath, ['--import', 'tsx', CLI, ...args, '--quiet']);
    return 0;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

test('shards partition the pairs and merge into the unsharded report', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-shard-'));
  t.is(await abiDiff([SRC, DST, '--out', join(dir, 'full'), '--format', 'json']), 2);
  const shards = ['1/3', '2/3', '3/3'];
  for (const [i, s] of shards.entries()) await abiDiff([SRC, DST, '--shard', s, '--out', join(dir, `s${i}`), '--format', 'json']);
  const parts = await Promise.all(shards.map(async (_s, i) => JSON.parse(await readFile(join(dir, `s${i}`, 'abi-diff.json'), 'utf8'))));
  const ids = parts.flatMap((p) => p.pairs.map((x: { id: string }) => x.id));
  t.is(new Set(ids).size, ids.length, 'no pair in two shards');
  t.true(parts.every((p) => p.pairs.length > 0), 'every shard has work');
  t.is(await abiDiff(['merge', ...shards.map((_s, i) => join(dir, `s${i}`, 'abi-diff.json')), '--out', join(dir, 'merged'), '--format', 'json']), 2);
  t.is(await readFile(join(dir, 'merged', 'abi-diff.json'), 'utf8'), await readFile(join(dir, 'full', 'abi-diff.json'), 'utf8'));
});

test('merge refuses the same shard twice and reports of other runs', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-shard-'));
  await abiDiff([SRC, DST, '--shard', '1/2', '--out', join(dir, 'a'), '--format', 'json']);
  await abiDiff([SRC, DST, '--shard', '2/2', '--profile', '9.0.0', '--out', join(dir, 'b'), '--format', 'json']);
  const a = join(dir, 'a', 'abi-diff.json');
  t.is(await abiDiff(['merge', a, a, '--out', join(dir, 'm1')]), 2);
  t.is(await abiDiff(['merge', a, join(dir, 'b', 'abi-diff.json'), '--out', join(dir, 'm2')]), 2);
  await abiDiff([SRC, DST, '--shard', '2/2', '--live', '--out', join(dir, 'c'), '--format', 'json']);
  const mixed = await run(process.execPath, ['--import', 'tsx', CLI, 'merge', a, join(dir, 'c', 'abi-diff.json'), '--out', join(dir, 'm3')]).catch((e: { stderr: string }) => e);
  t.regex(mixed.stderr, /live 'true' differs from 'false'.*cannot be merged/);
  t.is(await abiDiff(['merge', join(dir, 'missing.json')]), 2);
});

test('the report is the same with one worker and with several', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'abi-diff-jobs-'));
  await abiDiff([SRC, DST, '--jobs', '1', '--out', join(dir, 'one'), '--format', 'json']);
  await abiDiff([SRC, DST, '--jobs', '3', '--out', join(dir, 'three'), '--format', 'json']);
  t.is(await readFile(join(dir, 'one', 'abi-diff.json'), 'utf8'), await readFile(join(dir, 'three', 'abi-diff.json'), 'utf8'));
});

test('shard specs and the partition function', (t) => {
  t.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
  for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1']) t.throws(() => parseShard(bad));
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[shardOf(`host${i % 40}/vm-${i}.xml`, 4) - 1]++;
  t.true(counts.every((c) => c > 800 && c < 1200), JSON.stringify(counts));
  t.is(shardOf('a/b.xml', 7), shardOf('a/b.xml', 7));
});
