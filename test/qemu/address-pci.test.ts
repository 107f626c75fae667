/**
 * PCI address assignment as libvirt 12.8.0's QEMU driver does it (src/qemu/address-pci.ts):
 * libvirt's rejections on labelled pairs, and the addresses and auto-added controllers of a
 * guest without any (labelled by the QEMU oracle's --define).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveProfile } from '../../src/model/profile.js';
import type { Address } from '../../src/model/device.js';
import { CONTROLLER_MODELS_PCI, CONTROLLER_TYPES } from '../../src/model/controller.js';
import type { Domain } from '../../src/model/domain.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition } from '../../src/qemu/index.js';

const profile = resolveProfile('12.8.0');
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SET = here('../../../shared/conformance-qemu');

function define(xml: string, abiUpdate: boolean): Domain {
  const parsed = parseQemuDefinition(xml, profile, { live: false, side: abiUpdate ? 'src' : 'dst' }, BUILT_IN_BINARIES, abiUpdate);
  return 'def' in parsed ? parsed.def : parsed;
}

/** The first rejection of the pair's two sides, as the migration meets them. */
function firstError(c: string): string | undefined {
  for (const [side, abiUpdate] of [['src', true], ['dst', false]] as const) {
    try {
      define(readFileSync(`${SET}/${side}/${c}.xml`, 'utf8'), abiUpdate);
    } catch (err) {
      return (err as Error).message;
    }
  }
  return undefined;
}

const labels = new Map<string, string>();
for (const line of readFileSync(`${SET}/expected.jsonl`, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line) as { case: string; '12.8.0-qemu': { parse_error: string | null } };
  if (r['12.8.0-qemu'].parse_error) labels.set(r.case, r['12.8.0-qemu'].parse_error);
}

// one labelled pair per rejection of the address assignment
const REJECTIONS = [
  'q2x--boot-menu-disable-with-timeout--08', // PIIX3 USB controller at index 0 must have PCI address 0:0:1.2
  'q2a--audio-alsa-minimal--07', // Primary IDE controller must have PCI address 0:0:1.1
  'q2a--440fx-ide-address-conflict--00', // Attempted double use of PCI Address 0000:00:01.1
  'q2a--acpi-table--00', // Attempted double use of PCI Address 0000:00:01.2
  'q2x--net-isolated-port.x86_64-latest--02', // Attempted double use of PCI Address 0000:01:00.0
  'q2a--q35-pci-force-address--05', // Invalid PCI address 0000:03:01.0. slot must be <= 0
  'q2x--pcie-root-port--06', // Only PCI domain 0 is available
  'q2a--graphics-vnc-none--08', // Cannot automatically add a new PCI bus ... connect flags 00
  'q2a--pcie-root-port-too-many--00', // a PCIe slot is needed to connect ... pcie-root-port
  'q2a--pcie-expander-bus-bad-bus--00', // ... It requires a controller that accepts a pcie-expander-bus.
];

for (const c of REJECTIONS) {
  test(`rejects as libvirt does: ${c}`, (t) => {
    t.truthy(labels.get(c));
    t.is(firstError(c), labels.get(c));
  });
}

test('a pci-bridge addressed beyond the buses has no slot to be added for it: libvirt 12.8.0\'s words', (t) => {
  // from `qemu-oracle fixtures/pci-bridge-beyond-buses.xml` twice (libvirt 12.8.0, QEMU 11.1)
  const label = "internal error: a PCIe slot is needed to connect a PCI controller model='pci-bridge', but none is available, and it cannot be automatically added";
  const err = t.throws(() => define(readFileSync(here('fixtures/pci-bridge-beyond-buses.xml'), 'utf8'), true));
  t.is(err?.message, label);
});

const pci = (a: Address) => a.type === 'pci'
  ? `${a.bus.toString(16).padStart(2, '0')}:${a.slot.toString(16).padStart(2, '0')}.${a.function}${a.multifunction === 1 ? ' multi' : ''}`
  : a.type;

test('a q35 guest without addresses gets libvirt\'s slots, root ports and pcie-to-pci bridge', (t) => {
  const dom = define(readFileSync(here('fixtures/q35-no-addresses.xml'), 'utf8'), true);
  const d = dom.devices;
  // from `qemu-oracle --define fixtures/q35-no-addresses.xml` (libvirt 12.8.0, QEMU 11.1)
  t.deepEqual(d.controllers.map((c) => `${CONTROLLER_TYPES[c.type]} ${c.type === 7 ? CONTROLLER_MODELS_PCI[c.model] : ''} ${c.idx} ${pci(c.info.address)}`), [
    'pci pcie-root 0 none',
    'pci pcie-root-port 1 00:02.0 multi',
    'pci pcie-root-port 2 00:02.1',
    'pci pcie-to-pci-bridge 3 01:00.0',
    'pci pcie-root-port 4 00:02.2',
    'pci pcie-root-port 5 00:02.3',
    'pci pcie-root-port 6 00:02.4',
    'pci pcie-root-port 7 00:02.5',
    'usb  0 04:00.0',
    'sata  0 00:1f.2',
  ]);
  t.deepEqual(d.disks.map((x) => pci(x.info.address)), ['05:00.0']);
  t.deepEqual(d.nets.map((x) => pci(x.info.address)), ['02:00.0', '03:01.0']);
  t.deepEqual(d.sounds.map((x) => pci(x.info.address)), ['00:1b.0']);
  t.deepEqual(d.videos.map((x) => pci(x.info.address)), ['00:01.0']);
  t.is(pci(d.memballoon!.info.address), '06:00.0');
  // a root port's generated chassis and port
  t.deepEqual([d.controllers[2].pci!.chassis, d.controllers[2].pci!.port], [2, 0x11]);
});

test('the root bus is the machine\'s when the definition has no root controller yet', (t) => {
  const xml = readFileSync(here('fixtures/q35-no-addresses.xml'), 'utf8').replace("<controller type='pci' index='0' model='pcie-root'/>", '');
  const dom = define(xml, true);
  t.deepEqual(dom.devices.disks.map((x) => pci(x.info.address)), ['05:00.0']);
});

test('a virtio sound device takes a virtio PCI slot (a root port on q35)', (t) => {
  const xml = readFileSync(here('fixtures/sound-virtio.xml'), 'utf8');
  // from `qemu-oracle --define fixtures/sound-virtio.xml`, and with machine='pc' (libvirt 12.8.0, QEMU 11.1)
  t.deepEqual(define(xml, true).devices.sounds.map((x) => pci(x.info.address)), ['01:00.0']);
  t.deepEqual(define(xml.replace("machine='q35'", "machine='pc'"), true).devices.sounds.map((x) => pci(x.info.address)), ['00:02.0']);
});
