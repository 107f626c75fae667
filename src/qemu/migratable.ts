/**
 * The migratable copy (qemuDomainDefCopy with VIR_DOMAIN_XML_MIGRATABLE): the definition formatted
 * without what the QEMU driver added for older libvirt's sake, then parsed again with post-parse.
 */
import { CONTROLLER_MODELS_USB, CONTROLLER_TYPE, PCI_MODEL, type ControllerDef } from '../model/controller.js';
import { DISK_BUS, DISK_MODELS } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { CHR_CONSOLE_TARGET_TYPES } from '../model/platform-devices.js';
import type { QemuDefContext } from './context.js';
import { addDefaultDevices, deviceDefaults, isI440fx } from './post-parse-devices.js';

const userAlias = (c: ControllerDef): boolean => c.info.alias?.startsWith('ua-') ?? false;

/** The only controller of a type, if there is exactly one. */
function sole(list: readonly ControllerDef[], type: number): ControllerDef | undefined {
  const of = list.filter((c) => c.type === type);
  return of.length === 1 ? of[0] : undefined;
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
  // every disk has a driver name (qemu) by now, so a <driver> is written and the re-parse gives it virtio options
  for (const disk of d.disks) disk.virtio ??= { iommu: 0, ats: 0, packed: 0, pagePerVq: 0 };
  // an hvm guest's serial console is written as a copy of its serial (virDomainDefFormatInternal)
  const serialConsole = CHR_CONSOLE_TARGET_TYPES.indexOf('serial');
  d.consoles.forEach((c, n) => {
    const target = CHR_CONSOLE_TARGET_TYPES[c.targetType];
    if (dom.os.type !== 'hvm' || (target !== 'serial' && target !== 'none') || n >= d.serials.length) return;
    d.consoles[n] = { ...deepCopy(d.serials[n]), deviceType: 'console', targetType: serialConsole, targetModel: 0 };
  });
  // the re-parse is not an ABI update
  const again: QemuDefContext = { ...ctx, dom, abiUpdate: false };
  addDefaultDevices(again);
  deviceDefaults(again);
  return dom;
}
