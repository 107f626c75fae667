/** The command line as a user runs it: exit status, report file, bad input, unpaired files. */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { abiDiff, EXAMPLE, tmp } from './helpers/reports.js';

const run = promisify(execFile);

test('a compatible file pair exits 0 and writes the JSON report', async (t) => {
  const out = await tmp();
  const f = join(EXAMPLE, 'src', 'q35', 'unchanged.xml');
  const r = await abiDiff([f, join(EXAMPLE, 'dst', 'q35', 'nic-mac-uppercase.xml'), '--out', out, '--jobs', '1']);
  t.is(r.code, 0, r.stderr);
  const report = JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8'));
  t.is(report.schemaVersion, 1);
  t.is(report.tool.name, 'abi-diff');
  t.is(report.profile, 'upstream');
  t.deepEqual(report.summary, { pairs: 1, compatible: 1, incompatible: 0, error: 0, unpaired: 0, suppressed: 0 });
  t.is(report.pairs[0].status, 'compatible');
});

test('an incompatible pair exits 1 with libvirt\'s message first', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src', 'q35', 'cdrom-sata-to-ide.xml'), join(EXAMPLE, 'dst', 'q35', 'cdrom-sata-to-ide.xml'), '--out', out]);
  t.is(r.code, 1, r.stderr);
  const report = JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8'));
  t.is(report.pairs[0].status, 'incompatible');
  t.is(report.pairs[0].mismatches[0].message, 'unsupported configuration: Target disk bus ide does not match source sata');
  t.is(report.pairs[0].mismatches[0].rule, 'disk/bus');
  const dstLines = (await readFile(join(EXAMPLE, 'dst', 'q35', 'cdrom-sata-to-ide.xml'), 'utf8')).split('\n');
  t.regex(dstLines[report.pairs[0].mismatches[0].line - 1], /<target dev='sda' bus='ide'\/>/);
  t.is(report.pairs[0].mismatches[0].srcLine, report.pairs[0].mismatches[0].line);
  t.regex(r.stdout, /Target disk bus ide does not match source sata/);
});

test('directories: every file appears once, sorted, unpaired and invalid ones included; exit 2', async (t) => {
  const out = await tmp();
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--profile', '12.8.0']);
  t.is(r.code, 2, r.stderr);
  const report = JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8'));
  const ids = report.pairs.map((p: { id: string }) => p.id);
  t.deepEqual(ids, [...ids].sort());
  t.is(new Set(ids).size, ids.length);
  t.is(report.summary.pairs, ids.length);
  const byId = new Map(report.pairs.map((p: { id: string }) => [p.id, p]));
  t.like(byId.get('q35/decommissioned-guest.xml'), { status: 'unpaired', dst: null, error: { side: 'dst' } });
  t.like(byId.get('q35/invalid-not-xml.xml'), { status: 'error', error: { side: 'dst' } });
  t.like(byId.get('aarch64/cmdqv-off.xml'), { status: 'incompatible' });
});

test('unreadable and non-XML files are input errors naming the file, not crashes', async (t) => {
  const dir = await tmp();
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'dst'));
  await copyFile(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(dir, 'src', 'a.xml'));
  await writeFile(join(dir, 'dst', 'a.xml'), 'this is not xml');
  await copyFile(join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(dir, 'src', 'b.xml'));
  await mkdir(join(dir, 'dst', 'b.xml'));
  const r = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--out', join(dir, 'out')]);
  t.is(r.code, 2, r.stderr);
  const report = JSON.parse(await readFile(join(dir, 'out', 'abi-diff.json'), 'utf8'));
  t.is(report.pairs.length, 2);
  t.like(report.pairs[0], { id: 'a.xml', status: 'error', error: { side: 'dst' } });
  t.regex(report.pairs[0].error.message, /XML error/);
  // a directory named like a domain file on one side only: the file side is unpaired
  t.like(report.pairs[1], { id: 'b.xml', status: 'unpaired' });
});

test('--live parses running guests\' XML: live-only rejections reported, the header says so', async (t) => {
  const live = join(process.cwd(), 'corpora', 'live');
  // a dynamic seclabel without its label: fine in a definition, not in a running guest's XML
  const pair = [join(live, 'src', 'q35-web', 'invalid-seclabel-no-label.xml'), join(live, 'dst', 'q35-web', 'invalid-seclabel-no-label.xml')];
  const inactiveOut = await tmp();
  const inactive = await abiDiff([...pair, '--out', inactiveOut, '--profile', '9.0.0']);
  t.is(inactive.code, 0, inactive.stderr);
  t.false(JSON.parse(await readFile(join(inactiveOut, 'abi-diff.json'), 'utf8')).live);
  const liveOut = await tmp();
  const r = await abiDiff([...pair, '--out', liveOut, '--profile', '9.0.0', '--live']);
  t.is(r.code, 2, r.stderr);
  const report = JSON.parse(await readFile(join(liveOut, 'abi-diff.json'), 'utf8'));
  t.true(report.live);
  t.like(report.pairs[0], { status: 'error', error: { side: 'dst', message: 'XML error: security label is missing' } });
  t.regex(r.stdout, /libvirt 9\.0\.0 rules, live XML\)/);
  t.regex((await abiDiff(['--help'])).stdout, /--live +SRC and DST are live XML of running guests/);
});

test('usage errors exit 2 with a message', async (t) => {
  t.is((await abiDiff([])).code, 2);
  const p = await abiDiff(['a', 'b', '--profile', '6.10.0']);
  t.is(p.code, 2);
  t.regex(p.stderr, /--profile must be a libvirt release X\.Y\.Z from 7\.0\.0 to 12\.9\.0 or upstream, got '6\.10\.0'/);
  const f = await abiDiff([EXAMPLE, EXAMPLE, '--format', 'pdf']);
  t.is(f.code, 2);
  t.regex(f.stderr, /unknown report format 'pdf'/);
  const j = await abiDiff([EXAMPLE, EXAMPLE, '--jobs', '0']);
  t.is(j.code, 2);
  // 10^9 threads ran silently until killed: refused at once, before any worker starts
  const huge = await abiDiff([EXAMPLE, EXAMPLE, '--jobs', '1000000000']);
  t.is(huge.code, 2);
  t.regex(huge.stderr, /--jobs must be at most \d+ \(4 worker threads per core, \d+ cores here\), got '1000000000'/);
  t.regex((await abiDiff(['/nonexistent/src', '/nonexistent/dst'])).stderr, /no such file or directory/);
});

test('an --out the reports cannot be written in is an error naming it, and the run ends', async (t) => {
  const dir = await tmp();
  const inTheWay = join(dir, 'a-file');
  await writeFile(inTheWay, '');
  const r = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', join(inTheWay, 'reports'), '--quiet']);
  t.is(r.code, 2);
  t.regex(r.stderr, /^abi-diff: cannot write the reports in .*a-file[/\\]reports: ENOTDIR/m);
  t.notRegex(r.stderr, /internal error/);
});

test('the installed command (bin/abi-diff.js) runs the compiled CLI with its workers', async (t) => {
  const out = await tmp();
  let r: { code: number; stdout: string };
  try {
    // as a program: its first lines are sh, which starts node with the main thread's heap flag
    r = { code: 0, ...(await run(join(process.cwd(), 'bin', 'abi-diff.js'), [join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--jobs', '2', '--quiet'])) };
  } catch (err) {
    r = err as { code: number; stdout: string };
  }
  t.is(r.code, 2, 'the example corpus has error and unpaired pairs');
  const viaBin = JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8'));
  t.is(viaBin.driver, 'qemu', 'the QEMU driver is the default');
  const viaSource = await abiDiff([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--jobs', '1', '--quiet', '--driver', 'qemu']);
  t.is(viaSource.code, 2);
  t.deepEqual(viaBin.pairs, JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8')).pairs, 'dist and src give the same report');
});

test('the installed command also runs when node is given it as a script', async (t) => {
  const { stdout } = await run(process.execPath, [join(process.cwd(), 'bin', 'abi-diff.js'), '--version']);
  t.regex(stdout, /^abi-diff \d+\.\d+\.\d+\n$/);
});
