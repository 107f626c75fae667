/**
 * abi-diff fix end to end on labelled pairs of the shared conformance sets: every incompatible
 * pair gets a destination that abi-diff and the real libvirt find compatible, written with a diff
 * that patch applies to the old destination; an unsafe pair is reported with its reason.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLabels } from './helpers/labels.js';
import { abiDiff } from './helpers/reports.js';
import { copyPairs, SHARED } from './helpers/copy-pairs.js';
import { tempDir } from './helpers/temp.js';
import { libvirtOracle } from '../scripts/oracle.js';

/** libvirt 9.0.0's own check: found, or built once on a fresh machine (scripts/oracle.ts), when first needed. */
let oracleFound: ReturnType<typeof libvirtOracle> | undefined;

// one of each kind of edit: an attribute (net model), a count (an added NIC), two devices in
// each other's place (controllers), an item whose implicit devices differ (console target),
// the initial memory element, a disk image re-spelled by the host; and a compatible pair
const CASES = [
  'bhy--bhyvexml2argv-acpiapic--00.xml', 'bhy--bhyvexml2argv-acpiapic--05.xml', 'bhyo--bhyvexml2xmlout-acpiapic--06.xml',
  'bhyo--bhyvexml2xmlout-serial--01.xml', 'q2a--boot-complex--03.xml', 'bhy--bhyvexml2argv-acpiapic--02.xml',
];


interface FixReport { summary: Record<string, number>; pairs: { id: string; status: string; file?: string; diff?: string; reason?: string; rules?: string[] }[] }

test('every incompatible labelled pair is fixed; abi-diff, libvirt and patch agree', async (t) => {
  if (!existsSync(join(SHARED, 'conformance'))) return t.fail('../shared/conformance is missing');
  const labels = new Map(readLabels(join(SHARED, 'conformance', 'expected.jsonl')).map((l) => [l.case, l]));
  const dir = await copyPairs('conformance', CASES);
  const out = join(dir, 'out');
  const r = await abiDiff(['fix', join(dir, 'src'), join(dir, 'dst'), '--out', out, '--profile', '9.0.0']);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(await readFile(join(out, 'abi-diff-fix.json'), 'utf8')) as FixReport;
  for (const p of report.pairs) t.is(p.status, labels.get(p.id.replace(/\.xml$/, ''))!.compatible ? 'compatible' : 'fixed', p.id);
  const fixed = report.pairs.filter((p) => p.status === 'fixed');
  t.is(fixed.length, CASES.length - 1);
  // the fixed destinations, checked as a run checks them
  const fixedDir = join(dir, 'fixed-dst');
  await mkdir(fixedDir);
  for (const p of report.pairs) await copyFile(p.file ? join(out, p.file) : join(dir, 'dst', p.id), join(fixedDir, p.id));
  const recheck = await abiDiff([join(dir, 'src'), fixedDir, '--out', join(dir, 'reports'), '--profile', '9.0.0', '--format', 'json']);
  t.is(recheck.code, 0, recheck.stdout);
  for (const p of fixed) {
    const old = await readFile(join(dir, 'dst', p.id), 'utf8');
    const want = await readFile(join(out, p.file!), 'utf8');
    // the host's spelling (double quotes) survives: only mismatched lines changed
    t.true(want.startsWith(old.slice(0, old.indexOf('\n'))), p.id);
    const patched = join(dir, `patched-${p.id}`);
    await writeFile(patched, old);
    t.is(spawnSync('patch', ['-s', patched, join(out, p.diff!)]).status, 0, p.id);
    t.is(await readFile(patched, 'utf8'), want, p.id);
    oracleFound ??= libvirtOracle();
    if ('error' in oracleFound) { t.fail(`libvirt 9.0.0's check is missing: ${oracleFound.error} (or set ABI_DIFF_ORACLE)`); continue; }
    const oracle = spawnSync(oracleFound.bin, [join(dir, 'src', p.id), join(out, p.file!)], { encoding: 'utf8' });
    t.is(oracle.status, 0, `libvirt: ${p.id}: ${oracle.stdout}`);
  }
});

test('a pair whose fix would renumber devices is reported with the reason, and nothing is written for it', async (t) => {
  if (!existsSync(join(SHARED, 'conformance-7.0'))) return t.fail('../shared/conformance-7.0 is missing');
  const id = 'q2a--autoindex--00.xml';
  const dir = await copyPairs('conformance-7.0', [id]);
  const out = join(dir, 'out');
  const r = await abiDiff(['fix', join(dir, 'src', id), join(dir, 'dst', id), '--out', out, '--profile', '9.0.0']);
  t.is(r.code, 1);
  t.regex(r.stderr, /q2a--autoindex--00\.xml: not fixed: adding the source's controller\[17\] would renumber the controllers after it, which have no index/);
  const report = JSON.parse(await readFile(join(out, 'abi-diff-fix.json'), 'utf8')) as FixReport;
  t.like(report.pairs[0], { id, status: 'unfixable', rules: ['controller/count'] });
  t.false(existsSync(join(out, id)));
});

test("a JSON report's incompatible pairs are fixed under the report's profile", async (t) => {
  if (!existsSync(join(SHARED, 'conformance'))) return t.fail('../shared/conformance is missing');
  const dir = await copyPairs('conformance', CASES.slice(0, 2).concat(CASES[5]));
  const reports = join(dir, 'reports');
  const check = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', reports, '--profile', '9.0.0', '--format', 'json']);
  t.is(check.code, 1);
  const out = join(dir, 'out');
  const r = await abiDiff(['fix', join(reports, 'abi-diff.json'), '--out', out]);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(await readFile(join(out, 'abi-diff-fix.json'), 'utf8')) as FixReport;
  // the compatible pair is not among those fixed
  t.deepEqual(report.pairs.map((p) => [p.id, p.status]), [[CASES[0], 'fixed'], [CASES[1], 'fixed']]);
});

test('bad arguments are usage errors naming the problem', async (t) => {
  const r = await abiDiff(['fix', 'only-one-missing.json']);
  t.is(r.code, 2);
  t.regex(r.stderr, /abi-diff fix: .*only-one-missing\.json/);
  const three = await abiDiff(['fix', 'a', 'b', 'c']);
  t.is(three.code, 2);
  t.regex(three.stderr, /expected SRC and DST, or a JSON report, got 3/);
});

test('a value libvirt derives from another element (vCPU states from <vcpu current>) is fixed there', async (t) => {
  const example = join(process.cwd(), 'corpora', 'example');
  const dir = await tempDir('abi-diff-fix-');
  const r = await abiDiff(['fix', join(example, 'src', 'i440fx'), join(example, 'dst', 'i440fx'), '--out', dir, '--quiet']);
  t.is(r.code, 0, r.stderr);
  const diff = await readFile(join(dir, 'vcpus-online-changed.xml.diff'), 'utf8');
  t.deepEqual(diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)), ["-  <vcpu placement='static' current='6'>8</vcpu>", "+  <vcpu placement='static' current='4'>8</vcpu>"]);
});

// QEMU driver pairs (../shared/conformance-qemu, labelled incompatible by libvirt 12.8.0's QEMU
// driver) and, per pair, the lines the fix must change: the disk serial the mutation added goes,
// and the tablet gains the USB address the source got from `virsh define`; <vcpu> is taken with <cpu>'s topology, which
// libvirt requires to agree with it; <memory> is the NUMA cells' total the source was defined
// with; the <emulator> the source names decides the CPU model; a PCI controller with an index
// goes although SATA and USB controllers without one follow it (libvirt numbers those per type)
const QEMU_CASES: Record<string, string[]> = {
  'fleet-0028.xml': [
    "-    <controller type='pci' index='5' model='pcie-root-port'>", "-      <model name='pcie-root-port'/>", "-      <target chassis='5' port='0x14'/>",
    "-      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x4'/>", '-    </controller>',
    "-      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>", "+      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>",
  ],
  'q2x--numatune-distances--02.xml': [
    '-  <memory unit="KiB">8388608</memory>', '+  <memory unit="KiB">12582912</memory>',
    ...[10, 21, 32, 41, 51, 61].map((v, i) => `-          <sibling id="${i}" value="${v}" />`),
    ...[10, 21, 31, 41, 51, 61].map((v, i) => `+          <sibling id='${i}' value='${v}'/>`),
  ],
  'q2a--net-eth--06.xml': ['+    <emulator>/usr/bin/qemu-system-i386</emulator>'],
  'q2x--input-usbtablet--00.xml': ["-    <input type=\"tablet\" bus=\"usb\" />", "+    <input type=\"tablet\" bus=\"usb\">", "+      <address type=\"usb\" bus=\"0\"/>", '+    </input>', '-    <serial>ABI-SERIAL-1</serial>'],
  'fleet-0213.xml': ["-  <vcpu placement='static'>4</vcpu>", "+  <vcpu placement='static'>2</vcpu>", "-    <topology sockets='1' dies='1' cores='4' threads='1'/>", "+    <topology sockets='1' dies='1' cores='2' threads='1'/>"],
};

test('QEMU driver: values the source has from define, or that must agree with another element, are fixed', async (t) => {
  if (!existsSync(join(SHARED, 'conformance-qemu'))) return t.fail('../shared/conformance-qemu is missing');
  const ids = Object.keys(QEMU_CASES);
  const dir = await copyPairs('conformance-qemu', ids, 'abi-diff-fix-');
  const out = join(dir, 'out');
  const r = await abiDiff(['fix', join(dir, 'src'), join(dir, 'dst'), '--driver', 'qemu', '--profile', '12.8.0', '--out', out, '--quiet']);
  t.is(r.code, 0, r.stderr);
  for (const id of ids) {
    const diff = await readFile(join(out, `${id}.diff`), 'utf8');
    t.deepEqual(diff.split('\n').filter((l) => /^[-+][^-+]/.test(l)).sort(), [...QEMU_CASES[id]].sort(), id);
  }
});
