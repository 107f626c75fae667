/**
 * The QEMU driver's PCI address assignment (qemuDomainAssignPCIAddresses with domain_addr.c's
 * address set): every device that connects by PCI gets a slot, on a bus that accepts its kind
 * (PCI or PCIe endpoint, bridge, port), and the buses that run out are added as controllers
 * (pci-bridge, pcie-root-port, dmi-to-pci-bridge, pcie-to-pci-bridge). Like libvirt it runs
 * twice: a dry run that only counts the buses, then the pass that writes the addresses.
 */
import { CONTROLLER_TYPE, USB_MODEL, type ControllerDef } from '../model/controller.js';
import type { Address, DeviceInfo } from '../model/device.js';
import { DISK_BUS } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { FS_DRIVER_MTP, FS_DRIVER_VIRTIOFS } from '../model/filesystem.js';
import { SUBSYS } from '../model/hostdev.js';
import { insertController, newController } from '../parse/controller.js';
import { checkEach, internalError, rejectedAtDevice, unsupportedConfig, xmlError } from '../parse/errors.js';
import { declaredCount, type QemuDefContext } from './context.js';

// virDomainPCIConnectFlags
const AUTOASSIGN = 1 << 0;
const HOTPLUGGABLE = 1 << 1;
const INTEGRATED = 1 << 2;
const AGGREGATE_SLOT = 1 << 3;
const PCI_DEVICE = 1 << 4;
const PCIE_DEVICE = 1 << 5;
const PCIE_ROOT_PORT = 1 << 6;
const SWITCH_UPSTREAM = 1 << 7;
const SWITCH_DOWNSTREAM = 1 << 8;
const DMI_TO_PCI = 1 << 9;
const PCI_EXPANDER = 1 << 10;
const PCIE_EXPANDER = 1 << 11;
const PCI_BRIDGE = 1 << 12;
const PCIE_TO_PCI = 1 << 13;
const ENDPOINT = PCI_DEVICE | PCIE_DEVICE;
const TYPES_MASK = PCI_DEVICE | PCIE_DEVICE | PCIE_ROOT_PORT | SWITCH_UPSTREAM | SWITCH_DOWNSTREAM | DMI_TO_PCI
  | PCI_EXPANDER | PCIE_EXPANDER | PCI_BRIDGE | PCIE_TO_PCI;

// virDomainControllerModelPCI (CONTROLLER_MODELS_PCI order)
const M = {
  default: -1, pciRoot: 0, pcieRoot: 1, pciBridge: 2, dmiToPci: 3, pcieToPci: 4, rootPort: 5,
  upstream: 6, downstream: 7, pciExpander: 8, pcieExpander: 9,
} as const;
const PCI_MODEL_NAMES = ['pci-root', 'pcie-root', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge',
  'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus'];

/** What a controller model plugs into its parent as (virDomainPCIControllerModelToConnectType). */
const MODEL_CONNECT: Record<number, number> = {
  [M.pciBridge]: PCI_BRIDGE, [M.pciExpander]: PCI_EXPANDER, [M.pcieExpander]: PCIE_EXPANDER, [M.dmiToPci]: DMI_TO_PCI,
  [M.pcieToPci]: PCIE_TO_PCI, [M.rootPort]: PCIE_ROOT_PORT | AGGREGATE_SLOT, [M.upstream]: SWITCH_UPSTREAM,
  [M.downstream]: SWITCH_DOWNSTREAM,
};

/** What each bus model accepts downstream, and its slot range (virDomainPCIAddressBusSetModel). */
const BUS_MODELS: Record<number, { flags: number; min: number; max: number; hotplug: boolean }> = {
  [M.pciRoot]: { flags: AUTOASSIGN | PCI_DEVICE | PCI_BRIDGE | PCI_EXPANDER, min: 1, max: 31, hotplug: true },
  [M.pciBridge]: { flags: AUTOASSIGN | PCI_DEVICE | PCI_BRIDGE, min: 1, max: 31, hotplug: true },
  [M.pciExpander]: { flags: AUTOASSIGN | PCI_DEVICE | PCI_BRIDGE, min: 0, max: 31, hotplug: true },
  [M.pcieRoot]: { flags: PCIE_DEVICE | PCIE_ROOT_PORT | DMI_TO_PCI | PCIE_EXPANDER, min: 1, max: 31, hotplug: false },
  [M.dmiToPci]: { flags: PCI_DEVICE | PCI_BRIDGE, min: 0, max: 31, hotplug: false },
  [M.pcieToPci]: { flags: AUTOASSIGN | PCI_DEVICE | PCI_BRIDGE, min: 1, max: 31, hotplug: true },
  [M.rootPort]: { flags: AUTOASSIGN | PCIE_DEVICE | SWITCH_UPSTREAM | PCIE_TO_PCI, min: 0, max: 0, hotplug: true },
  [M.downstream]: { flags: AUTOASSIGN | PCIE_DEVICE | SWITCH_UPSTREAM | PCIE_TO_PCI, min: 0, max: 0, hotplug: true },
  [M.upstream]: { flags: SWITCH_DOWNSTREAM, min: 0, max: 31, hotplug: false },
  [M.pcieExpander]: { flags: PCIE_ROOT_PORT | DMI_TO_PCI, min: 0, max: 31, hotplug: false },
};

interface PciAddr { domain: number; bus: number; slot: number; function: number; multi: 0 | 1 | 2 }
interface Bus { model: number; flags: number; minSlot: number; maxSlot: number; functions: number[]; aggregate: boolean[] }

const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
/** virPCIDeviceAddressAsString */
const addrString = (a: PciAddr) => `${hex(a.domain, 4)}:${hex(a.bus, 2)}:${hex(a.slot, 2)}.${a.function.toString(16)}`;

function newBus(model: number, allowHotplug: boolean): Bus {
  const m = BUS_MODELS[model];
  if (!m) throw internalError('PCI controller model was not set correctly');
  const flags = m.flags | (m.hotplug && allowHotplug ? HOTPLUGGABLE : 0);
  return { model, flags, minSlot: m.min, maxSlot: m.max, functions: new Array(32).fill(0), aggregate: new Array(32).fill(false) };
}

/** virDomainPCIAddressSet: the buses, and whether this is the dry run that may add buses. */
class AddressSet {
  buses: (Bus | undefined)[];
  /** Addresses picked for devices that had none (reserveNext). */
  picked = 0;
  constructor(nbuses: number, readonly dryRun: boolean, readonly pcieToPciBridge: boolean) {
    this.buses = new Array(nbuses).fill(undefined);
  }

  bus(i: number): Bus {
    return this.buses[i]!;
  }

  slotInUse(a: PciAddr): boolean {
    return this.bus(a.bus).functions[a.slot] !== 0;
  }

  /** virDomainPCIAddressFlagsCompatible; `report`: throw libvirt's error instead of answering false. */
  flagsCompatible(a: PciAddr, busFlags: number, devFlags: number, report: boolean, fromConfig: boolean): boolean {
    const err = fromConfig ? xmlError : internalError;
    // formatted only for an error: this runs for every bus a free slot is looked for on
    const str = (): string => addrString(a);
    if (devFlags & INTEGRATED) {
      // pcie-root takes integrated endpoints directly
      if (a.bus !== 0) {
        if (report) throw err(`The device at PCI address ${str()} needs to be an integrated device (bus=0)`);
        return false;
      }
      busFlags |= AUTOASSIGN;
    }
    if (fromConfig) {
      // an address written in the configuration may put a PCI device in a PCIe slot and back
      if (busFlags & ENDPOINT) busFlags |= ENDPOINT;
      if (devFlags & PCI_BRIDGE) devFlags |= PCI_DEVICE;
    } else if (devFlags & AUTOASSIGN && !(busFlags & AUTOASSIGN)) {
      if (report) throw err(`The device at PCI address ${str()} was auto-assigned this address, but the PCI controller with index='${a.bus}' doesn't allow auto-assignment`);
      return false;
    }
    if (devFlags & HOTPLUGGABLE && !(busFlags & HOTPLUGGABLE)) {
      if (report) throw err(`The device at PCI address ${str()} requires hotplug capability, but the PCI controller with index='${a.bus}' doesn't support hotplug`);
      return false;
    }
    if (!(devFlags & busFlags & TYPES_MASK)) {
      if (!report) return false;
      const kinds: [number, string][] = [[PCI_DEVICE, 'standard PCI device'], [PCIE_DEVICE, 'PCI Express device'],
        [PCIE_ROOT_PORT, 'pcie-root-port'], [SWITCH_UPSTREAM, 'pcie-switch-upstream-port'], [SWITCH_DOWNSTREAM, 'pcie-switch-downstream-port'],
        [DMI_TO_PCI, 'dmi-to-pci-bridge'], [PCIE_TO_PCI, 'pcie-to-pci-bridge'], [PCI_EXPANDER, 'pci-expander-bus'],
        [PCIE_EXPANDER, 'pcie-expander-bus'], [PCI_BRIDGE, 'pci-bridge']];
      const kind = kinds.find(([f]) => devFlags & f);
      if (!kind) throw err(`The device at PCI address ${str()} has unrecognized connection type flags 0x${hex(devFlags & TYPES_MASK, 2)}`);
      throw err(`The device at PCI address ${str()} cannot be plugged into the PCI controller with index='${a.bus}'. It requires a controller that accepts a ${kind[1]}.`);
    }
    return true;
  }

  /** virDomainPCIAddressValidate */
  validate(a: PciAddr, flags: number, fromConfig: boolean): void {
    const err = fromConfig ? xmlError : internalError;
    const str = (): string => addrString(a);
    if (!this.buses.length) throw err('No PCI buses available');
    if (a.domain !== 0) throw err(`Invalid PCI address ${str()}. Only PCI domain 0 is available`);
    if (a.bus >= this.buses.length) throw err(`Invalid PCI address ${str()}. Only PCI buses up to ${this.buses.length - 1} are available`);
    const bus = this.bus(a.bus);
    this.flagsCompatible(a, bus.flags, flags, true, fromConfig);
    if (bus.minSlot && a.slot < bus.minSlot) throw err(`Invalid PCI address ${str()}. slot must be >= ${bus.minSlot}`);
    if (a.slot > bus.maxSlot) throw err(`Invalid PCI address ${str()}. slot must be <= ${bus.maxSlot}`);
    if (a.function > 7) throw err(`Invalid PCI address ${str()}. function must be <= 7`);
  }

  /** virDomainPCIAddressSetGrow: buses for an address beyond the last one (dry run only). */
  grow(a: PciAddr, flags: number): void {
    let add = a.bus - this.buses.length + 1;
    if (add <= 0) return;
    let model: number;
    let needDmi = false;
    let needPcieToPci = false;
    if (flags & PCI_DEVICE) {
      model = M.pciBridge;
      // a PCIe-only topology so far: the pci-bridge needs somewhere to plug in first
      const bridgeable = this.buses.some((b) => b && b.flags & PCI_BRIDGE);
      if (!bridgeable) {
        if (this.pcieToPciBridge) needPcieToPci = true;
        else needDmi = true;
        if (add === 1) { add++; a.bus++; }
      }
    } else if (flags & (PCIE_DEVICE | SWITCH_UPSTREAM)) {
      model = M.rootPort;
    } else {
      const existing = connectTypeToModel(flags);
      if (existing >= 0) {
        const slotKind = 'PCIe'; // libvirt 12.8's wording, whatever the model (earlier releases: 'PCI')
        throw internalError(`a ${slotKind} slot is needed to connect a PCI controller model='${PCI_MODEL_NAMES[existing]}', but none is available, and it cannot be automatically added`);
      }
      throw internalError(`Cannot automatically add a new PCI bus for a device with unrecognized connect flags ${hex(flags, 2)}`);
    }
    let i = this.buses.length;
    for (let n = 0; n < add; n++) this.buses.push(undefined);
    if (needDmi) this.buses[i++] = newBus(M.dmiToPci, false);
    if (needPcieToPci) {
      // the root port added for the bridge takes nothing else (the spare hotplug port comes later)
      const port = newBus(M.rootPort, true);
      port.flags = PCIE_TO_PCI;
      this.buses[i++] = port;
      this.buses[i++] = newBus(M.pcieToPci, true);
    }
    for (; i < this.buses.length; i++) this.buses[i] = newBus(model, true);
  }

  /** virDomainPCIAddressReserveAddrInternal */
  reserve(a: PciAddr, flags: number, fromConfig: boolean): void {
    const err = fromConfig ? xmlError : internalError;
    // the message names the address as given, before the dry run's growth moves it behind a new bridge
    const givenBus = a.bus;
    if (this.dryRun) this.grow(a, flags);
    this.validate(a, flags, fromConfig);
    const bus = this.bus(a.bus);
    if (bus.functions[a.slot] & (1 << a.function)) throw err(`Attempted double use of PCI Address ${addrString({ ...a, bus: givenBus })}`);
    if (!bus.functions[a.slot] && flags & AGGREGATE_SLOT) bus.aggregate[a.slot] = true;
    bus.functions[a.slot] |= 1 << a.function;
  }

  /** virDomainPCIAddressFindUnusedFunctionOnBus: moves `a` to the free slot; false when none. */
  private findOnBus(bus: Bus, a: PciAddr, fn: number, flags: number): boolean {
    if (!this.flagsCompatible(a, bus.flags, flags, false, false)) return false;
    for (; a.slot <= bus.maxSlot; a.slot++) {
      if (bus.functions[a.slot] === 0) return true;
      if (flags & AGGREGATE_SLOT && bus.aggregate[a.slot]) {
        if (!(bus.functions[a.slot] & (1 << a.function))) return true;
        if (fn === -1) {
          for (; a.function < 8; a.function++) if (!(bus.functions[a.slot] & (1 << a.function))) return true;
          a.function = 0;
        }
      }
    }
    return false;
  }

  /** virDomainPCIAddressGetNextAddr (no isolation groups: only pSeries has them). */
  nextAddr(flags: number, fn: number): PciAddr {
    if (!this.buses.length) throw xmlError('No PCI buses available');
    const a: PciAddr = { domain: 0, bus: 0, slot: 0, function: fn === -1 ? 0 : fn, multi: 0 };
    for (a.bus = 0; a.bus < this.buses.length; a.bus++) {
      const bus = this.bus(a.bus);
      a.slot = bus.minSlot;
      if (this.findOnBus(bus, a, fn, flags)) return a;
    }
    if (this.dryRun) {
      this.grow(a, flags);
      a.slot = this.bus(a.bus).minSlot;
      return a;
    }
    throw internalError('No more available PCI slots');
  }

  /** virDomainPCIAddressReserveNextAddr: the address is written only outside the dry run. */
  reserveNext(info: DeviceInfo, flags: number, fn = -1): PciAddr {
    let a: PciAddr;
    try {
      a = this.nextAddr(flags, fn);
      this.reserve(a, flags, false);
    } catch (err) {
      throw rejectedAtDevice(info, err);
    }
    this.picked++;
    if (!this.dryRun) setPci(info, a);
    return a;
  }
}

function connectTypeToModel(flags: number): number {
  const order: [number, number][] = [[PCIE_ROOT_PORT, M.rootPort], [SWITCH_UPSTREAM, M.upstream], [SWITCH_DOWNSTREAM, M.downstream],
    [DMI_TO_PCI, M.dmiToPci], [PCI_EXPANDER, M.pciExpander], [PCIE_EXPANDER, M.pcieExpander], [PCI_BRIDGE, M.pciBridge]];
  return order.find(([f]) => flags & f)?.[1] ?? -1;
}

function setPci(info: DeviceInfo, a: PciAddr): void {
  info.address = { type: 'pci', domain: a.domain, bus: a.bus, slot: a.slot, function: a.function, multifunction: a.multi };
}

function pciOf(info: DeviceInfo): PciAddr | undefined {
  const x = info.address;
  return x.type === 'pci' ? { domain: x.domain, bus: x.bus, slot: x.slot, function: x.function, multi: x.multifunction } : undefined;
}

/** virDeviceInfoPCIAddressIsPresent: a PCI address that is not all zeroes (the function aside). */
function isPresent(info: DeviceInfo): boolean {
  const x = info.address;
  return x.type === 'pci' && !!(x.domain || x.bus || x.slot);
}

/** virDeviceInfoPCIAddressIsWanted: no address yet, or an empty PCI one. */
function isWanted(info: DeviceInfo): boolean {
  return info.address.type === 'none' || (info.address.type === 'pci' && !isPresent(info));
}

const samePci = (a: PciAddr, b: PciAddr) => a.domain === b.domain && a.bus === b.bus && a.slot === b.slot && a.function === b.function;

type Kind = 'disk' | 'net' | 'sound' | 'hostdev' | 'video' | 'controller' | 'chr' | 'input' | 'fs' | 'watchdog'
  | 'memballoon' | 'rng' | 'shmem' | 'memory' | 'iommu' | 'vsock' | 'panic' | 'other';

interface Entry { kind: Kind; info: DeviceInfo; flags: number; dev: unknown }

const USB2 = new Set<number>([USB_MODEL.ich9Ehci1, USB_MODEL.ich9Uhci1, USB_MODEL.ich9Uhci2, USB_MODEL.ich9Uhci3]);
const isUsb2 = (c: ControllerDef) => c.type === CONTROLLER_TYPE.usb && USB2.has(c.model);

interface Machine { i440fx: boolean; q35: boolean; rootModel: number; pciFlags: number; pcieFlags: number; virtioFlags: number }

/** qemuDomainDeviceCalculatePCIConnectFlags for the device kinds abi-diff models. */
function controllerFlags(c: ControllerDef, mc: Machine): number {
  const { pciFlags, pcieFlags, virtioFlags } = mc;
  switch (c.type) {
    case CONTROLLER_TYPE.pci: return c.model === M.default && c.idx === 0 ? 0 : MODEL_CONNECT[c.model] ?? 0;
    case CONTROLLER_TYPE.sata: case CONTROLLER_TYPE.ide: case CONTROLLER_TYPE.nvme: return pciFlags;
    case CONTROLLER_TYPE.usb:
      if (c.model === 9 || c.model === 12) return pcieFlags; // nec-xhci, qemu-xhci
      return c.model === 10 || c.model === 11 || c.model === USB_MODEL.none ? 0 : pciFlags;
    case CONTROLLER_TYPE.scsi:
      // the driver's post-parse gives a model-less SCSI controller lsilogic on x86
      if (c.model === 10) return 0; // ncr53c90
      return c.model === 6 || c.model === 9 ? virtioFlags : pciFlags;
    case CONTROLLER_TYPE['virtio-serial']: return c.model === 1 ? pciFlags : virtioFlags;
    default: return 0;
  }
}

/** Every device's info in virDomainDeviceInfoIterate's order, with its connect flags. */
function collectEntries(dom: Domain, mc: Machine): Entry[] {
  const d = dom.devices;
  const { pciFlags, pcieFlags, virtioFlags } = mc;
  const out: Entry[] = [];
  const add = (kind: Kind, dev: { info: DeviceInfo }, flags: number) => out.push({ kind, info: dev.info, flags, dev });
  const transitional = (model: number, trans: number, none: boolean) => (none ? 0 : model === trans ? pciFlags : virtioFlags);
  for (const x of d.disks) add('disk', x, x.bus !== DISK_BUS.virtio || x.model > 3 ? 0 : x.model === 2 ? pciFlags : virtioFlags);
  const hostdevFlags = new Map<DeviceInfo, number>();
  for (const h of d.hostdevs) {
    let f = 0;
    const mdev = h.mode === 0 && h.type === SUBSYS.mdev;
    if (mdev || (h.mode === 0 && (h.type === SUBSYS.pci || h.type === SUBSYS.scsiHost))) {
      // a host device missing from this host counts as PCI Express, as libvirt assumes
      f = pciFlags === pcieFlags ? pciFlags : h.type === SUBSYS.scsiHost ? virtioFlags : pcieFlags;
    }
    hostdevFlags.set(h.info, f);
  }
  for (const x of d.nets) {
    let f: number;
    if (x.type === 'hostdev') f = hostdevFlags.get(x.info) ?? 0;
    else if (x.model === 'usb-net') f = 0;
    else if (x.model === 'virtio' || x.model === 'virtio-non-transitional') f = virtioFlags;
    else if (x.model === 'virtio-transitional') f = pciFlags;
    else if (x.model === 'e1000e' || x.model === 'igb') f = pcieFlags;
    // a model-less interface gets rtl8139 from the driver's post-parse
    else f = pciFlags;
    add('net', x, f);
  }
  for (const x of d.sounds) add('sound', x, x.model === 'virtio' ? virtioFlags : ['es1370', 'ac97', 'ich6', 'ich9'].includes(x.model) ? pciFlags : 0);
  for (const x of d.hostdevs) add('hostdev', x, hostdevFlags.get(x.info) ?? 0);
  for (const x of d.videos) {
    const t = x.type;
    add('video', x, t === 'virtio' ? virtioFlags : t === 'bochs' ? pcieFlags : ['none', 'ramfb', 'gop'].includes(t) ? 0 : pciFlags);
  }
  for (const x of d.controllers) add('controller', x, controllerFlags(x, mc));
  for (const x of d.smartcards) add('other', x, 0);
  // the chardev flags test the serial target enum whatever the device type, as libvirt does
  const chr = (x: { targetType: number; info: DeviceInfo }) => add('chr', x, x.targetType === 3 ? pciFlags : 0);
  d.serials.forEach(chr);
  d.parallels.forEach(chr);
  d.channels.forEach(chr);
  d.consoles.forEach((x, i) => {
    if (!(i === 0 && (x.targetType === 0 || x.targetType === 1))) chr(x);
  });
  for (const x of d.inputs) add('input', x, x.bus !== 'virtio' ? 0 : x.model === 2 ? pciFlags : virtioFlags);
  for (const x of d.filesystems) {
    const f = x.fsdriver === FS_DRIVER_VIRTIOFS ? virtioFlags : x.fsdriver <= 2 ? (x.model === 2 ? pciFlags : virtioFlags) : 0;
    add('fs', x, f);
  }
  for (const x of d.watchdogs) add('watchdog', x, x.model === 0 ? pciFlags : 0);
  const mb = d.memballoon;
  if (mb) add('memballoon', mb, mb.model === 1 || mb.model === 2 ? 0 : mb.model === 3 ? pciFlags : virtioFlags);
  for (const x of d.rngs) add('rng', x, transitional(x.model, 1, false));
  for (const x of d.hubs) add('other', x, 0);
  for (const x of d.shmems) add('shmem', x, pciFlags);
  for (const x of d.tpms) add('other', x, 0);
  for (const x of d.panics) add('panic', x, x.model === 5 ? pciFlags | INTEGRATED : 0);
  for (const x of d.memories) add('memory', x, x.model === 3 || x.model === 4 ? virtioFlags : 0);
  for (const x of d.redirdevs) add('other', x, 0);
  // the driver's post-parse gives a model-less vsock the virtio model
  if (d.vsock) add('vsock', d.vsock, transitional(d.vsock.model, 2, false));
  for (const x of d.iommus) add('iommu', x, x.model === 2 ? virtioFlags | INTEGRATED : 0);
  return out;
}

/** qemuDomainPCIAddressSetCreate: the buses from the PCI controllers, then every address already given. */
function createSet(ctrls: ControllerDef[], entries: Entry[], nbuses: number, dryRun: boolean, ctx: QemuDefContext, mc: Machine): AddressSet {
  const set = new AddressSet(declaredCount(nbuses, `a PCI controller index ${nbuses - 1}`, `track ${nbuses} PCI buses`), dryRun, ctx.caps.flags.has('pcie-pci-bridge'));
  let hasPcieRoot = false;
  for (const c of ctrls) {
    if (c.type !== CONTROLLER_TYPE.pci) continue;
    if (c.idx >= nbuses) throw rejectedAtDevice(c, internalError(`Inappropriate new pci controller index ${c.idx} exceeds addrs array length`));
    const model = c.model === M.default && c.idx === 0 ? mc.rootModel : c.model;
    set.buses[c.idx] = newBus(model, c.pci?.hotplug !== 2);
    if (model === M.pcieRoot) hasPcieRoot = true;
  }
  if (nbuses > 0 && !set.buses[0]) set.buses[0] = newBus(M.pciRoot, true);
  const fill = hasPcieRoot ? M.rootPort : M.pciBridge;
  for (let i = 1; i < nbuses; i++) if (!set.buses[i]) set.buses[i] = newBus(fill, true);

  // qemuDomainCollectPCIAddress
  checkEach(entries, (e) => {
    if (!isPresent(e.info) || (e.kind === 'hostdev' && (e.dev as { parentNet: boolean }).parentNet)) return;
    const a = pciOf(e.info)!;
    // a device that should not be on PCI but has an address keeps it, as a PCI device
    const flags = e.flags || PCI_DEVICE;
    if (e.kind === 'controller' && a.domain === 0 && a.bus === 0 && a.slot === 1) {
      const c = e.dev as ControllerDef;
      if ((c.type === CONTROLLER_TYPE.ide && c.idx === 0 && a.function === 1)
        || (c.type === CONTROLLER_TYPE.usb && c.idx === 0 && (c.model === 0 || c.model === -1) && a.function === 2)) {
        // the PIIX3's own IDE and USB functions: reserved by the chipset check
        if (set.buses.length && !(set.bus(0).flags & PCI_DEVICE)) throw internalError('Bus 0 must be PCI for integrated PIIX3 USB or IDE controllers');
        return;
      }
    }
    set.reserve(a, flags, true);
    // the dry run's new bridge bumps the device's own address behind it, as in libvirt
    if (e.info.address.type === 'pci' && e.info.address.bus !== a.bus) e.info.address.bus = a.bus;
  });
  return set;
}

const at = (slot: number, fn = 0, multi: 0 | 1 | 2 = 0): PciAddr => ({ domain: 0, bus: 0, slot, function: fn, multi });

/** The primary video's conventional slot (2 on the PIIX3, 1 on the Q35), if free. */
function primaryVideo(dom: Domain, set: AddressSet, entries: Entry[], slot: number, flags: number): void {
  const v = dom.devices.videos[0];
  if (!v || v.type === 'none' || v.type === 'ramfb' || !isWanted(v.info)) return;
  const a = at(slot);
  try {
    set.validate(a, flags, true);
  } catch (err) {
    throw rejectedAtDevice(v, err);
  }
  if (set.slotInUse(a)) {
    set.reserveNext(v.info, entries.find((e) => e.info === v.info)?.flags ?? 0);
  } else {
    set.reserve(a, flags, true);
    setPci(v.info, a);
  }
}

/**
 * set.reserve of an address the chipset takes (for itself or for its controller `own`): a clash
 * is about the device the definition put at that address.
 */
function reserveChipset(set: AddressSet, a: PciAddr, flags: number, entries: Entry[], own?: DeviceInfo): void {
  try {
    set.reserve(a, flags, true);
  } catch (err) {
    const holder = entries.find((e) => e.info !== own && e.info.address.type === 'pci' && samePci(pciOf(e.info)!, a));
    throw rejectedAtDevice(holder?.info ?? own, err);
  }
}

/** qemuDomainValidateDevicePCISlotsPIIX3 */
function slotsPiix3(dom: Domain, ctrls: ControllerDef[], set: AddressSet, entries: Entry[]): void {
  const flags = AUTOASSIGN | PCI_DEVICE;
  for (const c of ctrls) {
    let want: PciAddr;
    let msg: string;
    if (c.type === CONTROLLER_TYPE.ide && c.idx === 0) {
      want = at(1, 1);
      msg = 'Primary IDE controller must have PCI address 0:0:1.1';
    } else if (c.type === CONTROLLER_TYPE.usb && c.idx === 0 && (c.model === 0 || c.model === -1)) {
      want = at(1, 2);
      msg = 'PIIX3 USB controller at index 0 must have PCI address 0:0:1.2';
    } else {
      continue;
    }
    if (isPresent(c.info)) {
      if (!samePci(pciOf(c.info)!, want)) throw rejectedAtDevice(c, internalError(msg));
    } else {
      setPci(c.info, want);
    }
    if (set.buses.length) reserveChipset(set, pciOf(c.info)!, flags, entries, c.info);
  }
  if (set.buses.length) {
    // the ISA bridge at 1.0 and the ACPI/SMBus function at 1.3
    reserveChipset(set, at(1, 0), flags, entries);
    reserveChipset(set, at(1, 3), flags, entries);
  }
  primaryVideo(dom, set, entries, 2, flags);
}

/** qemuDomainValidateDevicePCISlotsQ35 */
function slotsQ35(dom: Domain, ctrls: ControllerDef[], set: AddressSet, entries: Entry[]): void {
  const flags = PCIE_DEVICE;
  for (const c of ctrls) {
    if (c.type === CONTROLLER_TYPE.sata && c.idx === 0) {
      const want = at(0x1f, 2);
      if (isPresent(c.info)) {
        if (!samePci(pciOf(c.info)!, want)) throw rejectedAtDevice(c, internalError('Primary SATA controller must have PCI address 0:0:1f.2'));
      } else {
        setPci(c.info, want);
      }
    } else if (c.type === CONTROLLER_TYPE.usb && c.model === USB_MODEL.ich9Uhci1 && c.info.address.type === 'none') {
      // real Q35 boards have their USB2 functions at 1D.0 then 1A.0; taken slots are no error
      const slot = [0x1d, 0x1a].find((s) => !set.slotInUse(at(s)));
      if (slot !== undefined) {
        set.reserve(at(slot), flags, true);
        setPci(c.info, at(slot, 0, 1));
      }
    } else if (c.type === CONTROLLER_TYPE.pci && c.model === M.dmiToPci && c.info.address.type === 'none' && !set.slotInUse(at(0x1e))) {
      set.reserve(at(0x1e), flags, true);
      setPci(c.info, at(0x1e));
    }
  }
  if (set.buses.length) {
    // the ISA bridge (1F.0) and SMBus (1F.3) every Q35 has
    reserveChipset(set, at(0x1f, 0, 1), flags, entries);
    reserveChipset(set, at(0x1f, 3), flags, entries);
  }
  primaryVideo(dom, set, entries, 1, flags);
  if (!set.slotInUse(at(0x1b))) {
    // the ICH9's own HD audio slot
    const s = dom.devices.sounds.find((x) => x.model === 'ich9' && isWanted(x.info));
    if (s) {
      set.reserve(at(0x1b), flags, true);
      setPci(s.info, at(0x1b));
    }
  }
}

function chipsets(dom: Domain, ctrls: ControllerDef[], set: AddressSet, entries: Entry[], mc: Machine): void {
  if (mc.i440fx) slotsPiix3(dom, ctrls, set, entries);
  if (mc.q35) slotsQ35(dom, ctrls, set, entries);
}

/** qemuDomainAssignDevicePCISlots: the address-less devices, in libvirt's order of device kinds. */
function assignSlots(dom: Domain, set: AddressSet, entries: Entry[], ctx: QemuDefContext): void {
  const flagsOf = new Map(entries.map((e) => [e.info, e.flags]));
  const next = (info: DeviceInfo) => set.reserveNext(info, flagsOf.get(info) ?? 0);
  const d = dom.devices;
  for (const c of d.controllers) {
    if (c.type === CONTROLLER_TYPE.pci && c.model !== M.pciRoot && c.model !== M.pcieRoot && c.model !== M.default && isWanted(c.info)) next(c.info);
  }
  // usb-mtp sits on USB
  for (const x of d.filesystems) if (isWanted(x.info) && x.fsdriver !== FS_DRIVER_MTP) next(x.info);
  for (const x of d.nets) if (x.type !== 'hostdev' && isWanted(x.info)) next(x.info);
  for (const x of d.sounds) {
    if (isWanted(x.info) && x.model !== 'sb16' && x.model !== 'pcspk' && x.model !== 'usb') next(x.info);
  }
  for (const c of d.controllers) {
    if (c.type === CONTROLLER_TYPE.pci || (c.type === CONTROLLER_TYPE.usb && c.model === USB_MODEL.none)) continue;
    if (c.type === CONTROLLER_TYPE.fdc || c.type === CONTROLLER_TYPE.ccid) continue;
    if (c.type === CONTROLLER_TYPE.ide && c.idx === 0) continue;
    if (c.type === CONTROLLER_TYPE.scsi && c.model === 10) continue;
    if (!isWanted(c.info)) continue;
    if (!isUsb2(c)) { next(c.info); continue; }
    // USB2 companions share their EHCI's slot, each on its own function
    const fn = c.model === USB_MODEL.ich9Ehci1 ? 7 : c.model - USB_MODEL.ich9Uhci1;
    const multi = c.model === USB_MODEL.ich9Uhci1 ? 1 : 0;
    const mate = d.controllers.find((o) => isUsb2(o) && o.idx === c.idx && isPresent(o.info));
    const flags = flagsOf.get(c.info) ?? 0;
    if (mate) {
      const a = { ...pciOf(mate.info)!, function: fn, multi } as PciAddr;
      set.reserve(a, flags, true);
      setPci(c.info, a);
    } else {
      set.reserveNext(c.info, flags, fn);
      if (c.info.address.type === 'pci') c.info.address.multifunction = multi;
    }
  }
  for (const x of d.disks) {
    if (x.bus !== DISK_BUS.virtio || isPresent(x.info) || x.info.address.type === 'ccw') continue;
    if (x.info.address.type === 'virtio-mmio' && ctx.caps.flags.has('virtio-mmio')) continue;
    if (!isWanted(x.info)) throw rejectedAtDevice(x, unsupportedConfig(`virtio disk cannot have an address of type '${x.info.address.type}'`));
    next(x.info);
  }
  for (const h of d.hostdevs) {
    if (!isWanted(h.info) || h.mode !== 0) continue;
    if (h.type !== SUBSYS.pci && h.type !== SUBSYS.scsiHost && !(h.type === SUBSYS.mdev && h.mdevModel === 0)) continue;
    next(h.info);
  }
  const mb = d.memballoon;
  if (mb && mb.model !== 2 && isWanted(mb.info)) next(mb.info);
  for (const x of d.rngs) if (isWanted(x.info)) next(x.info);
  for (const x of d.watchdogs) if (x.model === 0 && isWanted(x.info)) next(x.info);
  for (const x of d.videos) if (x.type !== 'none' && x.type !== 'ramfb' && isWanted(x.info)) next(x.info);
  for (const x of d.shmems) if (isWanted(x.info)) next(x.info);
  for (const x of d.inputs) if (x.bus === 'virtio' && isWanted(x.info)) next(x.info);
  for (const x of d.serials) if (x.targetType === 3 && isWanted(x.info)) next(x.info);
  for (const x of d.iommus) if (x.model === 2 && isWanted(x.info)) next(x.info);
  if (d.vsock && isWanted(d.vsock.info)) next(d.vsock.info);
  for (const x of d.memories) if ((x.model === 3 || x.model === 4) && isWanted(x.info)) next(x.info);
  for (const x of d.panics) if (x.model === 5 && isWanted(x.info)) next(x.info);
}

/** virDomainPCIAddressSetAllMulti: function 0 of a slot with other functions in use is multifunction. */
function setAllMulti(entries: Entry[]): void {
  for (const e of entries) {
    const a = e.info.address;
    if (a.type !== 'pci' || a.function === 0) continue;
    for (const o of entries) {
      const b = o.info.address;
      if (b.type === 'pci' && b.domain === a.domain && b.bus === a.bus && b.slot === a.slot && b.function === 0) {
        if (b.multifunction === 0) b.multifunction = 1;
        break;
      }
    }
  }
}

/** qemuDomainAddressFindNewBusNr */
function newBusNr(ctrls: ControllerDef[]): number {
  let lowest = 256;
  for (const c of ctrls) if (c.type === CONTROLLER_TYPE.pci && c.pci && c.pci.busNr >= 0 && c.pci.busNr < lowest) lowest = c.pci.busNr;
  return lowest <= 2 ? -1 : lowest - 2;
}

/** The PCI controllers' generated options, and the pci-bridge index check, after assignment. */
function controllerOptions(dom: Domain): void {
  for (const c of dom.devices.controllers) {
    if (c.type !== CONTROLLER_TYPE.pci || !c.pci) continue;
    const o = c.pci;
    const a: Address = c.info.address;
    const bus = a.type === 'pci' ? a.bus : 0;
    const slot = a.type === 'pci' ? a.slot : 0;
    const fn = a.type === 'pci' ? a.function : 0;
    if (c.model === M.pciBridge && o.chassisNr === -1) o.chassisNr = c.idx;
    if (c.model === M.rootPort || c.model === M.downstream) {
      if (o.chassis === -1) o.chassis = c.idx;
      if (o.port === -1) o.port = c.model === M.rootPort ? (slot << 3) + fn : slot;
    }
    if (c.model === M.pciExpander || c.model === M.pcieExpander) {
      if (o.busNr === -1) o.busNr = newBusNr(dom.devices.controllers);
      if (o.busNr === -1) throw rejectedAtDevice(c, unsupportedConfig(`No free busNr lower than current lowest busNr is available to auto-assign to bus ${bus}. Must be manually assigned`));
    }
    if (c.model === M.pciBridge && c.idx <= bus) {
      throw rejectedAtDevice(c, unsupportedConfig(`PCI controller at index ${c.idx} (0x${hex(c.idx, 2)}) has bus='0x${hex(bus, 2)}', but index must be larger than bus`));
    }
  }
}

function machineOf(ctx: QemuDefContext): Machine {
  const name = ctx.dom.os.machine ?? '';
  const i440fx = name === 'pc' || name.startsWith('pc-0.') || name.startsWith('pc-1.') || name.startsWith('pc-i440fx-') || name.startsWith('rhel');
  const q35 = name === 'q35' || name.startsWith('pc-q35');
  const root = ctx.dom.devices.controllers.find((c) => c.type === CONTROLLER_TYPE.pci && c.idx === 0);
  // before the driver's post-parse adds it, the root bus is the machine's own
  const rootModel = root && root.model !== M.default ? root.model : q35 ? M.pcieRoot : M.pciRoot;
  const pciFlags = PCI_DEVICE | AUTOASSIGN;
  const pcieFlags = rootModel === M.pcieRoot ? PCIE_DEVICE | AUTOASSIGN : pciFlags;
  const virtioFlags = ctx.caps.flags.has('virtio-pci-non-transitional') ? pcieFlags : pciFlags;
  return { i440fx, q35, rootModel, pciFlags, pcieFlags, virtioFlags };
}

/** The PCI controllers as the address set sees them: with the machine's root bus if it is not in the list yet. */
function pciControllers(dom: Domain, mc: Machine): ControllerDef[] {
  const list = dom.devices.controllers;
  if (list.some((c) => c.type === CONTROLLER_TYPE.pci && c.idx === 0)) return list;
  return [...list, newController(CONTROLLER_TYPE.pci, 0, mc.rootModel, true)];
}

/** qemuDomainAssignPCIAddresses for an x86 guest. */
export function assignPciAddresses(ctx: QemuDefContext): void {
  const { dom } = ctx;
  const mc = machineOf(ctx);
  // an interface type='hostdev' and its hostdev share one device info in libvirt
  const netHostdevs = dom.devices.hostdevs.filter((h) => h.parentNet);
  const hostdevNets = dom.devices.nets.filter((n) => n.type === 'hostdev');
  if (netHostdevs.length === hostdevNets.length) netHostdevs.forEach((h, i) => { hostdevNets[i].info = h.info; });

  const ctrls = pciControllers(dom, mc);
  let maxIdx = -1;
  for (const c of ctrls) if (c.type === CONTROLLER_TYPE.pci && c.idx > maxIdx) maxIdx = c.idx;
  const entries = collectEntries(dom, mc);

  // the dry run: how many buses the devices need
  const dry = createSet(ctrls, entries, maxIdx + 1, true, ctx, mc);
  chipsets(dom, ctrls, dry, entries, mc);
  let spare = 0;
  if (mc.rootModel === M.pciRoot && dry.buses.some((b) => b!.functions.slice(b!.minSlot, b!.maxSlot + 1).some((f) => !f))) {
    // one spare PCI slot, so that a bridge can still be added later
    dry.reserveNext({ address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, AUTOASSIGN | PCI_DEVICE);
    spare = 1;
  }
  assignSlots(dom, dry, entries, ctx);
  // Every device had its address and no bus is needed (a definition as dumpxml writes it): the
  // real run would reserve the same addresses with the same checks and pick none, so it is left
  // out (it was ~40 % of the QEMU mode's address assignment on a fleet).
  setAllMulti(dry.picked === spare && dry.buses.length === maxIdx + 1 ? entries : assignForReal(ctx, mc, dry, maxIdx));
  controllerOptions(dom);
}

/** The real run after the dry one: the buses it needs added as controllers, then every address assigned. */
function assignForReal(ctx: QemuDefContext, mc: Machine, dry: AddressSet, maxIdx: number): Entry[] {
  const { dom } = ctx;
  if (maxIdx <= 0 && dry.buses.length > maxIdx + 1 && mc.rootModel === M.pcieRoot) {
    // a new PCIe guest keeps one empty root port for hotplug
    dry.reserveNext({ address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, AUTOASSIGN | PCIE_DEVICE);
  }
  for (let i = 1; i < dry.buses.length; i++) {
    const model = dry.bus(i).model;
    if (dom.devices.controllers.some((c) => c.type === CONTROLLER_TYPE.pci && c.idx === i)) continue;
    const c = newController(CONTROLLER_TYPE.pci, i, model, true);
    insertController(dom.devices.controllers, c);
    if (model !== M.pciRoot && model !== M.pcieRoot) dry.reserveNext(c.info, MODEL_CONNECT[model] ?? 0);
  }
  const ctrls = pciControllers(dom, mc);
  const entries = collectEntries(dom, mc);
  const set = createSet(ctrls, entries, dry.buses.length, false, ctx, mc);
  chipsets(dom, ctrls, set, entries, mc);
  assignSlots(dom, set, entries, ctx);
  return entries;
}
