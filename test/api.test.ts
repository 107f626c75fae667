/**
 * The library API: the same run as the CLI's, options checked at the call (a profile by its
 * version string works, a bad option throws UsageError), results as the report's pair records.
 */
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckRun, checkFiles, checkPair, checkTrees, UsageError, type PairResult } from '../src/api/index.js';
import { resolveProfile } from '../src/model/profile.js';
import { abiDiff, EXAMPLE, tmp } from './helpers/reports.js';

const q35 = (side: 'src' | 'dst', name: string) => join(EXAMPLE, side, 'q35', name);
const GROWN = [q35('src', 'memory-grown.xml'), q35('dst', 'memory-grown.xml')] as const;
const MAX_MEMORY = 'unsupported configuration: Target domain max memory 16777216 does not match source 8388608';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

for (const profile of [undefined, 'upstream', '12.8.0', '9.0.0', resolveProfile('11.3.0'), { name: 'upstream' }] as const) {
  test(`checkPair: an incompatible pair is incompatible with profile ${JSON.stringify(profile)}`, async (t) => {
    const r = await checkPair(...GROWN, profile === undefined ? { driver: 'generic' } : { profile: profile as never, driver: 'generic' });
    t.is(r.status, 'incompatible');
    t.is(r.mismatches[0].message, MAX_MEMORY);
    t.is(r.src, GROWN[0]);
  });
}

test('the QEMU driver is the default: an x86 kvm guest gets its verdict, and says so', async (t) => {
  const r = await checkPair(...GROWN);
  t.is(r.driver, 'qemu');
  t.is(r.status, 'incompatible');
  const generic = await checkPair(...GROWN, { driver: 'generic' });
  t.is(generic.driver, undefined);
});

test('bad options throw UsageError at the call, before any work', async (t) => {
  t.throws(() => checkTrees(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), { profile: '6.10.0' }), { instanceOf: UsageError, message: /unknown profile '6.10.0'/ });
  t.throws(() => checkFiles([], { profile: 12 as never }), { instanceOf: UsageError, message: /profile must be a libvirt version/ });
  t.throws(() => checkFiles([], { driver: 'kvm' as never }), { instanceOf: UsageError, message: /driver must be one of generic, qemu/ });
  t.throws(() => checkFiles([], { driver: 'generic', operation: 'migrate' }), { instanceOf: UsageError, message: /--operation needs --driver qemu/ });
  t.throws(() => checkFiles([], { jobs: 0 }), { instanceOf: UsageError, message: /jobs must be an integer of at least 1/ });
  t.throws(() => checkTrees(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), { match: 'inode' as never }), { instanceOf: UsageError, message: /match must be one of path, uuid, name/ });
  t.throws(() => checkFiles(42 as never), { instanceOf: UsageError, message: /iterable/ });
  await t.throwsAsync(checkPair(...GROWN, { profile: 'latest' }), { instanceOf: UsageError });
  await t.throwsAsync(checkPair(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst')), { instanceOf: UsageError, message: /is a directory: checkPair compares two files/ });
  await t.throwsAsync(checkPair(q35('src', 'missing.xml'), GROWN[1]), { instanceOf: UsageError, message: /no such file/ });
});

test('driver qemu and operation: the QEMU driver gives the verdict and says so', async (t) => {
  const migrate = await checkPair(q35('src', 'balloon-target-lowered.xml'), q35('dst', 'balloon-target-lowered.xml'), { driver: 'qemu' });
  t.is(migrate.driver, 'qemu');
  t.is(migrate.status, 'compatible', 'migration skips current memory');
  const save = await checkPair(q35('src', 'balloon-target-lowered.xml'), q35('dst', 'balloon-target-lowered.xml'), { driver: 'qemu', operation: 'save-image-define' });
  t.is(save.status, 'incompatible', 'save-image-define compares it');
});

test('checkFiles streams listed pairs in their order from an async iterable; bad entries are error entries', async (t) => {
  async function* pairs() {
    yield { id: 'grown', src: GROWN[0], dst: GROWN[1] };
    yield { src: q35('src', 'unchanged.xml'), dst: q35('dst', 'unchanged.xml') };
    yield { id: 'grown', src: GROWN[0], dst: GROWN[1] };
    yield { src: GROWN[0] } as never;
  }
  const results = await all(checkFiles(pairs(), { jobs: 1 }));
  t.deepEqual(results.map((r) => [r.id, r.status]), [['grown', 'incompatible'], [q35('dst', 'unchanged.xml'), 'compatible'], ['pairs[2]', 'error'], ['pairs[3]', 'error']]);
  t.is(results[2].error!.message, 'pairs[2]: id grown is also the id of pairs[0]: ids must be unique');
  t.is(results[3].error!.message, 'pairs[3]: no dst path');
});

test("checkTrees gives the CLI's JSONL report records, pair for pair", async (t) => {
  const out = await tmp();
  const cli = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--format', 'jsonl', '--quiet', '--driver', 'qemu']);
  t.is(cli.code, 2, cli.stderr); // the example holds invalid files on purpose
  const lines = (await readFile(join(out, 'abi-diff.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const records = lines.filter((l) => 'status' in l && 'id' in l) as unknown as PairResult[];
  const api = await all(checkTrees(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst')));
  t.true(api.length > 20);
  t.deepEqual(JSON.parse(JSON.stringify(api)), records);
});

test('CheckRun: a run left early writes no baseline; one that goes through does', async (t) => {
  const dir = await tmp();
  const baseline = join(dir, 'baseline.json');
  const early = await CheckRun.open({ pairs: { src: join(EXAMPLE, 'src'), dst: join(EXAMPLE, 'dst') }, writeBaseline: baseline });
  for await (const r of early) { t.truthy(r.id); break; }
  await t.throwsAsync(readFile(baseline), { code: 'ENOENT' });
  const through = await CheckRun.open({ pairs: { src: join(EXAMPLE, 'src'), dst: join(EXAMPLE, 'dst') }, writeBaseline: baseline });
  const results = await all(through);
  const written = JSON.parse(await readFile(baseline, 'utf8')) as { entries: { count: number }[] };
  t.is(written.entries.reduce((n, e) => n + e.count, 0), results.filter((r) => r.status === 'incompatible').reduce((n, r) => n + r.mismatches.length, 0));
});
