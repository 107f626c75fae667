/**
 * Checks of the QEMU driver's own rejections (src/qemu/validate*.ts) on pairs of the
 * oracle-labelled set `conformance-qemu`: each rejected side must be rejected with libvirt's
 * message, and each listed accepted pair (a near miss of a rule) must pass. The labels are the
 * expectations.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveProfile } from '../../src/model/profile.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition } from '../../src/qemu/index.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

const SET = join(process.cwd(), '..', 'shared', 'conformance-qemu') + '/';
interface Label { src_ok: boolean; dst_ok: boolean; parse_error: string | null; parse_side: 'src' | 'dst' | null; error: string | null; error_save: string | null }
const labels = new Map<string, Label>();
for (const line of readFileSync(`${SET}expected.jsonl`, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as { case: string; '12.8.0-qemu': Label };
  labels.set(r.case, r['12.8.0-qemu']);
}

/** The QEMU driver's verdict on one side: its rejection message, or null when accepted. */
function verdict(file: string, side: 'src' | 'dst'): string | null {
  const profile = resolveProfile('12.8.0');
  try {
    parseQemuDefinition(readFileSync(file, 'utf8'), profile, { side }, BUILT_IN_BINARIES, side === 'src', side === 'dst');
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Rejected: the labelled first rejected side gives the labelled message. */
export function rejects(cases: string[]): void {
  for (const c of cases) {
    test(`rejects ${c}`, (t) => {
      const l = labels.get(c)!;
      t.truthy(l.parse_side, 'labelled as rejected');
      t.is(verdict(`${SET}${l.parse_side}/${c}.xml`, l.parse_side!), l.parse_error);
    });
  }
}

/** Accepted: both sides pass the QEMU driver. */
export function accepts(cases: string[]): void {
  for (const c of cases) {
    test(`accepts ${c}`, (t) => {
      const l = labels.get(c)!;
      t.true(l.src_ok && l.dst_ok, 'labelled as accepted');
      t.is(verdict(`${SET}src/${c}.xml`, 'src'), null);
      t.is(verdict(`${SET}dst/${c}.xml`, 'dst'), null);
    });
  }
}

/** A labelled pair's first message in each operation (migrate, save-image-define): libvirt's, and abi-diff's. */
export function firstMessages(c: string): { expected: (string | null)[]; got: (string | null)[] } {
  const l = labels.get(c);
  if (!l) throw new Error(`${c} is not in ${SET}expected.jsonl`);
  const read = (side: string) => readFileSync(`${SET}${side}/${c}.xml`, 'utf8');
  const profile = resolveProfile('12.8.0');
  const got = (['migrate', 'save-image-define'] as const).map((operation) => {
    const r = checkXmlPair(c, 'src', 'dst', read('src'), read('dst'), { profile, skipVolatile: operation === 'migrate', driver: 'qemu', operation });
    return r.mismatches[0]?.message ?? r.error?.message ?? null;
  });
  return { expected: [l.error, l.error_save], got };
}

interface Expected { status: string; message: string | null }
interface LabelledPair { case: string; why?: string; src: string; dst: string; migrate: Expected; save?: Expected }

/**
 * One test per pair of a JSONL fixture labelled by the QEMU oracle: per operation labelled
 * (migrate, save-image-define), the status and the first message (libvirt's error on an invalid side).
 */
export function labelledPairs(file: string): void {
  const profile = resolveProfile('12.8.0');
  const pairs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LabelledPair);
  for (const p of pairs) {
    test(`${p.case}${p.why ? `: ${p.why}` : ''}`, (t) => {
      for (const [operation, expected] of [['migrate', p.migrate], ['save-image-define', p.save]] as const) {
        if (!expected) continue;
        const r = checkXmlPair(p.case, 'src', 'dst', p.src, p.dst, { profile, skipVolatile: operation === 'migrate', driver: 'qemu', operation });
        t.deepEqual({ status: r.status, message: r.mismatches[0]?.message ?? r.error?.message ?? null }, expected, operation);
      }
    });
  }
}
