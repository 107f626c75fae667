/**
 * A worker that throws, runs out of memory, hangs or exits on one pair costs that pair only: it
 * gets an error naming the reason, every other pair of its batch gets its normal verdict, the
 * pool replaces the worker and the run goes on.
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBatch, type BatchOptions } from '../src/batch/run-batch.js';
import type { PairResult, PairTask } from '../src/model/result.js';
import { tempDir } from './helpers/temp.js';

const EXAMPLE = join(process.cwd(), 'corpora', 'example');
const MISBEHAVING = new URL('./helpers/misbehaving-worker.ts', import.meta.url);
const base: BatchOptions = { jobs: 1, profile: 'upstream', skipVolatile: false };

/** Pairs from the example corpus; `names` become ids, so a name can ask the worker to misbehave. */
function pairs(names: string[]): PairTask[] {
  const files = ['q35/unchanged.xml', 'q35/cdrom-sata-to-ide.xml', 'q35/invalid-not-xml.xml', 'q35/hpet-enabled.xml'];
  return names.map((id, i) => ({ id, src: join(EXAMPLE, 'src', files[i % files.length]), dst: join(EXAMPLE, 'dst', files[i % files.length]) }));
}

const names = (n: number, bad: Record<number, string>) => Array.from({ length: n }, (_v, i) => `${String(i).padStart(2, '0')}-${bad[i] ?? 'ok'}.xml`);

/** What the real worker says about the same pairs, with the misbehaving ones left out. */
async function expected(tasks: PairTask[]): Promise<Map<string, PairResult>> {
  const good = tasks.filter((p) => p.id.endsWith('-ok.xml'));
  return new Map((await runBatch(good, base)).map((r) => [r.id, r]));
}

function checkGood(t: import('ava').ExecutionContext, results: PairResult[], tasks: PairTask[], reference: Map<string, PairResult>) {
  t.deepEqual(results.map((r) => r.id), tasks.map((p) => p.id), 'every pair once, in input order');
  for (const r of results) if (r.id.endsWith('-ok.xml')) t.deepEqual(r, reference.get(r.id), r.id);
}

test('a pair whose check throws is an error; the rest of its batch is checked', async (t) => {
  const tasks = pairs(names(10, { 4: 'throw' }));
  const results = await runBatch(tasks, { ...base, worker: MISBEHAVING });
  checkGood(t, results, tasks, await expected(tasks));
  t.like(results[4], { status: 'error', error: { message: 'internal error: abi-diff failed on this pair: boom in 04-throw.xml' } });
});

test('a pair that runs its worker out of memory is an error; the pool replaces the worker', async (t) => {
  const tasks = pairs(names(9, { 2: 'oom', 6: 'oom' }));
  const results = await runBatch(tasks, { ...base, jobs: 2, batchSize: 64, worker: MISBEHAVING, workerMemory: 64 });
  checkGood(t, results, tasks, await expected(tasks));
  for (const i of [2, 6]) t.like(results[i], { status: 'error', error: { message: 'abi-diff ran out of memory checking this pair (64 MiB per worker, --worker-memory)' } });
});

test('a pair that hangs is stopped after --pair-timeout, naming the side it hung on', async (t) => {
  const tasks = pairs(names(6, { 1: 'hang' }));
  const started = performance.now();
  const results = await runBatch(tasks, { ...base, worker: MISBEHAVING, pairTimeout: 1500 });
  t.true(performance.now() - started < 30_000);
  checkGood(t, results, tasks, await expected(tasks));
  t.like(results[1], { status: 'error', error: { side: 'dst', message: 'abi-diff stopped checking this pair after 1.5 s (--pair-timeout)' } });
});

test('a worker that exits is replaced; throw, out of memory, hang and exit in one batch each cost one pair', async (t) => {
  const tasks = pairs(names(12, { 0: 'exit', 3: 'throw', 5: 'oom', 8: 'hang', 11: 'exit' }));
  const results = await runBatch(tasks, { ...base, jobs: 2, worker: MISBEHAVING, workerMemory: 64, pairTimeout: 2000 });
  checkGood(t, results, tasks, await expected(tasks));
  t.regex(results[0].error!.message, /^internal error: abi-diff failed on this pair: its worker died: .*exit/);
  t.regex(results[11].error!.message, /its worker died/);
  t.regex(results[3].error!.message, /boom/);
  // on a loaded machine the heap may take longer to run out than the timeout: either stops it
  t.regex(results[5].error!.message, /out of memory|--pair-timeout/);
  t.regex(results[8].error!.message, /--pair-timeout/);
  t.is(results.filter((r) => r.status === 'error' && !r.id.endsWith('-ok.xml')).length, 5);
});

test('small batches and several workers give the same results as one worker', async (t) => {
  const tasks = pairs(names(20, { 7: 'throw', 13: 'oom' }));
  const one = await runBatch(tasks, { ...base, worker: MISBEHAVING, workerMemory: 64 });
  const many = await runBatch(tasks, { ...base, jobs: 3, batchSize: 3, worker: MISBEHAVING, workerMemory: 64 });
  t.deepEqual(many, one);
});

test('a real file too big for the worker heap costs its pair, not the run', async (t) => {
  const dir = await tempDir('abi-diff-oom-');
  const huge = join(dir, 'huge.xml');
  // millions of empty elements: each small in the file, a few hundred bytes in the tree
  await writeFile(huge, `<domain type='kvm'>${'<a/>'.repeat(1_000_000)}</domain>`);
  const tasks: PairTask[] = [
    { id: 'a.xml', src: join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), dst: join(EXAMPLE, 'dst', 'q35', 'unchanged.xml') },
    { id: 'huge.xml', src: join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), dst: huge },
    { id: 'z.xml', src: join(EXAMPLE, 'src', 'q35', 'hpet-enabled.xml'), dst: join(EXAMPLE, 'dst', 'q35', 'hpet-enabled.xml') },
  ];
  const results = await runBatch(tasks, { ...base, workerMemory: 48 });
  t.deepEqual(results.map((r) => r.status), ['compatible', 'error', 'incompatible']);
  t.like(results[1].error, { side: 'dst', message: 'abi-diff ran out of memory checking this pair (48 MiB per worker, --worker-memory)' });
});

test('stopping the run yields nothing more and ends a hung worker at once', async (t) => {
  const tasks = pairs(names(200, { 150: 'hang' }));
  const controller = new AbortController();
  const seen: PairResult[] = [];
  const started = performance.now();
  const { checkPairs } = await import('../src/batch/run-batch.js');
  for await (const r of checkPairs(tasks, { ...base, worker: MISBEHAVING, batchSize: 8, pairTimeout: 0, signal: controller.signal })) {
    seen.push(r);
    if (r.id.startsWith('140-')) setTimeout(() => controller.abort(), 300);
  }
  t.true(performance.now() - started < 20_000, 'the hang did not keep the run alive');
  t.deepEqual(seen.map((r) => r.id), tasks.slice(0, seen.length).map((p) => p.id), 'a prefix of the pairs, in order');
  t.true(seen.length >= 141 && seen.length < 200);
});

test('a worker that cannot start at all fails the run with that reason, instead of hanging it', async (t) => {
  const tasks = pairs(names(300, {}));
  await t.throwsAsync(runBatch(tasks, { ...base, jobs: 2, worker: new URL('./helpers/broken-worker.ts', import.meta.url) }), { message: /^cannot run a worker thread: / });
});
