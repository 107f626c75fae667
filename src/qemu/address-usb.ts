/**
 * USB port assignment (qemuDomainAssignUSBAddresses): a definition stored by define gets a port
 * for every USB device without one; an existing definition (the incoming side) keeps what it has.
 */
import { CONTROLLER_MODELS_USB, CONTROLLER_TYPE, type ControllerDef } from '../model/controller.js';
import type { Address, DeviceInfo } from '../model/device.js';
import { DISK_BUS } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { SUBSYS } from '../model/hostdev.js';
import { CHR_SERIAL_TARGET_TYPES } from '../model/platform-devices.js';
import type { QemuDefContext } from './context.js';

/** A hub's ports: undefined free, true taken, a Hub for a taken port with a hub behind it. */
interface Hub { ports: (true | Hub | undefined)[] }

const HUB_PORTS = 8;

/** virDomainUSBAddressControllerModelToPorts */
function controllerPorts(c: ControllerDef): number {
  switch (CONTROLLER_MODELS_USB[c.model] as string | undefined) {
    case 'piix3-uhci': case 'piix4-uhci': case 'ich9-uhci1': case 'ich9-uhci2': case 'ich9-uhci3': case 'vt82c686b-uhci':
      return 2;
    case 'ehci': case 'ich9-ehci1': return 6;
    case 'pci-ohci': return 3;
    case 'nec-xhci': case 'qemu-xhci': return c.ports > 0 ? c.ports : 4;
    default: return 0;
  }
}

type UsbInfo = DeviceInfo & { address: Address };

/** virDomainUSBDeviceDefForeach: hubs, host devices, disks, ccid controllers, inputs, serials, sounds, redirdevs. */
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
  for (const r of d.redirdevs) if (r.bus === 'usb') out.push(r.info);
  return out;
}

const explicitPort = (a: Address): a is { type: 'usb'; bus: number; port: string } => a.type === 'usb' && !!a.port;

/** The port path's hub and last index, creating nothing; undefined when a hub on the way is missing. */
function walk(bus: Hub, path: number[]): { hub: Hub; at: number } | undefined {
  let hub = bus;
  for (let i = 0; i < path.length - 1; i++) {
    const next = hub.ports[path[i] - 1];
    if (typeof next !== 'object') return undefined;
    hub = next;
  }
  return { hub, at: path[path.length - 1] - 1 };
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

export function assignUsbAddresses(ctx: QemuDefContext): void {
  const { dom } = ctx;
  // an existing definition is never given ports (libvirt would not rebuild its topology)
  if (!ctx.abiUpdate) return;
  const all = usbDevices(dom, true);
  if (!all.some((i) => !explicitPort(i.address))) return;
  const buses = new Map<number, Hub>();
  for (const c of dom.devices.controllers) {
    if (c.type !== CONTROLLER_TYPE.usb || buses.has(c.idx)) continue;
    const n = controllerPorts(c);
    if (n > 0) buses.set(c.idx, { ports: new Array<undefined>(n).fill(undefined) });
  }
  const hubInfos = new Set<DeviceInfo>(dom.devices.hubs.filter((h) => h.type === 'usb').map((h) => h.info));
  const take = (info: DeviceInfo, bus: number, path: number[]): boolean => {
    const b = buses.get(bus);
    const spot = b && walk(b, path);
    if (!spot || spot.at < 0 || spot.at >= spot.hub.ports.length || spot.hub.ports[spot.at] !== undefined) return false;
    spot.hub.ports[spot.at] = hubInfos.has(info) ? { ports: new Array<undefined>(HUB_PORTS).fill(undefined) } : true;
    return true;
  };
  // reserve what is given, then assign the rest in libvirt's order (hubs first, so devices may sit behind them)
  for (const info of all) {
    const a = info.address;
    if (explicitPort(a)) take(info, a.bus, a.port.split('.').map(Number));
  }
  const assign = (info: DeviceInfo) => {
    const a = info.address;
    if (explicitPort(a) || (a.type !== 'none' && a.type !== 'usb')) return;
    const order = a.type === 'usb' ? [a.bus] : [...buses.keys()].sort((x, y) => x - y);
    for (const bus of order) {
      const b = buses.get(bus);
      const path = b && freePort(b);
      if (path && take(info, bus, path)) {
        info.address = { type: 'usb', bus, port: path.join('.') };
        return;
      }
    }
  };
  for (const h of dom.devices.hubs) if (h.type === 'usb') assign(h.info);
  for (const info of usbDevices(dom, false)) assign(info);
}
