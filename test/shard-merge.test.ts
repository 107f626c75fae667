/** Sharded runs merged give the unsharded report; reports do not depend on --jobs. */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseShard, shardOf } from '../src/batch/shard.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const SRC = join(process.cwd(), 'corpora', 'example', 'src');
const DST = join(process.cwd(), 'corpora', 'example', 'dst');

async function abiDiffWithStderr(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args, '--quiet']);
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

async function abiDiff(args: string[]): Promise<number> {
  return (await abiDiffWithStderr(args)).code;
}

/** A merged report is the unsharded run's but for its header's `shard`, which names the shards it joins. */
async function mergedAsWhole(t: ExecutionContext, file: string, count: number): Promise<string> {
  const text = await readFile(file, 'utf8');
  t.deepEqual(JSON.parse(text).shard, { count, merged: Array.from({ length: count }, (_v, i) => i + 1) });
  return text.replace(/\n "shard": \{[^]*?\n \},\n/, '\n "shard": null,\n');
}

test('shards partition the pairs and merge into the unsharded report', async (t) => {
  const dir = await tempDir('abi-diff-shard-');
  t.is(await abiDiff([SRC, DST, '--out', join(dir, 'full'), '--format', 'json']), 2);
  const shards = ['1/3', '2/3', '3/3'];
  for (const [i, s] of shards.entries()) await abiDiff([SRC, DST, '--shard', s, '--out', join(dir, `s${i}`), '--format', 'json']);
  const parts = await Promise.all(shards.map(async (_s, i) => JSON.parse(await readFile(join(dir, `s${i}`, 'abi-diff.json'), 'utf8'))));
  const ids = parts.flatMap((p) => p.pairs.map((x: { id: string }) => x.id));
  t.is(new Set(ids).size, ids.length, 'no pair in two shards');
  t.true(parts.every((p) => p.pairs.length > 0), 'every shard has work');
  t.deepEqual(parts.map((p) => p.shard), [{ index: 1, count: 3 }, { index: 2, count: 3 }, { index: 3, count: 3 }], 'each report says which shard it is');
  t.is(JSON.parse(await readFile(join(dir, 'full', 'abi-diff.json'), 'utf8')).shard, null);
  t.is(await abiDiff(['merge', ...shards.map((_s, i) => join(dir, `s${i}`, 'abi-diff.json')), '--out', join(dir, 'merged'), '--format', 'json']), 2);
  t.is(await mergedAsWhole(t, join(dir, 'merged', 'abi-diff.json'), 3), await readFile(join(dir, 'full', 'abi-diff.json'), 'utf8'));
  // a whole run's report (unsharded, or merged) still merges alone: into other formats
  t.is(await abiDiff(['merge', join(dir, 'full', 'abi-diff.json'), '--out', join(dir, 'again'), '--format', 'json']), 2);
  t.is(await readFile(join(dir, 'again', 'abi-diff.json'), 'utf8'), await readFile(join(dir, 'full', 'abi-diff.json'), 'utf8'));
});

test('merge refuses the same shard twice and reports of other runs', async (t) => {
  const dir = await tempDir('abi-diff-shard-');
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

test('merge refuses a missing shard, a shard of another split or of a whole run, naming the files; it says which shards it holds', async (t) => {
  const dir = await tempDir('abi-diff-shard-');
  const shard = async (name: string, ...args: string[]) => {
    await abiDiff([SRC, DST, ...args, '--out', join(dir, name), '--format', 'json']);
    return join(dir, name, 'abi-diff.json');
  };
  const [s1, s2, s3, other, whole] = await Promise.all([shard('s1', '--shard', '1/3'), shard('s2', '--shard', '2/3'), shard('s3', '--shard', '3/3'), shard('of4', '--shard', '3/4'), shard('whole')]);
  const refused = async (files: string[], message: string) => {
    const out = join(dir, `m${Math.random().toString(36).slice(2)}`);
    const r = await abiDiffWithStderr(['merge', ...files, '--out', out]);
    t.is(r.code, 2, files.join(' '));
    t.is(r.stderr, `abi-diff merge: ${message}\n`);
    t.false(existsSync(out), 'a refused merge writes nothing');
  };
  // the left-out shard could hold every failure: merging the others would pass the gate
  await refused([s1, s2], `shard 3/3 missing: given 1/3 (${s1}), 2/3 (${s2}); a merge needs every shard of the run`);
  await refused([s1, s2, s1], `${s1}: shard 1/3 given twice`);
  const copy = join(dir, 'copy.json');
  await writeFile(copy, await readFile(s2, 'utf8'));
  await refused([s1, s2, copy, s3], `${copy}: shard 2/3 again (${s2} is that shard too)`);
  await refused([s1, s2, other], `${other}: shard 3/4, but ${s1} is shard 1/3: shards of different splits cannot be merged`);
  await refused([whole, s1], `${whole}: the report of a whole run, but ${s1} is shard 1/3: merge joins the shards of one run`);
  // a report that does not say which shard it is could be any
  const unsaid = join(dir, 'unsaid.json');
  await writeFile(unsaid, (await readFile(s3, 'utf8')).replace(/\n "shard": \{[^]*?\n \},/, ''));
  await refused([s1, s2, unsaid], `${unsaid}: the report does not say which shard it is (written before abi-diff recorded shards): run it again`);
  t.is(await abiDiff(['merge', s3, s1, s2, '--out', join(dir, 'all'), '--format', 'json']), 2, 'every shard, in any order: merged (the corpus has errors)');
  t.deepEqual(JSON.parse(await readFile(join(dir, 'all', 'abi-diff.json'), 'utf8')).shard, { count: 3, merged: [1, 2, 3] });
});

test('the report is the same with one worker and with several', async (t) => {
  const dir = await tempDir('abi-diff-jobs-');
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

test('a manifest sorted by id shards and merges like directories; an unsorted one is refused by merge', async (t) => {
  const dir = await tempDir('abi-diff-shard-');
  const ids = ['q35/unchanged.xml', 'q35/cdrom-sata-to-ide.xml', 'i440fx/unchanged.xml', 'aarch64/gic-v2.xml', 'q35/invalid-not-xml.xml', 'q35/memory-grown.xml'];
  const lines = ids.map((id) => `${join(SRC, id)},${join(DST, id)},${id}`);
  const sorted = join(dir, 'sorted.csv');
  await writeFile(sorted, ['src,dst,id', ...[...lines].sort()].join('\n'));
  t.is(await abiDiff(['--manifest', sorted, '--out', join(dir, 'full'), '--format', 'json']), 2);
  const shards = ['1/2', '2/2'];
  for (const [i, s] of shards.entries()) await abiDiff(['--manifest', sorted, '--shard', s, '--out', join(dir, `s${i}`), '--format', 'json']);
  t.is(await abiDiff(['merge', ...shards.map((_s, i) => join(dir, `s${i}`, 'abi-diff.json')), '--out', join(dir, 'merged'), '--format', 'json']), 2);
  t.is(await mergedAsWhole(t, join(dir, 'merged', 'abi-diff.json'), 2), await readFile(join(dir, 'full', 'abi-diff.json'), 'utf8'));

  const unsorted = join(dir, 'unsorted.csv');
  await writeFile(unsorted, ['src,dst,id', ...lines].join('\n'));
  const warned = await Promise.all(shards.map((s, i) => abiDiffWithStderr(['--manifest', unsorted, '--shard', s, '--out', join(dir, `u${i}`), '--format', 'json'])));
  t.true(warned.every((w) => /not sorted by id, so 'abi-diff merge' cannot join the shards' reports/.test(w.stderr)));
  const merged = await abiDiffWithStderr(['merge', ...shards.map((_s, i) => join(dir, `u${i}`, 'abi-diff.json')), '--out', join(dir, 'umerged'), '--format', 'json']);
  t.is(merged.code, 2);
  t.regex(merged.stderr, /comes after .*: merge needs reports sorted by id/);
});

test('merge reads whether a report is complete, whatever the layout of its end; a report of another tool is refused by name', async (t) => {
  const dir = await tempDir('abi-diff-shard-');
  await abiDiff([SRC, DST, '--shard', '1/2', '--out', join(dir, 'a'), '--format', 'json,sarif']);
  await abiDiff([SRC, DST, '--shard', '2/2', '--out', join(dir, 'b'), '--format', 'json']);
  const a = join(dir, 'a', 'abi-diff.json');
  const text = await readFile(join(dir, 'b', 'abi-diff.json'), 'utf8');
  t.regex(text, /\n "complete": true\n\}\n$/);
  const [summary] = text.match(/\n "summary": .*\n/)!;
  const variants: Record<string, string> = {
    // a stopped run's end, as the writer lays it out, compacted, or with the keys the other way round
    'plain.json': text.replace('"complete": true', '"complete": false'),
    'compact.json': text.replace('\n "complete": true\n}\n', '"complete":false}'),
    'reordered.json': text.replace(summary, '\n "complete": false,\n').replace('\n "complete": true\n}', summary.replace(/,\n$/, '\n}')),
    // a report that does not say it is complete is not taken for one
    'unsaid.json': text.replace(',\n "complete": true', ''),
  };
  for (const [name, body] of Object.entries(variants)) {
    t.false(body.includes('"complete": true'), name);
    const file = join(dir, name);
    await writeFile(file, body);
    const r = await abiDiffWithStderr(['merge', a, file, '--out', join(dir, `m-${name}`)]);
    t.is(r.code, 2, name);
    t.true(r.stderr.includes(`${file}: a partial report`), `${name}: ${r.stderr}`);
  }
  const foreign = join(dir, 'other-tool.json');
  await writeFile(foreign, text.replace('"name": "abi-diff"', '"name": "abi-check"'));
  for (const file of [foreign, join(dir, 'a', 'abi-diff.sarif')]) {
    const r = await abiDiffWithStderr(['merge', a, file, '--out', join(dir, 'm-foreign')]);
    t.is(r.code, 2, file);
    t.true(r.stderr.includes(`${file}: not an abi-diff JSON report`), r.stderr);
  }
  t.is(await abiDiff(['merge', a, join(dir, 'b', 'abi-diff.json'), '--out', join(dir, 'm-ok'), '--format', 'json']), 2, 'the example corpus has errors: exit 2, but merged');
});
