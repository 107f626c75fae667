/**
 * Issue 21 item 6: under the QEMU driver every report says per pair whose rules gave the verdict
 * (the QEMU driver's, or the generic ones for a guest it does not model), and each report's title
 * names the run's driver and operation.
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { abiDiff, EXAMPLE, readHtmlData, readJsonReport, readJunit, readSarif, tmp } from '../helpers/reports.js';

// an x86 KVM guest (the QEMU driver's) and an aarch64 one (generic rules), both incompatible
const PAIRS = ['i440fx/disk-serial-changed.xml', 'aarch64/cores-doubled.xml'];

test('JSON, SARIF, JUnit and HTML name the driver of each pair and of the run', async (t) => {
  const out = await tmp();
  const dir = await tmp();
  const manifest = join(dir, 'pairs.csv');
  await writeFile(manifest, 'src,dst,id\n' + PAIRS.map((p) => `${join(EXAMPLE, 'src', p)},${join(EXAMPLE, 'dst', p)},${p}`).join('\n') + '\n');
  const r = await abiDiff(['--driver', 'qemu', '--manifest', manifest, '--out', out, '--format', 'json,sarif,junit,html', '--quiet']);
  t.is(r.code, 1, r.stderr);
  const expected: Record<string, string> = { [PAIRS[0]]: 'qemu', [PAIRS[1]]: 'generic' };

  const json = await readJsonReport(out);
  t.deepEqual(Object.fromEntries(json.pairs.map((p) => [p.id, p.driver])), expected);

  const sarif = await readSarif(out);
  const run = sarif.runs[0];
  t.like(run.properties, { driver: 'qemu', operation: 'migrate' });
  for (const res of run.results!) t.is(res.properties!.driver, expected[res.properties!.pair as string]);

  const junit = await readJunit(out);
  t.regex(junit.suite.name, /QEMU driver \(migrate\)/);
  for (const c of junit.suite.testcase) {
    const body = String(c.failure['#text']);
    t.true(body.includes(expected[c.name] === 'qemu' ? "checked by: the QEMU driver's checks" : "checked by: libvirt's generic checks"), body);
  }

  const html = await readHtmlData(out);
  t.regex(html.meta.info.flags, /^, QEMU driver \(migrate\)/);
  for (const d of html.details) t.regex(d.checkedBy ?? '', expected[d.id] === 'qemu' ? /^the QEMU driver's checks$/ : /^libvirt's generic checks/);
});

test('a run with the generic driver says nothing per pair', async (t) => {
  const out = await tmp();
  const r = await abiDiff(['--driver', 'generic', join(EXAMPLE, 'src', PAIRS[0]), join(EXAMPLE, 'dst', PAIRS[0]), '--out', out, '--format', 'sarif,junit,html', '--quiet']);
  t.is(r.code, 1, r.stderr);
  t.is((await readSarif(out)).runs[0].results![0].properties!.driver, undefined);
  t.false(String((await readJunit(out)).suite.testcase[0].failure['#text']).includes('checked by'));
  const html = await readHtmlData(out);
  t.is(html.details[0].checkedBy, undefined);
  t.is(html.meta.info.flags, '');
});
