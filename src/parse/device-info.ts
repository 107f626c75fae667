/**
 * virDomainDeviceInfoParseXML and virDomainVirtioOptionsParseXML: the `<address>`, `<acpi>`,
 * `<alias>` and `<boot>` children every device shares, and a device's virtio `<driver>` options.
 */
import { ADDRESS_TYPES, type Address, type DeviceInfo, type VirtioOptions } from '../model/device.js';
import type { ParseContext } from './context.js';
import { atElement, internalError, unsupportedConfig, xmlError } from './errors.js';
import {
  enumFromString, NONZERO, propEnum, propTristateBool, propTristateSwitch, propUInt, propULongLong, REQUIRED, REQUIRED_NONZERO, TRISTATE_SWITCH,
} from './values.js';
import { child, type XmlElement } from './xml-tree.js';
import type { Tristate } from '../model/tristate.js';

/**
 * The address type read with virXMLPropEnum (XML-error wording, 'none' refused) and the first
 * <zpci> taken (virXMLNodeGetSubelement): in Debian's 9.8.0 source, not in 9.0.0 (measured);
 * 9.8.0 stands for 9.1.0..9.8.0.
 */
const ADDRESS_TYPE_PROP_SINCE = '9.8.0';
const ZPCI_FIRST_SINCE = '9.8.0';
/** `<acpi index=>` and its ABI check: libvirt 7.3.0 (formatdomain.rst; 7.0.0 ignores the element). */
export const ACPI_INDEX_SINCE = '7.3.0';

function hex(n: number, width = 0): string {
  return n.toString(16).padStart(width, '0');
}

/** `<zpci uid= fid=>` (s390): only the number syntax is checked at parse time. */
function parseZpci(pciEl: XmlElement, ctx: ParseContext): void {
  const zpcis = pciEl.children.filter((c) => c.name === 'zpci');
  if (!zpcis.length) return;
  // 9.0.0 walked every child and kept the last <zpci>; later releases take the first
  const zpci = ctx.atLeast(ZPCI_FIRST_SINCE) ? zpcis[0] : zpcis[zpcis.length - 1];
  propUInt(zpci, 'uid', 0);
  propUInt(zpci, 'fid', 0);
}

function parsePciAddress(el: XmlElement, ctx: ParseContext): Address {
  const domain = propUInt(el, 'domain', 0);
  const bus = propUInt(el, 'bus', 0);
  const slot = propUInt(el, 'slot', 0);
  const fn = propUInt(el, 'function', 0);
  const multifunction = propTristateSwitch(el, 'multifunction');
  const empty = !(domain || bus || slot);
  if (!empty) {
    if (bus > 0xff) throw xmlError(`Invalid PCI address bus='0x${hex(bus)}', must be <= 0xFF`);
    if (slot > 0x1f) throw xmlError(`Invalid PCI address slot='0x${hex(slot)}', must be <= 0x1F`);
    if (fn > 7) throw xmlError(`Invalid PCI address function=0x${hex(fn)}, must be <= 7`);
  }
  parseZpci(el, ctx);
  return { type: 'pci', domain, bus, slot, function: fn, multifunction };
}

function parseCcwAddress(el: XmlElement, ctx: ParseContext): Address {
  const has = (n: string) => el.attrs[n] !== undefined;
  const cssid = propUInt(el, 'cssid', 0);
  const ssid = propUInt(el, 'ssid', 0);
  const devno = propUInt(el, 'devno', 0);
  if (cssid > 0xfe || ssid > 3 || devno > 0xffff) {
    throw internalError(`Invalid specification for virtio ccw address: cssid='0x${hex(cssid)}' ssid='0x${hex(ssid)}' devno='0x${hex(devno, 4)}'`);
  }
  // libvirt tests the parsed attributes' presence (virXMLPropUInt's return), not their values
  const given = [has('cssid'), has('ssid'), has('devno')];
  if (!given.every(Boolean) && given.some(Boolean)) throw internalError('Invalid partial specification for virtio ccw address');
  void ctx;
  return { type: 'ccw', cssid, ssid, devno };
}

/** Up to four '.'-separated decimal numbers, each below 2^32. */
function parseUsbPort(port: string): void {
  let parts = 1, digits = 0, value = 0;
  for (let i = 0; i <= port.length; i++) {
    const c = i < port.length ? port.charCodeAt(i) : 46;
    if (c === 46) {
      if (!digits || value > 0xffffffff || (i < port.length && ++parts > 4)) throw internalError(`Cannot parse <address> 'port' attribute`);
      digits = value = 0;
    } else if (c >= 48 && c <= 57) {
      digits++;
      value = value * 10 + (c - 48);
    } else {
      throw internalError(`Cannot parse <address> 'port' attribute`);
    }
  }
}

export function parseAddress(el: XmlElement, ctx: ParseContext): Address {
  let index: number;
  if (ctx.atLeast(ADDRESS_TYPE_PROP_SINCE)) {
    index = propEnum(el, 'type', ADDRESS_TYPES, REQUIRED_NONZERO);
  } else {
    const type = el.attrs.type;
    if (type === undefined) throw internalError('No type specified for device address');
    index = ADDRESS_TYPES.indexOf(type as never);
    if (index <= 0) throw unsupportedConfig(`unknown address type '${type}'`);
  }
  switch (ADDRESS_TYPES[index]) {
    case 'pci': return parsePciAddress(el, ctx);
    case 'drive':
      return { type: 'drive', controller: propUInt(el, 'controller', 10), bus: propUInt(el, 'bus', 10), target: propUInt(el, 'target', 10), unit: propUInt(el, 'unit', 10) };
    case 'virtio-serial':
      return { type: 'virtio-serial', controller: propUInt(el, 'controller', 10), bus: propUInt(el, 'bus', 10), port: propUInt(el, 'port', 10) };
    case 'ccid':
      return { type: 'ccid', controller: propUInt(el, 'controller', 10), slot: propUInt(el, 'slot', 10) };
    case 'usb': {
      const port = el.attrs.port;
      if (port !== undefined) parseUsbPort(port);
      return { type: 'usb', bus: propUInt(el, 'bus', 10), port };
    }
    case 'spapr-vio': {
      const has = el.attrs.reg !== undefined;
      const reg = propULongLong(el, 'reg', 16);
      return { type: 'spapr-vio', reg: has ? reg : undefined };
    }
    case 'ccw': return parseCcwAddress(el, ctx);
    case 'isa': return { type: 'isa', iobase: propUInt(el, 'iobase', 16), irq: propUInt(el, 'irq', 16) };
    case 'dimm': return { type: 'dimm', slot: propUInt(el, 'slot', 10, REQUIRED), base: propULongLong(el, 'base', 16) };
    case 'virtio-s390': throw xmlError("virtio-s390 bus doesn't have an address");
    default: return { type: ADDRESS_TYPES[index] as 'virtio-mmio' | 'unassigned' };
  }
}

/** virDomainDeviceLoadparmIsValid, on the upper-cased value as libvirt stores it. */
function checkLoadparm(loadparm: string): void {
  if (!loadparm.trim() || loadparm.length > 8) {
    throw internalError(`loadparm value '${loadparm}' must be between 1 and 8 characters`);
  }
  if (!/^[A-Za-z0-9. ]*$/.test(loadparm)) {
    throw internalError(`invalid loadparm value '${loadparm}', expecting chars in set of [a-zA-Z0-9.] and blank spaces`);
  }
}

export interface DeviceInfoOptions {
  /** VIR_DOMAIN_DEF_PARSE_ALLOW_BOOT: the device may carry `<boot order=>`. */
  allowBoot?: boolean;
  /** VIR_DOMAIN_DEF_PARSE_ALLOW_ROM: the device may carry `<rom>` (interfaces, hostdevs). */
  allowRom?: boolean;
}

function checkRom(rom: XmlElement): void {
  const enabled = propTristateBool(rom, 'enabled');
  const bar = propTristateSwitch(rom, 'bar');
  if (enabled === 2 && (bar !== 0 || rom.attrs.file !== undefined)) throw unsupportedConfig('ROM tuning is not supported when ROM is disabled');
}

/** string(./alias/@name): the first alias that has a name; an empty one counts as none. */
export function aliasName(deviceEl: XmlElement): string | undefined {
  for (const c of deviceEl.children) {
    if (c.name === 'alias' && c.attrs.name !== undefined) return c.attrs.name || undefined;
  }
  return undefined;
}

/**
 * A device `<seclabel relabel='yes'>` without a `<label>` refused (virSecurityDeviceLabelDefParseXML,
 * disks and chardevs alike): in Debian's 9.8.0 source, not in 9.0.0 (measured), no NEWS entry; the
 * release in 9.1.0..9.8.0 is not pinned, so 9.8.0 stands for it.
 */
export const RELABEL_NEEDS_LABEL_SINCE = '9.8.0';

/**
 * `labelskip` on a device `<seclabel>` (set by a running guest's security driver): only a live
 * parse reads it, and rejects a value other than yes/no.
 */
export function parseLabelskip(seclabel: XmlElement, ctx: ParseContext): void {
  if (ctx.live) propTristateBool(seclabel, 'labelskip');
}

/** The shared device children; `deviceEl` is the device element (`<disk>`, `<interface>`, ...). */
export function parseDeviceInfo(deviceEl: XmlElement, ctx: ParseContext, opts: DeviceInfoOptions = {}): DeviceInfo {
  const info: DeviceInfo = { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0, xmlIndex: deviceEl.index, xmlTag: deviceEl.name };
  // the generic inactive parse drops aliases (it has no user-alias support); a live one keeps them all
  if (ctx.live) {
    const alias = aliasName(deviceEl);
    if (alias !== undefined) info.alias = alias;
  }
  const master = child(deviceEl, 'master');
  if (master) propUInt(master, 'startport', 10);
  const boot = opts.allowBoot ? child(deviceEl, 'boot') : undefined;
  if (boot) {
    info.bootIndex = propUInt(boot, 'order', 10, REQUIRED_NONZERO);
    const loadparm = boot.attrs.loadparm;
    if (loadparm !== undefined) checkLoadparm(loadparm.toUpperCase());
  }
  const rom = opts.allowRom ? child(deviceEl, 'rom') : undefined;
  if (rom) checkRom(rom);
  const acpi = ctx.atLeast(ACPI_INDEX_SINCE) ? child(deviceEl, 'acpi') : undefined;
  if (acpi) info.acpiIndex = propUInt(acpi, 'index', 10, NONZERO);
  const address = child(deviceEl, 'address');
  if (address) info.address = parseAddress(address, ctx);
  return info;
}

/**
 * 7.0.0 words a bad iommu/ats/packed as "invalid X value" (refusing 'default' too); 7.3.0 moved to
 * virXMLPropTristateSwitch (commit cea39e9529), whose message still ended "Expected 'on' or 'off'"
 * until 7.4.0. page_per_vq came in 7.9.0 (NEWS); older releases ignore it.
 */
const VIRTIO_PROP_SINCE = '7.3.0';
const VIRTIO_PLAIN_WORDING_SINCE = '7.4.0';
export const PAGE_PER_VQ_SINCE = '7.9.0';

function virtioSwitch(el: XmlElement, name: string, ctx: ParseContext): Tristate {
  if (ctx.atLeast(VIRTIO_PLAIN_WORDING_SINCE)) return propTristateSwitch(el, name);
  const raw = el.attrs[name];
  if (raw === undefined) return 0;
  const v = enumFromString(TRISTATE_SWITCH, raw);
  if (v > 0) return v as Tristate;
  throw atElement(el, xmlError(ctx.atLeast(VIRTIO_PROP_SINCE)
    ? `Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected 'on' or 'off'`
    : `invalid ${name} value`));
}

/** Options exist whenever `<driver>` does, even without virtio attributes (libvirt allocates them). */
export function parseVirtioOptions(driverEl: XmlElement | undefined, ctx: ParseContext): VirtioOptions | undefined {
  if (!driverEl) return undefined;
  return {
    iommu: virtioSwitch(driverEl, 'iommu', ctx),
    ats: virtioSwitch(driverEl, 'ats', ctx),
    packed: virtioSwitch(driverEl, 'packed', ctx),
    pagePerVq: ctx.atLeast(PAGE_PER_VQ_SINCE) ? propTristateSwitch(driverEl, 'page_per_vq') : 0,
  };
}
