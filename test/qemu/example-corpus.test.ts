/**
 * The bundled example corpus under the default QEMU driver: every x86 pair's verdict and first
 * message equal libvirt 12.8.0's QEMU driver (corpora/example/expected-12.8.0-qemu.jsonl, from
 * ../shared/oracle-qemu's label.py), in both operations. The aarch64 pairs are left out of the
 * labels: the oracle has no aarch64 emulator, and abi-diff gives them the generic verdict.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveProfile } from '../../src/model/profile.js';
import { checkPairFiles } from '../../src/worker/check-pair.js';

const EXAMPLE = join(process.cwd(), 'corpora', 'example');
type Label = Record<string, unknown>;
const rows = readFileSync(join(EXAMPLE, 'expected-12.8.0-qemu.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l) as { case: string; '12.8.0-qemu': Label });

for (const [operation, suffix] of [['migrate', ''], ['save-image-define', '_save']] as const) {
  test(`example corpus, QEMU driver, ${operation}: libvirt's verdict and first message on every x86 pair`, (t) => {
    t.true(rows.length > 30);
    for (const r of rows) {
      const label = r['12.8.0-qemu'];
      const get = (f: string) => (`${f}${suffix}` in label ? label[`${f}${suffix}`] : label[f]);
      const want = get('src_ok') === false || get('dst_ok') === false ? 'error' : get('compatible') ? 'compatible' : 'incompatible';
      const task = { id: r.case, src: join(EXAMPLE, 'src', r.case), dst: join(EXAMPLE, 'dst', r.case) };
      const got = checkPairFiles(task, { profile: resolveProfile('12.8.0'), driver: 'qemu', operation, skipVolatile: operation === 'migrate' }).result!;
      t.is(got.status, want, r.case);
      if (want === 'incompatible') t.is(got.mismatches[0]?.message, get('error') as string, r.case);
      // libxml2's own report of malformed XML quotes the line; abi-diff words it its way
      if (want === 'error' && !String(get('error')).startsWith('at line')) t.true(got.error!.message.endsWith(String(get('error'))), `${r.case}: ${got.error!.message}`);
    }
  });
}
