/**
 * Changes from a source guest to its destination, by kind:
 *
 * - cosmetic: the same guest spelled differently (layout, units, case, number bases);
 * - volatile: host-side settings that legitimately differ between hosts (storage paths,
 *   network sources, listeners, emulator, media, lifecycle actions); not guest ABI;
 * - breaking: a guest-visible change that libvirt's ABI check refuses;
 * - invalid: a destination libvirt's parser or validation refuses.
 *
 * Every mutation was checked against the real libvirt (9.0.0, 11.3.0, 12.8.0, generic parser).
 * A few are ABI breaks only from some release on (`since`); before it they are compatible.
 */
import {
  allocPci, clone, ensureScsiController, macOf, makeDisk, nextTarget, uuidOf,
  ARM_MODEL_LIST, I440FX_MACHINES, Q35_MACHINES, ARM_MACHINES, X86_MODEL_LIST,
  type DiskBus, type Guest, type PciAddr,
} from './guest.js';
import type { Rng } from './rng.js';
import { isElement, type XmlStyle, type XNode } from './xml.js';

export type ChangeKind = 'none' | 'cosmetic' | 'volatile' | 'breaking' | 'invalid';

/** What the destination becomes: a model, a layout, and optional edits of tree and text. */
export interface DstPlan {
  guest: Guest;
  style: XmlStyle;
  tree: Array<(root: XNode) => void>;
  text: Array<(xml: string) => string>;
}

export interface Mutation {
  kind: Exclude<ChangeKind, 'none'>;
  what: string;
  /** First libvirt release for which this is a break (or an invalid file); compatible before. */
  since?: string;
  weight: number;
  applies?: (g: Guest) => boolean;
  /** Returns a short description of the change. */
  apply: (rng: Rng, plan: DstPlan) => string;
}

const other = <T>(rng: Rng, items: readonly T[], not: T): T => rng.pick(items.filter((x) => x !== not));

const dataDisks = (g: Guest) => g.disks.filter((d) => d.device === 'disk');
const hasFileSerial = (g: Guest) => g.serials.some((s) => s.type === 'file');

function child(root: XNode, name: string): XNode | undefined {
  return root.children.find((c): c is XNode => isElement(c) && c.name === name);
}

function setMemory(g: Guest, kib: number): void {
  const cur = g.currentKiB === g.memoryKiB;
  if (g.cpu.numa) {
    const per = kib / g.cpu.numa.length;
    for (const c of g.cpu.numa) c.memKiB = per;
  }
  g.memoryKiB = kib;
  if (cur || g.currentKiB > kib) g.currentKiB = kib;
}

function networkName(rng: Rng, old: string): string {
  return other(rng, ['default', 'prod', 'prod-b', 'tenant', 'tenant-2', 'mgmt', 'storage', 'vlan-120', 'vlan-341', 'br0', 'br1', 'br-prod', 'ovsbr1', 'eno2', 'ens3f1'], old);
}

// ---------------------------------------------------------------------------------------------

const COSMETIC: Mutation[] = [
  {
    kind: 'cosmetic', what: 'reformat', weight: 4,
    apply: (rng, p) => {
      const indent = rng.pick(['    ', '\t', ' ', '   ']);
      p.style = { indent, quote: rng.pick(["'", '"'] as const), expandEmpty: rng.chance(0.5), declaration: rng.chance(0.5), attrSep: rng.pick([' ', '  ', '\n' + indent.repeat(3)]) };
      return `indent ${JSON.stringify(indent)}, quotes ${p.style.quote}`;
    },
  },
  {
    kind: 'cosmetic', what: 'memory-unit', weight: 2,
    apply: (rng, p) => {
      const from = p.guest.spelling.memUnit;
      const to = p.guest.memoryKiB % (1024 * 1024) === 0 ? other(rng, ['KiB', 'MiB', 'GiB'] as const, from) : from === 'KiB' ? 'MiB' : 'KiB';
      p.guest.spelling.memUnit = to;
      return `${from} -> ${to}`;
    },
  },
  {
    kind: 'cosmetic', what: 'mac-case', weight: 1, applies: (g) => g.nics.length > 0,
    apply: (_rng, p) => { p.guest.spelling.macUpper = true; return 'MAC addresses in upper case'; },
  },
  {
    kind: 'cosmetic', what: 'pci-decimal', weight: 1,
    apply: (_rng, p) => { p.guest.spelling.pciDecimal = true; return 'PCI addresses in decimal'; },
  },
  {
    kind: 'cosmetic', what: 'uuid-spelling', weight: 1,
    apply: (rng, p) => { p.guest.spelling.uuid = rng.pick(['compact', 'upper'] as const); return `uuid ${p.guest.spelling.uuid}`; },
  },
  {
    kind: 'cosmetic', what: 'comments', weight: 1,
    apply: (rng, p) => {
      const who = rng.pick(['ansible', 'terraform-provider-libvirt', 'virt-manager', 'nova']);
      p.tree.push((root) => {
        root.children.unshift({ comment: `WARNING: managed by ${who}; edits will be overwritten` });
        child(root, 'devices')?.children.splice(1, 0, { comment: 'storage' });
      });
      return `comments from ${who}`;
    },
  },
  {
    kind: 'cosmetic', what: 'device-order', weight: 2,
    apply: (_rng, p) => {
      // moves whole device groups: order within a group (what libvirt compares) is unchanged
      p.tree.push((root) => {
        const devices = child(root, 'devices')!;
        const rank = (c: (typeof devices.children)[number]) => (isElement(c) ? ({ interface: 0, controller: 1, disk: 2 } as Record<string, number>)[c.name] ?? 3 : 3);
        const moved = devices.children.filter((c) => rank(c) < 3).sort((a, b) => rank(a) - rank(b));
        const rest = devices.children.filter((c) => rank(c) === 3);
        devices.children = [rest[0], ...moved, ...rest.slice(1)];
      });
      return 'interfaces and controllers before disks';
    },
  },
  {
    kind: 'cosmetic', what: 'metadata', weight: 1,
    apply: (rng, p) => {
      p.guest.description = `migrated ${rng.pick(['2024', '2025'])}-${String(rng.int(1, 12)).padStart(2, '0')}; ticket OPS-${rng.int(1000, 99999)}`;
      p.guest.title = p.guest.title ? undefined : `${p.guest.name} (migrated)`;
      return 'title and description';
    },
  },
];

const VOLATILE: Mutation[] = [
  {
    kind: 'volatile', what: 'disk-source', weight: 5, applies: (g) => dataDisks(g).some((d) => d.source),
    apply: (rng, p) => {
      const d = rng.pick(dataDisks(p.guest).filter((x) => x.source));
      const old = d.source!;
      if (d.type === 'file') d.source = old.replace(/^.*\//, `${rng.pick(['/mnt/nfs-pool', '/srv/vm-b', '/var/lib/libvirt/images/migrated', '/data2/images'])}/`);
      else if (d.type === 'block') d.source = old.replace(/^\/dev\/[^/]+\//, `/dev/${rng.pick(['vg_new', 'vg_ssd', 'vg_data2'])}/`);
      else d.source = old.replace(/^[^/]+\//, `${rng.pick(['vms-ssd', 'rbd-b', 'volumes2'])}/`);
      return `${d.target}: ${old} -> ${d.source}`;
    },
  },
  {
    kind: 'volatile', what: 'net-source', weight: 4, applies: (g) => g.nics.length > 0,
    apply: (rng, p) => {
      const n = rng.pick(p.guest.nics);
      const old = n.source;
      n.source = networkName(rng, old);
      return `${n.mac}: ${old} -> ${n.source}`;
    },
  },
  {
    kind: 'volatile', what: 'graphics-listen', weight: 2, applies: (g) => g.graphics !== undefined,
    apply: (rng, p) => {
      const gr = p.guest.graphics!;
      const old = gr.listen;
      gr.listen = other(rng, ['127.0.0.1', '0.0.0.0', '10.20.0.15', '192.168.122.1'], old);
      if (gr.type === 'vnc' && rng.chance(0.5)) gr.port = gr.port === undefined ? 5900 + rng.int(0, 50) : undefined;
      return `${old} -> ${gr.listen}`;
    },
  },
  {
    kind: 'volatile', what: 'emulator', weight: 1,
    apply: (_rng, p) => {
      const old = p.guest.emulator;
      p.guest.emulator = old.startsWith('/usr/libexec') ? `/usr/bin/qemu-system-${p.guest.arch}` : '/usr/libexec/qemu-kvm';
      return `${old} -> ${p.guest.emulator}`;
    },
  },
  {
    kind: 'volatile', what: 'disk-cache', weight: 2, applies: (g) => dataDisks(g).length > 0,
    apply: (rng, p) => {
      const d = rng.pick(dataDisks(p.guest));
      const old = d.cache ?? 'default';
      if (d.cache === 'none') { d.cache = 'writeback'; d.io = 'threads'; } else { d.cache = 'none'; d.io = 'native'; }
      return `${d.target}: cache ${old} -> ${d.cache}`;
    },
  },
  {
    kind: 'volatile', what: 'cdrom-media', weight: 2, applies: (g) => g.disks.some((d) => d.device === 'cdrom'),
    apply: (rng, p) => {
      const d = p.guest.disks.find((x) => x.device === 'cdrom')!;
      const old = d.source;
      d.source = old === undefined ? `/var/lib/libvirt/iso/${rng.pick(['ubuntu-24.04-live-server-amd64.iso', 'virtio-win-0.1.262.iso', 'rescue.iso'])}` : undefined;
      return `${d.target}: ${old ?? 'empty'} -> ${d.source ?? 'ejected'}`;
    },
  },
  {
    kind: 'volatile', what: 'nvram-path', weight: 1, applies: (g) => g.firmware !== undefined,
    apply: (_rng, p) => {
      const f = p.guest.firmware!;
      f.nvram = f.nvram.replace('/var/lib/libvirt/qemu/nvram/', '/srv/nvram/');
      return f.nvram;
    },
  },
  {
    kind: 'volatile', what: 'serial-log', weight: 1, applies: hasFileSerial,
    apply: (_rng, p) => {
      const s = p.guest.serials.find((x) => x.type === 'file')!;
      s.path = s.path!.replace('/var/log/libvirt/qemu/', '/var/log/vm-consoles/');
      return s.path;
    },
  },
  {
    kind: 'volatile', what: 'crash-action', weight: 1,
    apply: (rng, p) => {
      const old = p.guest.onCrash;
      p.guest.onCrash = other(rng, ['destroy', 'restart', 'coredump-restart'] as const, old);
      return `on_crash ${old} -> ${p.guest.onCrash}`;
    },
  },
  {
    kind: 'volatile', what: 'watchdog-action', weight: 1, applies: (g) => g.watchdog !== undefined,
    apply: (rng, p) => {
      const w = p.guest.watchdog!;
      const old = w.action;
      w.action = other(rng, ['reset', 'poweroff', 'pause'] as const, old);
      return `${old} -> ${w.action}`;
    },
  },
  {
    kind: 'volatile', what: 'balloon-stats', weight: 1, applies: (g) => g.memballoon.model === 'virtio',
    apply: (_rng, p) => {
      const m = p.guest.memballoon;
      m.period = m.period === undefined ? 5 : undefined;
      return `stats period ${m.period ?? 'removed'}`;
    },
  },
];

function changeDiskBus(rng: Rng, g: Guest): string {
  const candidates = dataDisks(g);
  const d = rng.pick(candidates);
  const from = d.bus;
  const choices: DiskBus[] = g.family === 'q35' ? ['virtio', 'scsi', 'sata'] : g.family === 'i440fx' ? ['virtio', 'scsi', 'ide'] : ['virtio', 'scsi'];
  let to = other(rng, choices, from);
  if (to === 'ide' && g.disks.filter((x) => x.bus === 'ide').length >= 4) to = 'virtio';
  const oldTarget = d.target;
  d.bus = to;
  d.target = '';
  d.target = nextTarget(g, to);
  if (to === 'virtio') d.address = allocPci(g);
  else {
    if (to === 'scsi') ensureScsiController(g);
    const used = new Set(g.disks.filter((x) => x !== d && x.bus === to && x.address.type === 'drive').map((x) => x.address.type === 'drive' ? `${x.address.bus}:${x.address.unit}` : ''));
    const slots = to === 'ide' ? [[0, 0], [0, 1], [1, 0], [1, 1]] : Array.from({ length: 6 }, (_, u) => [0, u]);
    const [bus, unit] = slots.find(([b, u]) => !used.has(`${b}:${u}`))!;
    d.address = { type: 'drive', controller: 0, bus, target: 0, unit };
  }
  return `${oldTarget} ${from} -> ${d.target} ${to}`;
}

const BREAKING: Mutation[] = [
  { kind: 'breaking', what: 'disk-bus', weight: 4, applies: (g) => dataDisks(g).length > 0, apply: (rng, p) => changeDiskBus(rng, p.guest) },
  {
    kind: 'breaking', what: 'disk-added', weight: 4,
    apply: (rng, p) => {
      const g = p.guest;
      const bus = g.disks.find((d) => d.device === 'disk')?.bus === 'scsi' ? 'scsi' : 'virtio';
      const d = makeDisk(rng, g, bus, dataDisks(g).length);
      g.disks.push(d);
      return `new ${d.bus} disk ${d.target}`;
    },
  },
  {
    kind: 'breaking', what: 'disk-removed', weight: 3, applies: (g) => g.disks.length >= 2,
    apply: (_rng, p) => {
      const d = p.guest.disks.pop()!;
      return `${d.device} ${d.target} removed`;
    },
  },
  {
    kind: 'breaking', what: 'disk-serial', weight: 1, applies: (g) => dataDisks(g).length > 0,
    apply: (rng, p) => {
      const d = rng.pick(dataDisks(p.guest));
      const old = d.serial;
      d.serial = `SN-${rng.hex(8).toUpperCase()}`;
      return `${d.target}: ${old ?? 'none'} -> ${d.serial}`;
    },
  },
  {
    kind: 'breaking', what: 'nic-model', weight: 3, applies: (g) => g.nics.length > 0,
    apply: (rng, p) => {
      const n = rng.pick(p.guest.nics);
      const old = n.model;
      n.model = other(rng, p.guest.family === 'i440fx' ? ['virtio', 'e1000', 'rtl8139'] as const : ['virtio', 'e1000e'] as const, old);
      if (n.model !== 'virtio') { n.queues = undefined; n.mtu = undefined; }
      return `${old} -> ${n.model}`;
    },
  },
  {
    kind: 'breaking', what: 'nic-mac', weight: 3, applies: (g) => g.nics.length > 0,
    apply: (rng, p) => {
      const n = rng.pick(p.guest.nics);
      const old = n.mac;
      n.mac = macOf(rng);
      return `${old} -> ${n.mac}`;
    },
  },
  {
    kind: 'breaking', what: 'nic-added', weight: 2,
    apply: (rng, p) => {
      const g = p.guest;
      const model = g.nics[0]?.model ?? 'virtio';
      g.nics.push({ type: 'network', source: 'default', mac: macOf(rng), model, address: allocPci(g) });
      return `new ${model} interface`;
    },
  },
  {
    kind: 'breaking', what: 'nic-removed', weight: 1, applies: (g) => g.nics.length > 0,
    apply: (_rng, p) => `${p.guest.nics.pop()!.mac} removed`,
  },
  {
    kind: 'breaking', what: 'vcpus', weight: 4,
    apply: (rng, p) => {
      const g = p.guest;
      const t = g.cpu.topology;
      const old = g.vcpus;
      // growing only: NUMA cells keep naming valid vCPU ids
      const factor = rng.pick([2, 2, 3]);
      t.cores *= factor;
      g.vcpus *= factor;
      return `${old} -> ${g.vcpus} vCPUs`;
    },
  },
  {
    kind: 'breaking', what: 'cpu-topology', weight: 2, applies: (g) => g.cpu.topology.cores % 2 === 0 || g.cpu.topology.threads === 2,
    apply: (_rng, p) => {
      const t = p.guest.cpu.topology;
      const old = `${t.sockets}/${t.dies}/${t.cores}/${t.threads}`;
      if (t.threads === 2) { t.threads = 1; t.cores *= 2; } else { t.threads = 2; t.cores /= 2; }
      return `sockets/dies/cores/threads ${old} -> ${t.sockets}/${t.dies}/${t.cores}/${t.threads}`;
    },
  },
  {
    kind: 'breaking', what: 'memory', weight: 4,
    apply: (rng, p) => {
      const g = p.guest;
      const old = g.memoryKiB;
      const cells = g.cpu.numa?.length ?? 1;
      setMemory(g, rng.chance(0.7) ? old * 2 : old + cells * 1024 * 1024);
      return `${old / 1024} MiB -> ${g.memoryKiB / 1024} MiB`;
    },
  },
  {
    kind: 'breaking', what: 'machine-type', weight: 3,
    apply: (rng, p) => {
      const g = p.guest;
      const old = g.machine;
      g.machine = other(rng, g.family === 'q35' ? Q35_MACHINES : g.family === 'i440fx' ? I440FX_MACHINES : ARM_MACHINES, old);
      return `${old} -> ${g.machine}`;
    },
  },
  {
    kind: 'breaking', what: 'cpu-model', weight: 3, applies: (g) => g.cpu.mode === 'custom',
    apply: (rng, p) => {
      const c = p.guest.cpu;
      const old = c.model!;
      c.model = other(rng, p.guest.arch === 'x86_64' ? X86_MODEL_LIST : ARM_MODEL_LIST, old);
      return `${old} -> ${c.model}`;
    },
  },
  {
    kind: 'breaking', what: 'cpu-mode', weight: 2,
    apply: (rng, p) => {
      const c = p.guest.cpu;
      const old = c.mode;
      c.mode = other(rng, ['host-model', 'host-passthrough'] as const, old as 'host-model');
      c.model = undefined;
      c.features = [];
      c.check = c.mode === 'host-passthrough' ? 'none' : 'partial';
      return `${old} -> ${c.mode}`;
    },
  },
  {
    kind: 'breaking', what: 'cpu-feature', weight: 2, applies: (g) => g.cpu.mode === 'custom' && g.arch === 'x86_64',
    apply: (rng, p) => {
      const c = p.guest.cpu;
      const have = new Set(c.features.map(([, n]) => n));
      const name = rng.pick(['avx512f', 'vmx', 'x2apic', 'aes', 'rdrand', 'smap'].filter((n) => !have.has(n)));
      c.features.push(['require', name]);
      return `+${name}`;
    },
  },
  {
    kind: 'breaking', what: 'numa-memory', weight: 2, applies: (g) => (g.cpu.numa?.length ?? 0) >= 2,
    apply: (_rng, p) => {
      const [a, b] = p.guest.cpu.numa!;
      a.memKiB += 1024 * 1024;
      b.memKiB -= 1024 * 1024;
      return `1 GiB from cell 1 to cell 0`;
    },
  },
  {
    kind: 'breaking', what: 'usb-model', weight: 2, applies: (g) => g.controllers.some((c) => c.type === 'usb' && c.model !== 'none'),
    apply: (_rng, p) => {
      const c = p.guest.controllers.find((x) => x.type === 'usb')!;
      const old = c.model!;
      c.model = old === 'qemu-xhci' ? 'nec-xhci' : 'piix4-uhci';
      return `${old} -> ${c.model}`;
    },
  },
  {
    kind: 'breaking', what: 'video-model', weight: 2, applies: (g) => g.video !== undefined,
    apply: (rng, p) => {
      const v = p.guest.video!;
      const old = v.model;
      v.model = other(rng, ['virtio', 'vga', 'bochs'] as const, old as 'vga');
      v.ram = v.vgamem = undefined;
      v.vram = v.model === 'vga' ? 16384 : undefined;
      return `${old} -> ${v.model}`;
    },
  },
  {
    kind: 'breaking', what: 'video-vram', weight: 1, applies: (g) => g.video?.model === 'qxl',
    apply: (_rng, p) => {
      const v = p.guest.video!;
      const old = v.vram!;
      v.vram = old > 16384 ? old / 2 : old * 2;
      return `${old} -> ${v.vram}`;
    },
  },
  {
    kind: 'breaking', what: 'hpet', weight: 1, applies: (g) => g.clock.timers.some((t) => t.name === 'hpet'),
    apply: (_rng, p) => {
      p.guest.clock.timers.find((t) => t.name === 'hpet')!.present = 'yes';
      return 'hpet present';
    },
  },
  {
    kind: 'breaking', what: 'hyperv-spinlocks', weight: 1, applies: (g) => g.features.hyperv !== undefined,
    apply: (_rng, p) => { p.guest.features.hyperv!.spinlocks = 4095; return '8191 -> 4095'; },
  },
  {
    kind: 'breaking', what: 'hyperv-vpindex', weight: 1, applies: (g) => g.features.hyperv !== undefined,
    apply: (_rng, p) => {
      const h = p.guest.features.hyperv!;
      h.vpindex = !h.vpindex;
      return `vpindex and synic ${h.vpindex ? 'added' : 'removed'}`;
    },
  },
  {
    kind: 'breaking', what: 'watchdog-removed', weight: 1, applies: (g) => g.watchdog !== undefined,
    apply: (_rng, p) => { p.guest.watchdog = undefined; return 'i6300esb removed'; },
  },
  {
    kind: 'breaking', what: 'balloon-removed', weight: 1, applies: (g) => g.memballoon.model === 'virtio',
    apply: (_rng, p) => { p.guest.memballoon = { model: 'none' }; return 'virtio -> none'; },
  },
  {
    kind: 'breaking', what: 'rng-removed', weight: 1, applies: (g) => g.rng !== undefined,
    apply: (_rng, p) => { p.guest.rng = undefined; return 'virtio-rng removed'; },
  },
  {
    kind: 'breaking', what: 'tpm-model', weight: 1, applies: (g) => g.tpm !== undefined,
    apply: (_rng, p) => { p.guest.tpm!.model = 'tpm-tis'; return 'tpm-crb -> tpm-tis'; },
  },
  {
    kind: 'breaking', what: 'uuid', weight: 1,
    apply: (rng, p) => { const old = p.guest.uuid; p.guest.uuid = uuidOf(rng); return `${old} -> ${p.guest.uuid}`; },
  },
  {
    kind: 'breaking', what: 'name', weight: 1,
    apply: (rng, p) => { const old = p.guest.name; p.guest.name = `${old}-${rng.pick(['new', 'b', 'clone', 'v2'])}`; return `${old} -> ${p.guest.name}`; },
  },
  {
    kind: 'breaking', what: 'pci-address', weight: 2, applies: (g) => g.nics.length > 0,
    apply: (rng, p) => {
      const n = rng.pick(p.guest.nics);
      const fmt = (a: PciAddr) => `${a.bus}:${a.slot}.${a.fn}`;
      const old = fmt(n.address);
      n.address = allocPci(p.guest);
      return `${n.mac} ${old} -> ${fmt(n.address)}`;
    },
  },
  {
    kind: 'breaking', what: 'serial-removed', weight: 1, applies: (g) => g.serials.length > 0,
    apply: (_rng, p) => {
      // the console goes too: libvirt would recreate the serial from a serial console
      p.guest.serials = [];
      p.guest.consoles = p.guest.consoles.filter((c) => c.target !== 'serial');
      return 'serial port and console removed';
    },
  },
  {
    kind: 'breaking', what: 'iommu-removed', weight: 2, applies: (g) => g.iommu !== undefined,
    apply: (_rng, p) => { p.guest.iommu = undefined; return 'smmuv3 removed'; },
  },
  {
    kind: 'breaking', what: 'iommu-added', weight: 1, applies: (g) => g.family === 'aarch64' && g.iommu === undefined,
    apply: (_rng, p) => { p.guest.iommu = {}; return 'smmuv3 added'; },
  },
  {
    kind: 'breaking', what: 'gic-version', weight: 1, applies: (g) => g.features.gic !== undefined,
    apply: (_rng, p) => { p.guest.features.gic = 2; return '3 -> 2'; },
  },
  {
    kind: 'breaking', what: 'hostdev-removed', weight: 1, applies: (g) => g.hostdevs.length > 0,
    apply: (_rng, p) => { const h = p.guest.hostdevs.pop()!; return `GPU ${h.source.bus.toString(16)}:00.0 removed`; },
  },
  // from some release on only
  {
    kind: 'breaking', what: 'iommu-cmdqv', since: '12.7.0', weight: 2, applies: (g) => g.iommu?.accel !== undefined,
    apply: (_rng, p) => { p.guest.iommu!.accel!.cmdqv = 'off'; return "cmdqv 'on' -> 'off'"; },
  },
  {
    kind: 'breaking', what: 'iommu-oas', since: '12.7.0', weight: 1, applies: (g) => g.iommu?.accel !== undefined,
    apply: (_rng, p) => { const a = p.guest.iommu!.accel!; const old = a.oas; a.oas = old === 44 ? 48 : 44; return `oas ${old} -> ${a.oas}`; },
  },
  {
    kind: 'breaking', what: 'iommu-pci-bus', since: '11.10.0', weight: 1, applies: (g) => g.iommu?.accel !== undefined,
    apply: (_rng, p) => {
      // points the SMMU at the first root port instead of the expander bus
      const a = p.guest.iommu!.accel!;
      const old = a.pciBus;
      a.pciBus = p.guest.controllers.find((c) => c.model === 'pcie-root-port')!.index;
      return `pciBus ${old} -> ${a.pciBus}`;
    },
  },
  {
    kind: 'breaking', what: 'net-queues', since: '11.4.0', weight: 1, applies: (g) => g.nics.some((n) => n.model === 'virtio' && n.queues !== undefined),
    apply: (_rng, p) => {
      const n = p.guest.nics.find((x) => x.model === 'virtio' && x.queues !== undefined)!;
      const old = n.queues!;
      n.queues = old === 8 ? 4 : 8;
      return `queues ${old} -> ${n.queues}`;
    },
  },
];

/** Replaces the first match; a mutation whose pattern is missing is a bug, so fail loudly. */
function edit(xml: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(xml)) throw new Error(`fleet: invalid mutation found no ${pattern}`);
  return xml.replace(pattern, replacement);
}

const INVALID: Mutation[] = [
  {
    kind: 'invalid', what: 'truncated', weight: 3,
    apply: (rng, p) => {
      const cut = rng.next();
      // a copy that stopped half-way: never reaches </domain>
      p.text.push((xml) => xml.slice(0, Math.floor(xml.length * (0.3 + 0.65 * cut))));
      return `cut at ${Math.round((0.3 + 0.65 * cut) * 100)}%`;
    },
  },
  {
    kind: 'invalid', what: 'missing-os-type', weight: 2,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /\n[ \t]*<type arch=[^\n]*<\/type>/, '')); return 'no <os><type>'; },
  },
  {
    kind: 'invalid', what: 'memory-value', weight: 2,
    apply: (rng, p) => {
      const v = rng.pick(['8G', 'eight', '-4', '0x']);
      p.text.push((xml) => edit(xml, /(<memory unit=.[A-Za-z]+.>)[^<]*</, `$1${v}<`));
      return `<memory>${v}</memory>`;
    },
  },
  {
    kind: 'invalid', what: 'memory-unit', weight: 1,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /<memory unit=(.)[A-Za-z]+./, '<memory unit=$1XiB$1')); return "unit='XiB'"; },
  },
  {
    kind: 'invalid', what: 'mac-address', weight: 2, applies: (g) => g.nics.length > 0,
    apply: (rng, p) => {
      const bad = rng.pick(['52:54:00:zz:10:01', '01:00:5e:00:00:fb', '52:54:00:12:34']);
      p.text.push((xml) => edit(xml, /(<mac address=.)[^'"]+/, `$1${bad}`));
      return bad;
    },
  },
  {
    kind: 'invalid', what: 'missing-name', weight: 1,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /\n[ \t]*<name>[^<]*<\/name>/, '')); return 'no <name>'; },
  },
  {
    kind: 'invalid', what: 'disk-bus', weight: 2, applies: (g) => g.disks.length > 0,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /(<target dev=.[a-z]+. bus=.)[a-z]+/, '$1nvme2')); return "bus='nvme2'"; },
  },
  {
    kind: 'invalid', what: 'uuid', weight: 1,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /<uuid>[^<]*</, '<uuid>4d1c9a3e-7b52-4f0e-9a61-2f8e5c3b7d1<')); return 'uuid one digit short'; },
  },
  {
    kind: 'invalid', what: 'duplicate-disk-target', weight: 2, applies: (g) => g.disks.filter((d) => d.bus === g.disks[0].bus).length >= 2,
    apply: (_rng, p) => {
      const g = p.guest;
      const [a, b] = g.disks.filter((d) => d.bus === g.disks[0].bus);
      b.target = a.target;
      return `two disks named ${a.target}`;
    },
  },
  {
    kind: 'invalid', what: 'root-element', weight: 1,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /<domain( |>)/, '<vm$1').replace(/<\/domain>/, '</vm>')); return '<vm> instead of <domain>'; },
  },
  {
    kind: 'invalid', what: 'domain-type', weight: 1,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /<domain type=(.)kvm./, '<domain type=$1kvm-accel$1')); return "type='kvm-accel'"; },
  },
  {
    kind: 'invalid', what: 'numa-cpus', weight: 1, applies: (g) => g.cpu.numa !== undefined,
    apply: (_rng, p) => {
      const g = p.guest;
      const last = g.cpu.numa![g.cpu.numa!.length - 1];
      last.cpus = `${last.cpus.split('-')[0]}-${g.vcpus + 3}`;
      return `cell cpus ${last.cpus} beyond ${g.vcpus} vCPUs`;
    },
  },
  // from some release on only
  {
    kind: 'invalid', what: 'cmdqv-auto', since: '12.7.0', weight: 1, applies: (g) => g.iommu?.accel !== undefined,
    apply: (_rng, p) => { p.text.push((xml) => edit(xml, /cmdqv=(.)on./, 'cmdqv=$1auto$1')); return "cmdqv='auto'"; },
  },
];

export const MUTATIONS: Readonly<Record<Exclude<ChangeKind, 'none'>, readonly Mutation[]>> = {
  cosmetic: COSMETIC, volatile: VOLATILE, breaking: BREAKING, invalid: INVALID,
};

/** Picks an applicable mutation of a kind (weighted) and applies it to a copy of the guest. */
export function mutate(rng: Rng, src: Guest, style: XmlStyle, kind: Exclude<ChangeKind, 'none'>): { plan: DstPlan; mutation: Mutation; detail: string } {
  const plan: DstPlan = { guest: clone(src), style: { ...style }, tree: [], text: [] };
  const options = MUTATIONS[kind].filter((m) => !m.applies || m.applies(src));
  const mutation = rng.weighted(options.map((m) => [m, m.weight] as const));
  const detail = mutation.apply(rng, plan);
  return { plan, mutation, detail };
}
