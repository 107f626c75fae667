/** --manifest FILE: pairs listed in CSV or JSON Lines, streamed in the file's order. */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPairSource, UsageError } from '../src/batch/discover.js';
import { splitCsv } from '../src/batch/manifest.js';
import type { PairTask } from '../src/model/result.js';
import { tempDir } from './helpers/temp.js';

async function manifest(name: string, text: string): Promise<string> {
  const dir = await tempDir('abi-diff-manifest-');
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function pairsOf(file: string): Promise<PairTask[]> {
  const out: PairTask[] = [];
  for await (const p of (await openPairSource({ manifest: file })).pairs()) out.push(p);
  return out;
}

test('CSV records: quotes, doubled quotes, empty fields, and what is not a record', (t) => {
  t.deepEqual(splitCsv('a,b,c'), ['a', 'b', 'c']);
  t.deepEqual(splitCsv('"a,1","say ""hi""",'), ['a,1', 'say "hi"', '']);
  t.deepEqual(splitCsv(''), ['']);
  t.is(splitCsv('"open'), 'unterminated quoted field (fields cannot span lines)');
  t.is(splitCsv('"a"b,c'), 'text after the closing quote of field 1');
  t.is(splitCsv('a,b"c'), 'quote inside unquoted field 2');
});

test('CSV manifest: columns in any order, paths relative to the manifest, ids default to dst, file order kept', async (t) => {
  const file = await manifest('plan.csv', '\uFEFFdst,src,id\r\nnew/b.xml,old/b.xml,guest-b\r\n\r\n"new/a,1.xml",/abs/a.xml,\r\nnew/c.xml,old/c.xml,guest-a\r\n');
  const dir = join(file, '..');
  t.deepEqual(await pairsOf(file), [
    { id: 'guest-b', src: join(dir, 'old/b.xml'), dst: join(dir, 'new/b.xml') },
    { id: 'new/a,1.xml', src: '/abs/a.xml', dst: join(dir, 'new/a,1.xml') },
    { id: 'guest-a', src: join(dir, 'old/c.xml'), dst: join(dir, 'new/c.xml') },
  ]);
});

test('CSV manifest: an unusable line or a repeated id is an error entry naming the manifest and the line', async (t) => {
  const file = await manifest('m.csv', 'src,dst\na.xml,b.xml\na.xml\n"x,y.xml\nc.xml,\nz.xml,b.xml\nd.xml,e.xml\n');
  const pairs = await pairsOf(file);
  t.deepEqual(pairs.map((p) => p.id), ['b.xml', 'm.csv:3', 'm.csv:4', 'm.csv:5', 'm.csv:6', 'e.xml']);
  const problems = pairs.slice(1, 5).map((p) => p.problem);
  t.deepEqual(problems, [
    { status: 'error', side: 'src', line: 3, message: `manifest ${file} line 3: 1 field(s), the header names 2` },
    { status: 'error', side: 'src', line: 4, message: `manifest ${file} line 4: unterminated quoted field (fields cannot span lines)` },
    { status: 'error', side: 'src', line: 5, message: `manifest ${file} line 5: no dst path` },
    { status: 'error', side: 'src', line: 6, message: `manifest ${file} line 6: id b.xml is also the id of line 2: ids must be unique` },
  ]);
  // reports point at the manifest line
  t.like(pairs[1], { src: file, dst: null });
});

test('CSV manifest: a missing or wrong header is a usage error', async (t) => {
  for (const [text, why] of [
    ['', /is empty: it needs the header line src,dst/],
    ['a.xml,b.xml\n', /line 1: unknown column 'a.xml'/],
    ['src,destination\n', /line 1: unknown column 'destination'/],
    ['src,src,dst\n', /line 1: column 'src' appears twice/],
    ['src,id\n', /line 1: the header must name the columns src and dst/],
  ] as const) {
    await t.throwsAsync(openPairSource({ manifest: await manifest('h.csv', text) }), { instanceOf: UsageError, message: why }, JSON.stringify(text));
  }
  await t.throwsAsync(openPairSource({ manifest: await manifest('plan.txt', 'src,dst\n') }), { instanceOf: UsageError, message: /must end in \.csv or \.jsonl/ });
  await t.throwsAsync(openPairSource({ manifest: join(tmpdir(), 'abi-diff-no-such-manifest.csv') }), { instanceOf: UsageError, message: /abi-diff-no-such-manifest\.csv: ENOENT: no such file or directory$/ });
});

test('JSONL manifest: one object per line; bad lines and repeated ids are error entries', async (t) => {
  const file = await manifest('m.jsonl', [
    '{"src":"s/a.xml","dst":"d/a.xml","id":"a","note":"extra keys are ignored"}',
    '{"src":"s/b.xml","dst":"d/b.xml"}',
    '',
    '{"src":"s/c.xml"',
    '["s/c.xml","d/c.xml"]',
    '{"src":"s/c.xml","dst":"d/c.xml","id":7}',
    '{"src":"s/x.xml","dst":"d/x.xml","id":"a"}',
  ].join('\n'));
  const dir = join(file, '..');
  const pairs = await pairsOf(file);
  t.deepEqual(pairs.slice(0, 2), [
    { id: 'a', src: join(dir, 's/a.xml'), dst: join(dir, 'd/a.xml') },
    { id: 'd/b.xml', src: join(dir, 's/b.xml'), dst: join(dir, 'd/b.xml') },
  ]);
  const problems = pairs.slice(2).map((p) => [p.id, p.problem?.message.replace(`manifest ${file} `, '')]);
  // V8 words the JSON error
  t.is(problems[0][0], 'm.jsonl:4');
  t.regex(problems[0][1]!, /^line 4: not JSON: ./);
  t.deepEqual(problems.slice(1), [
    ['m.jsonl:5', 'line 5: not a JSON object'],
    ['m.jsonl:6', 'line 6: "id" must be a string'],
    ['m.jsonl:7', 'line 7: id a is also the id of line 1: ids must be unique'],
  ]);
});
