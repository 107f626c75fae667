/**
 * How abi-diff opens, reads and writes files: reports show lines of domain XML only (never of
 * what a link or a manifest line leads to), nothing it opens can make it wait for ever, a
 * report that cannot be written is a clear error that leaves no temporary file, and temporary
 * files are created under names no one can plant a link at.
 */
import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openCacheWriter } from '../src/batch/cache.js';
import { writeBaseline } from '../src/batch/baseline.js';
import { isDomainDocument, readDomainText } from '../src/reports/files.js';
import { reportOut } from '../src/reports/text-out.js';
import { GUEST } from './helpers/hostile.js';
import { EXAMPLE, readHtmlData, readJsonReport } from './helpers/reports.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'abi-diff.js');
const tmp = () => tempDir('abi-diff-files-');
const SECRET = 'tok-3f1c9e77-do-not-leak';

/** The built CLI, killed if it does not end in `seconds` (a hang is a failure, not a stuck suite). */
async function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; seconds?: number; shell?: string } = {}) {
  const [file, argv] = opts.shell !== undefined ? ['sh', ['-c', `${opts.shell}; exec "$0" "$@"`, process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  try {
    const { stdout, stderr } = await run(file, argv, { env: { ...process.env, ...opts.env }, cwd: opts.cwd, timeout: (opts.seconds ?? 30) * 1000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number | null; killed?: boolean; stdout: string; stderr: string };
    if (e.killed) return { code: -1, stdout: e.stdout, stderr: `${e.stderr}\n(killed: did not end in time)` };
    return { code: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

const guest = () => readFile(GUEST, 'utf8');
/** A dst that is incompatible with GUEST, so its pair has context lines. */
const changed = async () => (await guest()).replace(/<vcpu([^>]*)>(\d+)</, (_m, a: string, n: string) => `<vcpu${a}>${Number(n) + 1}<`);

test('the HTML report shows lines of domain XML only: not of /proc, a secret file or a device a link or manifest leads to', async (t) => {
  const dir = await tmp();
  const secret = join(dir, 'shadow');
  await writeFile(secret, `root:${SECRET}:19000:0:99999:7:::\n<domain>\n`.repeat(20));
  for (const side of ['src', 'dst']) await mkdir(join(dir, side));
  // pairs whose dst is a link out of the tree: the environment, a secret file, and a real domain
  await writeFile(join(dir, 'src', 'environ.xml'), await guest());
  await symlink('/proc/self/environ', join(dir, 'dst', 'environ.xml'));
  await writeFile(join(dir, 'src', 'shadow.xml'), await guest());
  await symlink(secret, join(dir, 'dst', 'shadow.xml'));
  await writeFile(join(dir, 'src', 'linked.xml'), await guest());
  await writeFile(join(dir, 'outside.xml'), await changed());
  await symlink(join(dir, 'outside.xml'), join(dir, 'dst', 'linked.xml'));
  const out = join(dir, 'out');
  // generic rules: under the QEMU driver one more vCPU breaks the guest's CPU topology, an error with no context
  const r = await cli([join(dir, 'src'), join(dir, 'dst'), '--out', out, '--quiet', '--format', 'json,html', '--driver', 'generic'], { env: { ABI_DIFF_TEST_TOKEN: SECRET } });
  t.is(r.code, 2, r.stderr);
  const html = await readFile(join(out, 'abi-diff.html'), 'utf8');
  t.false(html.includes(SECRET), 'no secret in the page');
  t.false(html.includes('ABI_DIFF_TEST_TOKEN'), 'no environment in the page');
  const { details } = await readHtmlData(out);
  const detail = (id: string) => details.find((d) => d.id === id) as unknown as { context?: { dst?: { lines: string[] } }[]; errorContext?: unknown };
  t.is(detail('environ.xml').errorContext, undefined);
  t.is(detail('shadow.xml').errorContext, undefined);
  // a link to a domain document is what the user asked to check: its lines are shown
  t.true(detail('linked.xml').context!.some((c) => c.dst?.lines.some((l) => l.includes('<vcpu'))), 'context of a linked domain');

  // a manifest may name any file: only domain documents are shown
  const manifest = join(dir, 'pairs.csv');
  await writeFile(manifest, `src,dst,id\n${GUEST},${secret},shadow\n${GUEST},/proc/self/environ,environ\n${GUEST},${join(dir, 'outside.xml')},domain\n`);
  const m = await cli(['--manifest', manifest, '--out', join(dir, 'm'), '--quiet', '--format', 'html', '--driver', 'generic'], { env: { ABI_DIFF_TEST_TOKEN: SECRET } });
  t.is(m.code, 2, m.stderr);
  const page = await readFile(join(dir, 'm', 'abi-diff.html'), 'utf8');
  t.false(page.includes(SECRET));
  t.false(page.includes('ABI_DIFF_TEST_TOKEN'));
  t.true((await readHtmlData(join(dir, 'm'))).details.some((d) => d.id === 'domain' && JSON.stringify(d).includes('<vcpu')), 'context of a manifest domain');
});

test('readDomainText reads regular domain documents only, never waits', async (t) => {
  const dir = await tmp();
  const fifo = join(dir, 'fifo.xml');
  execFileSync('mkfifo', [fifo]);
  t.is(readDomainText(fifo, 1 << 20), undefined);
  t.is(readDomainText('/proc/self/status', 1 << 20), undefined);
  t.is(readDomainText('/dev/null', 1 << 20), undefined);
  if (existsSync('/sys/kernel/mm/transparent_hugepage/enabled')) t.is(readDomainText('/sys/kernel/mm/transparent_hugepage/enabled', 1 << 20), undefined);
  t.is(readDomainText(GUEST, 1 << 20), await guest());
  t.is(readDomainText(GUEST, 100), undefined, 'over the size bound');
  t.true(isDomainDocument('\ufeff<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE domain [<!ENTITY x "y">]>\n<domain type="kvm">'));
  t.false(isDomainDocument('root:x:0:0\n<domain>'));
  t.false(isDomainDocument('<domains>'));
});

test('a FIFO as --cache, --baseline or --config, /proc/kmsg in a manifest and --out /proc/nope are clear errors, never a hang', async (t) => {
  const dir = await tmp();
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const pair = [join(EXAMPLE, 'src', 'q35', 'unchanged.xml'), join(EXAMPLE, 'dst', 'q35', 'unchanged.xml')];
  const out = ['--out', join(dir, 'out'), '--quiet'];
  for (const [option, message] of [['--cache', /--cache .*fifo is not an abi-diff cache \(a FIFO, not a regular file\)/], ['--baseline', /baseline .*fifo: cannot be read \(.*a FIFO, not a regular file\)/], ['--config', /fifo: cannot read the config file \(.*a FIFO, not a regular file\)/]] as const) {
    const r = await cli([...pair, ...out, option, fifo], { seconds: 20 });
    t.is(r.code, 2, `${option}: ${r.stderr}`);
    t.regex(r.stderr, message, option);
  }
  const manifest = join(dir, 'kmsg.csv');
  await writeFile(manifest, `src,dst\n${pair[0]},/proc/kmsg\n`);
  const k = await cli(['--manifest', manifest, ...out, '--format', 'json,html'], { seconds: 20 });
  t.is(k.code, 2, k.stderr);
  t.is((await readJsonReport(join(dir, 'out'))).pairs[0].status, 'error');
  // --match reads each file's key in a worker: /proc/kmsg behind a link is a key error, not a wait
  const tree = join(dir, 'tree');
  for (const side of ['src', 'dst']) {
    await mkdir(join(tree, side), { recursive: true });
    await writeFile(join(tree, side, 'guest.xml'), await guest());
  }
  await symlink('/proc/kmsg', join(tree, 'dst', 'kmsg.xml'));
  const u = await cli([join(tree, 'src'), join(tree, 'dst'), '--match', 'uuid', ...out, '--format', 'json'], { seconds: 20 });
  t.is(u.code, 2, u.stderr);
  t.like((await readJsonReport(join(dir, 'out'))).pairs.find((p) => p.id === 'dst/kmsg.xml'), { status: 'error' });
  const p = await cli([...pair, '--out', '/proc/nope', '--quiet'], { seconds: 20 });
  t.is(p.code, 2, p.stderr);
  t.regex(p.stderr, /cannot write the reports in \/proc\/nope/);
});

const leftovers = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.includes('.tmp-'));

test('a report that cannot be written is an error naming it (exit 2), with no temporary file left', async (t) => {
  const dir = await tmp();
  const out = join(dir, 'out');
  // a directory where the report goes: rename fails, also as root
  await mkdir(join(out, 'abi-diff.json', 'x'), { recursive: true });
  const r = await cli([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', out, '--quiet', '--format', 'json,html,jsonl', '--cache', join(out, 'c.cache')]);
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /abi-diff: cannot write .*out\/abi-diff\.json: EISDIR/);
  t.false(r.stderr.includes('internal error'));
  t.deepEqual(await leftovers(out), []);
  // the reports that could be written are whole
  t.true((await readFile(join(out, 'abi-diff.html'), 'utf8')).endsWith('</html>\n'));

  // a full disk, as root: a file size limit makes every write past it fail (EFBIG), as ENOSPC would
  const full = join(dir, 'full');
  const spool = join(dir, 'spool');
  await mkdir(spool);
  const f = await cli([join(EXAMPLE, 'src'), join(EXAMPLE, 'dst'), '--out', full, '--quiet', '--format', 'json,html,sarif,junit,jsonl', '--cache', join(full, 'c.cache')], { shell: 'ulimit -f 8', env: { TMPDIR: spool } });
  t.is(f.code, 2, f.stderr);
  t.regex(f.stderr, /abi-diff: cannot write .*(abi-diff\.\w+|c\.cache|a temporary file in .*spool): EFBIG/);
  t.false(f.stderr.includes('internal error'), f.stderr);
  t.deepEqual(await leftovers(full), []);
  t.deepEqual(await readdir(spool), [], 'no spool file left');
});

test('temporary files get names no one can plant a link at, and are removed on failure', async (t) => {
  const dir = await tmp();
  const victim = join(dir, 'victim');
  await writeFile(victim, 'precious\n');
  // the names the writers used to take: PID-based, known in advance
  const report = join(dir, 'abi-diff.json');
  const cache = join(dir, 'nightly.cache');
  const baseline = join(dir, 'audit.baseline.json');
  for (const planted of [join(dir, `.abi-diff.json.${process.pid}.tmp`), `${cache}.tmp-${process.pid}`, `${baseline}.tmp-${process.pid}`]) await symlink(victim, planted);
  const out = reportOut(report);
  await out.write('{}\n');
  await out.end();
  const cw = await openCacheWriter(cache, { toolVersion: '0', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: 1 });
  await cw.close();
  await writeBaseline(baseline, []);
  t.is(await readFile(victim, 'utf8'), 'precious\n');
  t.is(await readFile(report, 'utf8'), '{}\n');
  t.true((await readFile(cache, 'utf8')).startsWith('{"format"'));
  t.true((await readFile(baseline, 'utf8')).includes('"entries"'));
  // given up: nothing left but the planted links
  const given = reportOut(join(dir, 'other.json'));
  await given.write('x');
  await given.discard();
  const cw2 = await openCacheWriter(join(dir, 'other.cache'), { toolVersion: '0', profile: 'upstream', skipVolatile: false, driver: 'generic', live: false, maxFileSize: 1 });
  await cw2.abandon();
  t.deepEqual((await readdir(dir)).sort(), ['.abi-diff.json.' + process.pid + '.tmp', 'abi-diff.json', 'audit.baseline.json', `audit.baseline.json.tmp-${process.pid}`, 'nightly.cache', `nightly.cache.tmp-${process.pid}`, 'victim'].sort());
});
