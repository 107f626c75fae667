/**
 * Developer tool: measures `abi-diff fix` against a real libvirt. Runs the fix on a labelled
 * set's incompatible pairs, hands every fixed pair (source, fixed destination) to an oracle's
 * batch mode, and prints the figures the README quotes: fixed %, oracle-compatible % of the
 * fixed pairs, lines a fix changes, and whether each change lies on a mismatched path.
 *
 *   npx tsx scripts/fix-oracle.ts --set ../shared/conformance-qemu --key 12.8.0-qemu [--slice fleet] \
 *     --out DIR --oracle 'flock LOCK ../shared/oracle-qemu/run-qemu-oracle.sh --batch' -- --driver qemu --profile 12.8.0
 *   npx tsx scripts/fix-oracle.ts --set ../shared/conformance --labels expected-11.3.0.jsonl \
 *     --out DIR --oracle '../shared/oracle/run-oracle.sh 11.3 --batch' -- --driver generic --profile 11.3.0
 *
 * Labels: `--labels FILE` (in the set, default expected.jsonl); `--key K` reads each line's K
 * object (the QEMU set's layout). The oracle command reads SRC<TAB>DST lines on stdin and prints
 * one JSON line each with `compatible`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scanSpans, type ElementSpan } from '../src/fix/spans.js';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const args = dash >= 0 ? argv.slice(0, dash) : argv;
const fixArgs = dash >= 0 ? argv.slice(dash + 1) : [];
const opt = (name: string, dflt?: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const set = resolve(opt('set') ?? fail('--set DIR is needed'));
const out = resolve(opt('out') ?? fail('--out DIR is needed'));
const oracle = opt('oracle') ?? fail('--oracle CMD is needed');
const key = opt('key');
const slice = opt('slice');

function fail(message: string): never {
  console.error(`fix-oracle: ${message}`);
  process.exit(2);
}

interface Label { case: string; slice?: string; compatible?: boolean | null; [k: string]: unknown }
const labels = readFileSync(join(set, opt('labels', 'expected.jsonl')!), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Label);
const verdict = (l: Label) => (key ? (l[key] as { compatible: boolean | null }).compatible : l.compatible);
const cases = labels.filter((l) => (!slice || l.slice === slice) && verdict(l) === false).map((l) => l.case);

mkdirSync(out, { recursive: true });
const manifest = join(out, 'incompatible.jsonl');
writeFileSync(manifest, cases.map((c) => JSON.stringify({ id: `${c}.xml`, src: join(set, 'src', `${c}.xml`), dst: join(set, 'dst', `${c}.xml`) })).join('\n') + '\n');
const fixedDir = join(out, 'fixed');
const cli = join(import.meta.dirname, '..', 'bin', 'abi-diff.js');
const started = Date.now();
const run = spawnSync(process.execPath, [cli, 'fix', '--manifest', manifest, '--out', fixedDir, '--quiet', ...fixArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status === 2) fail(`abi-diff fix: exit 2: ${run.stderr}`);
const fixSeconds = (Date.now() - started) / 1000;

interface Entry { id: string; src: string; dst: string; status: string; file?: string; reason?: string; paths?: string[] }
const report = JSON.parse(readFileSync(join(fixedDir, 'abi-diff-fix.json'), 'utf8')) as { pairs: Entry[] };
const fixed = report.pairs.filter((p) => p.status === 'fixed');
const pairsTsv = fixed.map((p) => `${p.src}\t${join(fixedDir, p.file!)}`).join('\n') + '\n';
writeFileSync(join(out, 'oracle-pairs.tsv'), pairsTsv);
const verdicts = spawnSync('sh', ['-c', oracle], { input: pairsTsv, encoding: 'utf8', maxBuffer: 1 << 28 });
const lines = verdicts.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { compatible: boolean | null; error: string | null; dst: string });
writeFileSync(join(out, 'oracle.jsonl'), verdicts.stdout);
const compatible = lines.filter((l) => l.compatible === true).length;

/** Element names along a path, indexes and attributes dropped: edits shift indexes. */
const namesOf = (path: string) => path.split('/').filter((s) => s && !s.startsWith('@')).map((s) => s.replace(/\[.*$/, ''));
function pathOf(el: ElementSpan): string[] {
  const names: string[] = [];
  for (let e: ElementSpan | undefined = el; e; e = e.parent) names.unshift(e.name);
  return names;
}
/** The innermost element of `root` holding [start, end); `strict`: inside it, not at its first or last byte. */
function holder(root: ElementSpan, start: number, end: number, strict: boolean): ElementSpan {
  let el = root;
  for (;;) {
    const inner = el.children.find((c) => (strict ? c.start < start && end < c.end : c.start <= start && end <= c.end));
    if (!inner) return el;
    el = inner;
  }
}

// each change, as the fix's own diff shows it (a run of removed and added lines), must sit in an
// element on one of the mismatched paths: a change in the element its lines cover (indentation
// left out), an insertion in the element around the place it goes
interface Change { removed: number[]; added: number; before: number }
function changesOf(diff: string): Change[] {
  const out: Change[] = [];
  let line = 0;
  let run: Change | undefined;
  for (const l of diff.split('\n')) {
    const hunk = /^@@ -(\d+),(\d+)/.exec(l);
    // diff -u numbers an empty old side by the line before it
    if (hunk) { run = undefined; line = Number(hunk[1]) - (hunk[2] === '0' ? 0 : 1); continue; }
    if (l.startsWith('---') || l.startsWith('+++') || l.startsWith('\\')) continue;
    if (l.startsWith(' ')) { run = undefined; line++; continue; }
    if (!l.startsWith('-') && !l.startsWith('+')) continue;
    if (!run) out.push(run = { removed: [], added: 0, before: line });
    if (l.startsWith('-')) run.removed.push(line++);
    else run.added++;
  }
  return out;
}

let changedLines = 0;
const perPair: number[] = [];
const offPath: string[] = [];
for (const p of fixed) {
  const old = readFileSync(p.dst, 'utf8');
  const changes = changesOf(readFileSync(join(fixedDir, `${p.file!}.diff`), 'utf8'));
  const n = changes.reduce((sum, c) => sum + Math.max(c.removed.length, c.added), 0);
  perPair.push(n);
  changedLines += n;
  const root = scanSpans(old);
  if (!root || !p.paths) continue;
  const starts = [0];
  for (let i = old.indexOf('\n'); i >= 0; i = old.indexOf('\n', i + 1)) starts.push(i + 1);
  const off: string[] = [];
  for (const c of changes) {
    let el: ElementSpan;
    if (c.removed.length) {
      const first = starts[c.removed[0]];
      const from = first + /^[ \t]*/.exec(old.slice(first))![0].length;
      const last = c.removed[c.removed.length - 1];
      const to = (starts[last + 1] ?? old.length + 1) - 1;
      el = holder(root, from, to, false);
    } else {
      const at = Math.max(0, starts[c.before] - 1);
      el = holder(root, at, at, true);
    }
    const names = pathOf(el);
    const onPath = p.paths.some((path) => { const want = namesOf(path); return names.every((name, i) => want[i] === name) || want.every((name, i) => names[i] === name); });
    if (!onPath) off.push(`<${names.join('/')}>`);
  }
  if (off.length) offPath.push(`${p.id}: changed ${off.join(' ')}, mismatched ${p.paths.join(' ')}`);
}
perPair.sort((x, y) => x - y);

const pct = (n: number, d: number) => (d ? ((100 * n) / d).toFixed(2) : '-');
console.log(`set ${set}${slice ? ` slice ${slice}` : ''}, abi-diff fix ${fixArgs.join(' ')} (${fixSeconds.toFixed(1)} s)`);
console.log(`incompatible ${cases.length}, fixed ${fixed.length} (${pct(fixed.length, cases.length)} %), oracle-compatible ${compatible} of ${fixed.length} fixed (${pct(compatible, fixed.length)} %), oracle lines ${lines.length}`);
console.log(`lines changed per fix: mean ${(changedLines / (fixed.length || 1)).toFixed(1)}, median ${perPair[perPair.length >> 1] ?? 0}, max ${perPair[perPair.length - 1] ?? 0}; pairs with a change off the mismatched paths: ${offPath.length}`);
for (const p of report.pairs.filter((e) => e.status !== 'fixed')) console.log(`  not fixed: ${p.id}: ${p.status}: ${p.reason ?? ''}`);
for (const l of lines.filter((x) => x.compatible !== true)) console.log(`  oracle: ${l.dst}: ${l.compatible === false ? 'incompatible' : 'invalid'}: ${l.error}`);
for (const o of offPath) console.log(`  off path: ${o}`);
