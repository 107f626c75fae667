/**
 * virDomainDefValidateAliases: user aliases (`ua-` prefix) must be unique across devices.
 * Only a live parse keeps aliases (the generic inactive parser has no user-alias support), so
 * only live XML can fail here.
 */
import type { Domain } from '../model/domain.js';
import type { DeviceInfo } from '../model/device.js';
import type { ChrDef } from '../model/platform-devices.js';
import { chrSourceEqual, CONSOLE_TARGET } from './chardev.js';
import { rejectedAtDevice, unsupportedConfig } from './errors.js';

const USER_ALIAS_PREFIX = 'ua-';

/** virDomainChrEquals */
function chrEquals(a: ChrDef, b: ChrDef): boolean {
  if (a === b) return true;
  if (a.deviceType !== b.deviceType || !chrSourceEqual(a.source, b.source)) return false;
  switch (a.deviceType) {
    case 'channel':
      return a.targetType === b.targetType && a.targetName === b.targetName && a.targetAddr === b.targetAddr;
    case 'serial':
      return a.targetType === b.targetType && a.port === b.port;
    default:
      return a.port === b.port;
  }
}

/** Every device's info in virDomainDeviceInfoIterate order (all consoles included). */
function* deviceInfos(dom: Domain): Generator<[DeviceInfo, ChrDef?]> {
  const d = dom.devices;
  for (const x of d.disks) yield [x.info];
  for (const x of d.nets) yield [x.info];
  for (const x of d.sounds) yield [x.info];
  // a hostdev made from an <interface type='hostdev'> shares the interface's alias
  for (const x of d.hostdevs) if (!x.parentNet) yield [x.info];
  for (const x of d.videos) yield [x.info];
  for (const x of d.controllers) yield [x.info];
  for (const x of d.smartcards) yield [x.info];
  for (const list of [d.serials, d.parallels, d.channels, d.consoles]) for (const x of list) yield [x.info, x];
  for (const x of d.inputs) yield [x.info];
  for (const x of d.filesystems) yield [x.info];
  for (const x of d.watchdogs) yield [x.info];
  if (d.memballoon) yield [d.memballoon.info];
  for (const x of d.rngs) yield [x.info];
  for (const x of d.hubs) yield [x.info];
  for (const x of d.shmems) yield [x.info];
  for (const x of d.tpms) yield [x.info];
  for (const x of d.panics) yield [x.info];
  for (const x of d.memories) yield [x.info];
  for (const x of d.redirdevs) yield [x.info];
  for (const x of d.iommus) yield [x.info];
  if (d.vsock) yield [d.vsock.info];
  if (d.pstore) yield [d.pstore.info];
}

export function validateAliases(dom: Domain): void {
  const { serials, consoles } = dom.devices;
  // a serial console is the first serial port under another name: that port's alias is not counted
  const consoleSerial = serials.length > 0 && consoles.length > 0 && consoles[0].deviceType === 'console' &&
    consoles[0].targetType === CONSOLE_TARGET.serial ? serials[0] : undefined;
  const seen = new Set<string>();
  for (const [info, chr] of deviceInfos(dom)) {
    const alias = info.alias;
    if (alias === undefined || !alias.startsWith(USER_ALIAS_PREFIX)) continue;
    if (consoleSerial && chr && chrEquals(consoleSerial, chr)) continue;
    if (seen.has(alias)) throw rejectedAtDevice(info, unsupportedConfig(`non unique alias detected: ${alias}`));
    seen.add(alias);
  }
}
