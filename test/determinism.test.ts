/**
 * The same inputs give byte-identical reports whatever the number of workers, run after run:
 * results come out in input order and no report holds a time, a duration or a worker id.
 */
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { resolveProfile } from '../src/model/profile.js';
import { checkXmlPair } from '../src/worker/check-pair.js';
import { ALL_FORMATS, CONFORMANCE, EXAMPLE, runAllFormats, abiDiff, tmp } from './helpers/reports.js';

const FILES = ['abi-diff.json', 'abi-diff.jsonl', 'abi-diff.html', 'abi-diff.sarif', 'abi-diff.junit.xml', 'step-summary.md'];

async function reportBytes(out: string, stdout: string): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'github annotations (stdout)': stdout };
  for (const f of FILES) files[f] = await readFile(join(out, f), 'utf8');
  return files;
}

test('example corpus: every format is byte-identical with --jobs 1 and --jobs 3, twice', async (t) => {
  t.true(ALL_FORMATS.split(',').length === 6, 'every format is compared');
  const runs = [];
  for (const jobs of ['1', '3', '1', '3']) {
    const r = await runAllFormats(join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), ['--jobs', jobs]);
    runs.push(await reportBytes(r.out, r.stdout));
  }
  for (const [i, files] of runs.entries()) {
    for (const f of Object.keys(files)) t.true(files[f] === runs[0][f], `run ${i + 1}: ${f} differs`);
  }
  t.true(runs[0]['abi-diff.json'].length > 1000);
});

test('conformance set: the JSON reports of 1 and 2 workers (many batches each) are byte-identical', async (t) => {
  const reports = [];
  for (const jobs of ['1', '2']) {
    const out = await tmp();
    const r = await abiDiff([join(CONFORMANCE, 'src'), join(CONFORMANCE, 'dst'), '--out', out, '--format', 'json,jsonl', '--jobs', jobs, '--quiet', '--profile', '9.0.0']);
    t.is(r.code, 2, r.stderr);
    reports.push(await readFile(join(out, 'abi-diff.json'), 'utf8') + await readFile(join(out, 'abi-diff.jsonl'), 'utf8'));
  }
  t.true(reports[0] === reports[1]);
});

test('what libvirt generates at random (uuid, MAC) differs between the sides but not between runs', (t) => {
  const guest = readFileSync(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), 'utf8');
  const opts = { profile: resolveProfile('9.0.0'), skipVolatile: false };
  // libvirt 9.0.0 on the same document as src and dst: "Target domain uuid <random> does not match source <random>"
  const noUuid = guest.replace(/\s*<uuid>.*<\/uuid>/, '');
  const u = checkXmlPair('u.xml', 's', 'd', noUuid, noUuid, opts);
  t.is(u.status, 'incompatible');
  t.regex(u.mismatches[0].message, /^unsupported configuration: Target domain uuid ([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}) does not match source (?!\1)[0-9a-f-]{36}$/);
  t.deepEqual(checkXmlPair('u.xml', 's', 'd', noUuid, noUuid, opts), u);
  // and "Target network card mac 52:54:00:<random> does not match source 52:54:00:<random>"
  const noMac = guest.replace(/<mac address='[^']*'\/>/g, '');
  const m = checkXmlPair('m.xml', 's', 'd', noMac, noMac, opts);
  t.regex(m.mismatches[0].message, /^unsupported configuration: Target network card mac 52:54:00(:[0-9a-f]{2}){3} does not match source 52:54:00(:[0-9a-f]{2}){3}$/);
  t.deepEqual(checkXmlPair('m.xml', 's', 'd', noMac, noMac, opts), m);
  // every generated MAC differs from every other
  const macs = new Set(m.mismatches.filter((x) => x.rule === 'net/mac').flatMap((x) => x.message.match(/52:54:00(:[0-9a-f]{2}){3}/g)));
  t.is(macs.size, 2 * m.mismatches.filter((x) => x.rule === 'net/mac').length);
});
