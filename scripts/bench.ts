/**
 * npm run bench [-- --fleet-pairs N | --million] [--fleet DIR] [--skip-libvirt | --oracle BIN] [--out FILE] [--cpu-prof DIR] [--keep]
 *
 * Times, on the same pairs and in one run: the abi-diff CLI with one worker and with every
 * core (a child process, as users run it), and libvirt's own C parse + ABI check (the oracle
 * of ../shared/oracle, built here with its build.sh). Sets: the public conformance corpus, a
 * generated fleet of 10^4 pairs (memory baseline) and one of --fleet-pairs (10^5; 10^6 with
 * --million). Prints pairs/s, ratios to libvirt and peak RSS, checks the goals without ever
 * failing, and writes everything to reports/bench.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_FLEET, expectedStatus, readManifest, writeFleet } from '../src/fleet/generate.js';
import { libvirtOracle } from './oracle.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = resolve(ROOT, '..', 'shared');
const PROFILE = '9.0.0'; // the oracle links Debian bookworm's libvirt 9.0.0
const SEED = 'bench';
const SMALL_FLEET = 10_000;
const DEFAULT_ROUNDS = 3;

type Status = 'compatible' | 'incompatible' | 'error' | 'unpaired';

interface RunFigures {
  tool: 'abi-diff' | 'libvirt';
  jobs: number;
  pairs: number;
  seconds: number;
  /** user + system time of the process, all threads */
  cpuSeconds: number | null;
  pairsPerSec: number;
  /** pairs/s divided by libvirt's on the same set */
  ratio: number | null;
  peakRssMB: number | null;
  /** Peak RSS as of half the run's time (single runs only). */
  peakRssHalfMB?: number | null;
  exitCode: number | null;
  /** verdicts equal to the set's labels (libvirt's for conformance, the manifest's for fleets) */
  agreement?: { agree: number; of: number };
  summary?: Record<string, number>;
  crashes?: number;
  note?: string;
  /** every round's figures, where the set was run in rounds (this row's figures are their medians) */
  rounds?: Array<Pick<RunFigures, 'seconds' | 'cpuSeconds' | 'pairsPerSec' | 'ratio' | 'peakRssMB'>>;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const medianOrNull = (xs: Array<number | null>): number | null => (xs.some((x) => x === null) ? null : median(xs as number[]));

/**
 * A mode's rounds as one row: each figure is the median of the rounds' (the ratio is the median
 * of each round's own ratio, so it need not equal the row's pairs/s over libvirt's row), with
 * every round beside it. Agreement with the labels is the worst round's, a note any round's.
 */
function medianRun(runs: RunFigures[]): RunFigures {
  if (runs.length === 1) return runs[0];
  const agreements = runs.map((r) => r.agreement).filter((a): a is { agree: number; of: number } => a !== undefined);
  const worst = agreements.length ? agreements.reduce((w, a) => (a.agree / a.of < w.agree / w.of ? a : w)) : undefined;
  return {
    ...runs[0],
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: medianOrNull(runs.map((r) => r.cpuSeconds)),
    pairsPerSec: median(runs.map((r) => r.pairsPerSec)),
    ratio: medianOrNull(runs.map((r) => r.ratio)),
    peakRssMB: medianOrNull(runs.map((r) => r.peakRssMB)),
    exitCode: runs.find((r) => r.note)?.exitCode ?? runs[0].exitCode,
    note: runs.map((r) => r.note).find((n) => n !== undefined),
    agreement: worst,
    rounds: runs.map((r) => ({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, pairsPerSec: r.pairsPerSec, ratio: r.ratio, peakRssMB: r.peakRssMB })),
  };
}

interface SetFigures { name: string; pairs: number; runs: RunFigures[]; note?: string }

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** 1-minute load averages seen at the end of each run: other work skews wall-clock figures. */
const loads: number[] = [];

// --- measuring a child process -------------------------------------------------------------

interface Measured {
  code: number | null; signal: NodeJS.Signals | null; seconds: number; cpuSeconds: number | null; peakRssKiB: number | null; stdoutLines: number;
  /** The peak as of half the run's time: with pairs done at a steady rate, whether memory still grows with the pairs. */
  peakRssHalfKiB: number | null;
}

/** VmHWM (peak resident set, all threads) of a live process, in KiB. */
function peakOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)/m.exec(status);
    const rss = /^VmRSS:\s+(\d+)/m.exec(status);
    return Math.max(hwm ? Number(hwm[1]) : 0, rss ? Number(rss[1]) : 0) || null;
  } catch {
    return null; // gone, or not Linux
  }
}

const CLOCK_TICKS = 100; // USER_HZ: what /proc reports times in, on every Linux architecture Node runs on

/** User + system CPU seconds of a live process, all its threads. */
function cpuOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name; utime and stime are the 14th and 15th
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * Runs a command, polling its peak RSS until it exits (VmHWM is a high-water mark, so polling
 * misses at most the growth of the last interval). Optional stdin from a file offset, stdout
 * appended to a file.
 */
function measure(cmd: string, args: string[], opts: { cwd?: string; stdinFile?: string; stdinStart?: number; stdoutFile?: string; extraEnv?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      stdio: [opts.stdinFile ? 'pipe' : 'ignore', opts.stdoutFile ? 'pipe' : 'ignore', 'pipe'],
      env: { ...process.env, ...opts.extraEnv },
    });
    let peak: number | null = null;
    let cpu: number | null = null;
    const peaks: Array<[ms: number, kib: number]> = [];
    // CPU time shows what the run cost when other work competes for the cores
    const sample = () => {
      if (child.pid === undefined) return;
      const p = peakOf(child.pid);
      if (p !== null) { peak = Math.max(peak ?? 0, p); peaks.push([performance.now() - started, peak]); }
      const c = cpuOf(child.pid);
      if (c !== null) cpu = c;
    };
    const timer = setInterval(sample, 20);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { if (stderr.length < 20_000) stderr += d.toString(); });
    let lines = 0;
    let out: ReturnType<typeof createWriteStream> | undefined;
    if (opts.stdoutFile) {
      out = createWriteStream(opts.stdoutFile, { flags: 'a' });
      child.stdout!.on('data', (d: Buffer) => {
        for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
      });
      child.stdout!.pipe(out, { end: false });
    }
    if (opts.stdinFile) {
      const input = createReadStream(opts.stdinFile, { start: opts.stdinStart ?? 0 });
      // a crashing oracle closes its stdin: that is expected, not an error
      child.stdin!.on('error', () => {});
      input.on('error', () => {});
      input.pipe(child.stdin!);
    }
    child.on('error', (err) => { clearInterval(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      loads.push(loadavg()[0]);
      if (stderr && code !== 0 && code !== 1 && code !== 2) log(`${cmd} ${args.slice(0, 3).join(' ')} ... exited ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      let half: number | null = null;
      for (const [ms, kib] of peaks) if (ms <= (seconds * 1000) / 2) half = kib;
      const done = () => resolvePromise({ code, signal, seconds, cpuSeconds: cpu, peakRssKiB: peak, peakRssHalfKiB: half, stdoutLines: lines });
      if (out) out.end(done); else done();
    });
    sample();
  });
}

const mb = (kib: number | null) => (kib === null ? null : Math.round(kib / 1024));

// --- the sets ------------------------------------------------------------------------------

interface PairSet {
  name: string;
  src: string;
  dst: string;
  /** pairs abi-diff will see (unpaired files included) */
  pairs: number;
  /** both sides present: what the oracle gets, in this order */
  tsv: string;
  tsvLines: number;
  /** byte offset of each TSV line, to restart the oracle after a crash */
  offsets: Float64Array;
  /** expected status per id, when the set is labelled */
  expected: Map<string, Status>;
  /** id of a TSV line's src path */
  idOfSrc: (src: string) => string;
}

async function writeTsv(path: string, pairs: AsyncIterable<[string, string]> | Iterable<[string, string]>, count: number): Promise<{ lines: number; offsets: Float64Array }> {
  const offsets = new Float64Array(count + 1);
  const fh = await open(path, 'w');
  let lines = 0;
  let bytes = 0;
  let buf = '';
  for await (const [s, d] of pairs) {
    offsets[lines++] = bytes;
    const line = `${s}\t${d}\n`;
    bytes += Buffer.byteLength(line);
    buf += line;
    if (buf.length > 1 << 20) { await fh.write(buf); buf = ''; }
  }
  offsets[lines] = bytes;
  await fh.write(buf);
  await fh.close();
  return { lines, offsets };
}

async function conformanceSet(work: string): Promise<PairSet | string> {
  const dir = join(SHARED, 'conformance');
  if (!existsSync(join(dir, 'src'))) return `${dir} not found (the shared corpora must sit beside the project)`;
  const files = readdirSync(join(dir, 'src')).filter((f) => f.endsWith('.xml')).sort();
  const expected = new Map<string, Status>();
  if (existsSync(join(dir, 'expected.jsonl'))) {
    for (const line of readFileSync(join(dir, 'expected.jsonl'), 'utf8').split('\n')) {
      if (!line) continue;
      const l = JSON.parse(line) as { case: string; compatible: boolean | null; dst_ok?: boolean };
      expected.set(`${l.case}.xml`, l.dst_ok === false || l.compatible === null ? 'error' : l.compatible ? 'compatible' : 'incompatible');
    }
  }
  const both = files.filter((f) => existsSync(join(dir, 'dst', f)));
  const tsv = join(work, 'conformance.tsv');
  const { lines, offsets } = await writeTsv(tsv, both.map((f) => [join(dir, 'src', f), join(dir, 'dst', f)] as [string, string]), both.length);
  const dstFiles = readdirSync(join(dir, 'dst')).filter((f) => f.endsWith('.xml'));
  const pairs = new Set([...files, ...dstFiles]).size;
  const prefix = join(dir, 'src') + '/';
  return { name: 'conformance', src: join(dir, 'src'), dst: join(dir, 'dst'), pairs, tsv, tsvLines: lines, offsets, expected, idOfSrc: (s) => s.slice(prefix.length) };
}

async function fleetSet(name: string, dir: string, work: string): Promise<PairSet> {
  const expected = new Map<string, Status>();
  let pairs = 0;
  let both = 0;
  for await (const e of readManifest(dir)) {
    pairs++;
    expected.set(e.id, expectedStatus(e, PROFILE));
    if (!e.kind.startsWith('unpaired')) both++;
  }
  const src = join(dir, 'src');
  const dst = join(dir, 'dst');
  async function* tsvPairs(): AsyncGenerator<[string, string]> {
    for await (const e of readManifest(dir)) if (!e.kind.startsWith('unpaired')) yield [join(src, e.id), join(dst, e.id)];
  }
  const tsv = join(work, `${name}.tsv`);
  const { lines, offsets } = await writeTsv(tsv, tsvPairs(), both);
  const prefix = src + '/';
  return { name, src, dst, pairs, tsv, tsvLines: lines, offsets, expected, idOfSrc: (s) => s.slice(prefix.length) };
}

// --- libvirt -------------------------------------------------------------------------------

/** The oracle (scripts/oracle.ts: found, or built once into a cache directory) and its version. */
function buildOracle(): { bin: string; version: string } | string {
  log("finding libvirt's checker (building it with ../shared/oracle/build.sh if need be)");
  const found = libvirtOracle();
  if ('error' in found) return found.error;
  const v = spawnSync(found.bin, ['--version'], { encoding: 'utf8' });
  return { bin: found.bin, version: (v.stdout || v.stderr || '').trim().split('\n').join('; ') };
}

/** libvirt 9.0.0 aborts on a few malformed inputs: restart after the line it died on. */
async function runLibvirt(bin: string, set: PairSet, work: string): Promise<RunFigures & { verdicts: string }> {
  const outFile = join(work, `${set.name}.libvirt.jsonl`);
  await writeFile(outFile, '');
  let line = 0; // next TSV line to feed
  let done = 0;
  let seconds = 0;
  let cpu: number | null = null;
  let peak: number | null = null;
  let crashes = 0;
  let lastCode: number | null = 0;
  while (line < set.tsvLines) {
    const m = await measure(bin, ['--batch'], { stdinFile: set.tsv, stdinStart: set.offsets[line], stdoutFile: outFile });
    seconds += m.seconds;
    if (m.cpuSeconds !== null) cpu = (cpu ?? 0) + m.cpuSeconds;
    if (m.peakRssKiB !== null) peak = Math.max(peak ?? 0, m.peakRssKiB);
    line += m.stdoutLines;
    done += m.stdoutLines;
    lastCode = m.code;
    if (line >= set.tsvLines) break;
    if (m.signal === null && m.code === 0) { log(`libvirt stopped early on ${set.name} at line ${line + 1}`); break; }
    crashes++;
    line++; // each result line is flushed, so the crash was on the next line: skip it
  }
  return {
    tool: 'libvirt', jobs: 1, pairs: done, seconds, cpuSeconds: cpu, pairsPerSec: done / seconds, ratio: 1, peakRssMB: mb(peak), exitCode: lastCode,
    crashes, verdicts: outFile, note: crashes ? `${crashes} crash(es), restarted after each` : undefined,
  };
}

async function libvirtAgreement(set: PairSet, file: string): Promise<{ agree: number; of: number } | undefined> {
  if (!set.expected.size) return undefined;
  let agree = 0;
  let of = 0;
  const fh = await open(file, 'r');
  for await (const line of fh.readLines()) {
    if (!line) continue;
    const r = JSON.parse(line) as { src: string; src_ok: boolean; dst_ok: boolean; compatible: boolean | null };
    const want = set.expected.get(set.idOfSrc(r.src));
    if (!want) continue;
    const got: Status = !r.src_ok || !r.dst_ok ? 'error' : r.compatible ? 'compatible' : 'incompatible';
    of++;
    if (got === want) agree++;
  }
  await fh.close();
  return { agree, of };
}

// --- abi-diff ------------------------------------------------------------------------------

async function reportSummary(file: string): Promise<Record<string, number> | undefined> {
  try {
    const size = (await stat(file)).size;
    const fh = await open(file, 'r');
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    await fh.close();
    // the summary line, then (since reports say whether the run was complete) "complete"
    const m = /"summary":\s*(\{[^\n]*\}),?\s*(?:"complete":\s*(?:true|false)\s*)?\}\s*$/.exec(buf.toString('utf8'));
    return m ? (JSON.parse(m[1]) as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}

/** Streams the JSON report (one pair record per line) against the set's labels. */
async function reportAgreement(set: PairSet, file: string): Promise<{ agree: number; of: number } | undefined> {
  if (!set.expected.size || !existsSync(file)) return undefined;
  let agree = 0;
  let of = 0;
  const fh = await open(file, 'r');
  for await (let line of fh.readLines()) {
    line = line.trim();
    if (!line.startsWith('{"id"')) continue;
    const r = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as { id: string; status: Status };
    const want = set.expected.get(r.id);
    if (!want) continue;
    of++;
    if (r.status === want) agree++;
  }
  await fh.close();
  return { agree, of };
}

// The installed command, as users run it: its #! line carries the node flags the main thread needs.
const CLI = join(ROOT, 'bin', 'abi-diff.js');

function cliArgs(set: PairSet, out: string, jobs: number): string[] {
  return [set.src, set.dst, '--quiet', '--format', 'json', '--out', out, '--jobs', String(jobs), '--profile', PROFILE, '--driver', 'generic'];
}

async function runAbiDiff(set: PairSet, jobs: number, work: string): Promise<RunFigures> {
  const out = join(work, `${set.name}.abi-diff.j${jobs}`);
  const m = await measure(CLI, cliArgs(set, out, jobs));
  const report = join(out, 'abi-diff.json');
  const summary = await reportSummary(report);
  const agreement = await reportAgreement(set, report);
  await rm(out, { recursive: true, force: true });
  const pairs = summary?.pairs ?? set.pairs;
  const failed = m.code !== 0 && m.code !== 1 && m.code !== 2;
  return {
    tool: 'abi-diff', jobs, pairs, seconds: m.seconds, cpuSeconds: m.cpuSeconds, pairsPerSec: pairs / m.seconds, ratio: null, peakRssMB: mb(m.peakRssKiB), peakRssHalfMB: mb(m.peakRssHalfKiB),
    exitCode: m.code, summary, agreement, note: failed || !summary ? `run failed (exit ${m.code ?? m.signal})` : undefined,
  };
}

// --- the QEMU driver -------------------------------------------------------------------------

interface QemuFigures {
  set: string;
  pairs: number;
  jobs: number;
  /** the same pairs under libvirt 12.8.0's generic rules, then under its QEMU driver */
  generic: RunFigures;
  qemu: RunFigures;
  ratio: number;
  /** the QEMU oracle (../shared/oracle-qemu) on the first pairs, when it is built on this machine */
  oracle: { pairs: number; seconds: number; msPerPair: number } | { unavailable: string };
}

const QEMU_ORACLE_PAIRS = 300;

/** `--driver qemu` against the generic mode on the same pairs (12.8.0 rules both), and the QEMU oracle's cost per pair. */
async function qemuRun(set: PairSet, jobs: number, work: string): Promise<QemuFigures> {
  const run = async (extra: string[], tag: string): Promise<RunFigures> => {
    const out = join(work, `${set.name}.${tag}`);
    const m = await measure(CLI, [set.src, set.dst, '--quiet', '--format', 'json', '--out', out, '--jobs', String(jobs), '--profile', '12.8.0', ...extra]);
    const summary = await reportSummary(join(out, 'abi-diff.json'));
    await rm(out, { recursive: true, force: true });
    const pairs = summary?.pairs ?? set.pairs;
    return { tool: 'abi-diff', jobs, pairs, seconds: m.seconds, cpuSeconds: m.cpuSeconds, pairsPerSec: pairs / m.seconds, ratio: null, peakRssMB: mb(m.peakRssKiB), peakRssHalfMB: mb(m.peakRssHalfKiB),
      exitCode: m.code, summary, note: m.code !== 0 && m.code !== 1 && m.code !== 2 ? `run failed (exit ${m.code ?? m.signal})` : undefined };
  };
  // migration's flags in both modes, so that only the driver differs
  const generic = await run(['--driver', 'generic', '--skip-volatile'], 'generic');
  const qemu = await run(['--driver', 'qemu'], 'qemu');
  return { set: set.name, pairs: qemu.pairs, jobs, generic, qemu, ratio: qemu.pairsPerSec / generic.pairsPerSec, oracle: await qemuOracleCost(set, work) };
}

/** The QEMU oracle's migrate mode on the set's first pairs (it needs root and its chroot, built by its build.sh). */
async function qemuOracleCost(set: PairSet, work: string): Promise<QemuFigures['oracle']> {
  const script = join(SHARED, 'oracle-qemu', 'run-qemu-oracle.sh');
  if (!existsSync(script)) return { unavailable: `${script} not found` };
  const lines = readFileSync(set.tsv, 'utf8').split('\n').filter(Boolean).slice(0, QEMU_ORACLE_PAIRS);
  const tsv = join(work, `${set.name}.qemu-oracle.tsv`);
  await writeFile(tsv, lines.join('\n') + '\n');
  const out = join(work, `${set.name}.qemu-oracle.jsonl`);
  const m = await measure(script, ['--batch'], { stdinFile: tsv, stdoutFile: out });
  const answered = existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
  if (m.code !== 0 || answered < lines.length) return { unavailable: `run-qemu-oracle.sh exited ${m.code ?? m.signal} after ${answered} of ${lines.length} pairs (build it with ../shared/oracle-qemu/build.sh, as root)` };
  return { pairs: lines.length, seconds: m.seconds, msPerPair: (1000 * m.seconds) / lines.length };
}

// --- CPU profile ---------------------------------------------------------------------------

interface CpuProfile { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>; samples: number[]; timeDeltas: number[] }

interface ProfileTop {
  /** self time by function (name and place) */
  functions: Array<{ fn: string; where: string; selfPct: number; selfMs: number }>;
  /** self time by source file or package: where a minified dependency's time shows up */
  modules: Array<{ module: string; selfPct: number; selfMs: number }>;
}

/** Self time of the busiest thread's profile (the worker's, with one worker). */
async function profileTop(dir: string, top: number): Promise<ProfileTop> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  let best: { prof: CpuProfile; total: number } | undefined;
  for (const f of files) {
    const prof = JSON.parse(await readFile(join(dir, f), 'utf8')) as CpuProfile;
    const idle = new Set(prof.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    let total = 0;
    prof.samples.forEach((s, i) => { if (!idle.has(s)) total += prof.timeDeltas[i] ?? 0; });
    if (!best || total > best.total) best = { prof, total };
  }
  if (!best) return { functions: [], modules: [] };
  const { prof, total } = best;
  const byNode = new Map(prof.nodes.map((n) => [n.id, n]));
  const fns = new Map<string, { fn: string; where: string; us: number }>();
  const mods = new Map<string, number>();
  prof.samples.forEach((s, i) => {
    const cf = byNode.get(s)!.callFrame;
    if (cf.functionName === '(idle)') return;
    const us = prof.timeDeltas[i] ?? 0;
    const url = cf.url.startsWith('file://') ? relative(ROOT, fileURLToPath(cf.url)) : cf.url;
    const where = url ? `${url}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName}@${where}`;
    const e = fns.get(key) ?? { fn: cf.functionName || '(anonymous)', where, us: 0 };
    e.us += us;
    fns.set(key, e);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const mod = pkg ? pkg[1] : url || (cf.functionName.startsWith('(') ? cf.functionName : '(native/runtime)');
    mods.set(mod, (mods.get(mod) ?? 0) + us);
  });
  const pct = (us: number) => Math.round((1000 * us) / total) / 10;
  return {
    functions: [...fns.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => ({ fn: e.fn, where: e.where, selfMs: Math.round(e.us / 1000), selfPct: pct(e.us) })),
    modules: [...mods].sort((a, b) => b[1] - a[1]).slice(0, top).map(([module, us]) => ({ module, selfMs: Math.round(us / 1000), selfPct: pct(us) })),
  };
}

// --- output --------------------------------------------------------------------------------

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

const EDIT_MARK = '<!-- edited for the re-audit -->\n';

/** Every 100th pair's dst file with the edit mark added (`edit`) or taken out again; how many. */
async function editFleet(dir: string, edit: boolean): Promise<number> {
  let edited = 0;
  let n = 0;
  for await (const e of readManifest(dir)) {
    if (n++ % 100 !== 0 || e.kind === 'unpaired:src-only') continue;
    const file = join(dir, 'dst', e.id);
    const text = await readFile(file, 'utf8');
    // a mark left by a bench that was stopped is not added twice
    const clean = text.replaceAll(EDIT_MARK, '');
    const next = edit ? clean.replace('</domain>', EDIT_MARK + '</domain>') : clean;
    if (next !== text) await writeFile(file, next);
    edited++;
  }
  return edited;
}

/**
 * Nightly re-audit (--cache): a run that writes the cache, 1 % of the dst files edited, then the
 * timed re-run. The edits are an XML comment, which changes no verdict; they are taken out
 * again at the end, so a fleet given with --fleet is left as it was (but for its files' mtimes).
 */
async function reauditRun(big: PairSet, bigDir: string, work: string, all: number) {
  log(`re-audit with --cache on ${big.name}: writing the cache (--jobs ${all})`);
  const cacheFile = join(work, 'reaudit.cache');
  const reauditOut = join(work, 'reaudit');
  const coldRun = await measure(CLI, [...cliArgs(big, reauditOut, all), '--cache', cacheFile]);
  let edited: number;
  let warmRun: Awaited<ReturnType<typeof measure>>;
  try {
    edited = await editFleet(bigDir, true);
    log(`  ${edited} dst files edited; re-audit`);
    warmRun = await measure(CLI, [...cliArgs(big, reauditOut, all), '--cache', cacheFile]);
  } finally {
    await editFleet(bigDir, false);
  }
  const agreement = await reportAgreement(big, join(reauditOut, 'abi-diff.json'));
  await rm(reauditOut, { recursive: true, force: true });
  return {
    set: big.name, pairs: big.pairs, edited, jobs: all, agreement,
    cacheWrite: { seconds: coldRun.seconds, cpuSeconds: coldRun.cpuSeconds, peakRssMB: coldRun.peakRssKiB === null ? null : Math.round(coldRun.peakRssKiB / 1024) },
    rerun: { seconds: warmRun.seconds, cpuSeconds: warmRun.cpuSeconds, peakRssMB: warmRun.peakRssKiB === null ? null : Math.round(warmRun.peakRssKiB / 1024), exitCode: warmRun.code },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'fleet-pairs': { type: 'string' }, million: { type: 'boolean', default: false }, fleet: { type: 'string' },
      'skip-libvirt': { type: 'boolean', default: false }, oracle: { type: 'string' }, out: { type: 'string', default: 'reports/bench.json' },
      'cpu-prof': { type: 'string' }, keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      rounds: { type: 'string', default: String(DEFAULT_ROUNDS) },
    },
  });
  if (values.help) {
    process.stdout.write(`usage: npm run bench [-- options]
  --fleet-pairs N   generated fleet size (default 100000)
  --million         a fleet of 10^6 pairs (adds a --jobs 2 run when there are more than 2 cores)
  --fleet DIR       reuse a fleet written by 'npm run corpus' instead of generating one (the
                    re-audit edits 1 % of its dst files with an XML comment and takes it out after)
  --skip-libvirt    do not build or run libvirt's checker
  --oracle BIN      use this abi-oracle binary instead of building one with ../shared/oracle/build.sh
  --out FILE        figures as JSON (default reports/bench.json)
  --cpu-prof DIR    also profile one abi-diff worker on the 10^4 fleet (not timed) and list the top self time
  --keep            keep the work directory (fleets, TSV files, libvirt's verdicts)
  --rounds N        interleaved rounds (libvirt, then abi-diff per --jobs) on the sets smaller than
                    the big fleet; each figure is the median over the rounds (default ${DEFAULT_ROUNDS})
`);
    return;
  }
  const fleetPairs = values.million ? 1_000_000 : Number(values['fleet-pairs'] ?? 100_000);
  if (!Number.isInteger(fleetPairs) || fleetPairs < 1) throw new Error(`--fleet-pairs must be a positive integer, got '${values['fleet-pairs']}'`);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got '${values.rounds}'`);
  // users run the compiled CLI (npm ci builds it); time that, freshly built from this checkout
  log('building the CLI: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${build.stderr || build.stdout}`);
  const all = availableParallelism();
  const work = await mkdtemp(join(tmpdir(), 'abi-diff-bench-'));
  log(`work directory ${work}; ${all} cores; profile ${PROFILE}`);

  // libvirt's checker
  let oracle: { bin: string; version: string } | undefined;
  let libvirtNote: string | undefined;
  if (values['skip-libvirt']) libvirtNote = 'skipped (--skip-libvirt)';
  else if (values.oracle) {
    const bin = resolve(values.oracle);
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (v.error) libvirtNote = `not available: ${bin}: ${v.error.message}`;
    else oracle = { bin, version: (v.stdout || v.stderr || '').trim().split('\n').join('; ') };
  } else {
    const built = buildOracle();
    if (typeof built === 'string') libvirtNote = `not available: ${built}`;
    else oracle = built;
  }
  if (libvirtNote) log(`libvirt: ${libvirtNote}; printing abi-diff figures only`);

  // the sets
  const sets: PairSet[] = [];
  const setNotes: SetFigures[] = [];
  const conf = await conformanceSet(work);
  if (typeof conf === 'string') { log(`conformance set skipped: ${conf}`); setNotes.push({ name: 'conformance', pairs: 0, runs: [], note: conf }); } else sets.push(conf);
  const fleetName = (n: number) => `fleet-${n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : n}`;
  const genFleet = async (pairs: number): Promise<string> => {
    const dir = join(work, fleetName(pairs));
    log(`generating ${fleetName(pairs)} (seed '${SEED}') in ${dir}`);
    const t0 = performance.now();
    const s = await writeFleet(dir, { ...DEFAULT_FLEET, seed: SEED, pairs });
    log(`  ${s.files} files, ${(s.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return dir;
  };
  let bigDir: string;
  if (values.fleet) {
    bigDir = resolve(values.fleet);
    if (!existsSync(join(bigDir, 'manifest.jsonl'))) throw new Error(`${bigDir} has no manifest.jsonl: not a fleet written by 'npm run corpus'`);
    log(`reusing the fleet in ${bigDir}`);
  } else bigDir = await genFleet(fleetPairs);
  const big = await fleetSet('fleet', bigDir, work);
  big.name = fleetName(big.pairs);
  // the memory baseline: same generator and seed, a tenth (or less) of the pairs
  if (big.pairs > SMALL_FLEET) sets.push(await fleetSet(fleetName(SMALL_FLEET), await genFleet(SMALL_FLEET), work));
  sets.push(big);
  // the 10^6 goal is about 2 cores
  const jobModes = [...new Set([1, all, ...(big.pairs >= 1_000_000 && all !== 2 ? [2] : [])])].sort((a, b) => a - b);

  // the runs: libvirt first, then abi-diff with 1 worker and with every core, per set; on the
  // smaller sets that sequence is repeated in rounds, each abi-diff run compared with its own
  // round's libvirt run (this kind of machine's speed drifts by up to ~1.8x within minutes, and
  // not equally for both tools)
  const results: SetFigures[] = [...setNotes];
  for (const set of sets) {
    const fig: SetFigures = { name: set.name, pairs: set.pairs, runs: [] };
    const setRounds = set === big ? 1 : rounds;
    const byMode = new Map<string, RunFigures[]>();
    const record = (key: string, r: RunFigures) => { const l = byMode.get(key) ?? []; l.push(r); byMode.set(key, l); };
    for (let round = 1; round <= setRounds; round++) {
      const of = setRounds > 1 ? ` round ${round}/${setRounds}` : '';
      let libvirtRate: number | undefined;
      if (oracle) {
        log(`libvirt on ${set.name} (${set.tsvLines} pairs)${of}`);
        const r = await runLibvirt(oracle.bin, set, work);
        if (round === 1) r.agreement = await libvirtAgreement(set, r.verdicts);
        const { verdicts: _, ...figures } = r;
        record('libvirt', figures);
        libvirtRate = r.pairsPerSec;
      }
      for (const jobs of jobModes) {
        log(`abi-diff --jobs ${jobs} on ${set.name} (${set.pairs} pairs)${of}`);
        const r = await runAbiDiff(set, jobs, work);
        if (libvirtRate) r.ratio = r.pairsPerSec / libvirtRate;
        record(`abi-diff ${jobs}`, r);
      }
    }
    for (const runs of byMode.values()) fig.runs.push(medianRun(runs));
    results.push(fig);
  }

  // nightly re-audit (--cache): a run that writes the cache, 1 % of the dst files edited, then the
  // timed re-run (every pair still reported; the edited ones checked again)
  const reaudit = await reauditRun(big, bigDir, work, all);

  // --driver qemu on the memory-baseline fleet (the big one when it is that small), all cores
  const qemuSet = sets.find((s) => s.name === fleetName(SMALL_FLEET)) ?? big;
  log(`abi-diff --driver qemu vs generic (12.8.0 rules) on ${qemuSet.name}, --jobs ${all}`);
  const qemu = await qemuRun(qemuSet, all, work);

  let profile: Awaited<ReturnType<typeof profileTop>> | undefined;
  if (values['cpu-prof']) {
    const dir = resolve(values['cpu-prof']);
    await mkdir(dir, { recursive: true });
    const set = sets.find((s) => s.name === fleetName(SMALL_FLEET)) ?? big;
    log(`CPU profile: abi-diff --jobs 1 on ${set.name} into ${dir} (not timed)`);
    const out = join(work, 'profile-report');
    await measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, join(ROOT, 'dist', 'cli', 'main.js'), ...cliArgs(set, out, 1)]);
    profile = await profileTop(dir, 30);
  }

  // goals
  const goals: Array<{ goal: string; set?: string; value: string; met: boolean | null }> = [];
  for (const s of results) {
    const lv = s.runs.find((r) => r.tool === 'libvirt');
    for (const r of s.runs.filter((x) => x.tool === 'abi-diff' && (x.jobs === 1 || x.jobs === all))) {
      const target = r.jobs === 1 ? 1.0 : 1.8;
      goals.push({
        goal: `${r.jobs === 1 ? '1 worker' : `all cores (${all})`} >= ${target.toFixed(1)}x libvirt's pairs/s`, set: s.name,
        value: lv && r.ratio !== null ? `${r.ratio.toFixed(2)}x` : 'libvirt not measured', met: lv && r.ratio !== null ? r.ratio >= target : null,
      });
    }
  }
  const bigFig = results.find((s) => s.name === big.name)!;
  const smallFig = results.find((s) => s.name === fleetName(SMALL_FLEET));
  const twoCores = bigFig.runs.find((r) => r.tool === 'abi-diff' && r.jobs === Math.min(2, all));
  if (big.pairs >= 1_000_000 && twoCores) {
    goals.push({ goal: `${fmt(big.pairs)} pairs in under 5 minutes on ${twoCores.jobs} cores`, set: big.name, value: `${twoCores.seconds.toFixed(0)} s`, met: twoCores.seconds < 300 });
  } else if (twoCores) {
    const est = 1_000_000 / twoCores.pairsPerSec;
    goals.push({ goal: '10^6 pairs in under 5 minutes on 2 cores', set: big.name, value: `not measured (run with --million); at ${fmt(twoCores.pairsPerSec)} pairs/s that is ~${fmt(est)} s`, met: null });
  }
  if (big.pairs >= 1_000_000) {
    goals.push({ goal: `${fmt(big.pairs)} pairs with 1 % changed re-audited (--cache) in under 30 s`, set: big.name, value: `${reaudit.rerun.seconds.toFixed(1)} s`, met: reaudit.rerun.seconds < 30 });
  } else {
    const est = (reaudit.rerun.seconds * 1_000_000) / big.pairs;
    goals.push({ goal: '10^6 pairs with 1 % changed re-audited (--cache) in under 30 s', set: big.name, value: `not measured (run with --million); ${fmt(big.pairs)} took ${reaudit.rerun.seconds.toFixed(1)} s, ~${fmt(est)} s scaled`, met: null });
  }
  goals.push({ goal: '--driver qemu >= 0.7x the generic mode\'s pairs/s (same pairs, all cores)', set: qemu.set, value: `${qemu.ratio.toFixed(2)}x`, met: qemu.ratio >= 0.7 });
  const abiRuns = bigFig.runs.filter((r) => r.tool === 'abi-diff' && r.peakRssMB !== null);
  if (abiRuns.length) {
    const peak = Math.max(...abiRuns.map((r) => r.peakRssMB!));
    goals.push({ goal: 'peak RSS under 512 MB', set: big.name, value: `${peak} MB`, met: peak < 512 });
  }
  const memory: Array<{ jobs: number; rssSmallMB: number | null; rssBigMB: number | null; growth: number | null }> = [];
  if (smallFig) {
    for (const jobs of jobModes) {
      const a = smallFig.runs.find((r) => r.tool === 'abi-diff' && r.jobs === jobs)?.peakRssMB ?? null;
      const b = bigFig.runs.find((r) => r.tool === 'abi-diff' && r.jobs === jobs)?.peakRssMB ?? null;
      memory.push({ jobs, rssSmallMB: a, rssBigMB: b, growth: a && b ? b / a : null });
    }
    const worst = Math.max(...memory.map((m) => m.growth ?? 0));
    // flat: at most a quarter more resident memory for ten (or a hundred) times the pairs
    goals.push({ goal: `peak RSS flat in N (${fmt(SMALL_FLEET)} -> ${fmt(big.pairs)} pairs, growth <= 1.25x)`, set: big.name, value: memory.map((m) => `jobs ${m.jobs}: ${m.rssSmallMB} -> ${m.rssBigMB} MB`).join('; '), met: worst ? worst <= 1.25 : null });
  }

  // print
  const rows = [['set', 'tool', 'jobs', 'pairs', 'seconds', 'CPU s', 'pairs/s', 'vs libvirt', 'peak RSS MB', 'agrees w/ labels']];
  for (const s of results) {
    if (!s.runs.length) { rows.push([s.name, `(${s.note})`, '', '', '', '', '', '', '', '']); continue; }
    for (const r of s.runs) {
      rows.push([s.name, r.tool, String(r.jobs), fmt(r.pairs), fmt(r.seconds, 1), fmt(r.cpuSeconds, 1), fmt(r.pairsPerSec), r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`, fmt(r.peakRssMB),
        r.agreement ? `${fmt((100 * r.agreement.agree) / r.agreement.of, 2)}% of ${fmt(r.agreement.of)}` : '-']);
    }
  }
  const print = (s: string) => process.stdout.write(s + '\n');
  print('');
  print(`abi-diff benchmark: ${all} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, profile ${PROFILE}`);
  print(`libvirt: ${oracle ? `abi-oracle (${oracle.version})` : libvirtNote}`);
  const maxLoad = Math.max(0, ...loads);
  // the all-cores run alone keeps about cores + 1 threads busy (workers, main thread, this sampler)
  if (maxLoad > all * 1.5 + 1) print(`warning: the machine was busy (1-minute load average up to ${maxLoad.toFixed(1)} on ${all} cores): wall-clock figures are skewed; CPU s shows each run's own cost`);
  print('');
  print(table(rows));
  for (const s of results) for (const r of s.runs) if (r.note) print(`  ${s.name} ${r.tool} --jobs ${r.jobs}: ${r.note}`);
  for (const s of results) {
    const inRounds = s.runs.filter((r) => r.rounds);
    if (!inRounds.length) continue;
    const n = inRounds[0].rounds!.length;
    print(`  ${s.name}: each figure is the median of ${n} interleaved rounds; the rounds (seconds, ratio to that round's libvirt run):`);
    for (let i = 0; i < n; i++) {
      print(`    ${i + 1}: ${inRounds.map((r) => { const x = r.rounds![i]; return `${r.tool === 'libvirt' ? 'libvirt' : `--jobs ${r.jobs}`} ${x.seconds.toFixed(2)} s${r.tool === 'libvirt' || x.ratio === null ? '' : ` (${x.ratio.toFixed(2)}x)`}`; }).join(', ')}`);
    }
  }
  if (memory.length) {
    print('');
    print(`memory (abi-diff peak RSS, ${fmt(SMALL_FLEET)} vs ${fmt(big.pairs)} pairs): ${memory.map((m) => `--jobs ${m.jobs}: ${fmt(m.rssSmallMB)} -> ${fmt(m.rssBigMB)} MB (${m.growth ? m.growth.toFixed(2) : '-'}x)`).join('; ')}`);
  }
  const halves = bigFig.runs.filter((r) => r.tool === 'abi-diff' && r.peakRssHalfMB && r.peakRssMB);
  if (halves.length) {
    // a heap that grows with the pairs grows in the run's second half too; V8 sizing its heaps does not
    print(`memory within the ${fmt(big.pairs)}-pair run (peak RSS at half time -> at the end): ${halves.map((r) => `--jobs ${r.jobs}: ${fmt(r.peakRssHalfMB!)} -> ${fmt(r.peakRssMB)} MB (${(r.peakRssMB! / r.peakRssHalfMB!).toFixed(2)}x)`).join('; ')}`);
  }
  print('');
  print(`re-audit (--cache, --jobs ${reaudit.jobs}) on ${reaudit.set}: writing the cache ${fmt(reaudit.cacheWrite.seconds, 1)} s; after editing ${fmt(reaudit.edited)} dst files (1 %), re-run ${fmt(reaudit.rerun.seconds, 1)} s (${fmt(reaudit.rerun.cpuSeconds, 1)} CPU s, peak RSS ${fmt(reaudit.rerun.peakRssMB)} MB${reaudit.agreement ? `; verdicts ${fmt(reaudit.agreement.agree)}/${fmt(reaudit.agreement.of)} as labelled` : ''})`);
  print('');
  const qo = qemu.oracle;
  print(`QEMU driver (--jobs ${qemu.jobs}) on ${qemu.set}: generic ${fmt(qemu.generic.pairsPerSec)} pairs/s, --driver qemu ${fmt(qemu.qemu.pairsPerSec)} pairs/s (${qemu.ratio.toFixed(2)}x; ${fmt(qemu.qemu.cpuSeconds, 1)} CPU s, peak RSS ${fmt(qemu.qemu.peakRssMB)} MB); ` +
    ('unavailable' in qo ? `QEMU oracle: ${qo.unavailable}` : `QEMU oracle (migrate, 1 process): ${qo.msPerPair.toFixed(1)} ms per pair on the first ${fmt(qo.pairs)}, abi-diff --driver qemu ${(1000 / qemu.qemu.pairsPerSec).toFixed(3)} ms`));
  print('');
  print('goals:');
  for (const g of goals) print(`  [${g.met === null ? '  ?   ' : g.met ? '  met ' : 'NOT met'}] ${g.goal}${g.set ? ` (${g.set})` : ''}: ${g.value}`);
  if (profile?.functions.length) {
    print('');
    print(`CPU profile of one worker (${values['cpu-prof']}), self time by module:`);
    for (const p of profile.modules.slice(0, 15)) print(`  ${p.selfPct.toFixed(1).padStart(5)}%  ${String(p.selfMs).padStart(6)} ms  ${p.module}`);
    print('by function:');
    for (const p of profile.functions) print(`  ${p.selfPct.toFixed(1).padStart(5)}%  ${String(p.selfMs).padStart(6)} ms  ${p.fn}  ${p.where}`);
  }

  const outFile = resolve(ROOT, values.out!);
  await mkdir(dirname(outFile), { recursive: true });
  const json = {
    schemaVersion: 1,
    date: new Date().toISOString(),
    machine: { cores: all, maxLoadAverage: Math.max(0, ...loads), cpu: cpus()[0]?.model ?? null, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` },
    settings: { profile: PROFILE, fleetPairs: big.pairs, jobs: jobModes, fleet: values.fleet ? bigDir : null, fleetOptions: values.fleet ? null : { ...DEFAULT_FLEET, seed: SEED } },
    libvirt: oracle ? { available: true, version: oracle.version } : { available: false, reason: libvirtNote },
    sets: results,
    memory,
    reaudit,
    qemu,
    goals,
    cpuProfile: profile ?? null,
  };
  // figures to a sensible precision
  const round = (k: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(k === 'seconds' || k === 'cpuSeconds' || k === 'ratio' || k === 'growth' ? 3 : 1)) : v);
  await writeFile(outFile, JSON.stringify(json, round, 1) + '\n');
  print('');
  print(`written: ${relative(process.cwd(), outFile) || outFile}`);
  if (values.keep) log(`kept ${work}`);
  else await rm(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 2;
});
