/**
 * The migratable copy (qemuDomainDefCopy with VIR_DOMAIN_XML_MIGRATABLE): the definition formatted
 * without what the QEMU driver added for older libvirt's sake, then parsed again with post-parse.
 */
import { CONTROLLER_MODELS_USB, CONTROLLER_TYPE, PCI_MODEL, USB_MODEL, type ControllerDef } from '../model/controller.js';
import { DISK_BUS, DISK_MODELS, STORAGE_TYPE, type StorageSourceDef } from '../model/disk.js';
import { CPU_FEATURE_POLICIES, CPU_MODE_CUSTOM } from '../model/cpu.js';
import type { HasVirtio } from '../model/device.js';
import type { Domain } from '../model/domain.js';
import { SUBSYS } from '../model/hostdev.js';
import { CHR_CONSOLE_TARGET_TYPES } from '../model/platform-devices.js';
import { insertDisk } from '../parse/disk.js';
import { bareError, xmlError } from '../parse/errors.js';
import { child, childrenNamed, type XmlElement } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';
import { addDefaultDevices, deviceDefaults, isI440fx } from './post-parse-devices.js';
import { isX86 } from './validate-machine.js';

const userAlias = (c: ControllerDef): boolean => c.info.alias?.startsWith('ua-') ?? false;

/** The only controller of a type, if there is exactly one. */
function sole(list: readonly ControllerDef[], type: number): ControllerDef | undefined {
  const of = list.filter((c) => c.type === type);
  return of.length === 1 ? of[0] : undefined;
}

/** A file, block or directory source with no path and nothing else writes no `<source>` (virXMLFormatElement skips an empty element). */
function sourceFormatsEmpty(s: StorageSourceDef): boolean {
  const pathOnly = s.type === STORAGE_TYPE.file || s.type === STORAGE_TYPE.block || s.type === STORAGE_TYPE.dir;
  return pathOnly && s.path === undefined && !s.seclabels.length && !s.slice && !s.auth && !s.encryption && !s.pr;
}

/** A USB hostdev's `<source>` is written only with an id, a host address or one of its attributes. */
function usbSourceFormatsEmpty(source: XmlElement | undefined, vendor: number, bus: number, device: number): boolean {
  const a = source?.attrs ?? {};
  return !vendor && !bus && !device && a.startupPolicy === undefined && a.guestReset === undefined && a.autoAddress !== 'yes';
}

/**
 * What the re-parse of the formatted copy refuses although the definition was accepted: the
 * format leaves out an empty `<source>` that the parser requires, or writes the implicit USB
 * controller beside a `model='none'` one. In the parser's order (disks, controllers, hostdevs).
 */
function reparseRejections(ctx: QemuDefContext, dom: Domain): void {
  const d = dom.devices;
  for (const disk of d.disks) {
    // the chain's terminator (`<backingStore/>`) has no source; it alone has no format
    for (let s = disk.src.backingStore; s && s.format !== 0; s = s.backingStore) {
      if (sourceFormatsEmpty(s)) throw xmlError('missing disk backing store source');
    }
  }
  const usb = d.controllers.filter((c) => c.type === CONTROLLER_TYPE.usb);
  if (usb.length > 1 && usb.some((c) => c.model === USB_MODEL.none)) {
    throw bareError("Can't add another USB controller: USB is disabled for this domain");
  }
  const elements = childrenNamed(child(ctx.root, 'devices'), 'hostdev');
  d.hostdevs.filter((h) => !h.parentNet).forEach((h, n) => {
    if (h.mode !== 0 || h.type !== SUBSYS.usb || h.source.kind !== 'usb') return;
    const { vendor, bus, device } = h.source;
    if (usbSourceFormatsEmpty(child(elements[n], 'source'), vendor, bus, device)) throw xmlError('Missing <source> element in hostdev device');
  });
}

/**
 * qemuDomainMakeCPUMigratable: Icelake-Server once listed pconfig, which QEMU never enabled, so
 * the copy says pconfig off whatever the definition said, for hosts with QEMU 3.1.0.
 */
function cpuMigratable(dom: Domain): void {
  const cpu = dom.cpu;
  if (cpu?.mode !== CPU_MODE_CUSTOM || cpu.model !== 'Icelake-Server' || !isX86(dom)) return;
  const disable = CPU_FEATURE_POLICIES.indexOf('disable');
  const pconfig = cpu.features.find((f) => f.name === 'pconfig');
  if (pconfig) pconfig.policy = disable;
  else cpu.features.push({ name: 'pconfig', policy: disable });
}

/**
 * A deep copy of (part of) a definition, as structuredClone makes it (shared objects stay shared:
 * a hostdev interface and its hostdev have one device info) in a third of its time: plain
 * objects, arrays and Maps are copied here, anything else by structuredClone.
 */
export function deepCopy<T>(value: T): T {
  const copies = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const done = copies.get(v);
    if (done !== undefined) return done;
    const proto = Object.getPrototypeOf(v);
    if (Array.isArray(v) && proto === Array.prototype) {
      const out: unknown[] = new Array(v.length);
      copies.set(v, out);
      for (let i = 0; i < v.length; i++) if (i in v) out[i] = copy(v[i]);
      return out;
    }
    if (v instanceof Map && proto === Map.prototype) {
      const out = new Map();
      copies.set(v, out);
      for (const [k, x] of v) out.set(copy(k), copy(x));
      return out;
    }
    if (proto !== Object.prototype && proto !== null) {
      const out: unknown = structuredClone(v);
      copies.set(v, out);
      return out;
    }
    const out: Record<string, unknown> = {};
    copies.set(v, out);
    for (const k of Object.keys(v)) out[k] = copy((v as Record<string, unknown>)[k]);
    return out;
  };
  return copy(value) as T;
}

/** Turns `dom` (the definition of `ctx`, or a copy of it) into its migratable copy. */
export function migratableCopy(ctx: QemuDefContext, dom: Domain): Domain {
  const d = dom.devices;
  cpuMigratable(dom);
  // virDomainInputDefFormat: ps2 and xen keyboards are left out of migratable XML
  d.inputs = d.inputs.filter((i) => !(i.type === 'keyboard' && (i.bus === 'ps2' || i.bus === 'xen')));
  // the default USB controller of i440fx machines and a lone pci-root, for libvirt <= 0.9.4
  const usb = sole(d.controllers, CONTROLLER_TYPE.usb);
  const dropUsb = usb && isI440fx(dom.os.machine ?? '') && usb.idx === 0 && !userAlias(usb) &&
    (usb.model === -1 || usb.model === CONTROLLER_MODELS_USB.indexOf('piix3-uhci'));
  const pci = sole(d.controllers, CONTROLLER_TYPE.pci);
  const dropPci = pci && pci.idx === 0 && pci.model === PCI_MODEL.pciRoot && !userAlias(pci);
  d.controllers = d.controllers.filter((c) => !((dropUsb && c === usb) || (dropPci && c === pci)));
  // every controller left is written out, so the re-parse sees none as implicit
  for (const c of d.controllers) c.implicit = false;
  // usb-storage is stripped for older daemons; the re-parse sets it again
  const usbStorage = DISK_MODELS.indexOf('usb-storage');
  for (const disk of d.disks) if (disk.bus === DISK_BUS.usb && disk.model === usbStorage) disk.model = 0;
  // a <driver> of only default virtio options is written as nothing, so the re-parse has no options
  for (const list of Object.values(d) as unknown[]) {
    for (const dev of Array.isArray(list) ? list : [list]) {
      const v = (dev as Partial<HasVirtio> | undefined)?.virtio;
      if (v && !v.withOtherSettings && !v.iommu && !v.ats && !v.packed && !v.pagePerVq) (dev as HasVirtio).virtio = undefined;
    }
  }
  // every disk has a driver name (qemu) by now, so a <driver> is written and the re-parse gives it virtio options
  for (const disk of d.disks) disk.virtio ??= { iommu: 0, ats: 0, packed: 0, pagePerVq: 0 };
  // an hvm guest's serial console is written as a copy of its serial (virDomainDefFormatInternal)
  const serialConsole = CHR_CONSOLE_TARGET_TYPES.indexOf('serial');
  d.consoles.forEach((c, n) => {
    const target = CHR_CONSOLE_TARGET_TYPES[c.targetType];
    if (dom.os.type !== 'hvm' || (target !== 'serial' && target !== 'none') || n >= d.serials.length) return;
    d.consoles[n] = { ...deepCopy(d.serials[n]), deviceType: 'console', targetType: serialConsole, targetModel: 0 };
  });
  reparseRejections(ctx, dom);
  // the re-parse orders the disks of a bus by target again, now that each has its bus
  const disks = d.disks;
  d.disks = [];
  for (const disk of disks) insertDisk(d.disks, disk);
  // the re-parse is not an ABI update
  const again: QemuDefContext = { ...ctx, dom, abiUpdate: false };
  addDefaultDevices(again, true);
  deviceDefaults(again);
  // The re-parse assigns addresses too (the xmlopt's callback), but every device kept its own:
  // all it changes is the USB controller left out above, back at the PIIX3's 0:0:1.2 where
  // define put it (qemuDomainValidateDevicePCISlotsPIIX3). Running the whole assignment again
  // for that was a tenth of an i440fx guest's QEMU-mode cost.
  if (dropUsb) {
    const back = sole(d.controllers, CONTROLLER_TYPE.usb);
    if (back && back.info.address.type === 'none') back.info.address = { type: 'pci', domain: 0, bus: 0, slot: 1, function: 2, multifunction: 0 };
  }
  return dom;
}
