/**
 * Synthetic fleets: deterministic per seed, shares as asked, manifest matching the files, and
 * every pair getting the verdict its manifest kind promises (sources parse, breaking pairs are
 * incompatible, cosmetic and volatile ones compatible, invalid destinations refused).
 */
import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveProfile } from '../src/model/profile.js';
import { checkXmlPair } from '../src/worker/check-pair.js';
import {
  DEFAULT_FLEET, expectedStatus, generateFleet, readManifest, writeFleet, type FleetOptions, type ManifestEntry,
} from '../src/fleet/generate.js';
import { tempDir } from './helpers/temp.js';

/** Many changes and small hosts, so that a few hundred pairs cover most mutation kinds and every family. */
const MIXED: FleetOptions = { pairs: 360, seed: 'fleet-test', changed: 0.35, invalid: 0.15, unpaired: 0.02, cosmetic: 0.2, volatile: 0.2, hostSize: 30 };

const fleetDir = () => tempDir('abi-diff-fleet-');

async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(root, p)));
    else out.push(p);
  }
  return out.sort();
}

async function manifestOf(dir: string): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const e of readManifest(dir)) out.push(e);
  return out;
}

let mixedDir: Promise<string> | undefined;
/** The mixed fleet, written once and shared by the tests that only read it. */
function mixedFleet(): Promise<string> {
  mixedDir ??= fleetDir().then(async (d) => { await writeFleet(d, MIXED); return d; });
  return mixedDir;
}

test('the same seed gives the same bytes; another seed gives another fleet', async (t) => {
  const opts = { ...DEFAULT_FLEET, pairs: 250, seed: 'determinism', changed: 0.2, invalid: 0.05 };
  const [a, b] = [await fleetDir(), await fleetDir()];
  await writeFleet(a, opts, { concurrency: 64 });
  await writeFleet(b, opts, { concurrency: 3 });
  const files = await listFiles(a);
  t.deepEqual(await listFiles(b), files);
  t.true(files.length > 400);
  for (const f of files) {
    const [x, y] = await Promise.all([readFile(join(a, f)), readFile(join(b, f))]);
    if (!x.equals(y)) return t.fail(`${f} differs between two runs with the same seed`);
  }
  const other = [...generateFleet({ ...opts, seed: 'another', pairs: 20 })].map((p) => p.src).join('');
  const same = [...generateFleet({ ...opts, pairs: 20 })].map((p) => p.src).join('');
  t.not(other, same);
});

test('the changed, invalid and unpaired shares are honoured', (t) => {
  for (const [pairs, changed] of [[1000, 0.05], [777, 0.3], [300, 0], [450, 1]] as const) {
    const invalid = changed === 1 ? 0 : DEFAULT_FLEET.invalid;
    const unpaired = changed === 1 ? 0 : 0.004;
    const cosmetic = changed === 1 ? 0 : DEFAULT_FLEET.cosmetic;
    const volatile = changed === 1 ? 0 : DEFAULT_FLEET.volatile;
    const counts: Record<string, number> = {};
    for (const p of generateFleet({ pairs, seed: `share-${pairs}`, changed, invalid, unpaired, cosmetic, volatile })) {
      const k = p.entry.kind.split(':')[0];
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const near = (k: string, share: number) => Math.abs((counts[k] ?? 0) - pairs * share) <= 1;
    t.true(near('breaking', changed), `${pairs} pairs at ${changed}: ${counts.breaking ?? 0} breaking`);
    t.true(near('invalid', invalid), `${counts.invalid ?? 0} invalid of ${pairs}`);
    t.true(near('unpaired', unpaired), `${counts.unpaired ?? 0} unpaired of ${pairs}`);
    t.true(near('cosmetic', cosmetic) && near('volatile', volatile), JSON.stringify(counts));
  }
  t.throws(() => [...generateFleet({ ...DEFAULT_FLEET, pairs: 10, changed: 0.9, invalid: 0.2 })], { message: /more than 1/ });
});

test('every manifest entry exists, and every file is in the manifest', async (t) => {
  const dir = await mixedFleet();
  const entries = await manifestOf(dir);
  t.is(entries.length, MIXED.pairs);
  t.is(new Set(entries.map((e) => e.id)).size, entries.length, 'ids are unique');
  const want = { src: new Set<string>(), dst: new Set<string>() };
  for (const e of entries) {
    t.regex(e.id, /^[a-z0-9-]+\/[a-z0-9-]+\.xml$/);
    t.regex(e.kind, /^(none|(cosmetic|volatile|breaking|invalid):[a-z0-9-]+|unpaired:(src|dst)-only)$/);
    if (e.kind !== 'unpaired:dst-only') want.src.add(e.id);
    if (e.kind !== 'unpaired:src-only') want.dst.add(e.id);
  }
  t.deepEqual(await listFiles(join(dir, 'src')), [...want.src].sort());
  t.deepEqual(await listFiles(join(dir, 'dst')), [...want.dst].sort());
  const hosts = new Set(entries.map((e) => e.id.split('/')[0]));
  t.true(hosts.size >= 9 && hosts.size <= 18, `${hosts.size} host folders for ${MIXED.pairs} guests`);
  t.deepEqual([...new Set(entries.map((e) => e.family))].sort(), ['aarch64', 'i440fx', 'q35']);
});

for (const version of ['9.0.0', '12.8.0']) {
  test(`each pair gets the verdict its kind promises (libvirt ${version} rules)`, async (t) => {
    const dir = await mixedFleet();
    const profile = resolveProfile(version);
    const opts = { profile, skipVolatile: false };
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const e of await manifestOf(dir)) {
      const kind = e.kind.split(':')[0];
      seen.add(kind);
      if (kind === 'unpaired') continue;
      const srcPath = join(dir, 'src', e.id);
      const dstPath = join(dir, 'dst', e.id);
      const [src, dst] = await Promise.all([readFile(srcPath, 'utf8'), readFile(dstPath, 'utf8')]);
      const self = checkXmlPair(e.id, srcPath, srcPath, src, src, opts);
      if (self.status !== 'compatible') wrong.push(`${e.id}: the source does not check against itself: ${self.error?.message ?? self.mismatches[0]?.message}`);
      const r = checkXmlPair(e.id, srcPath, dstPath, src, dst, opts);
      const want = expectedStatus(e, version);
      if (r.status !== want) wrong.push(`${e.id} ${e.kind} (${e.detail}): want ${want}, got ${r.status}: ${r.error?.message ?? r.mismatches[0]?.message ?? ''}`);
      if (want === 'error' && r.error?.side !== 'dst') wrong.push(`${e.id}: the error should be the destination's`);
    }
    t.deepEqual(wrong.slice(0, 10), []);
    t.deepEqual([...seen].sort(), ['breaking', 'cosmetic', 'invalid', 'none', 'unpaired', 'volatile']);
  });
}

test('version-dependent changes are breaks only from their release on', (t) => {
  const e: ManifestEntry = { id: 'h/x.xml', kind: 'breaking:iommu-cmdqv', family: 'aarch64', since: '12.7.0' };
  t.is(expectedStatus(e, '9.0.0'), 'compatible');
  t.is(expectedStatus(e, '12.8.0'), 'incompatible');
  t.is(expectedStatus({ ...e, kind: 'invalid:cmdqv-auto' }, '12.8.0'), 'error');
  t.is(expectedStatus({ ...e, kind: 'unpaired:src-only', since: undefined }, '9.0.0'), 'unpaired');
});
