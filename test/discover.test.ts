/** Streamed directory discovery: the same pairs in the same order as the former glob-and-sort, in flat memory. */
import test from 'ava';
import { mkdirSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { globby } from 'globby';
import { countPairs, discoverPairs, openPairSource, UsageError } from '../src/batch/discover.js';
import { itemsOf } from '../src/batch/chunks.js';
import { chunksInShard } from '../src/batch/shard.js';
import type { PairTask } from '../src/model/result.js';
import { tempDir } from './helpers/temp.js';

async function tmp(): Promise<string> {
  return tempDir('abi-diff-discover-');
}

/** Writes each relative path under root (content irrelevant: discovery does not read files). */
async function files(root: string, rels: string[]): Promise<void> {
  for (const rel of rels) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), '<domain/>');
  }
}

/** The pairs, without the bases their paths were built from (which must be the paths' own). */
async function collect(pairs: AsyncIterable<PairTask>): Promise<PairTask[]> {
  const out: PairTask[] = [];
  for await (const { bases, ...p } of pairs) {
    if (bases) {
      if (p.src !== null && p.src !== join(bases.src, p.id)) throw new Error(`${p.src} is not under its base ${bases.src}`);
      if (p.dst !== null && p.dst !== join(bases.dst, p.id)) throw new Error(`${p.dst} is not under its base ${bases.dst}`);
    }
    out.push(p);
  }
  return out;
}

/** What discovery did before it streamed: glob both trees, union and sort the ids. */
async function globAndSort(src: string, dst: string): Promise<{ id: string; src: boolean; dst: boolean }[]> {
  const list = async (dir: string) => new Set(await globby('**/*.xml', { cwd: dir, onlyFiles: true, followSymbolicLinks: true, dot: false }));
  const [s, d] = await Promise.all([list(src), list(dst)]);
  return [...new Set([...s, ...d])].sort().map((id) => ({ id, src: s.has(id), dst: d.has(id) }));
}

// names whose order differs between a per-directory sort and a sort of whole paths
const TRICKY = [
  'a-b.xml', 'a.xml', 'a/b.xml', 'a/b/c.xml', 'a/b-c.xml', 'a0.xml', 'a b.xml', 'A.xml', 'Z/z.xml', '_.xml', 'é.xml', 'z.xml',
  'ab/x.xml', 'a.b/x.xml', 'x/y/z/w.xml', 'x/y-z.xml', 'x/y.xml', 'd.xml/e.xml', 'not-xml.txt', 'upper.XML', 'x.xml.bak',
  '.dot.xml', '.hidden/h.xml', 'a/.dot.xml', 'ab/.h/x.xml',
];

test('streamed discovery yields the pairs and the order of glob-and-sort', async (t) => {
  const dir = await tmp();
  const src = join(dir, 'src');
  const dst = join(dir, 'dst');
  await files(src, [...TRICKY, 'only-src.xml', 'only/src.xml']);
  await files(dst, [...TRICKY.filter((f) => f !== 'a/b.xml'), 'only-dst.xml', 'a-b/c.xml']);
  // links are followed, to directories and to files
  await symlink(join(src, 'x'), join(src, 'linked'));
  await symlink(join(dst, 'x'), join(dst, 'linked'));
  await symlink(join(src, 'z.xml'), join(src, 'zz.xml'));
  const streamed = await collect(discoverPairs(src, dst));
  const expected = await globAndSort(src, dst);
  t.deepEqual(streamed.map((p) => ({ id: p.id, src: p.src !== null, dst: p.dst !== null })), expected);
  // the sample really exercises the ordering: a per-directory sort of names would differ
  t.true(streamed.findIndex((p) => p.id === 'a-b.xml') < streamed.findIndex((p) => p.id === 'a/b-c.xml'));
  t.true(streamed.findIndex((p) => p.id === 'a/b.xml') < streamed.findIndex((p) => p.id === 'a0.xml'));
  const byId = new Map(streamed.map((p) => [p.id, p]));
  t.deepEqual(byId.get('a/b.xml'), { id: 'a/b.xml', src: join(src, 'a/b.xml'), dst: null });
  t.deepEqual(byId.get('only-dst.xml'), { id: 'only-dst.xml', src: null, dst: join(dst, 'only-dst.xml') });
  t.deepEqual(byId.get('linked/y.xml'), { id: 'linked/y.xml', src: join(src, 'linked/y.xml'), dst: join(dst, 'linked/y.xml') });
  t.truthy(byId.get('zz.xml'));
  for (const hidden of ['.dot.xml', '.hidden/h.xml', 'a/.dot.xml', 'ab/.h/x.xml', 'upper.XML', 'not-xml.txt']) t.false(byId.has(hidden), hidden);
});

test('chunked discovery pairs trees whose directories split differently on each side', async (t) => {
  const dir = await tmp();
  const src = join(dir, 'src');
  const dst = join(dir, 'dst');
  // a fixed pseudo-random tree: files and nested directories present on one side, the other or both
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = ['a', 'a-b', 'a0', 'b', 'b.c', 'c'];
  const paths: string[] = [];
  for (let i = 0; i < 150; i++) {
    const depth = Math.floor(next() * 4);
    const parts = Array.from({ length: depth }, () => names[Math.floor(next() * names.length)]);
    paths.push([...parts, `${names[Math.floor(next() * names.length)]}${i % 7}.xml`].join('/'));
  }
  await files(src, paths.filter(() => next() < 0.8));
  await files(dst, paths.filter(() => next() < 0.8));
  const streamed = await collect(discoverPairs(src, dst));
  t.deepEqual(streamed.map((p) => ({ id: p.id, src: p.src !== null, dst: p.dst !== null })), await globAndSort(src, dst));
  t.true(streamed.some((p) => p.src === null) && streamed.some((p) => p.dst === null), 'both sides have files of their own');
});

test('two files are one pair named after dst; bad arguments are usage errors', async (t) => {
  const dir = await tmp();
  await files(dir, ['s/a.xml', 'd/b.xml']);
  t.deepEqual(await collect(discoverPairs(join(dir, 's/a.xml'), join(dir, 'd/b.xml'))), [{ id: 'b.xml', src: join(dir, 's/a.xml'), dst: join(dir, 'd/b.xml') }]);
  await t.throwsAsync(collect(discoverPairs(join(dir, 's'), join(dir, 'd/b.xml'))), { instanceOf: UsageError, message: /must both be files or both be directories/ });
  await t.throwsAsync(collect(discoverPairs(join(dir, 'missing'), join(dir, 'd'))), { instanceOf: UsageError, message: /missing: no such file or directory/ });
  await t.throwsAsync(openPairSource({ src: join(dir, 's/a.xml'), dst: join(dir, 'd/b.xml'), match: 'uuid' }), { instanceOf: UsageError, message: /--match applies to two directories/ });
  await t.throwsAsync(openPairSource({ src: join(dir, 's/a.xml'), dst: join(dir, 'd/b.xml'), ignore: ['x'] }), { instanceOf: UsageError, message: /--ignore applies to two directories/ });
  await t.throwsAsync(openPairSource({ src: join(dir, 's'), dst: join(dir, 'd'), ignore: [''] }), { instanceOf: UsageError, message: /--ignore needs a glob/ });
});

test('a symbolic link loop is one error entry, not an endless walk', async (t) => {
  const dir = await tmp();
  await files(join(dir, 'src'), ['n/m/x.xml', 'n/y.xml']);
  await files(join(dir, 'dst'), ['n/m/x.xml', 'n/y.xml']);
  await symlink('..', join(dir, 'src', 'n', 'm', 'up'));
  await symlink('.', join(dir, 'dst', 'self'));
  const warnings: string[] = [];
  const pairs = await collect(discoverPairs(join(dir, 'src'), join(dir, 'dst'), { warn: (m) => warnings.push(m) }));
  t.deepEqual(pairs.map((p) => p.id), ['n/m/up/', 'n/m/x.xml', 'n/y.xml', 'self/']);
  t.like(pairs[0], { src: join(dir, 'src', 'n/m/up/'), dst: null, problem: { status: 'error', side: 'src' } });
  t.regex(pairs[0].problem!.message, /symbolic link loop: directory .*up is .*src\/n, which contains it/);
  t.like(pairs[3], { src: null, problem: { status: 'error', side: 'dst' } });
  t.is(warnings.length, 2);
});

test('a dangling link named like a domain file is reported, not dropped', async (t) => {
  const dir = await tmp();
  await files(join(dir, 'src'), ['a.xml']);
  await mkdir(join(dir, 'dst'));
  await symlink(join(dir, 'nowhere.xml'), join(dir, 'dst', 'a.xml'));
  await symlink(join(dir, 'nowhere'), join(dir, 'dst', 'gone'));
  t.deepEqual(await collect(discoverPairs(join(dir, 'src'), join(dir, 'dst'))), [{ id: 'a.xml', src: join(dir, 'src', 'a.xml'), dst: join(dir, 'dst', 'a.xml') }]);
});

test('a directory that cannot be read is an error entry and a warning; the walk goes on', async (t) => {
  const dir = await tmp();
  await files(join(dir, 'src'), ['a.xml', 'z.xml']);
  await files(join(dir, 'dst'), ['a.xml', 'z.xml']);
  // deeper than PATH_MAX: unreadable whatever the user's privileges (root reads mode 000 directories)
  const cwd = process.cwd();
  try {
    process.chdir(join(dir, 'src'));
    for (let i = 0; i < 24; i++) { mkdirSync('d'.repeat(200)); process.chdir('d'.repeat(200)); }
  } finally {
    process.chdir(cwd);
  }
  const warnings: string[] = [];
  const pairs = await collect(discoverPairs(join(dir, 'src'), join(dir, 'dst'), { warn: (m) => warnings.push(m) }));
  t.deepEqual(pairs.map((p) => p.problem?.status ?? 'pair'), ['pair', 'error', 'pair']);
  t.true(pairs[1].id.startsWith('dddd') && pairs[1].id.endsWith('/'));
  t.regex(pairs[1].problem!.message, /^cannot read directory .*: ENAMETOOLONG: name too long$/);
  t.is(warnings.length, 1);
  if (process.getuid?.() === 0) return;
  await files(join(dir, 'dst'), ['locked/l.xml']);
  await chmod(join(dir, 'dst', 'locked'), 0);
  const locked = (await collect(discoverPairs(join(dir, 'src'), join(dir, 'dst')))).find((p) => p.id === 'locked/');
  await chmod(join(dir, 'dst', 'locked'), 0o755);
  t.like(locked, { src: null, problem: { status: 'error', side: 'dst' } });
  t.regex(locked!.problem!.message, /EACCES/);
});

test('--ignore leaves out matching files and whole directories on both sides', async (t) => {
  const dir = await tmp();
  for (const side of ['src', 'dst']) await files(join(dir, side), ['keep.xml', 'old.xml', 'archive/a.xml', 'h/archive/b.xml', 'h/c-old.xml', 'h/c.xml']);
  const source = await openPairSource({ src: join(dir, 'src'), dst: join(dir, 'dst'), ignore: ['archive/**', '**/*old.xml'] });
  t.deepEqual((await collect(source.pairs())).map((p) => p.id), ['h/archive/b.xml', 'h/c.xml', 'keep.xml']);
  const pruned = await openPairSource({ src: join(dir, 'src'), dst: join(dir, 'dst'), ignore: ['**/archive'] });
  t.deepEqual((await collect(pruned.pairs())).map((p) => p.id), ['h/c-old.xml', 'h/c.xml', 'keep.xml', 'old.xml']);
});

test('the count pass sees the pairs of the run; the shard filter warns about unsorted ids', async (t) => {
  const dir = await tmp();
  for (const side of ['src', 'dst']) await files(join(dir, side), ['a.xml', 'b/c.xml', 'd.xml']);
  const source = await openPairSource({ src: join(dir, 'src'), dst: join(dir, 'dst') });
  const total = await new Promise<number>((resolve) => countPairs(source, (id) => id !== 'd.xml', resolve));
  t.is(total, 2);
  // out of order across two chunks
  async function* unsorted(): AsyncGenerator<PairTask[]> {
    yield [{ id: 'b', src: 'b', dst: 'b' }];
    yield ['a', 'c'].map((id) => ({ id, src: id, dst: id }));
  }
  const warnings: string[] = [];
  const kept = await collect(itemsOf(chunksInShard(unsorted(), { index: 1, count: 1 }, (m) => warnings.push(m))));
  t.deepEqual(kept.map((p) => p.id), ['b', 'a', 'c']);
  t.is(warnings.length, 1);
  t.regex(warnings[0], /pair a comes after b: .*'abi-diff merge' cannot join/);
});

test('--out inside a compared tree is left out of the walk: both sides, any depth, relative or through a symbolic link', async (t) => {
  const { abiDiff, EXAMPLE } = await import('./helpers/reports.js');
  const root = await tmp();
  const domain = await readFile(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'));
  for (const side of ['src', 'dst']) {
    await mkdir(join(root, side, 'web'), { recursive: true });
    await writeFile(join(root, side, 'web', 'a.xml'), domain);
  }
  await mkdir(join(root, 'dst', 'web', 'reports'), { recursive: true });
  await symlink(join(root, 'dst', 'web', 'reports'), join(root, 'to-reports'));
  // relative to the working directory (and not there yet), in dst's tree via a link, and both at once by match uuid
  const runs = [['--out', join('src', 'deep', 'er', 'out')], ['--out', 'to-reports'], ['--out', 'to-reports', '--match', 'uuid']];
  for (const args of runs) {
    for (const round of [1, 2]) {
      const r = await abiDiff(['src', 'dst', ...args, '--format', 'json,junit', '--quiet'], {}, root);
      const out = join(root, args[1]);
      const report = JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8')) as { pairs: { id: string }[] };
      t.deepEqual(report.pairs.map((p) => p.id), [args.includes('uuid') ? '4d1c9a3e-7b52-4f0e-9a61-2f8e5c3b7d10' : 'web/a.xml'], `${args.join(' ')}, run ${round}: ${r.stderr}`);
      t.is(r.code, 0, r.stderr);
    }
    // the next run would rightly see the reports left in the tree
    const out = await realpath(join(root, args[1]));
    await rm(out, { recursive: true });
    await mkdir(out);
  }
});
