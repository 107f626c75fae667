/**
 * virtio-serial port assignment (qemuDomainAssignVirtioSerialAddresses): virtio consoles, then
 * virtio channels, without a complete address get the first free port of the first controller
 * with one (port 0 is for consoles only), on both sides.
 */
import { CONTROLLER_TYPE } from '../model/controller.js';
import type { DeviceInfo } from '../model/device.js';
import { CHR_CHANNEL_TARGET_TYPES, CHR_CONSOLE_TARGET_TYPES, type ChrDef } from '../model/platform-devices.js';
import { insertController, newController } from '../parse/controller.js';
import { checkEach, internalError } from '../parse/errors.js';
import { declaredCount, type QemuDefContext } from './context.js';

/** VIR_DOMAIN_DEFAULT_VIRTIO_SERIAL_PORTS */
const DEFAULT_PORTS = 31;

export function assignVirtioSerialAddresses(ctx: QemuDefContext): void {
  const d = ctx.dom.devices;
  const consoles = d.consoles.filter((c) => c.targetType === CHR_CONSOLE_TARGET_TYPES.indexOf('virtio'));
  const channels = d.channels.filter((c) => c.targetType === CHR_CHANNEL_TARGET_TYPES.indexOf('virtio'));
  // an address of another type is kept (and PCI assignment judges it)
  const complete = (info: DeviceInfo) => info.address.type === 'virtio-serial' ? info.address.port !== 0 : info.address.type !== 'none';
  if ([...consoles, ...channels].every((c) => complete(c.info))) return;
  // the controllers by index, each a map of its ports, with the ports given reserved
  const ports = new Map<number, boolean[]>();
  for (const c of [...d.controllers].sort((a, b) => a.idx - b.idx)) {
    if (c.type === CONTROLLER_TYPE['virtio-serial'] && !ports.has(c.idx)) ports.set(c.idx, new Array<boolean>(c.ports === -1 ? DEFAULT_PORTS : declaredCount(c.ports, `virtio-serial controller ports='${c.ports}'`, `track ${c.ports} ports`)).fill(false));
  }
  for (const chr of [...d.consoles, ...d.channels]) {
    const a = chr.info.address;
    if (a.type === 'virtio-serial' && a.port < (ports.get(a.controller)?.length ?? 0)) ports.get(a.controller)![a.port] = true;
  }
  const assign = (chr: ChrDef, allowZero: boolean) => {
    const a = chr.info.address;
    if (complete(chr.info)) return;
    // a controller given keeps it (virDomainVirtioSerialAddrNextFromController); else the first with a free port
    const given = a.type === 'virtio-serial' ? a.controller : undefined;
    for (const [idx, map] of ports) {
      if (given !== undefined && idx !== given) continue;
      const port = map.findIndex((taken, i) => !taken && (i > 0 || (allowZero && given === undefined)));
      if (port < 0) continue;
      map[port] = true;
      chr.info.address = { type: 'virtio-serial', controller: idx, bus: a.type === 'virtio-serial' ? a.bus : 0, port };
      return;
    }
    if (given !== undefined) throw internalError(`Unable to find a free port on virtio-serial controller ${given}`);
    // every controller full: one more is added (virDomainVirtioSerialAddrSetAutoaddController)
    const idx = Math.max(-1, ...ports.keys()) + 1;
    insertController(d.controllers, newController(CONTROLLER_TYPE['virtio-serial'], idx, -1, false));
    const map = new Array<boolean>(DEFAULT_PORTS).fill(false);
    ports.set(idx, map);
    const port = allowZero ? 0 : 1;
    map[port] = true;
    chr.info.address = { type: 'virtio-serial', controller: idx, bus: 0, port };
  };
  checkEach(consoles, (c) => assign(c, true));
  checkEach(channels, (c) => assign(c, false));
}
