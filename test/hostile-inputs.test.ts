/**
 * Bad input costs its pair only, with an error naming the file (and line where known), and
 * gives libvirt's verdict: empty, not XML, truncated, binary, BOM, UTF-16, another root, unknown
 * elements, 100,000-deep nesting, entities (internal, external, billion laughs), over the size
 * limit, unreadable, a FIFO, a directory, a symlink loop, a file that vanished.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { chmod, mkdir, open, readdir, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveProfile } from '../src/model/profile.js';
import { checkPairFiles, checkXmlPair } from '../src/worker/check-pair.js';
import { GUEST, HOSTILE, HOSTILE_MAX_SIZE, hostileCorpus, TOO_BIG } from './helpers/hostile.js';
import { abiDiff, readJsonReport } from './helpers/reports.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const profile = resolveProfile('9.0.0');
const opts = { profile, skipVolatile: false, maxFileSize: 2 ** 20 };
const tmp = () => tempDir('abi-diff-hostile-');

test('each hostile file gets libvirt\'s verdict and an error naming the problem', async (t) => {
  const dir = await tmp();
  for (const c of [...HOSTILE, TOO_BIG]) {
    const dst = join(dir, c.name);
    await writeFile(dst, c.dst());
    const started = performance.now();
    const r = checkPairFiles({ id: c.name, src: GUEST, dst }, opts).result!;
    t.true(performance.now() - started < 5000, `${c.name} is checked in bounded time`);
    t.is(r.status, c.status, `${c.name}: ${r.error?.message ?? r.mismatches[0]?.message}`);
    if (c.status === 'error') {
      t.is(r.error!.side, 'dst', c.name);
      t.regex(r.error!.message, c.message!, c.name);
      t.is(r.error!.line, c.line, `${c.name}: line`);
      // problems found before parsing name the file; parse errors carry libvirt's words (or say
      // which bound of abi-diff's the definition is over), the report's side names the file
      if (!/^(XML error|missing name|abi-diff does not check)/.test(r.error!.message)) t.true(r.error!.message.startsWith(`${dst}: `), c.name);
    } else if (c.message) t.regex(r.mismatches[0].message, c.message, c.name);
  }
});

test('entities end to end: an internal entity names the guest, XXE reads nothing, laughs are an error', (t) => {
  const guest = readFileSync(GUEST, 'utf8');
  const renamed = (prolog: string, name: string) => `${prolog}\n${guest.replace('<name>web-frontend-01<', `<name>${name}<`)}`;
  const vmname = renamed('', 'vmname');
  t.is(checkXmlPair('e', 's', 'd', vmname, renamed('<!DOCTYPE domain [<!ENTITY x "vmname">]>', '&x;'), opts).status, 'compatible');
  t.like(checkXmlPair('e', 's', 'd', vmname, renamed('<!DOCTYPE domain [<!ENTITY x SYSTEM "file:///etc/hostname">]>', '&x;'), opts), { status: 'error', error: { side: 'dst', message: 'missing name information' } });
  t.like(checkXmlPair('e', 's', 'd', renamed('<!DOCTYPE domain [<!ENTITY x PUBLIC "-//x//EN" "http://example.com/">]>', '&x;'), vmname, opts), { status: 'error', error: { side: 'src', message: 'missing name information' } });
  const laughs = HOSTILE.find((c) => c.name === 'billion-laughs.xml')!.dst() as string;
  const started = performance.now();
  const before = process.memoryUsage().heapUsed;
  const r = checkXmlPair('e', 's', 'd', guest, laughs, opts);
  t.true(performance.now() - started < 2000, 'bounded time');
  t.true(process.memoryUsage().heapUsed - before < 64 << 20, 'bounded memory');
  t.regex(r.error!.message, /Detected an entity reference loop/);
});

test('a file over --max-file-size is refused before it is read', async (t) => {
  const dir = await tmp();
  const sparse = join(dir, 'sparse.xml');
  // 20 GiB that take no disk: reading it would take minutes and all memory
  const fh = await open(sparse, 'w');
  await fh.truncate(20 * 2 ** 30);
  await fh.close();
  const started = performance.now();
  const r = checkPairFiles({ id: 'sparse.xml', src: GUEST, dst: sparse }, { profile, skipVolatile: false }).result!;
  t.true(performance.now() - started < 1000);
  t.like(r, { status: 'error', error: { side: 'dst', message: `${sparse}: file is ${20 * 2 ** 30} bytes, over the size limit of ${16 * 2 ** 20} bytes (--max-file-size)` } });
});

test('unreadable, FIFO, directory, symlink loop and vanished files are errors naming the file', async (t) => {
  const dir = await tmp();
  const fifo = join(dir, 'fifo.xml');
  await run('mkfifo', [fifo]);
  await mkdir(join(dir, 'dir.xml'));
  await symlink(join(dir, 'loop-b.xml'), join(dir, 'loop-a.xml'));
  await symlink(join(dir, 'loop-a.xml'), join(dir, 'loop-b.xml'));
  const cases: [string, string][] = [
    [fifo, 'not a regular file (a device, FIFO or socket), not a domain XML file'],
    [join(dir, 'dir.xml'), 'cannot read file: a directory, not a domain XML file'],
    [join(dir, 'loop-a.xml'), 'cannot read file: too many levels of symbolic links (a symlink loop?)'],
    [join(dir, 'vanished.xml'), 'cannot read file: no such file (removed or renamed after the run started?)'],
  ];
  const locked = join(dir, 'locked.xml');
  await writeFile(locked, readFileSync(GUEST));
  await chmod(locked, 0);
  // root reads anything: the permission case only means something for other users
  if (process.getuid?.() !== 0) cases.push([locked, 'cannot read file: permission denied']);
  for (const [dst, why] of cases) {
    const r = checkPairFiles({ id: 'x.xml', src: GUEST, dst }, opts).result!;
    t.like(r, { status: 'error', error: { side: 'dst', message: `${dst}: ${why}` } });
    const s = checkPairFiles({ id: 'x.xml', src: dst, dst: GUEST }, opts).result!;
    t.like(s, { status: 'error', error: { side: 'src', message: `${dst}: ${why}` } });
  }
});

test('through the CLI: every hostile pair is in the report once, with its verdict; exit 2', async (t) => {
  const { src, dst } = await hostileCorpus(await tmp());
  const out = await tmp();
  const r = await abiDiff([src, dst, '--out', out, '--format', 'json', ...HOSTILE_MAX_SIZE, '--jobs', '2']);
  t.is(r.code, 2, r.stderr);
  t.notRegex(r.stderr, /internal error/);
  const byId = new Map((await readJsonReport(out)).pairs.map((p) => [p.id, p]));
  for (const c of [...HOSTILE, TOO_BIG]) t.is(byId.get(c.name)?.status, c.status, c.name);
  t.like(byId.get('src-broken.xml'), { status: 'error', error: { side: 'src', line: 1 } });
  t.like(byId.get('src-only.xml'), { status: 'unpaired' });
  t.is(byId.size, HOSTILE.length + 1 + 1 + 4 + 1);
  // every report renamed into place: a run that died left its .tmp files behind
  t.deepEqual(await readdir(out), ['abi-diff.json']);
  // the console names the file and line of an error
  t.regex(r.stdout, new RegExp(`truncated\\.xml: error \\(dst ${join(dst, 'truncated.xml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:6\\): `));
});

test('size options: bad values are usage errors', async (t) => {
  for (const [args, msg] of [
    [['--max-file-size', '12X'], /--max-file-size must be a positive size such as 16M, 512K or 1048576 \(bytes\), got '12X'/],
    [['--max-file-size', '0'], /--max-file-size must be a positive size/],
    [['--pair-timeout', 'soon'], /--pair-timeout must be a number of seconds \(0: no limit\), got 'soon'/],
    [['--worker-memory', '8'], /--worker-memory must be a number of MiB, at least 32, got '8'/],
  ] as [string[], RegExp][]) {
    const r = await abiDiff([GUEST, GUEST, ...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, msg);
  }
});

test('peak memory stays bounded on hostile files at the 16 MiB limit', async (t) => {
  const dir = await tmp();
  const files: Record<string, string | Buffer> = {
    // millions of elements: about 40 times the file in the tree
    'elements.xml': `<domain type='kvm'>${'<a/>'.repeat((16 * 2 ** 20 - 40) / 4)}</domain>`,
    'attribute.xml': `<domain type='kvm' a='${'x'.repeat(16 * 2 ** 20 - 40)}'/>`,
    'deep.xml': `<domain>${'<a>'.repeat(2 ** 20)}${'</a>'.repeat(2 ** 20)}</domain>`,
    'laughs.xml': HOSTILE.find((c) => c.name === 'billion-laughs.xml')!.dst(),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const pairs = Object.keys(files).map((id) => ({ id, src: GUEST, dst: join(dir, id) }));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(process.cwd(), 'test', 'helpers', 'peak-memory.ts'), JSON.stringify({ pairs, workerMemory: 256 })], { maxBuffer: 16 << 20 });
  const { results, maxRssMiB } = JSON.parse(stdout) as { results: { id: string; status: string; error?: { message: string } }[]; maxRssMiB: number };
  t.log(`peak RSS ${maxRssMiB} MiB with a 256 MiB worker heap`, results.map((r) => `${r.id}: ${r.error?.message.slice(0, 80)}`));
  t.deepEqual(results.map((r) => r.status), ['error', 'error', 'error', 'error']);
  t.regex(results[0].error!.message, /out of memory/);
  // the process holds its own heap, the worker's bounded one and the 16 MiB files being read
  t.true(maxRssMiB < 256 + 400, `peak RSS ${maxRssMiB} MiB`);
});
