/** Baseline files and the suppression stage, in process: fingerprints, counts, stale entries, damage. */
import test from 'ava';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASELINE_FORMAT, baselineText, entriesOf, loadBaseline, messageFingerprint, pruneEntries, writeBaseline } from '../src/batch/baseline.js';
import { Suppressor } from '../src/batch/suppress.js';
import { UsageError } from '../src/batch/discover.js';
import { failsRun, type BaselineEntry, type Mismatch, type PairResult } from '../src/model/result.js';
import { tempDir } from './helpers/temp.js';

const mm = (rule: string, message: string): Mismatch => ({ rule, message: `unsupported configuration: ${message}`, path: '/domain' });
const pair = (id: string, ...mismatches: Mismatch[]): PairResult => ({ id, src: `s/${id}`, dst: `d/${id}`, status: mismatches.length ? 'incompatible' : 'compatible', mismatches });
const failed = (id: string, status: 'error' | 'unpaired'): PairResult => ({ id, src: `s/${id}`, dst: status === 'unpaired' ? null : `d/${id}`, status, mismatches: [], error: { side: 'dst', message: 'XML error' } });

const SERIAL = mm('disk/serial', 'Target disk serial B does not match source A');
const VCPU4 = mm('vcpu/online', "State of vCPU '4' differs between source and destination definitions");

async function tmpFile(name: string, text?: string): Promise<string> {
  const file = join(await tempDir('abi-diff-baseline-'), name);
  if (text !== undefined) await writeFile(file, text);
  return file;
}

test('fingerprints: short, stable, and different for different messages', (t) => {
  const f = messageFingerprint(SERIAL.message);
  t.regex(f, /^[0-9a-f]{16}$/);
  t.is(messageFingerprint(SERIAL.message), f);
  t.not(messageFingerprint(VCPU4.message), f);
});

test('entries: one per pair, rule and message, counting repeats; nothing for pairs that were not checked', (t) => {
  const r = pair('a.xml', VCPU4, SERIAL, VCPU4);
  t.deepEqual(entriesOf(r), [
    { pair: 'a.xml', rule: 'vcpu/online', fingerprint: messageFingerprint(VCPU4.message), count: 2, message: VCPU4.message },
    { pair: 'a.xml', rule: 'disk/serial', fingerprint: messageFingerprint(SERIAL.message), count: 1, message: SERIAL.message },
  ]);
  t.deepEqual(entriesOf(pair('b.xml')), []);
  t.deepEqual(entriesOf(failed('c.xml', 'error')), []);
});

test('the file: sorted, one entry per line, read back as written', async (t) => {
  const entries = [...entriesOf(pair('z.xml', SERIAL)), ...entriesOf(pair('a.xml', VCPU4, SERIAL))];
  const text = baselineText(entries);
  const lines = text.split('\n');
  t.is(lines[1], ` "format": "${BASELINE_FORMAT}",`);
  t.deepEqual(lines.filter((l) => l.startsWith('  {')).map((l) => JSON.parse(l.replace(/,$/, '')).pair), ['a.xml', 'a.xml', 'z.xml']);
  const file = await tmpFile('b.json');
  await writeBaseline(file, entries);
  t.is(await readFile(file, 'utf8'), text);
  const back = await loadBaseline(file);
  t.deepEqual(baselineText(back), text);
  t.is(baselineText([]), `{\n "format": "${BASELINE_FORMAT}",\n "entries": []\n}\n`);
});

test('a damaged baseline is a usage error naming the file and what is wrong', async (t) => {
  const ok = { pair: 'a.xml', rule: 'disk/serial', fingerprint: '0123456789abcdef', count: 1 };
  const doc = (entries: unknown) => JSON.stringify({ format: BASELINE_FORMAT, entries });
  const cases: [string | undefined, RegExp][] = [
    [undefined, /^baseline (.+): no such file \(record one with --write-baseline \1\)$/],
    ['{"format": "abi-diff-baseline/1", "entries": [', /^baseline .+: damaged, not valid JSON \(.+\)$/],
    ['{"entries": []}', /^baseline .+: not an abi-diff baseline \(no "format": "abi-diff-baseline\/1"\)$/],
    ['[]', /: not an abi-diff baseline/],
    [JSON.stringify({ format: BASELINE_FORMAT, entries: {} }), /^baseline .+: "entries" must be an array$/],
    [doc(['x']), /: entry 1 must be an object$/],
    [doc([{ ...ok, cout: 2 }]), /: entry 1 has an unknown field "cout"$/],
    [doc([ok, { ...ok, pair: '' }]), /: entry 2: "pair" must be a non-empty string$/],
    [doc([{ ...ok, rule: 3 }]), /: entry 1: "rule" must be a non-empty string$/],
    [doc([{ ...ok, fingerprint: 'abc' }]), /: entry 1: "fingerprint" must be 16 hex digits, got "abc"$/],
    [doc([{ ...ok, count: 0 }]), /: entry 1: "count" must be a positive integer, got 0$/],
    [doc([{ ...ok, message: 1 }]), /: entry 1: "message" must be a string$/],
    [doc([ok, { ...ok, count: 2 }]), /: entry 2 repeats entry 1 \(same pair, rule and fingerprint\)$/],
  ];
  for (const [text, message] of cases) {
    const file = await tmpFile('baseline.json', text);
    await t.throwsAsync(loadBaseline(file), { instanceOf: UsageError, message }, String(text));
  }
});

test('suppression: the baseline accepts as many occurrences as recorded, no more', (t) => {
  const s = new Suppressor({ baseline: entriesOf(pair('a.xml', SERIAL)) });
  const r = s.apply(pair('a.xml', SERIAL, SERIAL));
  t.deepEqual(r.mismatches.map((m) => m.suppressed), [{ by: 'baseline' }, undefined]);
  t.true(failsRun(r), 'the extra occurrence fails');
  t.is(r.status, 'incompatible', "the verdict stays libvirt's");
  t.deepEqual(s.stale(), []);
});

test('suppression: a changed message is a new mismatch, and the old entry goes stale', (t) => {
  const s = new Suppressor({ baseline: entriesOf(pair('a.xml', SERIAL)) });
  const changed = mm('disk/serial', 'Target disk serial C does not match source A');
  const r = s.apply(pair('a.xml', changed));
  t.true(failsRun(r));
  t.deepEqual(s.stale(), entriesOf(pair('a.xml', SERIAL)));
});

test('suppression: turned-off rules, exact or by family, with their reasons; they still use baseline entries', (t) => {
  const s = new Suppressor({ rulesOff: [{ rule: 'disk/serial', reason: 'serials are cosmetic here' }, { rule: 'vcpu/*' }], baseline: entriesOf(pair('a.xml', SERIAL)) });
  const other = mm('net/model', 'Target network card model e1000e does not match source virtio');
  const r = s.apply(pair('a.xml', SERIAL, VCPU4, other));
  t.deepEqual(r.mismatches.map((m) => m.suppressed), [{ by: 'rule-off', reason: 'serials are cosmetic here' }, { by: 'rule-off' }, undefined]);
  t.true(failsRun(r));
  t.false(failsRun(s.apply(pair('b.xml', VCPU4))), 'a pair whose every mismatch is waived does not fail');
  t.deepEqual(s.stale(), [], 'the entry was used even though its rule is off');
});

test('suppression: pairs that could not be checked are never suppressed, and their entries are not judged', (t) => {
  const baseline = [...entriesOf(pair('broken.xml', SERIAL)), ...entriesOf(pair('gone.xml', SERIAL)), ...entriesOf(pair('other-shard.xml', SERIAL))];
  const s = new Suppressor({ rulesOff: [{ rule: 'disk/*' }], baseline });
  const e = failed('broken.xml', 'error');
  t.is(s.apply(e), e);
  t.true(failsRun(s.apply(failed('lonely.xml', 'unpaired'))));
  // gone.xml was not in the run at all: stale; other-shard.xml belongs to another shard
  t.deepEqual(s.stale((id) => id !== 'other-shard.xml')!.map((x) => x.pair), ['gone.xml']);
});

test('recording (--write-baseline) accepts what it records', (t) => {
  const s = new Suppressor({ record: true });
  const r = s.apply(pair('a.xml', SERIAL, VCPU4));
  s.apply(failed('b.xml', 'error'));
  t.false(failsRun(r));
  t.deepEqual(s.recorded, entriesOf(pair('a.xml', SERIAL, VCPU4)));
  t.is(s.stale(), undefined, 'no baseline given, nothing stale');
});

test('pruning drops the missing occurrences and keeps the rest', (t) => {
  const entries: BaselineEntry[] = [
    { pair: 'a.xml', rule: 'disk/serial', fingerprint: '0000000000000001', count: 3 },
    { pair: 'b.xml', rule: 'disk/serial', fingerprint: '0000000000000002', count: 1 },
    { pair: 'c.xml', rule: 'disk/serial', fingerprint: '0000000000000003', count: 1 },
  ];
  const stale = [{ ...entries[0], count: 1 }, entries[1]];
  t.deepEqual(pruneEntries(entries, stale), [{ ...entries[0], count: 2 }, entries[2]]);
});
