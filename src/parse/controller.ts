/**
 * virDomainControllerDefParseXML, virDomainDefControllersParse (USB sanity and the sorted
 * insertion), virDomainAssignControllerIndexes, the implicit controllers of
 * virDomainDefAddImplicitControllers, and controller validation.
 */
import {
  CONTROLLER_MODELS_IDE, CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_SCSI, CONTROLLER_MODELS_USB,
  CONTROLLER_MODELS_VIRTIO_SERIAL, CONTROLLER_TYPE, CONTROLLER_TYPES, PCI_MODEL, SCSI_MODEL, USB_MODEL, type ControllerDef,
} from '../model/controller.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { atElement, bareError, MAX_DECLARED_ITEMS, notChecked, rejectedAt, rejectedAtDevice, unsupportedConfig, xmlError } from './errors.js';
import {
  NONNEGATIVE, NONZERO, parseScaledValue, propEnum, propInt, propTristateSwitch, propUInt, propULongLong,
  REQUIRED, strToInt,
} from './values.js';
import { child, childrenNamed, firstNode, type XmlElement } from './xml-tree.js';

const PCI_MODEL_NAMES = ['none', 'pci-bridge', 'i82801b11-bridge', 'ioh3420', 'x3130-upstream', 'xio3130-downstream', 'pxb',
  'pxb-pcie', 'pcie-root-port', 'spapr-pci-host-bridge', 'pcie-pci-bridge'] as const;
const ULONG_MAX = (1n << 64n) - 1n;
/** before the nvme controller type */
const CONTROLLER_TYPES_OLD = CONTROLLER_TYPES.slice(0, 10);

/** Controller parse steps dated by libvirt's NEWS and formatdomain.rst. */
const CONTROLLER_SINCE = {
  /** `<target memReserve>` (NEWS 10.3.0, formatdomain.rst "Since 10.3.0") */
  memReserve: '10.3.0',
  /** `<driver><iothreads>` on virtio-scsi and its validation (NEWS 11.2.0, formatdomain.rst "since 11.2.0") */
  iothreads: '11.2.0',
  /** the nvme controller type, with the nvme disk bus (NEWS 11.5.0 "Add support for NVMe disks") */
  nvme: '11.5.0',
} as const;
// The pcihole64 limit and the sorted insertion of implicit controllers are UNPINNED: no NEWS entry
// dates them and Debian's 10.7.0 source has neither (virDomainDefAddImplicitControllers as in 9.0.0),
// so 11.3.0, the first measured release showing them, stands for 10.8.0..11.3.0.

function modelTable(type: number): readonly string[] | undefined {
  switch (type) {
    case CONTROLLER_TYPE.scsi: return CONTROLLER_MODELS_SCSI;
    case CONTROLLER_TYPE.usb: return CONTROLLER_MODELS_USB;
    case CONTROLLER_TYPE.pci: return CONTROLLER_MODELS_PCI;
    case CONTROLLER_TYPE.ide: return CONTROLLER_MODELS_IDE;
    case CONTROLLER_TYPE['virtio-serial']: return CONTROLLER_MODELS_VIRTIO_SERIAL;
    case CONTROLLER_TYPE.isa: return [];
    default: return undefined;
  }
}

/** virDomainControllerDefNew */
export function newController(type: number, idx: number, model: number, implicit: boolean): ControllerDef {
  const pci = type === CONTROLLER_TYPE.pci
    ? { chassisNr: -1, chassis: -1, port: -1, busNr: -1, targetIndex: -1, numaNode: -1, hotplug: 0 as const }
    : undefined;
  return {
    type, idx, model, ports: -1, vectors: -1, master: false, iothread: 0, iothreads: false, pci, implicit,
    info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined,
  };
}

export function parseController(el: XmlElement, ctx: ParseContext): ControllerDef {
  const type = propEnum(el, 'type', ctx.atLeast(CONTROLLER_SINCE.nvme) ? CONTROLLER_TYPES : CONTROLLER_TYPES_OLD);
  const def = newController(type, -1, -1, false);
  const model = el.attrs.model;
  if (model !== undefined) {
    const idx = modelTable(type)?.indexOf(model) ?? -1;
    if (idx < 0) throw unsupportedConfig(`Unknown model type '${model}'`);
    def.model = idx;
  }
  def.idx = propInt(el, 'index', 10, NONNEGATIVE, -1);
  const driver = child(el, 'driver');
  if (driver) {
    const queues = propUInt(driver, 'queues', 10);
    const cmdPerLun = propUInt(driver, 'cmd_per_lun', 10);
    const maxSectors = propUInt(driver, 'max_sectors', 10);
    const ioeventfd = propTristateSwitch(driver, 'ioeventfd');
    def.iothread = propUInt(driver, 'iothread', 10);
    let iothreadList = false;
    if (ctx.atLeast(CONTROLLER_SINCE.iothreads)) {
      const its = child(driver, 'iothreads');
      if (its) {
        def.iothreads = true;
        for (const it of childrenNamed(its, 'iothread')) {
          iothreadList = true;
          propUInt(it, 'id', 10, REQUIRED);
          for (const q of childrenNamed(it, 'queue')) propUInt(q, 'id', 10, REQUIRED);
        }
      }
    }
    def.virtio = parseVirtioOptions(driver, ctx);
    // virDomainControllerDriverFormat writes these only when set
    if (queues || cmdPerLun || maxSectors || ioeventfd || def.iothread || iothreadList) def.virtio!.withOtherSettings = true;
  }
  const models = childrenNamed(el, 'model');
  if (models.length > 1) throw xmlError('Multiple <model> elements in controller definition not allowed');
  if (models.length === 1 && type === CONTROLLER_TYPE.pci) propEnum(models[0], 'name', PCI_MODEL_NAMES);
  const targets = childrenNamed(el, 'target');
  if (targets.length > 1) throw xmlError('Multiple <target> elements in controller definition not allowed');
  if (targets.length === 1 && def.pci) {
    const t = targets[0];
    def.pci.chassisNr = propInt(t, 'chassisNr', 0, NONNEGATIVE, -1);
    def.pci.chassis = propInt(t, 'chassis', 0, NONNEGATIVE, -1);
    def.pci.port = propInt(t, 'port', 0, NONNEGATIVE, -1);
    def.pci.busNr = propInt(t, 'busNr', 0, NONNEGATIVE, -1);
    def.pci.hotplug = propTristateSwitch(t, 'hotplug');
    def.pci.targetIndex = propInt(t, 'index', 0, NONNEGATIVE, -1);
    if (ctx.atLeast(CONTROLLER_SINCE.memReserve)) propULongLong(t, 'memReserve', 0, NONZERO);
  }
  // virXPathInt("string(./target/node)"): absent or empty is fine, garbage or negative is not
  const nodeText = firstNode(el, 'target', 'node')?.text;
  let numaNode = -1;
  if (nodeText !== undefined && nodeText !== '') {
    const v = strToInt(nodeText, 10);
    if (v === undefined || v < 0) throw xmlError('invalid NUMA node in target');
    numaNode = v;
  }
  if (!(type === CONTROLLER_TYPE.usb && def.model === USB_MODEL.none)) {
    def.info = parseDeviceInfo(el, ctx);
  }
  def.master = child(el, 'master') !== undefined && !(type === CONTROLLER_TYPE.usb && def.model === USB_MODEL.none);
  const ports = propInt(el, 'ports', 10, NONNEGATIVE, -1);
  switch (type) {
    case CONTROLLER_TYPE['virtio-serial']:
      def.vectors = propInt(el, 'vectors', 10, NONNEGATIVE, -1);
      def.ports = ports;
      break;
    case CONTROLLER_TYPE.usb:
      // ich9 UHCI companions get an implicit master port
      if (def.model === USB_MODEL.ich9Uhci1 || def.model === USB_MODEL.ich9Uhci2 || def.model === USB_MODEL.ich9Uhci3) def.master = true;
      def.ports = ports;
      break;
    case CONTROLLER_TYPE.pci:
      if (def.model === PCI_MODEL.pciRoot || def.model === PCI_MODEL.pcieRoot) {
        const hole = child(el, 'pcihole64');
        if (hole) {
          const max = ctx.atLeast('11.3.0') ? ULONG_MAX : 1024n * ULONG_MAX;
          parseScaledValue(hole.text === '' ? undefined : hole.text, hole.attrs.unit, './pcihole64', 1024n, max, false);
        }
      }
      if (numaNode >= 0 && def.pci) def.pci.numaNode = numaNode;
      break;
    case CONTROLLER_TYPE.xenbus:
      propInt(el, 'maxGrantFrames', 10, NONNEGATIVE, -1);
      propInt(el, 'maxEventChannels', 10, NONNEGATIVE, -1);
      break;
    default:
      break;
  }
  return def;
}

/** virDomainControllerInsertPreAlloced: sorted by type, then index, masters before companions. */
export function insertController(list: ControllerDef[], c: ControllerDef): void {
  let insertAt = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const cur = list[i];
    if (cur.type !== c.type) continue;
    if (c.idx === -1) { insertAt = i + 1; break; }
    if (cur.idx > c.idx) insertAt = i;
    else if (!c.master && cur.master && cur.idx === c.idx) insertAt = i;
    else if (insertAt === -1) insertAt = i + 1;
  }
  if (insertAt < 0) list.push(c);
  else list.splice(insertAt, 0, c);
}

/** virDomainDefHasUSB: a USB controller of a model other than none. */
export function hasUsb(controllers: readonly ControllerDef[]): boolean {
  return controllers.some((c) => c.type === CONTROLLER_TYPE.usb && c.model !== USB_MODEL.none);
}

/** virDomainDefControllersParse */
export function parseControllers(devices: XmlElement | undefined, ctx: ParseContext): { controllers: ControllerDef[]; usbNone: boolean } {
  const controllers: ControllerDef[] = [];
  let usbOther = false, usbMaster = false, usbNone = false;
  for (const el of childrenNamed(devices, 'controller')) {
    let c: ControllerDef;
    try {
      c = parseController(el, ctx);
    } catch (err) {
      throw rejectedAt(el, err);
    }
    if (c.type === CONTROLLER_TYPE.usb) {
      if (c.model === USB_MODEL.none) {
        if (usbOther || usbNone) throw atElement(el, bareError("Can't add another USB controller: USB is disabled for this domain"));
        usbNone = true;
      } else {
        if (usbNone) throw atElement(el, bareError("Can't add another USB controller: USB is disabled for this domain"));
        usbOther = true;
      }
      if (!c.master) usbMaster = true;
    }
    insertController(controllers, c);
  }
  if (usbOther && !usbMaster) throw bareError('No master USB controller specified');
  return { controllers, usbNone };
}

function findController(list: readonly ControllerDef[], type: number, idx: number): boolean {
  return list.some((c) => c.type === type && c.idx === idx);
}

const isUsb2 = (c: ControllerDef) => c.type === CONTROLLER_TYPE.usb &&
  (c.model === USB_MODEL.ich9Ehci1 || c.model === USB_MODEL.ich9Uhci1 || c.model === USB_MODEL.ich9Uhci2 || c.model === USB_MODEL.ich9Uhci3);

/** virDomainAssignControllerIndexes */
export function assignControllerIndexes(list: ControllerDef[], ctx: ParseContext): void {
  let reinsert = false;
  for (let outer = 0; outer < list.length; outer++) {
    const cont = list[outer];
    if (cont.idx !== -1) continue;
    let prev: ControllerDef | undefined;
    if (outer > 0 && isUsb2(cont)) {
      reinsert = true;
      let p = outer - 1;
      while (p >= 0 && list[p].type !== CONTROLLER_TYPE.usb) p--;
      if (p >= 0) prev = list[p];
      if (prev && !isUsb2(prev)) prev = undefined;
      if (prev) {
        const prevIdx = prev.idx;
        if (list.some((c) => c.type === CONTROLLER_TYPE.usb && c.idx === prevIdx && c.model === cont.model)) prev = undefined;
      }
      if (prev) cont.idx = prev.idx;
    }
    if (!prev) {
      let idx = 0;
      while (findController(list, cont.type, idx)) idx++;
      cont.idx = idx;
    }
  }
  // later releases re-sort once a USB2 companion got its index
  if (reinsert && ctx.atLeast('11.3.0')) {
    const all = list.splice(0, list.length);
    for (const c of all) insertController(list, c);
  }
}

/**
 * virDomainDefMaybeAddController when no controller of that type/index exists: 9.0.0 appends it,
 * later releases insert it in sorted position.
 */
export function maybeAddController(list: ControllerDef[], type: number, idx: number, model: number, ctx: ParseContext): void {
  if (idx >= 0 && findController(list, type, idx)) return;
  if (idx < 0) { idx = 0; while (findController(list, type, idx)) idx++; }
  const c = newController(type, idx, model, true);
  if (ctx.atLeast('11.3.0')) insertController(list, c);
  else list.push(c);
}

/**
 * Where abi-diff stops following libvirt's implicit controllers: for a drive address naming
 * controller 2^18, libvirt itself adds 262,145 controllers in most of a minute (its loop is
 * quadratic); at 2^24 it needs gigabytes and days, and abi-diff's worker would die of its heap
 * (which can take the whole process down with it) instead of giving a verdict.
 */
export const MAX_IMPLICIT_CONTROLLERS = MAX_DECLARED_ITEMS;

const tooManyControllers = (max: number) =>
  notChecked(`a device address naming controller ${max}`, `add ${max + 1} implicit controllers`);

/**
 * maybeAddController for every index 0..max in turn (libvirt's loop after the highest drive
 * address controller), in linear time: the index comes from the document, and a scan per index
 * made a hostile one cost minutes. Indexes above every present one of the type would each be
 * inserted right after the previous one, so they go in as one run.
 */
export function addControllersUpTo(list: ControllerDef[], type: number, max: number, model: number, ctx: ParseContext): void {
  if (max >= MAX_IMPLICIT_CONTROLLERS) throw tooManyControllers(max);
  const present = new Set<number>();
  let highest = -1;
  for (const c of list) if (c.type === type) { present.add(c.idx); highest = Math.max(highest, c.idx); }
  const sorted = ctx.atLeast('11.3.0');
  const run: ControllerDef[] = [];
  for (let i = 0; i <= max; i++) {
    if (present.has(i)) continue;
    const c = newController(type, i, model, true);
    if (!sorted) list.push(c);
    else if (i < highest) insertController(list, c);
    else run.push(c);
  }
  if (!run.length) return;
  let last = list.length - 1;
  while (last >= 0 && list[last].type !== type) last--;
  // no spread: the run may be longer than a call's argument list
  const tail = last < 0 ? [] : list.splice(last + 1);
  for (const c of run) list.push(c);
  for (const c of tail) list.push(c);
}

/** virDomainControllerDefPostParse */
export function postParseController(c: ControllerDef): void {
  // libvirt compares the raw model number whatever the controller type
  if (c.iothread && c.model !== SCSI_MODEL.virtioScsi && c.model !== SCSI_MODEL.virtioTransitional && c.model !== SCSI_MODEL.virtioNonTransitional) {
    throw xmlError("'iothread' attribute only supported for virtio scsi controllers");
  }
}

/** virDomainDefRejectDuplicateControllers */
export function rejectDuplicateControllers(list: readonly ControllerDef[]): void {
  const seen = new Set<number>();
  for (const c of list) {
    if (c.type === CONTROLLER_TYPE.usb || c.idx < 0) continue;
    // (type, index) as one number, no string per controller: indexes are ints, below 2^32
    const key = c.type * 2 ** 32 + c.idx;
    if (seen.has(key)) throw rejectedAtDevice(c, xmlError(`Multiple '${CONTROLLER_TYPES[c.type]}' controllers with index '${c.idx}'`));
    seen.add(key);
  }
}

/** virDomainControllerDefValidate */
export function validateController(c: ControllerDef, ctx: ParseContext): void {
  if (c.type === CONTROLLER_TYPE.pci && c.pci) {
    const o = c.pci;
    if ((c.model === PCI_MODEL.pciRoot || c.model === PCI_MODEL.pcieRoot) && c.info.address.type !== 'none') {
      throw unsupportedConfig('pci-root and pcie-root controllers should not have an address');
    }
    if (c.idx > 255) throw unsupportedConfig(`PCI controller index ${c.idx} too high, maximum is 255`);
    if (o.targetIndex !== -1) {
      if (o.targetIndex < 0 || o.targetIndex > 30) throw unsupportedConfig(`PCI controller target index '${o.targetIndex}' out of range - must be 0-30`);
      if ((c.idx === 0 && o.targetIndex !== 0) || (c.idx !== 0 && o.targetIndex === 0)) {
        throw unsupportedConfig('Only the PCI controller with index 0 can have target index 0, and vice versa');
      }
    }
    if (o.chassisNr !== -1 && (o.chassisNr < 1 || o.chassisNr > 255)) throw unsupportedConfig(`PCI controller chassisNr '${o.chassisNr}' out of range - must be 1-255`);
    if (o.chassis !== -1 && (o.chassis < 0 || o.chassis > 255)) throw unsupportedConfig(`PCI controller chassis '${o.chassis}' out of range - must be 0-255`);
    if (o.port !== -1 && (o.port < 0 || o.port > 255)) throw unsupportedConfig(`PCI controller port '${o.port}' out of range - must be 0-255`);
    if (o.busNr !== -1 && (o.busNr < 1 || o.busNr > 254)) throw unsupportedConfig(`PCI controller busNr '${o.busNr}' out of range - must be 1-254`);
    if (o.numaNode >= 0 && c.idx === 0) throw unsupportedConfig("The PCI controller with index=0 can't be associated with a NUMA node");
  }
  if (ctx.atLeast(CONTROLLER_SINCE.iothreads) && (c.iothread !== 0 || c.iothreads)) {
    if (c.type !== CONTROLLER_TYPE.scsi ||
      !(c.model === SCSI_MODEL.virtioScsi || c.model === SCSI_MODEL.virtioTransitional || c.model === SCSI_MODEL.virtioNonTransitional)) {
      throw unsupportedConfig("iothreads are supported only by 'virtio-scsi' controllers");
    }
    if (c.iothread && c.iothreads) throw xmlError("controller driver 'iothread' attribute can't be used together with 'iothreads' subelement");
  }
}
