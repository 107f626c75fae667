// Owned by the storage helper: disks, controllers, filesystems and host devices.
import { CONTROLLER_TYPE, SCSI_MODEL } from '../model/controller.js';
import { DISK_BUS, type DiskDef } from '../model/disk.js';
import type { Domain, DevicesDef } from '../model/domain.js';
import { SUBSYS, type HostdevDef } from '../model/hostdev.js';
import type { ParseContext } from './context.js';
import {
  addControllersUpTo, assignControllerIndexes, maybeAddController, parseControllers, postParseController,
  rejectDuplicateControllers, validateController,
} from './controller.js';
import { parseDeviceInfo } from './device-info.js';
import { assignDiskAddress, diskSourceName, driveAddress, insertDisk, parseDisk, postParseDisk, validateDisk } from './disk.js';
import { checkEach, parseEach, rejectedAt, rejectedAtDevice, unsupportedConfig, xmlError } from './errors.js';
import { FS_TARGET_CHECK_PER_DEVICE_SINCE, parseFilesystem, postParseFilesystem, validateFilesystem, validateFilesystemTargets } from './filesystem.js';
import { hostdevMatch, isScsiHostdev, parseHostdev, parseNetHostdev, PCI_HOSTDEV_DISPLAY_SINCE, validateHostdev } from './hostdev.js';
import { strToUIntPositive } from './values.js';

/** Two hostdevs with the same source rejected: libvirt commit 9c3b6b7a82 (2021-07-01), first released in 7.6.0. */
const HOSTDEV_DUPLICATE_CHECK_SINCE = '7.6.0';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

export type StoragePart = Pick<DevicesDef, 'disks' | 'controllers' | 'filesystems' | 'hostdevs'>;

/**
 * What the implicit controllers depend on outside this family (virtio channels and consoles,
 * smartcards), read from the XML so the result does not hang on another family's model.
 */
export interface ImplicitHints {
  virtioSerial: number[];
  ccid: number[];
}

declare module './context.js' {
  interface CarriedExtras { storage: ImplicitHints | undefined }
}

function addressController(el: XmlElement, type: string): number | undefined {
  const a = child(el, 'address');
  if (a?.attrs.type !== type) return undefined;
  const c = a.attrs.controller;
  // libvirt keeps the unsigned value in an int: 2^31 and above count as negative
  return c === undefined ? 0 : (strToUIntPositive(c, 10) ?? 0) | 0;
}

function collectHints(devices: XmlElement | undefined): ImplicitHints {
  const virtioSerial: number[] = [];
  for (const name of ['channel', 'console']) {
    for (const el of childrenNamed(devices, name)) {
      if (child(el, 'target')?.attrs.type !== 'virtio') continue;
      virtioSerial.push(addressController(el, 'virtio-serial') ?? 0);
    }
  }
  const ccid = childrenNamed(devices, 'smartcard').map((el) => addressController(el, 'ccid') ?? 0);
  return { virtioSerial, ccid };
}

/** virDomainDefMaybeAddHostdevSCSIcontroller */
function addHostdevScsiControllers(part: StoragePart, ctx: ParseContext): void {
  let max = -1;
  let model = -1;
  for (const h of part.hostdevs) {
    if (!isScsiHostdev(h)) continue;
    // libvirt reads the drive member of the address union whatever the address type
    const a = h.info.address;
    // compared as an int, as libvirt casts it: 2^31 and above never raise the maximum
    const ctrl = (a.type === 'drive' ? a.controller : a.type === 'pci' ? a.domain : 0) | 0;
    if (ctrl > max) {
      max = ctrl;
      const cont = part.controllers.find((c) => c.type === CONTROLLER_TYPE.scsi && c.idx === ctrl);
      if (cont && cont.model !== -1) model = cont.model;
    }
  }
  addControllersUpTo(part.controllers, CONTROLLER_TYPE.scsi, max, model, ctx);
}

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parseStorage(devices: XmlElement | undefined, ctx: ParseContext): StoragePart {
  const disks: DiskDef[] = [];
  for (const d of parseEach(childrenNamed(devices, 'disk'), ctx, parseDisk)) insertDisk(disks, d);
  const { controllers, usbNone } = parseControllers(devices, ctx);
  const filesystems = parseEach(childrenNamed(devices, 'filesystem'), ctx, parseFilesystem);
  const hostdevs: HostdevDef[] = [];
  // <interface type='hostdev'> is also a host device, ahead of the <hostdev> elements
  for (const el of childrenNamed(devices, 'interface')) {
    if (el.attrs.type !== 'hostdev') continue;
    try {
      hostdevs.push(parseNetHostdev(el, parseDeviceInfo(el, ctx, { allowBoot: true }), ctx));
    } catch (err) {
      throw rejectedAt(el, err);
    }
  }
  const part: StoragePart = { disks, controllers, filesystems, hostdevs };
  for (const el of childrenNamed(devices, 'hostdev')) {
    try {
      const h = parseHostdev(el, ctx);
      if (h.type === SUBSYS.usb && usbNone) throw unsupportedConfig("Can't add host USB device: USB is disabled in this host");
      hostdevs.push(h);
      addHostdevScsiControllers(part, ctx);
    } catch (err) {
      throw rejectedAt(el, err);
    }
  }
  ctx.carried.storage = collectHints(devices);
  return part;
}

function sameDrive(a: { controller: number; bus: number; target: number; unit: number }, c: number, b: number, t: number, u: number): boolean {
  return a.controller === c && a.bus === b && a.target === t && a.unit === u;
}

function driveUsedByDisk(disks: readonly DiskDef[], bus: number, c: number, b: number, t: number, u: number): boolean {
  return disks.some((d) => d.bus === bus && d.info.address.type === 'drive' && sameDrive(d.info.address, c, b, t, u));
}

function driveUsedByScsiHostdev(hostdevs: readonly HostdevDef[], c: number, b: number, t: number, u: number): boolean {
  // libvirt tests the type member of the source union, so a capabilities 'net' hostdev (also 2) counts
  return hostdevs.some((h) => h.type === SUBSYS.scsi && h.info.address.type === 'drive' && sameDrive(h.info.address, c, b, t, u));
}

/** virDomainSCSIDriveAddressIsUsed */
function scsiDriveAddressUsed(part: StoragePart, c: number, u: number): boolean {
  const cont = part.controllers.find((x) => x.type === CONTROLLER_TYPE.scsi && x.idx === c);
  if (cont) {
    let max = -1, reserved = -1;
    switch (cont.model) {
      case SCSI_MODEL.virtioScsi: case SCSI_MODEL.virtioTransitional: case SCSI_MODEL.virtioNonTransitional: max = 16383; break;
      case 5: max = 31; reserved = 7; break; // ibmvscsi
      case 3: max = 1; break; // lsisas1068
      case 7: max = 255; break; // lsisas1078
      case 2: case 4: case 1: reserved = 7; break; // lsilogic, vmpvscsi, buslogic
      case 10: case 11: case 12: max = 6; break; // ncr53c90, dc390, am53c974
      default: break;
    }
    if (max !== -1 && u > max) return true;
    if (reserved !== -1 && u === reserved) return true;
  }
  return driveUsedByDisk(part.disks, DISK_BUS.scsi, c, 0, 0, u) || driveUsedByScsiHostdev(part.hostdevs, c, 0, 0, u);
}

const SCSI_BUS_MAX_UNIT = 7;

/** virDomainHostdevDefPostParse */
function postParseHostdev(h: HostdevDef, part: StoragePart): void {
  if (h.mode !== 0) return;
  if (h.type === SUBSYS.scsi) {
    if (h.info.address.type === 'none') {
      for (let controller = 0; ; controller++) {
        let unit = -1;
        for (let i = 0; i < SCSI_BUS_MAX_UNIT; i++) {
          if (!scsiDriveAddressUsed(part, controller, i)) { unit = i; break; }
        }
        if (unit >= 0) { h.info.address = { type: 'drive', controller, bus: 0, target: 0, unit }; break; }
      }
    }
    const a = h.info.address;
    if (a.type === 'drive' && driveUsedByDisk(part.disks, DISK_BUS.scsi, a.controller, a.bus, a.target, a.unit)) {
      throw xmlError(`SCSI host address controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}' in use by a SCSI disk`);
    }
  } else if (h.type === SUBSYS.mdev) {
    const t = h.info.address.type;
    if (t === 'none') return;
    if ((h.mdevModel === 0 && t !== 'pci') || (h.mdevModel === 1 && t !== 'ccw')) {
      throw xmlError(`Unsupported address type '${t}' with mediated device model '${['vfio-pci', 'vfio-ccw', 'vfio-ap'][h.mdevModel]}'`);
    }
  }
}

/**
 * virDomainDefBootOrderPostParse: per-device boot orders must be unique and exclude <os><boot>.
 * It runs between the duplicate-controller check and the implicit controllers, so it lives here.
 */
function bootOrderPostParse(dom: Domain): void {
  if (dom.os.type !== 'hvm') return;
  const d = dom.devices;
  const seen = new Set<number>();
  const visit = (info: { bootIndex: number } | undefined) => {
    if (!info?.bootIndex) return;
    if (seen.has(info.bootIndex)) throw rejectedAtDevice(info, unsupportedConfig(`boot order '${info.bootIndex}' used for more than one device`));
    seen.add(info.bootIndex);
  };
  // virDomainDeviceInfoIterate order; only disks, nets, hostdevs, filesystems and redirdevs take <boot>
  for (const x of d.disks) visit(x.info);
  for (const x of d.nets) visit(x.info);
  for (const x of d.hostdevs) if (!x.parentNet) visit(x.info);
  for (const x of d.filesystems) visit(x.info);
  for (const x of d.redirdevs) visit(x.info);
  if (dom.os.bootDevs.length > 0 && seen.size > 0) {
    throw unsupportedConfig('per-device boot elements cannot be used together with os/boot elements');
  }
}

export function postParseStorage(dom: Domain, ctx: ParseContext): void {
  const part = dom.devices;
  assignControllerIndexes(part.controllers, ctx);
  // per-device post-parse, in virDomainDeviceInfoIterate order
  checkEach(part.disks, (disk) => {
    postParseDisk(disk, ctx);
    if (disk.info.address.type === 'none' && disk.dst !== undefined) {
      assignDiskAddress(disk, (c, b, t, u) => driveUsedByScsiHostdev(part.hostdevs, c, b, t, u), ctx);
    }
  });
  checkEach(part.hostdevs, (h) => postParseHostdev(h, part));
  checkEach(part.controllers, postParseController);
  checkEach(part.filesystems, postParseFilesystem);

  rejectDuplicateControllers(part.controllers);
  bootOrderPostParse(dom);

  // virDomainDefAddImplicitControllers
  const diskControllers: [number, number][] = [[CONTROLLER_TYPE.scsi, DISK_BUS.scsi], [CONTROLLER_TYPE.fdc, DISK_BUS.fdc],
    [CONTROLLER_TYPE.ide, DISK_BUS.ide], [CONTROLLER_TYPE.sata, DISK_BUS.sata], [CONTROLLER_TYPE.nvme, DISK_BUS.nvme]];
  for (const [ctype, bus] of diskControllers) {
    let max = -1;
    for (const d of part.disks) {
      const a = driveAddress(d.info);
      // (int) cast as in virDomainDefAddDiskControllersForType
      if (d.bus === bus && a && (a.controller | 0) > max) max = a.controller | 0;
    }
    addControllersUpTo(part.controllers, ctype, max, -1, ctx);
  }
  const h = ctx.carried.storage ?? { virtioSerial: [], ccid: [] };
  for (const idx of h.virtioSerial) maybeAddController(part.controllers, CONTROLLER_TYPE['virtio-serial'], idx, -1, ctx);
  for (const idx of h.ccid) maybeAddController(part.controllers, CONTROLLER_TYPE.ccid, idx, -1, ctx);
  addHostdevScsiControllers(part, ctx);
  for (const c of part.controllers) if (c.implicit) postParseController(c);
}

function validateInfo(info: { address: { type: string } }): void {
  if (info.address.type === 'unassigned') throw unsupportedConfig("address of type 'unassigned' is supported only for hostdevs");
}

export function validateStorage(dom: Domain, ctx: ParseContext): void {
  const part = dom.devices;
  checkEach(part.disks, (disk) => {
    validateInfo(disk.info);
    validateDisk(disk, ctx, dom.seclabels, dom.throttleGroups);
  });
  checkEach(part.hostdevs, (h) => validateHostdev(h, ctx));
  checkEach(part.controllers, (c) => {
    validateInfo(c.info);
    validateController(c, ctx);
  });
  checkEach(part.filesystems, (fs) => {
    validateInfo(fs.info);
    validateFilesystem(fs, part.filesystems, ctx);
  });

  // virDomainDefValidateInternal: duplicate targets, host devices and drive addresses
  const disks = part.disks;
  for (let i = 0; i < disks.length; i++) {
    for (let j = i + 1; j < disks.length; j++) {
      if (disks[i].dst === disks[j].dst) {
        throw rejectedAtDevice(disks[j], xmlError(`target '${disks[i].dst}' duplicated for disk sources '${diskSourceName(disks[i])}' and '${diskSourceName(disks[j])}'`));
      }
    }
  }
  const hostdevs = part.hostdevs;
  let ramfb = false;
  for (let i = 0; i < hostdevs.length; i++) {
    for (let j = i + 1; j < hostdevs.length; j++) {
      if (ctx.atLeast(HOSTDEV_DUPLICATE_CHECK_SINCE) && hostdevMatch(hostdevs[i], hostdevs[j])) throw rejectedAtDevice(hostdevs[j], xmlError('Hostdev already exists in the domain configuration'));
    }
    const hd = hostdevs[i];
    const hasRamfb = hd.mode === 0 && (hd.type === SUBSYS.mdev || (ctx.atLeast(PCI_HOSTDEV_DISPLAY_SINCE) && hd.type === SUBSYS.pci));
    if (hasRamfb && hd.ramfb === 1) {
      if (ramfb) throw rejectedAtDevice(hd, unsupportedConfig("Only one vgpu device can have 'ramfb' enabled"));
      ramfb = true;
    }
  }
  for (let i = 0; i < disks.length; i++) {
    const a = driveAddress(disks[i].info);
    if (!a) continue;
    for (let j = i + 1; j < disks.length; j++) {
      const b = driveAddress(disks[j].info);
      if (disks[i].bus !== disks[j].bus || !b) continue;
      if (sameDrive(a, b.controller, b.bus, b.target, b.unit)) {
        throw rejectedAtDevice(disks[j], unsupportedConfig(`Found duplicate drive address for disk with target name '${disks[i].dst}' controller='${a.controller}' bus='${a.bus}' target='${a.target}' unit='${a.unit}'`));
      }
    }
  }
  for (let i = 0; i < hostdevs.length; i++) {
    const hi = hostdevs[i];
    if (!isScsiHostdev(hi) || hi.info.address.type !== 'drive') continue;
    const a = hi.info.address;
    for (let j = i + 1; j < hostdevs.length; j++) {
      const hj = hostdevs[j];
      if (!isScsiHostdev(hj)) continue;
      const b = hj.info.address;
      if (b.type === 'drive' && sameDrive(a, b.controller, b.bus, b.target, b.unit)) {
        // libvirt prints bus before controller here
        throw rejectedAtDevice(hj, unsupportedConfig(`SCSI host address controller='${a.bus}' bus='${a.controller}' target='${a.target}' unit='${a.unit}' in use by another SCSI host device`));
      }
    }
    if (driveUsedByDisk(disks, DISK_BUS.scsi, a.controller, a.bus, a.target, a.unit)) {
      throw rejectedAtDevice(hi, unsupportedConfig(`SCSI host address controller='${a.bus}' bus='${a.controller}' target='${a.target}' unit='${a.unit}' in use by another SCSI disk`));
    }
  }
  if (!ctx.atLeast(FS_TARGET_CHECK_PER_DEVICE_SINCE)) validateFilesystemTargets(part.filesystems);
}

