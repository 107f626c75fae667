/** `--driver qemu` as a user runs it: its options, a host's capabilities file, and what reports say per pair. */
import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { abiDiff } from '../helpers/reports.js';
import { tempDir } from '../helpers/temp.js';

const ORACLE_TESTS = join(process.cwd(), '..', 'shared', 'oracle-qemu', 'tests');
const BUILT_IN_CAPS = join(process.cwd(), 'src', 'qemu', 'caps', 'qemu-system-x86_64.xml');

async function report(args: string[]) {
  const out = await tempDir('abi-diff-qemu-');
  const r = await abiDiff([...args, '--out', out, '--format', 'json', '--jobs', '1', '--quiet']);
  const text = await readFile(join(out, 'abi-diff.json'), 'utf8').catch(() => undefined);
  return { ...r, report: text === undefined ? undefined : JSON.parse(text) };
}

const oracle = (name: string) => join(ORACLE_TESTS, name);

test('--operation and --qemu-caps need --driver qemu; save-image-define contradicts --skip-volatile', async (t) => {
  for (const args of [['--operation', 'migrate'], ['--qemu-caps', BUILT_IN_CAPS], ['--driver', 'qemu', '--operation', 'save-image-define', '--skip-volatile']]) {
    const r = await abiDiff([oracle('base-pc.xml'), oracle('base-pc.xml'), ...args]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, /--operation|--qemu-caps|--skip-volatile/);
  }
});

test('a --qemu-caps file that is not a capabilities cache is a usage error naming it', async (t) => {
  const dir = await tempDir('abi-diff-qemu-');
  const notCaps = join(dir, 'domain.xml');
  await writeFile(notCaps, '<domain type="kvm"><name>x</name></domain>');
  for (const file of [notCaps, join(dir, 'missing.xml')]) {
    const r = await abiDiff([oracle('base-pc.xml'), oracle('base-pc.xml'), '--driver', 'qemu', '--qemu-caps', file]);
    t.is(r.code, 2);
    t.true(r.stderr.includes(file), r.stderr);
  }
});

test("a machine type the host's capabilities lack is the pair's error, in the QEMU driver's words", async (t) => {
  const dir = await tempDir('abi-diff-qemu-');
  const caps = join(dir, 'caps.xml');
  // the host's QEMU without the pc-i440fx machine types
  const text = await readFile(BUILT_IN_CAPS, 'utf8');
  await writeFile(caps, text.split('\n').filter((l) => !/<machine [^>]*name='pc-i440fx-11\.1'/.test(l)).join('\n'));
  const r = await report([oracle('base-pc.xml'), oracle('base-pc.xml'), '--driver', 'qemu', '--qemu-caps', caps]);
  t.is(r.code, 2);
  t.is(r.report.pairs[0].status, 'error');
  t.is(r.report.pairs[0].driver, 'qemu');
  t.is(r.report.pairs[0].error.message, "unsupported configuration: Emulator '/usr/bin/qemu-system-x86_64' does not support machine type 'pc'");
});

test('the machine alias is expanded before the machine type is compared (the generic parser cannot read these guests)', async (t) => {
  const args = [oracle('base-pc.xml'), oracle('machine-expanded.xml')];
  const generic = await report(args);
  // no driver, no default video model
  t.is(generic.report.pairs[0].error.message, 'internal error: missing video model and cannot determine default');
  t.is(generic.report.pairs[0].driver, undefined);
  const qemu = await report([...args, '--driver', 'qemu']);
  t.is(qemu.code, 0, qemu.stderr);
  t.is(qemu.report.pairs[0].status, 'compatible');
  t.is(qemu.report.pairs[0].driver, 'qemu');
  t.is(qemu.report.driver, 'qemu');
  t.is(qemu.report.operation, 'migrate');
  t.true(qemu.report.skipVolatile);
});

test('migrate skips current memory, save-image-define compares it', async (t) => {
  const args = [oracle('base-pc.xml'), oracle('curmem-half.xml'), '--driver', 'qemu'];
  t.is((await report(args)).report.pairs[0].status, 'compatible');
  const save = await report([...args, '--operation', 'save-image-define']);
  t.is(save.report.pairs[0].status, 'incompatible');
  t.is(save.report.pairs[0].mismatches[0].message, 'unsupported configuration: Target domain current memory 524288 does not match source 1048576');
  t.false(save.report.skipVolatile);
});

test('guests the QEMU mode does not model keep the generic verdict and say so', async (t) => {
  const aarch64 = join(process.cwd(), 'corpora', 'example', 'src', 'aarch64', 'cmdqv-off.xml');
  const r = await report([aarch64, aarch64, '--driver', 'qemu']);
  t.is(r.report.pairs[0].status, 'compatible');
  t.is(r.report.pairs[0].driver, 'generic');
});
