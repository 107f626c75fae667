/**
 * virDomainHostdevDefParseXML (also the subsystem part `<interface type='hostdev'>` shares),
 * virDomainHostdevDefPostParse and the hostdev validation.
 */
import { HOSTDEV_CAPS_TYPES, HOSTDEV_MODES, HOSTDEV_SUBSYS_TYPES, SUBSYS, type HostdevDef, type HostdevSource } from '../model/hostdev.js';
import type { DeviceInfo } from '../model/device.js';
import { TDX_COMMIT_SINCE, type ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { NET_HOST_SINCE, parseAuth, parsePciHostAddress, SGIO_UNFILTERED_REJECTED_SINCE } from './disk.js';
import { bareError, internalError, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseUuid, propEnum, propTristateBool, propTristateSwitch, propUInt, propULongLong, REQUIRED,
  REQUIRED_NONZERO, strToUInt, strToUIntPositive, type Tristate,
} from './values.js';
import { child, childrenNamed, nodeSet, firstNode, pathAttr, type XmlElement } from './xml-tree.js';

const SGIO = ['default', 'filtered', 'unfiltered'] as const;
const STARTUP_POLICIES = ['default', 'mandatory', 'requisite', 'optional'] as const;
const USB_GUEST_RESET = ['default', 'off', 'uninitialized', 'on'] as const;
const PCI_BACKENDS = ['default', 'kvm', 'vfio', 'xen'] as const;
const SCSI_PROTOCOLS = ['adapter', 'iscsi'] as const;
const SCSI_HOST_PROTOCOLS = ['none', 'vhost'] as const;
const VHOST_MODELS = ['default', 'virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;
const MDEV_MODELS = ['vfio-pci', 'vfio-ccw', 'vfio-ap'] as const;
const TEAMING_TYPES = ['none', 'persistent', 'transient'] as const;
const SECRET_USAGES = ['none', 'volume', 'ceph', 'iscsi', 'tls', 'vtpm'] as const;
const HOST_TRANSPORTS = ['tcp', 'unix', 'rdma'] as const;

const WWN = /^(0x)?[0-9a-fA-F]{16}$/;
/** `display` and `ramfb` on a PCI hostdev (formatdomain.rst "Since 10.3.0") */
export const PCI_HOSTDEV_DISPLAY_SINCE = '10.3.0';
/**
 * `mode`, `type`, the SCSI and scsi_host `protocol` and the caps type read with virXMLPropEnum:
 * in Debian's 9.8.0 source, not in 9.0.0 (measured); no NEWS entry, so 9.8.0 stands for 9.1.0..9.8.0.
 */
const HOSTDEV_PROP_SINCE = '9.8.0';
/**
 * UNPINNED: a USB address with a port instead of a device: still absent from libvirt commit c181c7dd
 * (hyperv host-model, NEWS 11.9.0), present in 12.8.0 (measured); 12.8.0 stands for 11.9.0..12.8.0.
 */
const USB_ADDRESS_PORT_SINCE = '12.8.0';
const xpathString = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

interface SubsysResult { type: number; source: HostdevSource; ramfb: Tristate; mdevModel: number; sgio: number }

function parseUsbSource(src: XmlElement, ctx: ParseContext): HostdevSource {
  propEnum(src, 'startupPolicy', STARTUP_POLICIES, NONZERO);
  propTristateBool(src, 'autoAddress');
  propEnum(src, 'guestReset', USB_GUEST_RESET, NONZERO);
  const vendorEl = child(src, 'vendor');
  const productEl = child(src, 'product');
  let vendor = 0, product = 0, bus = 0, device = 0;
  if (vendorEl) {
    vendor = propUInt(vendorEl, 'id', 0, REQUIRED_NONZERO);
    if (!productEl) throw internalError('missing product');
  }
  if (productEl) {
    product = propUInt(productEl, 'id', 0, REQUIRED);
    if (!vendorEl) throw internalError('missing vendor');
  }
  const addr = child(src, 'address');
  if (addr) {
    if (ctx.atLeast(USB_ADDRESS_PORT_SINCE)) {
      bus = propUInt(addr, 'bus', 0, REQUIRED);
      if (addr.attrs.device === undefined && addr.attrs.port === undefined) throw internalError('usb address needs either device id or port');
      if (addr.attrs.device !== undefined) device = propUInt(addr, 'device', 0);
    } else {
      bus = propUInt(addr, 'bus', 0, REQUIRED);
      device = propUInt(addr, 'device', 0, REQUIRED);
    }
  }
  return { kind: 'usb', bus, device, vendor, product };
}

function parseScsiSource(src: XmlElement, ctx: ParseContext): HostdevSource {
  let protocol = 0;
  const p = src.attrs.protocol;
  if (p !== undefined) {
    if (ctx.atLeast(HOSTDEV_PROP_SINCE)) protocol = propEnum(src, 'protocol', SCSI_PROTOCOLS);
    else {
      protocol = SCSI_PROTOCOLS.indexOf(p as never);
      if (protocol < 0) throw unsupportedConfig(`Unknown SCSI subsystem protocol '${p}'`);
    }
  }
  if (protocol === 0) {
    const addr = child(src, 'address');
    if (!addr) throw xmlError("'address' must be specified for scsi hostdev source");
    const bus = propUInt(addr, 'bus', 0, REQUIRED);
    const target = propUInt(addr, 'target', 0, REQUIRED);
    const unit = propULongLong(addr, 'unit', 0, REQUIRED);
    const adapter = pathAttr(src, ['adapter'], 'name');
    if (adapter === undefined) throw xmlError("'adapter' name must be specified for scsi hostdev source");
    return { kind: 'scsi-host', adapter, bus, target, unit };
  }
  const path = src.attrs.name;
  if (path === undefined) throw xmlError('missing iSCSI hostdev source path name');
  const hosts = childrenNamed(src, 'host');
  let hostName = '', port = 0;
  for (const h of hosts) {
    const tr = h.attrs.transport;
    let transport = 0;
    if (tr !== undefined) {
      transport = (ctx.atLeast(NET_HOST_SINCE.fd) ? [...HOST_TRANSPORTS, 'fd'] : [...HOST_TRANSPORTS]).indexOf(tr);
      if (transport < 0) {
        if (ctx.atLeast(NET_HOST_SINCE.transportProp)) throw xmlError(`Invalid value for attribute 'transport' in element 'host': '${tr}'.`);
        throw unsupportedConfig(`unknown protocol transport type '${tr}'`);
      }
    }
    if (transport === 1) { if (h.attrs.socket === undefined) throw xmlError('missing socket for unix transport'); continue; }
    if (transport === 3) throw xmlError("transport 'fd' is now allowed");
    if (h.attrs.socket !== undefined) throw xmlError(`transport '${tr ?? 'tcp'}' does not support socket attribute`);
    if (h.attrs.name === undefined) throw xmlError('missing name for host');
    if (h.attrs.port !== undefined) {
      const v = strToUIntPositive(h.attrs.port, 10);
      if (v === undefined) throw bareError(`invalid argument: failed to parse port number '${h.attrs.port}'`);
      if (v > 65535) throw bareError(`invalid argument: port '${h.attrs.port}' out of range`);
      if (h === hosts[0]) port = v;
    }
    if (h === hosts[0]) hostName = h.attrs.name;
  }
  if (hosts.length < 1) throw xmlError('missing the host address for the iSCSI hostdev');
  if (hosts.length > 1) throw xmlError('only one source host address may be specified for the iSCSI hostdev');
  const auth = child(src, 'auth');
  if (auth) {
    const { secretType } = parseAuth(auth, ctx);
    const usage = secretType === undefined ? -1 : SECRET_USAGES.indexOf(secretType as never);
    if (usage < 0) throw unsupportedConfig(`invalid secret type ${secretType ?? '(null)'}`);
    if (usage !== 3) throw internalError(`hostdev invalid secret type '${secretType}'`);
  }
  if (port === 0) port = 3260;
  return { kind: 'scsi-iscsi', host: hostName, port, path };
}

function parseScsiHostSource(src: XmlElement, ctx: ParseContext): HostdevSource {
  let protocol: number;
  if (ctx.atLeast(HOSTDEV_PROP_SINCE)) {
    protocol = propEnum(src, 'protocol', SCSI_HOST_PROTOCOLS, REQUIRED_NONZERO);
  } else {
    const p = src.attrs.protocol;
    if (p === undefined) throw xmlError('Missing scsi_host subsystem protocol');
    protocol = SCSI_HOST_PROTOCOLS.indexOf(p as never);
    if (protocol <= 0) throw unsupportedConfig(`Unknown scsi_host subsystem protocol '${p}'`);
  }
  const wwpn = src.attrs.wwpn;
  if (wwpn === undefined) throw xmlError('missing vhost-scsi hostdev source wwpn');
  if (!wwpn.startsWith('naa.') || !WWN.test(wwpn.slice(4))) throw xmlError("malformed 'wwpn' value");
  return { kind: 'scsi_host', protocol, wwpn };
}

/** virDomainHostdevDefParseXMLSubsys; `typeStr` is `<hostdev type>` or the interface's source address type. */
export function parseHostdevSubsys(el: XmlElement, typeStr: string | undefined, ctx: ParseContext): SubsysResult {
  const model = el.attrs.model;
  let type: number;
  if (ctx.atLeast(HOSTDEV_PROP_SINCE) && el.name === 'hostdev') {
    type = HOSTDEV_SUBSYS_TYPES.indexOf(typeStr as never);
  } else if (ctx.atLeast(HOSTDEV_PROP_SINCE)) {
    type = typeStr === undefined ? -1 : HOSTDEV_SUBSYS_TYPES.indexOf(typeStr as never);
    if (type < 0) throw unsupportedConfig(`unknown host device source address type '${typeStr ?? '(null)'}'`);
  } else {
    if (typeStr === undefined) throw xmlError('missing source address type');
    type = HOSTDEV_SUBSYS_TYPES.indexOf(typeStr as never);
    if (type < 0) throw unsupportedConfig(`unknown host device source address type '${typeStr}'`);
  }
  const src = child(el, 'source');
  if (!src) throw xmlError('Missing <source> element in hostdev device');
  if (type !== SUBSYS.usb && nodeSet(el, 'source').some((x) => x.attrs.startupPolicy !== undefined)) {
    throw unsupportedConfig('Setting startupPolicy is only allowed for USB devices');
  }
  const sgio = propEnum(el, 'sgio', SGIO, NONZERO);
  if (el.attrs.sgio !== undefined && type !== SUBSYS.scsi) throw xmlError('sgio is only supported for scsi host device');
  propTristateBool(el, 'rawio');
  if (el.attrs.rawio !== undefined && type !== SUBSYS.scsi) throw xmlError('rawio is only supported for scsi host device');
  if (type !== SUBSYS.mdev && type !== SUBSYS.scsiHost && model !== undefined) {
    throw xmlError(`'model' attribute in <hostdev> is only supported when type='${HOSTDEV_SUBSYS_TYPES[type]}'`);
  }
  let ramfb: Tristate = 0;
  let mdevModel = 0;
  if (type === SUBSYS.scsiHost) {
    propEnum(el, 'model', VHOST_MODELS);
  } else if (type === SUBSYS.mdev) {
    mdevModel = propEnum(el, 'model', MDEV_MODELS, REQUIRED);
    propTristateSwitch(el, 'display');
    ramfb = propTristateSwitch(el, 'ramfb');
  } else if (type === SUBSYS.pci && ctx.atLeast(PCI_HOSTDEV_DISPLAY_SINCE)) {
    propTristateSwitch(el, 'display');
    ramfb = propTristateSwitch(el, 'ramfb');
  }
  let source: HostdevSource;
  switch (type) {
    case SUBSYS.pci: {
      propTristateBool(src, 'writeFiltering');
      const a = child(src, 'address');
      const addr = a ? parsePciHostAddress(a) : { domain: 0, bus: 0, slot: 0, function: 0 };
      source = { kind: 'pci', ...addr };
      const driver = child(el, 'driver');
      if (driver) {
        // the backend enum and, from 10.x, the PCI driver-info enum have the same names
        propEnum(driver, 'name', PCI_BACKENDS, NONZERO);
      }
      break;
    }
    case SUBSYS.usb: source = parseUsbSource(src, ctx); break;
    case SUBSYS.scsi: source = parseScsiSource(src, ctx); break;
    case SUBSYS.scsiHost: source = parseScsiHostSource(src, ctx); break;
    default: {
      const addr = firstNode(el, 'source', 'address');
      if (!addr) throw unsupportedConfig('Missing <address> element');
      const uuid = addr.attrs.uuid;
      // the uuid read with virXMLPropUUID: not in 11.3.0 (measured), in libvirt commit e919a4dd
      const propUuid = ctx.atLeast(TDX_COMMIT_SINCE);
      if (uuid === undefined) {
        throw propUuid ? xmlError("Missing required attribute 'uuid' in element 'address'") : unsupportedConfig("Missing 'uuid' attribute for element <address>");
      }
      const u = parseUuid(uuid);
      if (u === undefined) {
        throw propUuid ? xmlError(`Invalid value for attribute 'uuid' in element 'address': '${uuid}'. Expected UUID`) : internalError('Cannot parse uuid attribute of element <address>');
      }
      source = { kind: 'mdev', uuid: u };
    }
  }
  return { type, source, ramfb, mdevModel, sgio };
}

const IPV4_PART = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const IPV6_CHARS = /^[0-9a-fA-F:.]+$/;

/** getaddrinfo(AI_NUMERICHOST) as virSocketAddrParse uses it: 4 (IPv4), 6 (IPv6) or 0 (invalid). */
function ipFamily(s: string): 0 | 4 | 6 {
  if (s.includes(':')) {
    if (!IPV6_CHARS.test(s)) return 0;
    const dbl = s.split('::');
    if (dbl.length > 2) return 0;
    const groups = s.split(':').filter((g) => g !== '');
    const last = groups[groups.length - 1] ?? '';
    const v4tail = last.includes('.');
    if (v4tail && ipv4Value(last) === undefined) return 0;
    if (groups.slice(0, v4tail ? -1 : undefined).some((g) => g.length > 4 || g.includes('.'))) return 0;
    const n = groups.length + (v4tail ? 1 : 0);
    return (dbl.length === 2 ? n <= 7 : n === 8) ? 6 : 0;
  }
  return ipv4Value(s) === undefined ? 0 : 4;
}

/** inet_aton forms: a, a.b, a.b.c, a.b.c.d with decimal, octal or hex parts. */
function ipv4Value(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => !IPV4_PART.test(p))) return undefined;
  const nums = parts.map((p) => parseInt(p, p.startsWith('0x') || p.startsWith('0X') ? 16 : p.length > 1 && p[0] === '0' ? 8 : 10));
  let v = 0;
  for (let i = 0; i < nums.length - 1; i++) {
    if (nums[i] > 255) return undefined;
    v = v * 256 + nums[i];
  }
  const lastBytes = 4 - (nums.length - 1);
  const last = nums[nums.length - 1];
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  return v * 2 ** (8 * lastBytes) + last;
}

/** virDomainNetIPInfoParseXML / virNetDevIPRouteCreate for a capabilities net hostdev (IPv4 network checks only). */
function parseCapsNetIp(el: XmlElement): void {
  const detail = 'Domain hostdev device';
  const bad = (m: string) => xmlError(`${detail}: ${m}`);
  for (const ip of childrenNamed(el, 'ip')) {
    const address = ip.attrs.address;
    if (address === undefined) throw xmlError('Missing required address in <ip>');
    const fam = ip.attrs.family === 'ipv4' ? 4 : ip.attrs.family === 'ipv6' ? 6 : 0;
    const got = ipFamily(address);
    if (got === 0 || (fam !== 0 && got !== fam)) throw xmlError(`Invalid address '${address}' in <ip>`);
    const prefix = ip.attrs.prefix;
    if (prefix !== undefined) {
      const v = strToUInt(prefix, 10);
      if (v === undefined || (got === 6 && v > 128) || (got === 4 && v > 32)) throw xmlError(`Invalid prefix value '${prefix}' in <ip>`);
    }
    const peer = ip.attrs.peer;
    if (peer !== undefined && (ipFamily(peer) === 0 || (fam !== 0 && ipFamily(peer) !== fam))) {
      throw bareError(`invalid argument: Invalid peer '${peer}' in <ip>`);
    }
  }
  for (const route of childrenNamed(el, 'route')) {
    const family = route.attrs.family, address = route.attrs.address, netmask = route.attrs.netmask, gateway = route.attrs.gateway;
    const hasPrefix = route.attrs.prefix !== undefined;
    const prefix = propUInt(route, 'prefix', 10);
    propUInt(route, 'metric', 10, NONZERO);
    if (address === undefined) throw bad('Missing required address attribute in route definition');
    if (gateway === undefined) throw bad('Missing required gateway attribute in route definition');
    const af = ipFamily(address);
    if (af === 0) throw bad(`Bad network address '${address}' in route definition`);
    const gf = ipFamily(gateway);
    if (gf === 0) throw bad(`Bad gateway address '${gateway}' in route definition`);
    if (family === undefined || family === 'ipv4') {
      const what = family === undefined ? 'No family specified for' : 'IPv4 family specified for';
      if (af !== 4) throw bad(`${what} non-IPv4 address '${address}' in route definition`);
      if (gf !== 4) throw bad(`${what} non-IPv4 gateway '${address}' in route definition`);
      let mask: number;
      if (netmask !== undefined) {
        const nf = ipFamily(netmask);
        if (nf === 0) throw bad(`Bad netmask address '${netmask}' in route definition`);
        if (nf !== 4) throw bad(`Invalid netmask '${netmask}' for address '${address}' (both must be IPv4)`);
        if (hasPrefix) throw bad('Route definition cannot have both a prefix and a netmask');
        mask = ipv4Value(netmask) ?? 0;
      } else {
        mask = prefix >= 32 ? 0xffffffff : prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      }
      if (prefix > 32) throw bad(`Invalid prefix ${prefix} specified in route definition, must be 0 - 32`);
      const a = ipv4Value(address) ?? 0;
      if (((a & mask) >>> 0) !== a) throw bad(`Address '${address}' in route definition is not a network address`);
    } else if (family === 'ipv6') {
      if (af !== 6) throw bad(`ipv6 family specified for non-IPv6 address '${address}' in route definition`);
      if (netmask !== undefined) throw bad(`Specifying netmask invalid for IPv6 address '${address}' in route definition`);
      if (gf !== 6) throw bad(`ipv6 specified for non-IPv6 gateway address '${gateway}' in route definition`);
      if (prefix > 128) throw bad(`Invalid prefix ${prefix} specified in route definition, must be 0 - 128`);
    } else {
      throw bad(`Unrecognized family '${family}' in route definition`);
    }
  }
}

function parseCaps(el: XmlElement, typeStr: string | undefined, ctx: ParseContext): { type: number; source: HostdevSource } {
  let type: number;
  if (ctx.atLeast(HOSTDEV_PROP_SINCE)) type = HOSTDEV_CAPS_TYPES.indexOf(typeStr as never);
  else {
    if (typeStr === undefined) throw xmlError('missing source address type');
    type = HOSTDEV_CAPS_TYPES.indexOf(typeStr as never);
    if (type < 0) throw unsupportedConfig(`unknown host device source address type '${typeStr}'`);
  }
  const src = child(el, 'source');
  if (!src) throw xmlError('Missing <source> element in hostdev device');
  let value: string | undefined;
  // string(./source/block[1]): the first <source> that has one
  const first = (name: string) => xpathString(nodeSet(el, 'source').map((x) => child(x, name)).find((x) => x !== undefined)?.text);
  if (type === 0) {
    value = first('block');
    if (value === undefined) throw xmlError('Missing <block> element in hostdev storage device');
  } else if (type === 1) {
    value = first('char');
    if (value === undefined) throw xmlError('Missing <char> element in hostdev character device');
  } else {
    value = first('interface');
    if (value === undefined) throw xmlError('Missing <interface> element in hostdev net device');
    parseCapsNetIp(el);
  }
  return { type, source: { kind: 'caps', value } };
}

/** virDomainNetTeamingInfoParseXML */
export function parseTeaming(el: XmlElement): HostdevDef['teaming'] {
  const typeStr = pathAttr(el, ['teaming'], 'type');
  const persistent = pathAttr(el, ['teaming'], 'persistent');
  if (typeStr === undefined && persistent === undefined) return undefined;
  const type = typeStr === undefined ? -1 : TEAMING_TYPES.indexOf(typeStr as never);
  if (type <= 0) throw unsupportedConfig(`unknown teaming type '${typeStr ?? '(null)'}'`);
  return { type, persistent: persistent !== undefined };
}

export function parseHostdev(el: XmlElement, ctx: ParseContext): HostdevDef {
  let mode: number;
  const modeStr = el.attrs.mode;
  if (ctx.atLeast(HOSTDEV_PROP_SINCE)) mode = propEnum(el, 'mode', HOSTDEV_MODES);
  else if (modeStr === undefined) mode = 0;
  else {
    mode = HOSTDEV_MODES.indexOf(modeStr as never);
    if (mode < 0) throw unsupportedConfig(`unknown hostdev mode '${modeStr}'`);
  }
  const typeStr = el.attrs.type;
  if (ctx.atLeast(HOSTDEV_PROP_SINCE)) propEnum(el, 'type', mode === 0 ? HOSTDEV_SUBSYS_TYPES : HOSTDEV_CAPS_TYPES, REQUIRED);
  let def: Omit<HostdevDef, 'info' | 'teaming'>;
  if (mode === 0) {
    const r = parseHostdevSubsys(el, typeStr, ctx);
    def = { mode, type: r.type, source: r.source, ramfb: r.ramfb, mdevModel: r.mdevModel, sgio: r.sgio, parentNet: false, virtio: undefined };
  } else {
    const r = parseCaps(el, typeStr, ctx);
    def = { mode, type: r.type, source: r.source, ramfb: 0, mdevModel: 0, sgio: 0, parentNet: false, virtio: undefined };
  }
  const info = parseDeviceInfo(el, ctx, { allowBoot: true, allowRom: true });
  const teaming = parseTeaming(el);
  return { ...def, info, teaming };
}

/** The hostdev libvirt inserts for `<interface type='hostdev'>`; it shares the interface's info. */
export function parseNetHostdev(el: XmlElement, info: DeviceInfo, ctx: ParseContext): HostdevDef {
  let typeStr = pathAttr(el, ['source', 'address'], 'type');
  if (typeStr === undefined && firstNode(el, 'source', 'vendor')) typeStr = 'usb';
  const r = parseHostdevSubsys(el, typeStr, ctx);
  return { mode: 0, type: r.type, source: r.source, ramfb: r.ramfb, mdevModel: r.mdevModel, sgio: r.sgio, parentNet: true, teaming: undefined, info, virtio: undefined };
}

export function isScsiHostdev(h: HostdevDef): boolean {
  return h.mode === 0 && h.type === SUBSYS.scsi;
}

/** virDomainHostdevMatch */
export function hostdevMatch(a: HostdevDef, b: HostdevDef): boolean {
  if (a.mode !== b.mode || a.type !== b.type) return false;
  const x = a.source, y = b.source;
  switch (x.kind) {
    case 'usb':
      if (y.kind !== 'usb') return false;
      if (x.bus && x.device) return x.bus === y.bus && x.device === y.device;
      return x.product === y.product && x.vendor === y.vendor;
    case 'pci':
      return y.kind === 'pci' && x.domain === y.domain && x.bus === y.bus && x.slot === y.slot && x.function === y.function;
    case 'scsi-host':
      return y.kind === 'scsi-host' && x.adapter === y.adapter && x.bus === y.bus && x.target === y.target && x.unit === y.unit;
    case 'scsi-iscsi':
      return y.kind === 'scsi-iscsi' && x.host === y.host && x.port === y.port && x.path === y.path;
    case 'scsi_host':
      return y.kind === 'scsi_host' && x.protocol === y.protocol && x.wwpn === y.wwpn;
    case 'mdev':
      return y.kind === 'mdev' && x.uuid === y.uuid;
    case 'caps':
      return y.kind === 'caps' && x.value === y.value;
  }
}

/** virDomainHostdevDefValidate */
export function validateHostdev(h: HostdevDef, ctx: ParseContext): void {
  const t = h.info.address.type;
  if (h.mode === 0) {
    switch (h.type) {
      case SUBSYS.pci:
        if (t !== 'none' && t !== 'unassigned' && t !== 'pci') throw internalError("PCI host devices must use 'pci' or 'unassigned' address type");
        break;
      case SUBSYS.scsi:
        if (t !== 'none' && t !== 'drive') throw unsupportedConfig("SCSI host device must use 'drive' address type");
        if (h.sgio === 2 && ctx.atLeast(SGIO_UNFILTERED_REJECTED_SINCE)) throw unsupportedConfig('unfiltered sgio is no longer supported');
        break;
      case SUBSYS.scsiHost:
        if (t !== 'none' && t !== 'pci' && t !== 'ccw') throw unsupportedConfig("SCSI_host host device must use 'pci' or 'ccw' address type");
        break;
      case SUBSYS.usb:
        if (t !== 'none' && t !== 'usb') throw unsupportedConfig("USB host device must use 'usb' address type");
        break;
      default: break;
    }
  }
  if (h.teaming) {
    if (h.teaming.type !== 2) throw unsupportedConfig("teaming hostdev devices must have type='transient'");
    if (!h.teaming.persistent) throw unsupportedConfig('missing required persistent attribute in hostdev teaming element');
    if (h.mode !== 0 || h.type !== SUBSYS.pci) throw unsupportedConfig('teaming is only supported for pci hostdev devices');
  }
}
