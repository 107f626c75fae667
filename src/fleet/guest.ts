/**
 * A plain data model of one guest, built the way virt-install / virt-manager / OpenStack lay
 * guests out (explicit PCI addresses, one PCIe root port per endpoint on q35 and virt), so that
 * mutations can change one thing and leave every other address where it was.
 */
import type { Rng } from './rng.js';

export type Family = 'q35' | 'i440fx' | 'aarch64';
export const FAMILIES: readonly Family[] = ['q35', 'i440fx', 'aarch64'];

export interface PciAddr { type: 'pci'; bus: number; slot: number; fn: number; multifunction?: boolean }
export interface DriveAddr { type: 'drive'; controller: number; bus: number; target: number; unit: number }
export interface SerialAddr { type: 'virtio-serial'; controller: number; bus: number; port: number }
export interface UsbAddr { type: 'usb'; bus: number; port: number }
export type Address = PciAddr | DriveAddr | SerialAddr | UsbAddr;

export type DiskBus = 'virtio' | 'scsi' | 'sata' | 'ide';

export interface Disk {
  type: 'file' | 'block' | 'network';
  device: 'disk' | 'cdrom';
  format: 'qcow2' | 'raw';
  cache?: 'none' | 'writeback' | 'directsync';
  io?: 'native' | 'threads';
  discard?: boolean;
  /** file path, block device, or `pool/image` for rbd; none for an empty cdrom */
  source?: string;
  monitors?: string[];
  target: string;
  bus: DiskBus;
  serial?: string;
  readonly?: boolean;
  bootOrder?: number;
  address: Address;
}

export interface Controller {
  type: 'pci' | 'usb' | 'sata' | 'ide' | 'scsi' | 'virtio-serial';
  index: number;
  model?: string;
  modelName?: string;
  chassis?: number;
  port?: number;
  busNr?: number;
  ports?: number;
  address?: PciAddr;
}

export interface Nic {
  type: 'network' | 'bridge' | 'direct';
  source: string;
  mac: string;
  model: 'virtio' | 'e1000' | 'e1000e' | 'rtl8139';
  queues?: number;
  mtu?: number;
  address: PciAddr;
}

export interface Serial { type: 'pty' | 'file'; path?: string; targetType?: 'isa-serial' | 'system-serial'; model?: 'isa-serial' | 'pl011' }
export interface Console { target: 'serial' | 'virtio' }
export interface Channel { type: 'unix' | 'spicevmc'; name: string; address: SerialAddr }
export interface Input { type: 'tablet' | 'mouse' | 'keyboard'; bus: 'usb' | 'ps2' | 'virtio'; address?: UsbAddr | PciAddr }
export interface Graphics { type: 'vnc' | 'spice'; listen: string; port?: number }
export interface Video { model: 'virtio' | 'qxl' | 'vga' | 'cirrus' | 'bochs'; vram?: number; ram?: number; vgamem?: number; heads: number; address: PciAddr }
export interface Hostdev { source: { bus: number; slot: number; fn: number }; address: PciAddr }

export interface SmmuAccel { pciBus: number; cmdqv: 'on' | 'off'; ats: boolean; ril: boolean; ssidsize: number; oas: number }

export interface Guest {
  family: Family;
  role: string;
  os: 'linux' | 'windows';
  arch: 'x86_64' | 'aarch64';
  machine: string;
  name: string;
  uuid: string;
  title?: string;
  description?: string;
  memoryKiB: number;
  currentKiB: number;
  vcpus: number;
  vcpuCurrent?: number;
  cpu: {
    mode: 'custom' | 'host-model' | 'host-passthrough';
    model?: string;
    check: 'partial' | 'none' | 'full';
    topology: { sockets: number; dies: number; cores: number; threads: number };
    features: Array<[policy: 'require' | 'disable', name: string]>;
    numa?: Array<{ cpus: string; memKiB: number }>;
  };
  features: {
    acpi: boolean; apic: boolean; pae: boolean; vmportOff: boolean; smm: boolean; gic?: 2 | 3;
    hyperv?: { spinlocks: number; vpindex: boolean };
  };
  clock: { offset: 'utc' | 'localtime'; timers: Array<{ name: string; tickpolicy?: string; present?: 'yes' | 'no' }> };
  onCrash: 'destroy' | 'restart' | 'coredump-restart';
  firmware?: { loader: string; nvram: string };
  emulator: string;
  disks: Disk[];
  controllers: Controller[];
  nics: Nic[];
  serials: Serial[];
  consoles: Console[];
  channels: Channel[];
  inputs: Input[];
  graphics?: Graphics;
  video?: Video;
  hostdevs: Hostdev[];
  watchdog?: { action: 'reset' | 'poweroff' | 'pause'; address: PciAddr };
  memballoon: { model: 'virtio' | 'none'; period?: number; address?: PciAddr };
  rng?: { address: PciAddr };
  tpm?: { model: 'tpm-crb' | 'tpm-tis' };
  iommu?: { accel?: SmmuAccel };
  /** PCI allocation state, so that mutations can add devices. */
  pci: { pcie: boolean; maxIndex: number; rootPorts: number; firstRootSlot: number; nextSlot: number; busNr?: number; pxbIndex?: number; pxbPorts: number };
  /** How the guest spells values that libvirt normalises. */
  spelling: { memUnit: 'KiB' | 'MiB' | 'GiB'; macUpper: boolean; pciDecimal: boolean; uuid: 'dashed' | 'compact' | 'upper' };
}

export const clone = <T>(v: T): T => structuredClone(v);

// --- PCI addresses -------------------------------------------------------------------------

/**
 * A PCI slot for a new endpoint. On PCIe machines every endpoint gets its own
 * pcie-root-port (as virt-install does), eight ports per multifunction slot of bus 0.
 */
export function allocPci(g: Guest, underPxb = false): PciAddr {
  if (!g.pci.pcie) return { type: 'pci', bus: 0, slot: g.pci.nextSlot++, fn: 0 };
  const index = ++g.pci.maxIndex;
  let address: PciAddr;
  let port: number;
  if (underPxb && g.pci.pxbIndex !== undefined) {
    const k = g.pci.pxbPorts++;
    address = { type: 'pci', bus: g.pci.pxbIndex, slot: k, fn: 0 };
    port = k * 8;
  } else {
    const k = g.pci.rootPorts++;
    address = { type: 'pci', bus: 0, slot: g.pci.firstRootSlot + (k >> 3), fn: k & 7 };
    if ((k & 7) === 0) address.multifunction = true;
    port = 0x10 + k;
  }
  g.controllers.push({ type: 'pci', index, model: 'pcie-root-port', modelName: 'pcie-root-port', chassis: index, port, address });
  return { type: 'pci', bus: index, slot: 0, fn: 0 };
}

// --- values --------------------------------------------------------------------------------

const GiB = 1024 * 1024;
const MiB = 1024;

export function uuidOf(rng: Rng): string {
  const h = rng.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function macOf(rng: Rng): string {
  return `52:54:00:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`;
}

const X86_MODELS = ['Skylake-Server-IBRS', 'Skylake-Client-IBRS', 'Cascadelake-Server', 'Cascadelake-Server-noTSX', 'Icelake-Server', 'Icelake-Server-noTSX',
  'SapphireRapids', 'Haswell-noTSX-IBRS', 'Broadwell-IBRS', 'EPYC-Rome', 'EPYC-Milan', 'EPYC-Genoa', 'EPYC-IBPB'] as const;
export const X86_MODEL_LIST: readonly string[] = X86_MODELS;
const X86_FEATURES = ['pcid', 'spec-ctrl', 'ssbd', 'md-clear', 'stibp', 'arch-capabilities', 'pdpe1gb', 'invtsc', 'xsaves', 'hypervisor', 'tsc-deadline', 'umip'];
const ARM_MODELS = ['cortex-a57', 'cortex-a72', 'neoverse-n1', 'neoverse-v1'];
export const ARM_MODEL_LIST: readonly string[] = ARM_MODELS;

export const Q35_MACHINES = ['pc-q35-6.2', 'pc-q35-7.2', 'pc-q35-8.0', 'pc-q35-8.2', 'pc-q35-9.0', 'pc-q35-rhel9.4.0'];
export const I440FX_MACHINES = ['pc-i440fx-2.12', 'pc-i440fx-4.2', 'pc-i440fx-6.2', 'pc-i440fx-7.2', 'pc-i440fx-rhel7.6.0'];
export const ARM_MACHINES = ['virt', 'virt-7.2', 'virt-8.2', 'virt-9.0'];

const ROLES: Record<Family, Array<readonly [string, number]>> = {
  q35: [['web', 5], ['app', 5], ['api', 3], ['db', 2], ['cache', 2], ['k8s-node', 4], ['ci-runner', 2], ['win-desktop', 2], ['win-sql', 1], ['mail', 1]],
  i440fx: [['legacy-erp', 2], ['win-ad', 2], ['win-file', 2], ['db', 2], ['web', 2], ['build', 1]],
  aarch64: [['gpu-worker', 3], ['arm-build', 3], ['arm-web', 3], ['k8s-arm', 3], ['inference', 2]],
};

/** Memory in MiB. */
const MEMORY_MIB = [1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768, 49152, 65536, 131072, 262144];

function memorySize(rng: Rng, role: string, cells: number): number {
  let mib = role.startsWith('gpu') || role.startsWith('inference') || role.includes('db') || role.includes('sql')
    ? rng.pick(MEMORY_MIB.slice(6))
    : rng.weighted(MEMORY_MIB.slice(0, 12).map((m, i) => [m, 12 - Math.abs(i - 6)] as const));
  const step = 1024 * cells;
  if (mib % step) mib = Math.ceil(mib / step) * step;
  return mib * MiB;
}

function topology(rng: Rng, role: string): Guest['cpu']['topology'] {
  const big = role.startsWith('gpu') || role.startsWith('inference') || role.includes('db') || role.startsWith('k8s');
  const sockets = big && rng.chance(0.4) ? 2 : rng.chance(0.1) ? 2 : 1;
  const cores = rng.pick(big ? [4, 8, 8, 16] : [1, 1, 2, 2, 4, 4, 8]);
  const threads = rng.chance(0.3) ? 2 : 1;
  return { sockets, dies: 1, cores, threads };
}

function range(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

// --- builder -------------------------------------------------------------------------------

export interface GuestSeed { family: Family; name: string | ((role: string) => string); role?: string }

export function buildGuest(rng: Rng, seed: GuestSeed): Guest {
  const { family } = seed;
  const role = seed.role ?? rng.weighted(ROLES[family]);
  const windows = role.startsWith('win');
  const x86 = family !== 'aarch64';
  const topo = topology(rng, role);
  if (x86 && !windows && topo.cores >= 4 && rng.chance(0.15)) topo.dies = 2, topo.cores /= 2;
  const vcpus = topo.sockets * topo.dies * topo.cores * topo.threads;
  const numaCells = vcpus >= 4 && rng.chance(0.2) ? (topo.sockets > 1 ? topo.sockets : 2) : 0;
  const memoryKiB = memorySize(rng, role, Math.max(1, numaCells));
  const g: Guest = {
    family,
    os: windows ? 'windows' : 'linux',
    arch: x86 ? 'x86_64' : 'aarch64',
    machine: rng.pick(family === 'q35' ? Q35_MACHINES : family === 'i440fx' ? I440FX_MACHINES : ARM_MACHINES),
    role,
    name: typeof seed.name === 'string' ? seed.name : seed.name(role),
    uuid: uuidOf(rng),
    title: undefined,
    description: rng.chance(0.15) ? `owner: team-${rng.pick(['platform', 'payments', 'search', 'data', 'ml', 'it'])}; ticket OPS-${rng.int(1000, 99999)}` : undefined,
    memoryKiB,
    currentKiB: memoryKiB,
    vcpus,
    cpu: { mode: 'host-passthrough', check: 'none', topology: topo, features: [] },
    features: { acpi: true, apic: x86, pae: family === 'i440fx', vmportOff: family === 'q35', smm: false },
    clock: { offset: windows ? 'localtime' : 'utc', timers: [] },
    onCrash: rng.pick(['destroy', 'destroy', 'restart', 'coredump-restart'] as const),
    emulator: x86 ? rng.pick(['/usr/bin/qemu-system-x86_64', '/usr/bin/qemu-system-x86_64', '/usr/libexec/qemu-kvm']) : rng.pick(['/usr/bin/qemu-system-aarch64', '/usr/libexec/qemu-kvm']),
    disks: [], controllers: [], nics: [], serials: [], consoles: [], channels: [], inputs: [], hostdevs: [],
    memballoon: { model: 'virtio' },
    pci: { pcie: family !== 'i440fx', maxIndex: 0, rootPorts: 0, firstRootSlot: family === 'q35' ? 2 : 1, nextSlot: 3, pxbPorts: 0 },
    spelling: {
      memUnit: rng.weighted([['KiB', 5], ['MiB', 2], ['GiB', 3]] as const),
      macUpper: false,
      pciDecimal: false,
      uuid: 'dashed',
    },
  };
  if (rng.chance(0.3)) g.title = `${role} ${g.name.split('-').pop()}`;
  if (g.spelling.memUnit === 'GiB' && memoryKiB % GiB) g.spelling.memUnit = 'MiB';
  if (vcpus > 2 && rng.chance(0.08)) g.vcpuCurrent = Math.max(1, vcpus / 2);

  // CPU
  if (x86) {
    g.cpu.mode = rng.weighted([['custom', 5], ['host-model', 3], ['host-passthrough', 2]] as const);
    g.cpu.check = g.cpu.mode === 'host-passthrough' ? 'none' : 'partial';
    if (g.cpu.mode === 'custom') {
      g.cpu.model = rng.pick(X86_MODELS);
      const n = rng.int(0, 3);
      const feats = rng.shuffle([...X86_FEATURES]).slice(0, n).sort();
      g.cpu.features = feats.map((f) => [f === 'hypervisor' || rng.chance(0.8) ? 'require' : 'disable', f]);
    }
  } else if (rng.chance(0.15)) {
    g.cpu.mode = 'custom';
    g.cpu.model = rng.pick(ARM_MODELS);
    g.cpu.check = 'partial';
  }
  if (numaCells) {
    const per = vcpus / numaCells;
    g.cpu.numa = Array.from({ length: numaCells }, (_, i) => ({ cpus: range(i * per, (i + 1) * per - 1), memKiB: memoryKiB / numaCells }));
  }
  if (!numaCells && memoryKiB >= 4 * GiB && rng.chance(0.12)) g.currentKiB = memoryKiB - rng.pick([1, 2]) * GiB;

  // Firmware and platform features
  if (family === 'aarch64') {
    g.features.gic = 3;
    g.firmware = { loader: '/usr/share/AAVMF/AAVMF_CODE.fd', nvram: `/var/lib/libvirt/qemu/nvram/${g.name}_VARS.fd` };
  } else if (family === 'q35' && rng.chance(windows ? 0.8 : 0.4)) {
    g.features.smm = true;
    g.firmware = { loader: rng.pick(['/usr/share/OVMF/OVMF_CODE_4M.fd', '/usr/share/edk2/ovmf/OVMF_CODE.fd']), nvram: `/var/lib/libvirt/qemu/nvram/${g.name}_VARS.fd` };
  }
  if (windows) {
    g.features.hyperv = { spinlocks: 8191, vpindex: rng.chance(0.5) };
    g.clock.timers = [{ name: 'rtc', tickpolicy: 'catchup' }, { name: 'pit', tickpolicy: 'delay' }, { name: 'hpet', present: 'no' }, { name: 'hypervclock', present: 'yes' }];
  } else if (x86) {
    g.clock.timers = rng.chance(0.7) ? [{ name: 'rtc', tickpolicy: 'catchup' }, { name: 'pit', tickpolicy: 'delay' }, { name: 'hpet', present: 'no' }] : [];
  }

  if (family === 'q35') buildQ35(rng, g, role);
  else if (family === 'i440fx') buildI440fx(rng, g, role);
  else buildVirt(rng, g, role);
  return g;
}

const NETWORKS = ['default', 'prod', 'tenant', 'mgmt', 'storage', 'dmz', 'vlan-120', 'vlan-340'];
const BRIDGES = ['br0', 'br-prod', 'br-mgmt', 'br-backup', 'virbr1', 'ovsbr0'];

function addNic(rng: Rng, g: Guest, model: Nic['model'], underPxb = false): void {
  const type = rng.weighted([['network', 5], ['bridge', 4], ['direct', 1]] as const);
  const source = type === 'network' ? rng.pick(NETWORKS) : type === 'bridge' ? rng.pick(BRIDGES) : rng.pick(['eno1', 'ens2f0', 'bond0']);
  const nic: Nic = { type, source, mac: macOf(rng), model, address: allocPci(g, underPxb) };
  if (model === 'virtio' && rng.chance(0.2)) nic.queues = rng.pick([2, 4, 8]);
  if (model === 'virtio' && type !== 'direct' && rng.chance(0.05)) nic.mtu = 9000;
  g.nics.push(nic);
}

function diskName(bus: DiskBus, n: number): string {
  const prefix = bus === 'virtio' ? 'vd' : bus === 'ide' ? 'hd' : 'sd';
  return prefix + String.fromCharCode(97 + n);
}

/** Index of the next free target name on a bus prefix (sd is shared by scsi and sata). */
export function nextTarget(g: Guest, bus: DiskBus): string {
  const prefix = diskName(bus, 0).slice(0, 2);
  const used = new Set(g.disks.map((d) => d.target));
  for (let i = 0; i < 26; i++) if (!used.has(prefix + String.fromCharCode(97 + i))) return prefix + String.fromCharCode(97 + i);
  throw new Error('no free disk name');
}

function nextUnit(g: Guest, bus: DiskBus): DriveAddr {
  const taken = new Set(g.disks.filter((d) => d.bus === bus && d.address.type === 'drive').map((d) => {
    const a = d.address as DriveAddr;
    return `${a.bus}:${a.unit}`;
  }));
  if (bus === 'ide') {
    for (const [b, u] of [[0, 0], [0, 1], [1, 0], [1, 1]]) if (!taken.has(`${b}:${u}`)) return { type: 'drive', controller: 0, bus: b, target: 0, unit: u };
    throw new Error('IDE full');
  }
  for (let u = 0; ; u++) if (!taken.has(`0:${u}`)) return { type: 'drive', controller: 0, bus: 0, target: 0, unit: u };
}

export function ensureScsiController(g: Guest): void {
  if (g.controllers.some((c) => c.type === 'scsi')) return;
  g.controllers.push({ type: 'scsi', index: 0, model: 'virtio-scsi', address: allocPci(g) });
}

/** A new data disk on a bus (address and controller included). */
export function makeDisk(rng: Rng, g: Guest, bus: DiskBus, n: number): Disk {
  const store = rng.weighted([['file', 6], ['block', 3], ['network', 1]] as const);
  const format = store === 'file' ? rng.pick(['qcow2', 'qcow2', 'raw'] as const) : 'raw';
  const disk: Disk = {
    type: store, device: 'disk', format, target: nextTarget(g, bus), bus,
    address: { type: 'pci', bus: 0, slot: 0, fn: 0 },
  };
  if (store === 'file') disk.source = `${rng.pick(['/var/lib/libvirt/images', '/srv/vm', '/data/images'])}/${g.name}${n ? `-data${n}` : ''}.${format === 'qcow2' ? 'qcow2' : 'img'}`;
  else if (store === 'block') disk.source = `/dev/${rng.pick(['vg_vms', 'vg_data', 'vg0'])}/${g.name}_${n ? `data${n}` : 'root'}`;
  else { disk.source = `${rng.pick(['rbd', 'vms', 'volumes'])}/${g.name}-disk${n}`; disk.monitors = ['10.0.8.11', '10.0.8.12', '10.0.8.13']; }
  if (store !== 'file' || rng.chance(0.3)) { disk.cache = 'none'; disk.io = rng.chance(0.6) ? 'native' : 'threads'; }
  else if (rng.chance(0.2)) disk.cache = 'writeback';
  if (rng.chance(0.4)) disk.discard = true;
  if (rng.chance(0.15)) disk.serial = `${g.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10)}-${rng.hex(4).toUpperCase()}`;
  if (bus === 'virtio') disk.address = allocPci(g);
  else {
    if (bus === 'scsi') ensureScsiController(g);
    disk.address = nextUnit(g, bus);
  }
  return disk;
}

function addCdrom(g: Guest, bus: DiskBus, iso?: string): void {
  const disk: Disk = { type: 'file', device: 'cdrom', format: 'raw', target: nextTarget(g, bus), bus, readonly: true, address: { type: 'pci', bus: 0, slot: 0, fn: 0 } };
  if (iso) disk.source = iso;
  disk.address = nextUnit(g, bus);
  g.disks.push(disk);
}

function addDataDisks(rng: Rng, g: Guest, bus: DiskBus, count: number): void {
  for (let i = 0; i < count; i++) g.disks.push(makeDisk(rng, g, bus, g.disks.filter((d) => d.device === 'disk').length));
}

function addConsole(rng: Rng, g: Guest, serialTarget: 'isa-serial' | 'system-serial', model: 'isa-serial' | 'pl011'): boolean {
  const style = rng.weighted([['serial', 7], ['file', 2], ['virtio', 1]] as const);
  if (style === 'virtio') {
    g.consoles.push({ target: 'virtio' });
    return true;
  }
  const serial: Serial = style === 'file'
    ? { type: 'file', path: `/var/log/libvirt/qemu/${g.name}-serial0.log`, targetType: serialTarget, model }
    : { type: 'pty', targetType: rng.chance(0.2) && serialTarget === 'isa-serial' ? undefined : serialTarget, model: undefined };
  if (serial.targetType && style === 'serial') serial.model = model;
  g.serials.push(serial);
  g.consoles.push({ target: 'serial' });
  return false;
}

function addVirtioSerial(g: Guest, agent: boolean, spice: boolean, virtioConsole: boolean): void {
  if (!agent && !spice && !virtioConsole) return;
  g.controllers.push({ type: 'virtio-serial', index: 0, address: allocPci(g) });
  let port = 1;
  if (agent) g.channels.push({ type: 'unix', name: 'org.qemu.guest_agent.0', address: { type: 'virtio-serial', controller: 0, bus: 0, port: port++ } });
  if (spice) g.channels.push({ type: 'spicevmc', name: 'com.redhat.spice.0', address: { type: 'virtio-serial', controller: 0, bus: 0, port: port++ } });
}

function buildQ35(rng: Rng, g: Guest, role: string): void {
  const windows = g.os === 'windows';
  g.controllers.push({ type: 'pci', index: 0, model: 'pcie-root' });
  // ICH9 built-ins at their fixed addresses
  g.controllers.push({ type: 'sata', index: 0, address: { type: 'pci', bus: 0, slot: 0x1f, fn: 2 } });
  const bootBus: DiskBus = windows ? rng.pick(['sata', 'virtio'] as const) : rng.weighted([['virtio', 8], ['scsi', 2]] as const);
  g.disks.push(makeDisk(rng, g, bootBus, 0));
  const extra = rng.weighted([[0, 5], [1, 3], [2, 2], [3, 1]] as const);
  addDataDisks(rng, g, bootBus === 'sata' ? 'virtio' : rng.chance(0.7) ? bootBus : 'virtio', extra);
  if (rng.chance(windows ? 0.7 : 0.3)) addCdrom(g, 'sata', rng.chance(0.5) ? `/var/lib/libvirt/iso/${windows ? 'virtio-win-0.1.240.iso' : 'cloud-init.iso'}` : undefined);
  const usb = rng.weighted([['qemu-xhci', 8], ['none', 1]] as const);
  if (usb === 'none') g.controllers.push({ type: 'usb', index: 0, model: 'none' });
  else g.controllers.push({ type: 'usb', index: 0, model: 'qemu-xhci', ports: 15, address: allocPci(g) });
  const nics = rng.weighted([[1, 7], [2, 2], [3, 1]] as const);
  for (let i = 0; i < nics; i++) addNic(rng, g, windows ? rng.pick(['e1000e', 'virtio'] as const) : rng.weighted([['virtio', 9], ['e1000e', 1]] as const));
  const virtioConsole = addConsole(rng, g, 'isa-serial', 'isa-serial');
  const headless = !windows && rng.chance(0.35);
  const spice = !headless && (windows || rng.chance(0.3));
  addVirtioSerial(g, rng.chance(0.8), spice, virtioConsole);
  if (usb !== 'none' && !headless) g.inputs.push({ type: 'tablet', bus: 'usb', address: { type: 'usb', bus: 0, port: 1 } });
  g.inputs.push({ type: 'mouse', bus: 'ps2' }, { type: 'keyboard', bus: 'ps2' });
  if (!headless) {
    g.graphics = spice ? { type: 'spice', listen: '127.0.0.1' } : { type: 'vnc', listen: rng.pick(['127.0.0.1', '0.0.0.0']), port: rng.chance(0.2) ? 5900 + rng.int(0, 40) : undefined };
    const model = spice ? 'qxl' : rng.weighted([['virtio', 5], ['vga', 2], ['bochs', 1]] as const);
    g.video = model === 'qxl'
      ? { model, ram: 65536, vram: rng.pick([16384, 32768, 65536]), vgamem: 16384, heads: 1, address: { type: 'pci', bus: 0, slot: 1, fn: 0 } }
      : { model, vram: model === 'vga' ? 16384 : undefined, heads: 1, address: { type: 'pci', bus: 0, slot: 1, fn: 0 } };
  }
  if (windows && rng.chance(0.6)) g.tpm = { model: 'tpm-crb' };
  if (role === 'db' && rng.chance(0.3)) g.watchdog = { action: 'reset', address: allocPci(g) };
  g.memballoon = { model: 'virtio', period: rng.chance(0.3) ? 10 : undefined, address: allocPci(g) };
  if (!windows && rng.chance(0.6)) g.rng = { address: allocPci(g) };
}

function buildI440fx(rng: Rng, g: Guest, role: string): void {
  const windows = g.os === 'windows';
  g.controllers.push({ type: 'usb', index: 0, model: 'piix3-uhci', address: { type: 'pci', bus: 0, slot: 1, fn: 2 } });
  g.controllers.push({ type: 'pci', index: 0, model: 'pci-root' });
  g.controllers.push({ type: 'ide', index: 0, address: { type: 'pci', bus: 0, slot: 1, fn: 1 } });
  const bootBus: DiskBus = rng.weighted([['ide', 4], ['virtio', 5], ['scsi', 1]] as const);
  g.disks.push(makeDisk(rng, g, bootBus, 0));
  addDataDisks(rng, g, rng.chance(0.8) ? 'virtio' : bootBus, rng.weighted([[0, 4], [1, 3], [2, 2]] as const));
  if (rng.chance(0.5)) addCdrom(g, 'ide', rng.chance(0.4) ? '/var/lib/libvirt/iso/virtio-win.iso' : undefined);
  const nics = rng.weighted([[1, 6], [2, 3], [3, 1]] as const);
  for (let i = 0; i < nics; i++) addNic(rng, g, windows ? rng.pick(['e1000', 'rtl8139', 'virtio'] as const) : rng.weighted([['virtio', 6], ['e1000', 3], ['rtl8139', 1]] as const));
  const virtioConsole = addConsole(rng, g, 'isa-serial', 'isa-serial');
  const spice = windows || rng.chance(0.3);
  addVirtioSerial(g, rng.chance(0.6), spice, virtioConsole);
  if (windows || rng.chance(0.5)) g.inputs.push({ type: 'tablet', bus: 'usb', address: { type: 'usb', bus: 0, port: 1 } });
  g.inputs.push({ type: 'mouse', bus: 'ps2' }, { type: 'keyboard', bus: 'ps2' });
  g.graphics = spice ? { type: 'spice', listen: '127.0.0.1' } : { type: 'vnc', listen: '127.0.0.1', port: rng.chance(0.3) ? 5900 + rng.int(0, 40) : undefined };
  const model = spice ? 'qxl' : rng.pick(['cirrus', 'vga'] as const);
  g.video = model === 'qxl'
    ? { model, ram: 65536, vram: rng.pick([32768, 65536]), vgamem: 16384, heads: 1, address: { type: 'pci', bus: 0, slot: 2, fn: 0 } }
    : { model, vram: 16384, heads: 1, address: { type: 'pci', bus: 0, slot: 2, fn: 0 } };
  if (rng.chance(role.includes('db') || role.includes('erp') ? 0.6 : 0.15)) g.watchdog = { action: rng.pick(['reset', 'poweroff'] as const), address: allocPci(g) };
  g.memballoon = rng.chance(0.9) ? { model: 'virtio', address: allocPci(g) } : { model: 'none' };
}

function buildVirt(rng: Rng, g: Guest, role: string): void {
  const accel = (role === 'gpu-worker' || role === 'inference') ? rng.chance(0.8) : rng.chance(0.1);
  g.controllers.push({ type: 'pci', index: 0, model: 'pcie-root' });
  if (accel) {
    // Accelerated SMMUv3 (host nested translation, NVIDIA Tegra241 CMDQV) in front of a
    // PCIe expander bus that carries the passthrough GPUs.
    const index = ++g.pci.maxIndex;
    g.pci.busNr = rng.pick([252, 248, 240]);
    g.pci.pxbIndex = index;
    g.pci.firstRootSlot = 2;
    g.controllers.push({ type: 'pci', index, model: 'pcie-expander-bus', modelName: 'pxb-pcie', busNr: g.pci.busNr, address: { type: 'pci', bus: 0, slot: 1, fn: 0 } });
    g.iommu = { accel: { pciBus: index, cmdqv: 'on', ats: true, ril: true, ssidsize: 20, oas: rng.pick([44, 48]) } };
    const gpus = rng.weighted([[1, 3], [2, 2], [4, 1]] as const);
    for (let i = 0; i < gpus; i++) g.hostdevs.push({ source: { bus: 0x09 + i, slot: 0, fn: 0 }, address: allocPci(g, true) });
  } else if (rng.chance(0.5)) {
    g.iommu = {};
  }
  const bootBus: DiskBus = rng.weighted([['virtio', 8], ['scsi', 2]] as const);
  g.disks.push(makeDisk(rng, g, bootBus, 0));
  addDataDisks(rng, g, bootBus, rng.weighted([[0, 5], [1, 3], [2, 1]] as const));
  if (rng.chance(0.2)) addCdrom(g, 'scsi', '/var/lib/libvirt/iso/seed.iso');
  const usb = rng.chance(0.5);
  if (usb) g.controllers.push({ type: 'usb', index: 0, model: 'qemu-xhci', ports: 15, address: allocPci(g) });
  else g.controllers.push({ type: 'usb', index: 0, model: 'none' });
  const nics = rng.weighted([[1, 7], [2, 3]] as const);
  for (let i = 0; i < nics; i++) addNic(rng, g, 'virtio');
  const virtioConsole = addConsole(rng, g, 'system-serial', 'pl011');
  addVirtioSerial(g, rng.chance(0.6), false, virtioConsole);
  if (usb && rng.chance(0.5)) {
    g.inputs.push({ type: 'tablet', bus: 'usb', address: { type: 'usb', bus: 0, port: 1 } }, { type: 'keyboard', bus: 'usb', address: { type: 'usb', bus: 0, port: 2 } });
    g.graphics = { type: 'vnc', listen: '127.0.0.1' };
    g.video = { model: 'virtio', heads: 1, address: allocPci(g) };
  }
  if (rng.chance(0.7)) g.memballoon = { model: 'virtio', address: allocPci(g) };
  else g.memballoon = { model: 'none' };
  if (rng.chance(0.5)) g.rng = { address: allocPci(g) };
}
