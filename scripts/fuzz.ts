/**
 * npm run fuzz -- [--cases N] [--seed S] [--from I] [--batch-every K] [--jobs J] [--hang SECONDS] [--out DIR]
 *
 * Mutation fuzzing of abi-diff (see test/helpers/fuzz.ts). Cases run in a worker thread; a case
 * that has not finished after --hang seconds is a finding, the thread is replaced and the run
 * goes on with the next case. Prints the counts and every finding with the case index that
 * replays it (`--seed S --from I --cases 1`); with --out, writes each finding's src and dst
 * files there. Exit status 1 when anything was found.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Piscina } from 'piscina';
import { limitedThroughPool, loadSeeds, makeCase, type FuzzStats, type Seeds } from '../test/helpers/fuzz.js';
import type { FuzzChunk } from '../test/helpers/fuzz-worker.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '0' },
    'batch-every': { type: 'string', default: '500' },
    jobs: { type: 'string', default: '2' },
    hang: { type: 'string', default: '60' },
    out: { type: 'string' },
  },
});
const num = (name: string, v: string) => {
  if (!/^\d+$/.test(v)) { process.stderr.write(`fuzz: --${name} must be a non-negative integer, got '${v}'\n`); process.exit(2); }
  return Number(v);
};
const cases = num('cases', values.cases!), seed = num('seed', values.seed!), from = num('from', values.from!);
const hangMs = num('hang', values.hang!) * 1000;
const batchEvery = num('batch-every', values['batch-every']!), jobs = num('jobs', values.jobs!);
const corpora = [join(process.cwd(), 'corpora', 'example'), join(process.cwd(), '..', 'shared', 'conformance')];
const total: FuzzStats = { cases: 0, statuses: {}, poolPairs: 0, findings: [], ms: 0 };
const started = performance.now();

// one thread runs the cases; it is replaced when a case never ends or exhausts its heap
const pool = new Piscina({
  filename: new URL('../test/helpers/fuzz-worker.ts', import.meta.url).href, minThreads: 1, maxThreads: 1,
  resourceLimits: { maxOldGenerationSizeMb: 2048 },
});
pool.on('error', () => undefined);
/** Cases that hit a resource limit and came out of the pool as the error a run would report. */
const limited: string[] = [];
let seeds: Seeds | undefined;
const progress = new SharedArrayBuffer(8);
const current = new Int32Array(progress);

/** Runs cases [start, end); resolves with the index to go on from. */
async function chunk(start: number, end: number): Promise<number> {
  Atomics.store(current, 0, start - 1);
  const controller = new AbortController();
  let seen = -2, beats = -1, since = performance.now(), hung = false;
  const watch = setInterval(() => {
    const at = Atomics.load(current, 0), beat = Atomics.load(current, 1);
    // a pool round that still returns pairs is alive, though its last case index stays put
    if (at !== seen || beat !== beats) { seen = at; beats = beat; since = performance.now(); return; }
    // the first case also waits for the seeds to load
    if (performance.now() - since > hangMs + (at < start ? 60_000 : 0)) { hung = true; controller.abort(); }
  }, 1000);
  const task: FuzzChunk = { seed, from: start, cases: end - start, corpora, batchEvery, jobs, pairTimeoutMs: hangMs / 2, progress };
  let died: number;
  try {
    const stats = (await pool.run(task, { signal: controller.signal })) as FuzzStats;
    total.cases += stats.cases;
    total.poolPairs += stats.poolPairs;
    total.specialFiles = (total.specialFiles ?? 0) + (stats.specialFiles ?? 0);
    total.findings.push(...stats.findings);
    limited.push(...stats.limited ?? []);
    for (const [k, v] of Object.entries(stats.statuses)) total.statuses[k] = (total.statuses[k] ?? 0) + v;
    return end;
  } catch (err) {
    const index = Atomics.load(current, 0);
    if (index < start) { process.stderr.write(`fuzz: the fuzz thread does not start: ${(err as Error).message}\n`); process.exit(2); }
    const why = hung ? `did not finish in ${hangMs / 1000} s` : `killed the fuzz thread: ${(err as Error).message}`;
    // a run bounds such a pair with --pair-timeout and --worker-memory: it must come out as an error
    seeds ??= loadSeeds(corpora);
    const c = makeCase(seed, index, seeds);
    const viaPool = await limitedThroughPool(c, { pairTimeout: hangMs, workerMemory: 1024 });
    if (viaPool.ok) limited.push(`case ${index} (${c.mutations.join(', ')}) ${why}; through the worker pool: ${viaPool.message}`);
    else total.findings.push({ kind: hung ? 'hang' : 'crash', index, mutations: c.mutations, message: `${why}; through the worker pool: ${viaPool.message || 'no result'}`, case: c });
    total.cases++;
    died = index;
  } finally {
    clearInterval(watch);
  }
  // the cases before it finished, but their counts and findings died with the thread
  if (died > start) await chunk(start, died);
  return died + 1;
}

process.stderr.write(`fuzz: seed ${seed}, cases ${from}..${from + cases - 1}\n`);
// bounded chunks: a thread that dies takes at most one chunk's work with it, which is redone
const CHUNK = 5000;
const progressLine = setInterval(() => process.stderr.write(`fuzz: case ${Atomics.load(current, 0)} of ${from}..${from + cases - 1}, ${total.findings.length} findings so far\n`), 60_000);
for (let next = from; next < from + cases;) next = await chunk(next, Math.min(next + CHUNK, from + cases));
clearInterval(progressLine);
total.ms = performance.now() - started;
await pool.destroy();

for (const f of total.findings) {
  process.stdout.write(`${f.kind} at case ${f.index} (${f.mutations.join(', ')}): ${f.message}\n${f.stack ? f.stack.split('\n').slice(0, 6).join('\n') + '\n' : ''}`);
  if (values.out && f.case) {
    await mkdir(values.out, { recursive: true });
    await writeFile(join(values.out, `case-${f.index}-src.xml`), f.case.srcBytes ?? f.case.src);
    await writeFile(join(values.out, `case-${f.index}-dst.xml`), f.case.dstBytes ?? f.case.dst);
    await writeFile(join(values.out, `case-${f.index}.json`), JSON.stringify(f.case.settings) + '\n');
  }
}
for (const l of limited) process.stdout.write(`resource limit: ${l}\n`);
const count = (kind: string) => total.findings.filter((f) => f.kind === kind).length;
process.stdout.write(`fuzz: ${total.cases} cases in ${(total.ms / 1000).toFixed(0)} s (${Object.entries(total.statuses).map(([k, v]) => `${v} ${k}`).join(', ')}); ` +
  `${total.poolPairs} pairs through the worker pool (${total.specialFiles ?? 0} with a special file as dst); ${limited.length} cases over a resource limit, each an error from the pool; ${count('crash')} crashes, ${count('hang')} hangs, ${count('lost')} lost pairs, ${count('unstable')} unstable verdicts, ` +
  `${count('pool differs')} pool differences, ${count('special file')} special files not reported as the pair's error, ${count('slow')} slow cases\n`);
process.exitCode = total.findings.length ? 1 : 0;
