/**
 * Issue 19: an input error points at the line of the element libvirt rejected (JSON `error.line`,
 * the SARIF region), not only malformed XML: a device's parse, post-parse, validation and address
 * errors (generic and QEMU driver) carry that device's line.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { discoverPairs } from '../src/batch/discover.js';
import { runBatch } from '../src/batch/run-batch.js';
import type { PairResult } from '../src/model/result.js';
import { abiDiff, EXAMPLE, readJsonReport, readSarif, tmp } from './helpers/reports.js';

const SHARED = join(process.cwd(), '..', 'shared');
const MARK = '<!--here-->';

interface Case { file: string; edit: (xml: string) => string; message: string }

/** unchanged.xml with `insert` (starting with MARK, the line it must point at) put before `before`. */
const inserting = (before: string, insert: string) => (xml: string) => {
  if (!xml.includes(before)) throw new Error(`unchanged.xml has no ${before}`);
  return xml.replace(before, `${insert}\n    ${before}`);
};

const GENERIC: Case[] = [
  // validation (virDomainDefValidateInternal), about the second disk
  { file: 'dup-target.xml', message: "XML error: target 'vda' duplicated for disk sources '/var/lib/libvirt/images/web-frontend-01.qcow2' and '/b.img'",
    edit: inserting("<disk type='file' device='cdrom'>", `${MARK}<disk type='file' device='disk'><source file='/b.img'/><target dev='vda' bus='virtio'/></disk>`) },
  // an input's parse (in the post-parse) raises a message that names no element
  { file: 'input-bus.xml', message: 'internal error: unsupported input bus xen', edit: inserting('</devices>', `${MARK}<input type='mouse' bus='xen'/>`) },
  // a second memballoon: the one libvirt refuses
  { file: 'balloon.xml', message: 'internal error: only a single memory balloon device is supported', edit: inserting('</devices>', `${MARK}<memballoon model='virtio'/>`) },
];

const QEMU: Case[] = [
  // address assignment: the device whose address is taken already
  { file: 'pci-clash.xml', message: 'XML error: Attempted double use of PCI Address 0000:03:00.0',
    edit: inserting('</devices>', `${MARK}<watchdog model='i6300esb'><address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/></watchdog>`) },
  // the QEMU driver's device validation
  { file: 'ivshmem.xml', message: 'unsupported configuration: ivshmem device is no longer supported', edit: inserting('</devices>', `${MARK}<shmem name='s0'><model type='ivshmem'/></shmem>`) },
  // a domain-level check about the <cpu> element
  { file: 'topology.xml', message: "unsupported configuration: CPU topology doesn't match maximum vcpu count",
    edit: (xml) => xml.replace("<vcpu placement='static'>4</vcpu>", "<vcpu placement='static'>6</vcpu>").replace("<cpu mode='custom'", `${MARK}<cpu mode='custom'`) },
];

for (const [driver, cases] of [['generic', GENERIC], ['qemu', QEMU]] as const) {
  test(`${driver} driver: a device's error points at that device, in JSON and SARIF`, async (t) => {
    const dir = await tmp();
    await mkdir(join(dir, 's'));
    await mkdir(join(dir, 'd'));
    const src = await readFile(join(EXAMPLE, 'src', 'q35/unchanged.xml'), 'utf8');
    const dst = await readFile(join(EXAMPLE, 'dst', 'q35/unchanged.xml'), 'utf8');
    const expected: Record<string, number> = {};
    for (const c of cases) {
      const text = c.edit(dst);
      expected[c.file] = text.split('\n').findIndex((l) => l.includes(MARK)) + 1;
      t.true(expected[c.file] > 1, c.file);
      await writeFile(join(dir, 's', c.file), src);
      await writeFile(join(dir, 'd', c.file), text);
    }
    const out = join(dir, 'out');
    const r = await abiDiff([join(dir, 's'), join(dir, 'd'), '--driver', driver, '--out', out, '--format', 'json,sarif', '--quiet']);
    t.is(r.code, 2, r.stderr);
    const json = await readJsonReport(out);
    for (const c of cases) t.like(json.pairs.find((p) => p.id === c.file), { status: 'error', error: { side: 'dst', message: c.message } }, c.file);
    t.deepEqual(Object.fromEntries(json.pairs.map((p) => [p.id, p.error?.line])), expected);
    const results = (await readSarif(out)).runs[0].results!;
    t.deepEqual(Object.fromEntries(results.map((x) => [x.properties!.pair, x.locations![0].physicalLocation!.region?.startLine])), expected);
  });
}

/** Whether `line` of the side's file names an element the message names, or lies inside <devices> (a device). */
function pointsAtNamedElement(r: PairResult): boolean {
  const lines = readFileSync(r.error!.side === 'src' ? r.src! : r.dst!, 'utf8').split('\n');
  const line = r.error!.line!;
  const name = /<([A-Za-z_][\w.:-]*)/.exec(lines[line - 1] ?? '')?.[1];
  if (name && r.error!.message.toLowerCase().includes(name.toLowerCase())) return true;
  const open = lines.findIndex((l) => /<devices[\s>]/.test(l)) + 1;
  const close = lines.findIndex((l) => l.includes('</devices>')) + 1;
  return open > 0 && open < line && line < close;
}

// Measured when the lines came in: 317/354 and 637/835 (before: 60/354 and 34/835); floors only go up.
const COVERAGE = [
  { set: 'conformance', options: { profile: '12.8.0', driver: 'generic' as const }, floor: 89 },
  { set: 'conformance-qemu', options: { profile: '12.8.0', driver: 'qemu' as const }, floor: 76 },
];

for (const { set, options, floor } of COVERAGE) {
  test.serial(`${set} (${options.driver}): at least ${floor} % of error pairs carry a line, each at an element the message names or a device`, async (t) => {
    const dir = join(SHARED, set);
    if (!existsSync(dir)) return t.fail(`${dir} is missing: the shared conformance corpora must sit beside the project`);
    const results = await runBatch(await discoverPairs(join(dir, 'src'), join(dir, 'dst')), { jobs: 2, skipVolatile: false, ...options });
    // malformed XML had its line before; what is measured here is the errors of parse and validation
    const errors = results.filter((r) => r.status === 'error' && r.error && !r.error.message.includes('malformed XML'));
    const withLine = errors.filter((r) => r.error!.line !== undefined);
    const share = (100 * withLine.length) / errors.length;
    t.log(`${set}: ${withLine.length}/${errors.length} error pairs with a line (${share.toFixed(1)} %)`);
    t.true(errors.length > 100, 'the set has errors to measure');
    t.true(share >= floor, `${share.toFixed(1)} % < ${floor} %`);
    const astray = withLine.filter((r) => !pointsAtNamedElement(r));
    t.deepEqual(astray.map((r) => `${r.id}: line ${r.error!.line}: ${r.error!.message}`), []);
  });
}
