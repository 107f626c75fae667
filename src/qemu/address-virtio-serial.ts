/**
 * virtio-serial port assignment (qemuDomainAssignVirtioSerialAddresses) on both sides, as the
 * QEMU oracle's --define shows it. The ports given are reserved first. Then, in order:
 * - a virtio console with a virtio-serial address but no port takes the first free port (0 too)
 *   of its controller, on bus 0;
 * - a virtio console without one keeps its address: it only takes (reserves) the first free port
 *   of the first controller with one, unless that is port 0;
 * - a virtio channel without a port gets one (never 0) on bus 0: of its controller when it names
 *   one, else of the first controller with one (an address of another type is replaced).
 * When every controller is full, a controller is added at the lowest free index.
 */
import { CONTROLLER_TYPE } from '../model/controller.js';
import type { DeviceInfo } from '../model/device.js';
import { CHR_CHANNEL_TARGET_TYPES, CHR_CONSOLE_TARGET_TYPES } from '../model/platform-devices.js';
import { insertController, newController } from '../parse/controller.js';
import { checkEach, internalError, xmlError } from '../parse/errors.js';
import { declaredCount, type QemuDefContext } from './context.js';

/** VIR_DOMAIN_DEFAULT_VIRTIO_SERIAL_PORTS */
const DEFAULT_PORTS = 31;

const complete = (info: DeviceInfo) => info.address.type === 'virtio-serial' && info.address.port !== 0;

export function assignVirtioSerialAddresses(ctx: QemuDefContext): void {
  const d = ctx.dom.devices;
  // the compat console copying the first serial is not a device of its own (virDomainDeviceInfoIterate)
  const compat = (i: number, target: string) => i === 0 && (target === 'none' || target === 'serial');
  const consoles = d.consoles.filter((c, i) => !compat(i, CHR_CONSOLE_TARGET_TYPES[c.targetType]));
  const given = [...d.channels, ...consoles].filter((c) => c.info.address.type === 'virtio-serial');
  const virtioConsoles = d.consoles.filter((c) => c.targetType === CHR_CONSOLE_TARGET_TYPES.indexOf('virtio') && !complete(c.info));
  const virtioChannels = d.channels.filter((c) => c.targetType === CHR_CHANNEL_TARGET_TYPES.indexOf('virtio') && !complete(c.info));
  if (!given.length && !virtioConsoles.length && !virtioChannels.length) return;
  // the controllers by index, each a map of its ports
  const ports = new Map<number, boolean[]>();
  const addController = (idx: number, count: number) => ports.set(idx, new Array<boolean>(count).fill(false));
  for (const c of [...d.controllers].sort((a, b) => a.idx - b.idx)) {
    if (c.type === CONTROLLER_TYPE['virtio-serial'] && !ports.has(c.idx)) {
      addController(c.idx, c.ports === -1 ? DEFAULT_PORTS : declaredCount(c.ports, `virtio-serial controller ports='${c.ports}'`, `track ${c.ports} ports`));
    }
  }
  // virDomainVirtioSerialAddrReserve
  const reserve = (controller: number, port: number) => {
    const map = ports.get(controller);
    if (!map) throw xmlError(`virtio serial controller ${controller} is missing`);
    if (port >= map.length) throw xmlError(`virtio serial controller ${controller} does not have port ${port}`);
    if (map[port]) throw xmlError(`virtio serial port ${port} on controller ${controller} is already occupied`);
    map[port] = true;
  };
  checkEach(given, (c) => { if (c.info.address.type === 'virtio-serial' && c.info.address.port !== 0) reserve(c.info.address.controller, c.info.address.port); });

  // the first free port from `first` on the given controller
  const fromController = (controller: number, first: number): number => {
    const map = ports.get(controller);
    if (!map) throw internalError(`virtio-serial controller ${controller} not available`);
    const port = map.findIndex((taken, i) => !taken && i >= first);
    if (port < 0) throw xmlError(`Unable to find a free port on virtio-serial controller ${controller}`);
    return port;
  };
  // the first free port from `first` on the first controller with one, else on a new controller
  const anyController = (first: number): { controller: number; port: number } => {
    for (const [controller, map] of ports) {
      const port = map.findIndex((taken, i) => !taken && i >= first);
      if (port >= 0) return { controller, port };
    }
    let idx = 0;
    while (d.controllers.some((c) => c.type === CONTROLLER_TYPE['virtio-serial'] && c.idx === idx)) idx++;
    insertController(d.controllers, newController(CONTROLLER_TYPE['virtio-serial'], idx, -1, false));
    addController(idx, DEFAULT_PORTS);
    return { controller: idx, port: first };
  };

  // an error points at the console or channel it is about
  checkEach(virtioConsoles, (c) => {
    const a = c.info.address;
    if (a.type === 'virtio-serial') {
      const port = fromController(a.controller, 0);
      reserve(a.controller, port);
      c.info.address = { ...a, bus: 0, port };
    } else {
      const { controller, port } = anyController(0);
      if (port !== 0) reserve(controller, port);
    }
  });
  checkEach(virtioChannels, (c) => {
    const a = c.info.address;
    const { controller, port } = a.type === 'virtio-serial' ? { controller: a.controller, port: fromController(a.controller, 1) } : anyController(1);
    reserve(controller, port);
    c.info.address = { type: 'virtio-serial', controller, bus: 0, port };
  });
}
