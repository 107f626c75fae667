/**
 * The QEMU driver's verdicts (`--driver qemu`) against libvirt 12.8.0's QEMU driver: every pair of
 * ../shared/conformance-qemu in both operations, scored per slice. The floors are the measured
 * figures and only go up (issue 21's goal: verdict >= 99.8 %, first message >= 99.5 %).
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverPairs } from '../../src/batch/discover.js';
import { runBatch } from '../../src/batch/run-batch.js';
import type { PairResult } from '../../src/model/result.js';
import { formatScore, scoreResults, type Label } from '../helpers/labels.js';

const DIR = join(process.cwd(), '..', 'shared', 'conformance-qemu');

interface QemuRow { case: string; slice: string; '12.8.0-qemu': Record<string, unknown> }

/** One operation's labels in the flat shape scoreResults reads (save-image-define: the *_save fields). */
function labelsOf(rows: QemuRow[], suffix: '' | '_save'): Label[] {
  return rows.map((r) => {
    const l = r['12.8.0-qemu'];
    const get = (f: string) => (suffix && (f + suffix) in l ? l[f + suffix] : l[f]);
    return { case: r.case, compatible: get('compatible') as boolean | null, error: get('error') as string | null,
      src_ok: (get('src_ok') ?? true) as boolean, dst_ok: (get('dst_ok') ?? true) as boolean, parse_error: l.parse_error as string | null };
  });
}

/** Measured floors, percent, per operation and slice (rounded down: the figures print rounded). */
const FLOORS: Record<string, Record<string, { verdict: number; firstMessage: number }>> = {
  migrate: { conformance: { verdict: 100, firstMessage: 100 }, fleet: { verdict: 100, firstMessage: 100 } },
  'save-image-define': { conformance: { verdict: 100, firstMessage: 100 }, fleet: { verdict: 100, firstMessage: 100 } },
};

for (const operation of ['migrate', 'save-image-define'] as const) {
  test.serial(`conformance-qemu: --driver qemu --operation ${operation}`, async (t) => {
    if (!existsSync(DIR)) return t.fail(`${DIR} is missing: the shared conformance corpora must sit beside the project`);
    const rows = readFileSync(join(DIR, 'expected.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as QemuRow);
    const pairs = await discoverPairs(join(DIR, 'src'), join(DIR, 'dst'));
    const results = await runBatch(pairs, { jobs: 2, profile: '12.8.0', skipVolatile: operation === 'migrate', driver: 'qemu', operation });
    const labels = labelsOf(rows, operation === 'migrate' ? '' : '_save');
    const sliceOf = new Map(rows.map((r) => [r.case, r.slice]));
    for (const slice of ['conformance', 'fleet']) {
      const inSlice = (id: string) => sliceOf.get(id.replace(/\.xml$/, '')) === slice;
      const score = scoreResults(results.filter((r: PairResult) => inSlice(r.id)), labels.filter((l) => sliceOf.get(l.case) === slice));
      t.log(formatScore(`${operation} ${slice}`, score));
      t.is(score.missing, 0);
      const floor = FLOORS[operation][slice];
      t.true(score.verdictAgreement >= floor.verdict, `${slice}: verdict agreement ${score.verdictAgreement.toFixed(2)}% < ${floor.verdict}%`);
      t.true(score.firstMessageAgreement >= floor.firstMessage, `${slice}: first-message agreement ${score.firstMessageAgreement.toFixed(2)}% < ${floor.firstMessage}%`);
    }
    // every result says which driver's rules gave it; this set holds x86 kvm/qemu guests only
    t.true(results.every((r) => r.driver === 'qemu' || (r.status === 'error' && r.driver === 'generic')));
  });
}
