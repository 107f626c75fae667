/**
 * virtio-serial port assignment as libvirt 12.8.0's QEMU driver does it
 * (src/qemu/address-virtio-serial.ts): the controllers, console and channel addresses (or the
 * rejection) of small guests, each labelled by the QEMU oracle's --define
 * (fixtures/virtio-serial-define.jsonl), and the labelled conformance-qemu pair they decide.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLLER_TYPE } from '../../src/model/controller.js';
import type { DeviceInfo } from '../../src/model/device.js';
import { resolveProfile } from '../../src/model/profile.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition } from '../../src/qemu/index.js';
import { firstMessages, labelledPairs } from '../helpers/qemu-labels.js';

const profile = resolveProfile('12.8.0');

interface Defined { controllers: number[]; consoles: string[]; channels: string[] }
interface Fixture extends Partial<Defined> { case: string; why: string; xml: string; error?: string }

/** What --define shows: virtio-serial controller indexes, and each console's and channel's address. */
function define(xml: string): Defined | { error: string } {
  const addr = ({ address: a }: DeviceInfo) => (a.type === 'virtio-serial' ? `${a.controller}:${a.bus}:${a.port}` : a.type);
  try {
    const parsed = parseQemuDefinition(xml, profile, { side: 'src' }, BUILT_IN_BINARIES, true);
    const d = ('def' in parsed ? parsed.def : parsed).devices;
    return {
      controllers: d.controllers.filter((c) => c.type === CONTROLLER_TYPE['virtio-serial']).map((c) => c.idx),
      consoles: d.consoles.map((c) => addr(c.info)),
      channels: d.channels.map((c) => addr(c.info)),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const fixtures = readFileSync(join(import.meta.dirname, 'fixtures', 'virtio-serial-define.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as Fixture);

for (const f of fixtures) {
  test(`--define ${f.case}: ${f.why}`, (t) => {
    const expected = f.error !== undefined ? { error: f.error } : { controllers: f.controllers, consoles: f.consoles, channels: f.channels };
    t.deepEqual(define(f.xml), expected);
  });
}

// a channel naming controller 0 (bus 2) on the source, controller 1 on the destination: port 3 on bus 0 vs port 1
test('conformance-qemu q2a--channel-virtio-autoassign--06: the address libvirt gives a channel without port has bus 0', (t) => {
  const { expected, got } = firstMessages('q2a--channel-virtio-autoassign--06');
  t.deepEqual(got, expected);
});

// generated pairs (consoles, channels and controllers varied, src vs dst), labelled by the QEMU oracle in both
// operations: the ones the code before these fixes got wrong (107 of 320, then 96 of 240 with serial consoles, i686,
// PCI-addressed controllers, unix and spicevmc channels and other devices' <driver> varied)
labelledPairs(join(import.meta.dirname, 'fixtures', 'virtio-serial-pairs.jsonl'));
