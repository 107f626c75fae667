/** --match uuid|name: files paired by the domain they define, whatever they are called. */
import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPairSource } from '../src/batch/discover.js';
import type { PairTask } from '../src/model/result.js';
import { keyOf } from '../src/worker/identify.js';
import { domainXml } from './helpers/rule-table.js';
import { tempDir } from './helpers/temp.js';

const UUID = '4d1c9a3e-7b52-4f0e-9a61-2f8e5c3b7d10';
const OTHER = '9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b';

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('abi-diff-match-');
  for (const [rel, xml] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), xml);
  }
  return dir;
}

async function pairsOf(dir: string, match: 'uuid' | 'name'): Promise<PairTask[]> {
  const source = await openPairSource({ src: join(dir, 'src'), dst: join(dir, 'dst'), match }, { jobs: 1 });
  const out: PairTask[] = [];
  for await (const p of source.pairs()) out.push(p);
  return out;
}

test('the key of a domain file: libvirt uuid spellings, names, and why a file has none', (t) => {
  t.deepEqual(keyOf(domainXml({ uuid: UUID.toUpperCase().replace(/-/g, '') }), 'uuid'), { key: UUID });
  t.deepEqual(keyOf(domainXml({ uuid: ` ${UUID.replace(/-/g, ' ')} ` }), 'uuid'), { key: UUID });
  t.deepEqual(keyOf(domainXml({ name: 'web-01' }), 'name'), { key: 'web-01' });
  t.deepEqual(keyOf(domainXml({ uuid: 'not-a-uuid' }), 'uuid'), { error: "malformed uuid 'not-a-uuid'" });
  t.deepEqual(keyOf(domainXml({ uuid: '' }), 'uuid'), { error: 'no <uuid> element (libvirt would make up a random one)' });
  t.deepEqual(keyOf(domainXml({ name: 'a/b' }), 'name'), { error: "name 'a/b' contains '/', which libvirt refuses" });
  t.deepEqual(keyOf('<network><uuid>' + UUID + '</uuid></network>', 'uuid'), { error: 'the root element is <network>, not <domain>' });
  t.regex((keyOf('not xml <', 'uuid') as { error: string }).error, /^XML error: malformed XML/);
  // only <domain>'s own <uuid> counts, not one deeper in the document
  t.deepEqual(keyOf(`<domain><name>x</name><sysinfo type='smbios'><system><entry name='uuid'>${OTHER}</entry></system></sysinfo><uuid>${UUID}</uuid></domain>`, 'uuid'), { key: UUID });
});

test('--match uuid pairs differently named files, any uuid spelling; unpaired and unreadable keys are reported', async (t) => {
  const dir = await tree({
    'src/host-a/web.xml': domainXml({ name: 'web', uuid: UUID }),
    'dst/dumpxml-host-b.xml': domainXml({ name: 'web-renamed', uuid: UUID.toUpperCase().replace(/-/g, '') }),
    'src/db.xml': domainXml({ name: 'db', uuid: OTHER }),
    'dst/broken.xml': 'this is not xml',
    'dst/no-uuid.xml': domainXml({ uuid: '' }),
  });
  const pairs = await pairsOf(dir, 'uuid');
  t.deepEqual(pairs.map((p) => p.id), [UUID, OTHER, 'dst/broken.xml', 'dst/no-uuid.xml']);
  t.deepEqual(pairs[0], { id: UUID, src: join(dir, 'src/host-a/web.xml'), dst: join(dir, 'dst/dumpxml-host-b.xml') });
  t.like(pairs[1], { src: join(dir, 'src/db.xml'), dst: null, problem: { status: 'unpaired', side: 'dst' } });
  t.is(pairs[1].problem!.message, `${join(dir, 'src/db.xml')}: no file in ${join(dir, 'dst')} has uuid ${OTHER}`);
  t.like(pairs[2], { src: null, dst: join(dir, 'dst/broken.xml'), problem: { status: 'error', side: 'dst' } });
  t.regex(pairs[2].problem!.message, /broken\.xml: cannot read its uuid: XML error: malformed XML/);
  t.regex(pairs[3].problem!.message, /no-uuid\.xml: cannot read its uuid: no <uuid> element/);
});

test('a duplicated key makes every file involved an error, on both sides, never a guess', async (t) => {
  const dir = await tree({
    'src/a.xml': domainXml({ uuid: UUID }),
    'src/b.xml': domainXml({ uuid: UUID.toUpperCase() }),
    'dst/c.xml': domainXml({ uuid: UUID }),
    'src/d.xml': domainXml({ uuid: OTHER }),
    'dst/e.xml': domainXml({ uuid: OTHER }),
    'dst/f.xml': domainXml({ uuid: OTHER }),
  });
  const pairs = await pairsOf(dir, 'uuid');
  t.deepEqual(pairs.map((p) => p.id), ['dst/c.xml', 'dst/e.xml', 'dst/f.xml', 'src/a.xml', 'src/b.xml', 'src/d.xml']);
  t.true(pairs.every((p) => p.problem?.status === 'error'));
  const message = (id: string) => pairs.find((p) => p.id === id)!.problem!.message;
  t.is(message('src/a.xml'), `${join(dir, 'src/a.xml')}: uuid ${UUID} is also the uuid of ${join(dir, 'src/b.xml')} (and of 1 file(s) in ${join(dir, 'dst')}): cannot tell which files to compare`);
  t.is(message('dst/c.xml'), `${join(dir, 'dst/c.xml')}: uuid ${UUID} is the uuid of 2 files in ${join(dir, 'src')}: ${join(dir, 'src/a.xml')}, ${join(dir, 'src/b.xml')}: cannot tell which files to compare`);
  t.regex(message('dst/e.xml'), /uuid 9f8e7d6c-.* is also the uuid of .*dst\/f\.xml \(and of 1 file\(s\) in .*src\)/);
});

test('--match name pairs by <name>, exactly as written', async (t) => {
  const dir = await tree({
    'src/1.xml': domainXml({ name: 'web', uuid: UUID }),
    'dst/2.xml': domainXml({ name: 'web', uuid: OTHER }),
    'src/3.xml': domainXml({ name: 'Web' }),
    'dst/4.xml': domainXml({ name: 'a/b' }),
  });
  const pairs = await pairsOf(dir, 'name');
  t.deepEqual(pairs.map((p) => [p.id, p.problem?.status ?? 'pair']), [['Web', 'unpaired'], ['dst/4.xml', 'error'], ['web', 'pair']]);
});
