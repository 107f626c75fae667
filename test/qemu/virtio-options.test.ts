/**
 * Virtio options (`<driver iommu= ats= packed= page_per_vq=>`) through the QEMU driver's
 * migratable copy: a `<driver>` holding nothing libvirt writes back is gone after the copy's
 * format and re-parse, so libvirt's check sees no options on that side. Pairs labelled by the
 * QEMU oracle in migrate mode (fixtures/virtio-options-pairs.jsonl), and the conformance pair.
 */
import test from 'ava';
import { join } from 'node:path';
import { firstMessages, labelledPairs } from '../helpers/qemu-labels.js';

labelledPairs(join(import.meta.dirname, 'fixtures', 'virtio-options-pairs.jsonl'));

test("conformance-qemu q2a--virtio-options-controller-ats--07: a controller's empty <driver/> has no options after the copy", (t) => {
  const { expected, got } = firstMessages('q2a--virtio-options-controller-ats--07');
  t.deepEqual(got, expected);
});
