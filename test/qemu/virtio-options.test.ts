/**
 * Virtio options (`<driver iommu= ats= packed= page_per_vq=>`) through the QEMU driver's
 * migratable copy: a `<driver>` holding nothing libvirt writes back is gone after the copy's
 * format and re-parse, so libvirt's check sees no options on that side. Pairs labelled by the
 * QEMU oracle in migrate mode (fixtures/virtio-options-pairs.jsonl), and the conformance pair.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';
import { firstMessages } from '../helpers/qemu-labels.js';

const profile = resolveProfile('12.8.0');

interface Pair { case: string; why: string; src: string; dst: string; compatible: boolean; error: string | null }

const pairs = readFileSync(join(import.meta.dirname, 'fixtures', 'virtio-options-pairs.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as Pair);

for (const p of pairs) {
  test(`${p.case}: ${p.why}`, (t) => {
    const r = checkXmlPair(p.case, 'src', 'dst', p.src, p.dst, { profile, skipVolatile: true, driver: 'qemu' });
    t.deepEqual({ status: r.status, message: r.mismatches[0]?.message ?? r.error?.message ?? null },
      { status: p.compatible ? 'compatible' : 'incompatible', message: p.error });
  });
}

test("conformance-qemu q2a--virtio-options-controller-ats--07: a controller's empty <driver/> has no options after the copy", (t) => {
  const { expected, got } = firstMessages('q2a--virtio-options-controller-ats--07');
  t.deepEqual(got, expected);
});
