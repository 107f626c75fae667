/**
 * The QEMU driver's post-parse, USB addresses and migratable copy: what libvirt 12.8.0 adds to a
 * definition (fixtures labelled with the QEMU oracle's --define), and labelled conformance-qemu
 * pairs whose verdict hangs on it.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_USB, CONTROLLER_TYPES } from '../../src/model/controller.js';
import { DISK_MODELS } from '../../src/model/disk.js';
import { MEMBALLOON_MODELS, WATCHDOG_ACTIONS, WATCHDOG_MODELS } from '../../src/model/platform-devices.js';
import { resolveProfile } from '../../src/model/profile.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition, type QemuDefinition } from '../../src/qemu/index.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

const profile = resolveProfile('12.8.0');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const SET = join(process.cwd(), '..', 'shared', 'conformance-qemu');

function define(file: string, abiUpdate: boolean): QemuDefinition {
  const parsed = parseQemuDefinition(readFileSync(join(FIXTURES, file), 'utf8'), profile, {}, BUILT_IN_BINARIES, abiUpdate);
  if (!('migratable' in parsed)) throw new Error(`${file}: not a guest the QEMU mode models`);
  return parsed;
}

const controllerNames = (cs: { type: number; model: number }[]) => cs.map((c) => {
  const type = CONTROLLER_TYPES[c.type];
  const models: readonly string[] = type === 'usb' ? CONTROLLER_MODELS_USB : type === 'pci' ? CONTROLLER_MODELS_PCI : [];
  return c.model >= 0 && models.length ? `${type}:${models[c.model]}` : type;
});

// the oracle's --define of defaults-q35.xml (the root ports and the bridge come from PCI assignment)
test('q35 definition stored by define: default devices in libvirt order, usb-bot cdrom on USB port 1', (t) => {
  const { def } = define('defaults-q35.xml', true);
  const d = def.devices;
  t.deepEqual(controllerNames(d.controllers), ['virtio-serial', 'usb:qemu-xhci', 'sata', 'pci:pcie-root',
    'pci:pcie-root-port', 'pci:pcie-root-port', 'pci:pcie-root-port', 'pci:pcie-root-port', 'pci:pcie-to-pci-bridge', 'pci:pcie-root-port']);
  t.deepEqual(d.inputs.map((i) => `${i.type}:${i.bus}`), ['mouse:ps2', 'keyboard:ps2']);
  t.deepEqual(d.watchdogs.map((w) => `${WATCHDOG_MODELS[w.model]}:${WATCHDOG_ACTIONS[w.action]}`), ['i6300esb:poweroff', 'itco:poweroff']);
  t.is(MEMBALLOON_MODELS[d.memballoon!.model], 'virtio');
  t.deepEqual(d.videos.map((v) => `${v.type}:${v.vram}`), ['cirrus:16384']);
  t.is(DISK_MODELS[d.disks[0].model], 'usb-bot');
  t.deepEqual(d.disks[0].info.address, { type: 'usb', bus: 0, port: '1' });
});

test('the incoming side assigns no USB port and gives a usb cdrom usb-storage', (t) => {
  const { def } = define('defaults-q35.xml', false);
  t.is(DISK_MODELS[def.devices.disks[0].model], 'usb-storage');
  t.deepEqual(def.devices.disks[0].info.address, { type: 'none' });
});

// the oracle's --define of both fixtures: a mouse or keyboard without bus= does not stand for the
// ps2 one the driver adds, one with bus='ps2' does. post-parse-devices.ts finds the busless ones by
// position among the <input> elements: an input list reordered before it would fail this test.
test('inputs without bus= are told by their position: a busless mouse or keyboard gets its ps2 twin, wherever it is', (t) => {
  const inputs = (file: string) => define(file, true).def.devices.inputs.map((i) => `${i.type}:${i.bus}`);
  t.deepEqual(inputs('busless-first.xml'), ['mouse:ps2', 'tablet:usb', 'keyboard:ps2', 'mouse:ps2']);
  t.deepEqual(inputs('busless-last.xml'), ['mouse:ps2', 'tablet:usb', 'keyboard:ps2', 'keyboard:ps2']);
});

// labelled pairs: each was wrong before the step named, and is libvirt's verdict now
const PAIRS: [string, string][] = [
  ['hpd--qemuhotplug-base-live+disk-usb--06', 'migratable copy: ps2 keyboard dropped and added again after the mouse'],
  ['geno--graphics-vnc-socket-attr-listen-address--01', 'default USB controller before the generic implicit IDE'],
  ['q2x--hyperv-passthrough--08', 'a mouse without bus= does not stand for the default ps2 mouse'],
  ['q2a--audio-coreaudio-full--04', 'pci-root before the implicit IDE'],
  ['gen--graphics-vnc-minimal--04', 'implicit ps2 inputs'],
  ['dsch--domain-bios-nvram-empty--05', 'USB ports assigned at define only'],
  ['q2a--disk-usb-device--04', 'USB ports assigned at define only'],
  ['q2a--disk-network-rbd-no-colon--03', 'default memballoon on both sides'],
  ['gen--graphics-vnc-autoport-no--03', 'pci-root at an index other than 0'],
  ['q2a--pcie-expander-bus-bad-machine--00', 'pcie-expander-bus off q35'],
  ['q2a--usb-controller-qemu-xhci-unavailable--02', 'more than 15 xhci ports'],
  ['q2a--pci-expander-bus-bad-node--01', 'expander bus on a missing NUMA node'],
  ['gen--vcpus-individual--00', 'vcpu 0 offline'],
  ['q2a--cpu-hotplug-startup--10', 'vcpu order on some only'],
  ['q2a--cpu-hotplug-startup--09', 'vcpu 0 not first'],
  ['q2a--tseg-i440fx--02', 'TSEG off q35'],
  ['q2a--tseg-invalid-size--00', 'TSEG not in MiB'],
  ['q2a--disk-vhostuser-numa--04', 'define takes the memory size from the NUMA cells'],
  ['q2a--fd-memory-numa-topology4--02', 'define takes the memory size from the NUMA cells'],
  ['q2a--input-usbmouse--03', "default CPU model: qemu64, or qemu32 for an i686 guest left to qemu-system-i386"],
  ['q2a--cpu-host-model-nofallback--05', 'default CPU check per mode'],
  ['q2x--console-compat--03', 'x86 serial: isa-serial target and model by default'],
  ['q2x--serial-debugcon--00', 'x86 serial: isa-debugcon model for an isa-debug target'],
  ['q2a--vhost-vsock--08', 'vsock model virtio by default'],
  ['q2a--boot-complex--00', 'net model rtl8139 by default'],
  ['q2x--smartcard-controller--00', 'a ccid controller gets a USB port at define'],
  ['q2a--tpm-emulator--08', 'a tpm-tis emulator is TPM 1.2 by default'],
  ['q2x--shmem-plain-doorbell--05', 'a doorbell shmem with a server has ioeventfd on by default'],
  ['q2a--serial-dev-chardev-iobase--02', 'migratable copy: the serial console is written as its serial'],
  ['q2a--disk-discard--08', 'migratable copy: every disk has a <driver>, so virtio options'],
  ['q2x--pci-many--07', 'migratable copy: a disk without <driver> gets one'],
  ['hpd--qemuhotplug-base-live+qemu-agent--01', 'a virtio channel without an address gets a virtio-serial port on the incoming side too'],
  ['q2a--channel-virtio-autoadd--04', 'a virtio-serial controller is added when every port is taken'],
  ['q2x--pci-serial-dev-chardev--01', 'a virtio console with a PCI address keeps it (and its double use is refused)'],
  ['q2a--disk-backing-chains-index--03', 'migratable copy: a backing store without a path writes no <source>, which the re-parse requires'],
  ['q2a--disk-backing-chains-noindex--02', "migratable copy: a file backing store given a 'dev' has no path either"],
  ['q2a--hostdev-usb-address-device--02', 'migratable copy: an empty USB hostdev <source> is not written, and the re-parse requires it'],
  ['q2x--machine-smm-off.x86_64-latest--08', "migratable copy: the default USB controller is written beside the model='none' one"],
  ['q2a--seclabel-static--02', "default security model 'none': a lone static label without a model is refused"],
  ['q2a--cpu-Icelake-Server-pconfig--00', 'migratable copy: an Icelake-Server CPU says pconfig off whatever the definition said'],
  ['q2a--disk-cdrom-network--00', 'migratable copy: the re-parse orders the disks of a bus by target, now that a bus-less one has its bus'],
  ['q2a--pci-expander-bus--07', 'NUMA node 0 takes the vCPUs no cell holds (cpus 1-7 of 16 become 0-7)'],
  ['q2a--cpu-numa1--08', 'NUMA node 0 takes the vCPUs no cell holds (a cell without cpus: node 0 differs first)'],
  ['q2a--hugepages-shared--04', 'NUMA node 0 takes the vCPUs no cell holds (cells with ids)'],
  ['q2a--virtio-rng-builtin--03', 'user aliases are kept: a pci-root with one stays in the migratable copy, and the USB controller comes back after it'],
  ['q2a--seclabel-dynamic-relabel--05', "default security model 'none': a lone dynamic label without a model takes it"],
];

interface Label {
  compatible: boolean | null; error: string | null; src_ok: boolean; dst_ok: boolean; parse_error: string | null;
  compatible_save: boolean | null; error_save: string | null;
}

const labels = new Map<string, Label>();
if (existsSync(join(SET, 'expected.jsonl'))) {
  for (const line of readFileSync(join(SET, 'expected.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { case: string; '12.8.0-qemu': Label };
    labels.set(r.case, r['12.8.0-qemu']);
  }
}

for (const [name, why] of PAIRS) {
  test(`conformance-qemu ${name}: ${why}`, (t) => {
    const label = labels.get(name);
    if (!label) return t.fail(`${name} is not in ${SET}/expected.jsonl`);
    const read = (side: string) => readFileSync(join(SET, side, `${name}.xml`), 'utf8');
    const r = checkXmlPair(name, 'src', 'dst', read('src'), read('dst'), { profile, skipVolatile: true, driver: 'qemu' });
    if (!label.src_ok || !label.dst_ok) {
      t.is(r.status, 'error');
      t.deepEqual(r.error && { side: r.error.side, message: r.error.message }, { side: label.src_ok ? 'dst' : 'src', message: label.parse_error ?? '' });
      return;
    }
    t.is(r.status, label.compatible ? 'compatible' : 'incompatible', r.error?.message);
    if (!label.compatible) t.is(r.mismatches[0]?.message, label.error ?? '');
  });
}

// save-image-define compares the image with the new definition as given when its migratable copy differs
test('save-image-define: the migratable copy re-assigns the USB controller it left out, as define placed it', (t) => {
  const name = 'q2a--virtio-rng-builtin--03';
  const label = labels.get(name);
  if (!label) return t.fail(`${name} is not in ${SET}/expected.jsonl`);
  const read = (side: string) => readFileSync(join(SET, side, `${name}.xml`), 'utf8');
  const r = checkXmlPair(name, 'src', 'dst', read('src'), read('dst'), { profile, skipVolatile: false, driver: 'qemu', operation: 'save-image-define' });
  t.is(label.compatible_save, true);
  t.is(r.status, 'compatible', r.mismatches[0]?.message);
});

// the oracle's --define of that pair's source with one user alias on two devices
test('user aliases must be unique', (t) => {
  const xml = readFileSync(join(SET, 'src', 'q2a--virtio-rng-builtin--03.xml'), 'utf8')
    .replace("<input type='mouse' bus='ps2'/>", "<input type='mouse' bus='ps2'><alias name='ua-x'/></input>")
    .replace("<memballoon model='virtio'/>", "<memballoon model='virtio'><alias name='ua-x'/></memballoon>");
  t.throws(() => parseQemuDefinition(xml, profile, {}, BUILT_IN_BINARIES, true), { message: 'unsupported configuration: non unique alias detected: ua-x' });
});

// the oracle's --define of the set's seclabel-static--02 destination with its label's attributes changed
const SECLABELS: [string, string | undefined][] = [
  ['type="static" relabel="yes"', 'XML error: missing security model in domain seclabel'],
  ['type="static"', 'XML error: missing security model in domain seclabel'],
  ['type="none" relabel="no"', undefined],
  ['type="dynamic"', undefined],
  ['type="static" relabel="no" model="none"', undefined],
];
for (const [attrs, error] of SECLABELS) {
  test(`a lone domain seclabel ${attrs}: ${error ?? "defined as type none, model 'none'"}`, (t) => {
    const xml = readFileSync(join(SET, 'dst', 'q2a--seclabel-static--02.xml'), 'utf8').replace('type="static" relabel="no"', attrs);
    const parse = () => parseQemuDefinition(xml, profile, {}, BUILT_IN_BINARIES, true);
    if (error) return void t.throws(parse, { message: error });
    const parsed = parse();
    t.deepEqual('def' in parsed && parsed.def.seclabels, [{ model: 'none', relabel: false }]);
  });
}

test('a worker that parsed a pair generically parses it again for a QEMU check (the parse memory is per driver)', (t) => {
  const name = 'q2a--disk-discard--08';
  const read = (side: string) => readFileSync(join(SET, side, `${name}.xml`), 'utf8');
  const generic = checkXmlPair(name, 'src', 'dst', read('src'), read('dst'), { profile, skipVolatile: true });
  t.is(generic.status, 'incompatible');
  const qemu = checkXmlPair(name, 'src', 'dst', read('src'), read('dst'), { profile, skipVolatile: true, driver: 'qemu' });
  t.is(qemu.status, 'compatible');
  t.is(qemu.driver, 'qemu');
});
