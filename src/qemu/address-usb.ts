/**
 * USB port assignment (qemuDomainAssignUSBAddresses): a definition stored by define gets a port
 * for every USB device without one; an existing definition (the incoming side) keeps what it has.
 */
import { CONTROLLER_MODELS_USB, CONTROLLER_TYPE, type ControllerDef } from '../model/controller.js';
import type { Address, DeviceInfo } from '../model/device.js';
import { DISK_BUS } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { FS_DRIVER_MTP } from '../model/filesystem.js';
import { SUBSYS } from '../model/hostdev.js';
import { CHR_SERIAL_TARGET_TYPES } from '../model/platform-devices.js';
import { hasUsb } from '../parse/controller.js';
import { checkEach, internalError, rejectedAtDevice, unsupportedConfig, xmlError } from '../parse/errors.js';
import { declaredCount, type QemuDefContext } from './context.js';

/** A hub's ports: undefined free, true taken, a Hub for a taken port with a hub behind it. */
interface Hub { ports: (true | Hub | undefined)[] }

const HUB_PORTS = 8;

/** virDomainUSBAddressControllerModelToPorts: the ICH9 UHCI companions add none (their EHCI does) */
function controllerPorts(c: ControllerDef): number {
  switch (CONTROLLER_MODELS_USB[c.model] as string | undefined) {
    case undefined: case 'piix3-uhci': case 'piix4-uhci': case 'vt82c686b-uhci':
      return 2;
    case 'ehci': case 'ich9-ehci1': return 6;
    case 'pci-ohci': return 3;
    case 'nec-xhci': case 'qemu-xhci': return c.ports !== -1 ? c.ports : 4;
    case 'qusb1': case 'qusb2': return c.ports !== -1 ? c.ports : 8;
    default: return 0;
  }
}

type UsbInfo = DeviceInfo & { address: Address };

/** virDomainUSBDeviceDefForeach: hubs, host devices, disks, ccid controllers, inputs, serials, sounds, mtp filesystems, redirdevs. */
function usbDevices(dom: Domain, hubs: boolean): UsbInfo[] {
  const d = dom.devices;
  const out: UsbInfo[] = [];
  const usbSerial = CHR_SERIAL_TARGET_TYPES.indexOf('usb-serial');
  if (hubs) for (const h of d.hubs) if (h.type === 'usb') out.push(h.info);
  for (const h of d.hostdevs) if (h.mode === 0 && h.type === SUBSYS.usb) out.push(h.info);
  for (const disk of d.disks) if (disk.bus === DISK_BUS.usb) out.push(disk.info);
  for (const c of d.controllers) {
    const t = c.type === CONTROLLER_TYPE.ccid ? c.info.address.type : undefined;
    if (t === 'usb' || t === 'none') out.push(c.info);
  }
  for (const i of d.inputs) if (i.bus === 'usb') out.push(i.info);
  for (const s of d.serials) if (s.targetType === usbSerial) out.push(s.info);
  for (const s of d.sounds) if (s.model === 'usb') out.push(s.info);
  for (const f of d.filesystems) if (f.fsdriver === FS_DRIVER_MTP) out.push(f.info);
  for (const r of d.redirdevs) if (r.bus === 'usb') out.push(r.info);
  return out;
}

const explicitPort = (a: Address): a is { type: 'usb'; bus: number; port: string } => a.type === 'usb' && !!a.port && !a.port.startsWith('0');

/** A port path as numbers (1-based), up to its first 0. */
function portPath(port: string): number[] {
  const path = port.split('.').map(Number);
  const end = path.indexOf(0);
  return end < 0 ? path : path.slice(0, end);
}

/** virDomainUSBAddressFindPort: the hub holding the port and its index there, or libvirt's error. */
function findPort(buses: Map<number, Hub>, bus: number, path: number[]): { hub: Hub; at: number } {
  const portStr = path.join('.');
  let hub = buses.get(bus);
  if (!hub) throw xmlError(`Missing USB bus ${bus}`);
  for (let i = 0; i < path.length - 1; i++) {
    if (hub.ports.length <= path[i] - 1) throw xmlError(`port ${path[i]} out of range in USB address bus: ${bus} port: ${portStr}`);
    const next: true | Hub | undefined = hub.ports[path[i] - 1];
    if (typeof next !== 'object') throw xmlError(`there is no hub at port ${path[i]} in USB address bus: ${bus} port: ${portStr}`);
    hub = next;
  }
  const at = path[path.length - 1] - 1;
  if (at >= hub.ports.length) throw xmlError(`requested USB port ${portStr} not present on USB bus ${bus}`);
  return { hub, at };
}

/** The first free port of a hub, breadth first as libvirt's search; as a 1-based path. */
function freePort(hub: Hub): number[] | undefined {
  const i = hub.ports.indexOf(undefined);
  if (i >= 0) return [i + 1];
  for (let p = 0; p < hub.ports.length; p++) {
    const sub = hub.ports[p];
    if (typeof sub !== 'object') continue;
    const found = freePort(sub);
    if (found) return [p + 1, ...found];
  }
  return undefined;
}

const newHub = (n: number): Hub => ({ ports: new Array<undefined>(n).fill(undefined) });

/**
 * qemuDomainAssignUSBAddresses. A definition stored by define (ABI_UPDATE) gets a port for every
 * USB device without one; an existing definition is only checked, and only when every device has
 * its port (else libvirt leaves its topology alone). Given ports are checked: hubs first, in order,
 * then the devices (virDomainUSBAddressSetAddHub, virDomainUSBAddressReserve).
 */
export function assignUsbAddresses(ctx: QemuDefContext): void {
  const { dom } = ctx;
  const hubs = dom.devices.hubs.filter((h) => h.type === 'usb');
  const all = usbDevices(dom, true);
  if (!all.every((i) => explicitPort(i.address)) && !ctx.abiUpdate) return;
  // qemuDomainUSBAddressAddHubs (it adds no hub here: more devices than ports is not modelled)
  if (all.length > 0 && !hasUsb(dom.devices.controllers)) throw unsupportedConfig('USB is disabled for this domain, but USB devices are present in the domain XML');
  const buses = new Map<number, Hub>();
  for (const c of dom.devices.controllers) {
    const n = c.type === CONTROLLER_TYPE.usb ? controllerPorts(c) : 0;
    if (n === 0) continue;
    if (buses.has(c.idx)) throw rejectedAtDevice(c, xmlError(`Duplicate USB controllers with index ${c.idx}`));
    buses.set(c.idx, newHub(declaredCount(n, `USB controller ports='${n}'`, `track ${n} ports`)));
  }
  const addHub = (a: { bus: number; port: string }) => {
    const path = portPath(a.port);
    const { hub, at } = findPort(buses, a.bus, path);
    if (typeof hub.ports[at] === 'object') throw xmlError(`Duplicate USB hub on bus ${a.bus} port ${path.join('.')}`);
    hub.ports[at] = newHub(HUB_PORTS);
  };
  checkEach(hubs, (h) => { if (explicitPort(h.info.address)) addHub(h.info.address); });
  // an info is linked to its device's element as the device is (rejectedAtDevice)
  checkEach(usbDevices(dom, false), (info) => {
    const a = info.address;
    if (!explicitPort(a)) return;
    const path = portPath(a.port);
    const { hub, at } = findPort(buses, a.bus, path);
    if (hub.ports[at] !== undefined) throw xmlError(`Duplicate USB address bus ${a.bus} port ${path.join('.')}`);
    hub.ports[at] = true;
  });
  // virDomainUSBAddressAssign: the bus asked for, else the first with a free port
  const assign = (info: DeviceInfo, isHub: boolean) => {
    const a = info.address;
    if (explicitPort(a) || (a.type !== 'none' && a.type !== 'usb')) return;
    if (a.type === 'usb' && !buses.has(a.bus)) throw xmlError(`USB bus ${a.bus} requested but no controller with that index is present`);
    const order = a.type === 'usb' ? [a.bus] : [...buses.keys()].sort((x, y) => x - y);
    for (const bus of order) {
      const path = freePort(buses.get(bus)!);
      if (!path) continue;
      const { hub, at } = findPort(buses, bus, path);
      hub.ports[at] = isHub ? newHub(HUB_PORTS) : true;
      info.address = { type: 'usb', bus, port: path.join('.') };
      return;
    }
    throw internalError('No free USB ports');
  };
  checkEach(hubs, (h) => assign(h.info, true));
  checkEach(usbDevices(dom, false), (info) => assign(info, false));
}
