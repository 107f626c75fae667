/**
 * virDomainNetDefParseXML and virDomainNetDefValidate: `<interface>` with the checks libvirt's
 * generic parser applies (required sources per type, MAC, model, virtualport, IPs, driver).
 */
import type { NetDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { bareError, DomainParseError, internalError, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseMac, parseUuid, propEnum, propInt, propString, propTristateBool, propTristateSwitch, propUInt,
  REQUIRED, REQUIRED_NONZERO, strToLongLong, strToUInt, strToULongLongPositive, type Tristate,
} from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';
import { parseChrReconnect } from './redirdev.js';
import { checkVirtioOptionsAbsent } from './video.js';
import { parseNetHostdev } from './hostdev.js';

export const NET_TYPES = ['user', 'ethernet', 'vhostuser', 'server', 'client', 'mcast', 'network', 'bridge',
  'internal', 'direct', 'hostdev', 'udp', 'vdpa', 'null', 'vds'] as const;

const NET_MODELS_9 = ['unknown', 'netfront', 'rtl8139', 'virtio', 'e1000', 'e1000e', 'virtio-transitional',
  'virtio-non-transitional', 'usb-net', 'spapr-vlan', 'lan9118', 'scm91c111', 'vlance', 'vmxnet', 'vmxnet2',
  'vmxnet3', 'Am79C970A'];
// igb arrived between 9.0.0 and 11.3.0 (the model is printed by name, so its position is irrelevant)
const NET_MODELS_NEW = [...NET_MODELS_9, 'igb'];
const IGB_SINCE = '9.3.0';

/** vhost-user interfaces backed by passt: `<source>` optional, frontend checks left to the driver */
const VHOSTUSER_OPTIONAL_SOURCE_SINCE = '11.1.0';
/** an all-zero `<mac address>` replaced by a generated one: in Debian's 9.8.0 source, not in 9.0.0 (measured); 9.8.0 stands for 9.1.0..9.8.0 */
const ZERO_MAC_GENERATED_SINCE = '9.8.0';
/** vds source attributes other than switchid optional: Debian's 10.5.0 source still requires them, its 10.7.0 does not; 10.7.0 stands for 10.6.0..10.7.0 */
const VDS_OPTIONAL_SINCE = '10.7.0';
/**
 * Between 11.3.0 and 12.8.0: virtualport parameters parsed with virXMLProp* (decimal), midonet
 * extras rejected, route address optional, and vlan tags checked against the interface type.
 */
const NET_12_SINCE = '12.0.0';
/** the 9.0.0 oracle rejects every `<backend type=>` value */
const BACKEND_TYPE_SINCE = '9.1.0';

const VIRTIO_MODELS = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);
const NET_MODEL_CHARS = /^[a-zA-Z0-9_-]*$/;

const MACVLAN_MODES = ['vepa', 'private', 'bridge', 'passthrough'];
const VHOSTUSER_MODES = ['', 'client', 'server'];
const MAC_TYPES = ['', 'generated', 'static'];
const NET_DRIVERS = ['default', 'qemu', 'vhost'];
const TX_MODES = ['default', 'iothread', 'timer'];
const BACKENDS = ['default', 'passt'];
const LINK_STATES = ['default', 'up', 'down'];
const TEAMING_TYPES = ['none', 'persistent', 'transient'];
const NET_PROTOS = ['none', 'tcp', 'udp'];
const VPORT_TYPES = ['none', '802.1Qbg', '802.1Qbh', 'openvswitch', 'midonet'];
const NATIVE_VLAN_MODES = ['default', 'tagged', 'untagged'];

/** What validation needs beyond the ABI-relevant fields. */
export interface NetExtra {
  hostIpCount: number;
  managedTap: Tristate;
  teaming: { type: number; persistent: string | undefined } | undefined;
  vportType: number;
  isolatedPort: Tristate;
  backendType: number;
  vhostuserListen: boolean;
  vhostuserReconnect: Tristate;
  portForwardRanges: { start: number; end: number; to: number; exclude: Tristate }[];
  portForwards: number;
  /** `<vlan>` present on a type that cannot carry it (12.x validation) */
  vlanUnsupported: boolean;
}

// ---- IP addresses (virSocketAddrParse with AI_NUMERICHOST) ----

/** inet_aton: 1 to 4 parts, each decimal, octal (0...) or hex (0x...). */
function parseIPv4(s: string): number[] | undefined {
  if (!s) return undefined;
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return undefined;
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][vals.length - 1];
  if (vals.slice(0, -1).some((v) => v > 0xff) || last > lastMax) return undefined;
  const out = vals.slice(0, -1);
  const rest = 4 - out.length;
  for (let i = rest - 1; i >= 0; i--) out.push(Math.floor(last / 2 ** (8 * i)) & 0xff);
  return out;
}

/** glibc inet_pton(AF_INET): exactly four decimal parts, no leading zeros. */
function parseDottedQuad(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    out.push(v);
  }
  return out;
}

/** inet_pton(AF_INET6) plus an optional `%scope` (getaddrinfo accepts it). */
function parseIPv6(input: string): number[] | undefined {
  let s = input;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    if (pct === s.length - 1) return undefined;
    s = s.slice(0, pct);
  }
  let tail4: number[] | undefined;
  let want = 8;
  if (s.includes('.')) {
    const idx = s.lastIndexOf(':');
    if (idx < 0) return undefined;
    tail4 = parseDottedQuad(s.slice(idx + 1));
    if (!tail4) return undefined;
    s = s.slice(0, idx + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
    want = 6;
  }
  if (!/^[0-9a-fA-F:]*$/.test(s)) return undefined;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return undefined;
  const split = (t: string) => (t === '' ? [] : t.split(':'));
  const head = dbl >= 0 ? split(s.slice(0, dbl)) : split(s);
  const tail = dbl >= 0 ? split(s.slice(dbl + 2)) : [];
  const groups = [...head, ...tail];
  if (groups.some((g) => g.length < 1 || g.length > 4)) return undefined;
  if (dbl >= 0 ? groups.length >= want : groups.length !== want) return undefined;
  const words = [...head.map((g) => parseInt(g, 16)), ...new Array<number>(want - groups.length).fill(0), ...tail.map((g) => parseInt(g, 16))];
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  if (tail4) bytes.push(...tail4);
  return bytes;
}

interface SockAddr { family: 4 | 6; bytes: number[] }

function parseSockAddr(s: string, family: 0 | 4 | 6 | -1): SockAddr | undefined {
  if (family === -1) return undefined;
  if (family !== 6) { const b = parseIPv4(s); if (b) return { family: 4, bytes: b }; }
  if (family !== 4) { const b = parseIPv6(s); if (b) return { family: 6, bytes: b }; }
  return undefined;
}

function parseIp(el: XmlElement): void {
  const address = el.attrs.address;
  if (address === undefined) throw xmlError('Missing required address in <ip>');
  const familyStr = el.attrs.family;
  let family: 0 | 4 | 6 | -1;
  if (familyStr === 'ipv4') family = 4;
  else if (familyStr === 'ipv6') family = 6;
  else family = parseSockAddr(address, 0)?.family ?? -1;
  if (!parseSockAddr(address, family)) throw xmlError(`Invalid address '${address}' in <ip>`);
  const prefixStr = el.attrs.prefix;
  if (prefixStr !== undefined) {
    const p = strToUInt(prefixStr, 10);
    if (p === undefined || (family === 6 && p > 128) || (family === 4 && p > 32)) {
      throw xmlError(`Invalid prefix value '${prefixStr}' in <ip>`);
    }
  }
  const peer = el.attrs.peer;
  if (peer !== undefined && !parseSockAddr(peer, family)) throw new DomainParseError(`invalid argument: Invalid peer '${peer}' in <ip>`);
}

function maskBytes(bytes: number[], prefix: number): number[] {
  return bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** virNetDevIPRouteParseXML / virNetDevIPRouteCreate */
function parseRoute(detail: string, el: XmlElement, ctx: ParseContext): void {
  const family = el.attrs.family;
  const address = el.attrs.address;
  const netmask = el.attrs.netmask;
  const gateway = el.attrs.gateway;
  const hasPrefix = el.attrs.prefix !== undefined;
  const prefix = propUInt(el, 'prefix', 10);
  propUInt(el, 'metric', 10, NONZERO);
  // 12.x: a route without address is a default route
  const addressOptional = ctx.atLeast(NET_12_SINCE);
  if (address === undefined && !addressOptional) throw xmlError(`${detail}: Missing required address attribute in route definition`);
  if (gateway === undefined) throw xmlError(`${detail}: Missing required gateway attribute in route definition`);
  let addr: SockAddr | undefined;
  if (address !== undefined) {
    addr = parseSockAddr(address, 0);
    if (!addr) throw xmlError(`${detail}: Bad network address '${address}' in route definition`);
  }
  const gw = parseSockAddr(gateway, 0);
  if (!gw) throw xmlError(`${detail}: Bad gateway address '${gateway}' in route definition`);
  const shown = address ?? '(null)';
  let mask: SockAddr | undefined;
  if (family === undefined || family === 'ipv4') {
    if (addr && addr.family !== 4) {
      throw xmlError(family === undefined
        ? `${detail}: No family specified for non-IPv4 address '${shown}' in route definition`
        : `${detail}: IPv4 family specified for non-IPv4 address '${shown}' in route definition`);
    }
    if (gw.family !== 4) {
      throw xmlError(family === undefined
        ? `${detail}: No family specified for non-IPv4 gateway '${shown}' in route definition`
        : `${detail}: IPv4 family specified for non-IPv4 gateway '${shown}' in route definition`);
    }
    if (netmask !== undefined) {
      mask = parseSockAddr(netmask, 0);
      if (!mask) throw xmlError(`${detail}: Bad netmask address '${netmask}' in route definition`);
      if (mask.family !== 4) throw xmlError(`${detail}: Invalid netmask '${netmask}' for address '${shown}' (both must be IPv4)`);
      if (hasPrefix) throw xmlError(`${detail}: Route definition cannot have both a prefix and a netmask`);
    }
    if (prefix > 32) throw xmlError(`${detail}: Invalid prefix ${prefix} specified in route definition, must be 0 - 32`);
  } else if (family === 'ipv6') {
    if (addr && addr.family !== 6) throw xmlError(`${detail}: ipv6 family specified for non-IPv6 address '${shown}' in route definition`);
    if (netmask !== undefined) throw xmlError(`${detail}: Specifying netmask invalid for IPv6 address '${shown}' in route definition`);
    if (gw.family !== 6) throw xmlError(`${detail}: ipv6 specified for non-IPv6 gateway address '${gateway}' in route definition`);
    if (prefix > 128) throw xmlError(`${detail}: Invalid prefix ${prefix} specified in route definition, must be 0 - 128`);
  } else {
    throw xmlError(`${detail}: Unrecognized family '${family}' in route definition`);
  }
  if (!addr) return;
  const masked = mask ? addr.bytes.map((b, i) => b & mask!.bytes[i]) : maskBytes(addr.bytes, prefix);
  if (masked.some((b, i) => b !== addr!.bytes[i])) {
    throw xmlError(`${detail}: Address '${address}' in route definition is not a network address`);
  }
}

/** virDomainNetIPInfoParseXML: every `<ip>` first, then every `<route>`. Returns how many. */
function parseIpInfo(detail: string, el: XmlElement, ctx: ParseContext): number {
  const ips = childrenNamed(el, 'ip');
  const routes = childrenNamed(el, 'route');
  for (const ip of ips) parseIp(ip);
  for (const r of routes) parseRoute(detail, r, ctx);
  return ips.length + routes.length;
}

// ---- virtualport, bandwidth, vlan ----

const VPORT_GENERATE = 1;
const VPORT_REQUIRE_ALL = 2;
const VPORT_REQUIRE_TYPE = 4;

/** virNetDevVPortProfileParse; returns the virtualport type number. */
function parseVirtualPort(el: XmlElement, flags: number, ctx: ParseContext): number {
  let type = 0;
  const typeStr = el.attrs.type;
  if (typeStr !== undefined) {
    type = VPORT_TYPES.indexOf(typeStr);
    if (type <= 0) throw unsupportedConfig(`unknown virtualport type ${typeStr}`);
  }
  if (type === 0 && flags & VPORT_REQUIRE_TYPE) throw xmlError('missing required virtualport type');
  const params = child(el, 'parameters');
  const p = (n: string) => params?.attrs[n];
  const managerId = p('managerid'); const typeId = p('typeid'); const typeIdVersion = p('typeidversion');
  const instanceId = p('instanceid'); const profileId = p('profileid'); const interfaceId = p('interfaceid');
  const newer = ctx.atLeast(NET_12_SINCE);
  const num = (v: string, what: string, max: number, tooBig: string) => {
    const n = newer ? propUInt(params!, what, 10) : strToUInt(v, 0);
    if (n === undefined) throw xmlError(`cannot parse value of ${what} parameter`);
    if (n > max) throw xmlError(tooBig);
  };
  const uuid = (v: string, what: string) => {
    if (parseUuid(v)) return;
    if (newer) throw xmlError(`Invalid value for attribute '${what}' in element 'parameters': '${v}'. Expected UUID`);
    throw xmlError(`cannot parse ${what} parameter as a uuid`);
  };
  if (managerId !== undefined) num(managerId, 'managerid', 0xff, 'value of managerid out of range');
  if (typeId !== undefined) num(typeId, 'typeid', 0xffffff, 'value for typeid out of range');
  if (typeIdVersion !== undefined) num(typeIdVersion, 'typeidversion', 0xff, 'value of typeidversion out of range');
  let instanceSpecified = false;
  let interfaceSpecified = false;
  if (instanceId !== undefined) {
    uuid(instanceId, 'instanceid');
    instanceSpecified = true;
  }
  if (profileId !== undefined && profileId.length >= 40) throw xmlError('profileid parameter too long');
  if (interfaceId !== undefined) {
    uuid(interfaceId, 'interfaceid');
    interfaceSpecified = true;
  }
  if (flags & VPORT_GENERATE) {
    if (!instanceSpecified && (type === 1 || type === 0)) instanceSpecified = true;
    if (!interfaceSpecified && (type === 3 || type === 0)) interfaceSpecified = true;
  }
  const typeName = VPORT_TYPES[type];
  const profile = profileId !== undefined && profileId !== '';
  if (flags & VPORT_REQUIRE_ALL && type !== 0) {
    let missing: string | undefined;
    if (type === 1) {
      if (managerId === undefined) missing = 'managerid';
      else if (typeId === undefined) missing = 'typeid';
      else if (typeIdVersion === undefined) missing = 'typeidversion';
      else if (!instanceSpecified) missing = 'instanceid';
    } else if (type === 2) {
      if (!profile) missing = 'profileid';
    } else if (!interfaceSpecified) {
      missing = 'interfaceid';
    }
    if (missing) throw xmlError(`missing ${missing} in <virtualport type='${typeName}'>`);
  }
  let extra: string | undefined;
  if (type === 1) {
    if (profile) extra = 'profileid';
    else if (interfaceSpecified) extra = 'interfaceid';
  } else if (type === 2 || type === 3 || (type === 4 && newer)) {
    if (managerId !== undefined) extra = 'managerid';
    else if (typeId !== undefined) extra = 'typeid';
    else if (typeIdVersion !== undefined) extra = 'typeidversion';
    else if (instanceSpecified) extra = 'instanceid';
    else if (type === 2 && interfaceSpecified) extra = 'interfaceid';
  }
  if (extra) throw xmlError(`extra ${extra} unsupported in <virtualport type='${typeName}'>`);
  return type;
}

function parseBandwidthRate(el: XmlElement): { floor: boolean } {
  const { average, peak, burst, floor } = el.attrs;
  if (average !== undefined) {
    if (strToULongLongPositive(average, 10) === undefined) throw unsupportedConfig(`could not convert bandwidth average value '${average}'`);
  } else if (floor === undefined) {
    throw bareError('Missing mandatory average or floor attributes');
  }
  if ((peak !== undefined || burst !== undefined) && average === undefined) throw unsupportedConfig("'peak' and 'burst' require 'average' attribute");
  if (peak !== undefined && strToULongLongPositive(peak, 10) === undefined) throw unsupportedConfig(`could not convert bandwidth peak value '${peak}'`);
  if (burst !== undefined && strToULongLongPositive(burst, 10) === undefined) throw unsupportedConfig(`could not convert bandwidth burst value '${burst}'`);
  let floorSet = false;
  if (floor !== undefined) {
    const f = strToULongLongPositive(floor, 10);
    if (f === undefined) throw unsupportedConfig(`could not convert bandwidth floor value '${floor}'`);
    floorSet = f !== 0n;
  }
  return { floor: floorSet };
}

/** virNetDevBandwidthParse (no class id in a domain interface). */
function parseBandwidth(el: XmlElement, allowFloor: boolean): void {
  if (el.attrs.classID !== undefined) throw bareError('classID attribute not supported on <bandwidth> in this usage context');
  const ins = childrenNamed(el, 'inbound');
  const outs = childrenNamed(el, 'outbound');
  if (ins.length > 1) throw bareError('Only one child <inbound> element allowed');
  if (outs.length > 1) throw bareError('Only one child <outbound> element allowed');
  if (ins[0]) {
    const r = parseBandwidthRate(ins[0]);
    if (r.floor && !allowFloor) throw unsupportedConfig('floor attribute is not supported for this config');
  }
  if (outs[0]) {
    const r = parseBandwidthRate(outs[0]);
    if (r.floor) throw unsupportedConfig("'floor' attribute allowed only in <inbound> element");
  }
}

/** virNetDevVlanParse */
function parseVlan(el: XmlElement): void {
  const tags = childrenNamed(el, 'tag');
  if (!tags.length) throw xmlError('missing tag id - each <vlan> must have at least one <tag id=\'n\'/> subelement');
  let nativeMode = 0;
  for (const t of tags) {
    const id = propUInt(t, 'id', 10, REQUIRED);
    if (id > 4095) throw xmlError(`vlan tag id ${id} too large (maximum 4095)`);
    const m = propEnum(t, 'nativeMode', NATIVE_VLAN_MODES, NONZERO);
    if (t.attrs.nativeMode !== undefined) {
      if (nativeMode !== 0) throw xmlError('duplicate native vlan setting');
      nativeMode = m;
    }
  }
  const trunk = el.attrs.trunk;
  if (trunk !== undefined && trunk !== '' && trunk.toLowerCase() !== 'yes') {
    if (tags.length > 1) throw xmlError(`invalid "trunk='${trunk}'" in <vlan> - trunk='yes' is required for more than one vlan tag`);
    if (nativeMode !== 0) throw xmlError('invalid configuration in <vlan> - "trunk=\'no\'" is not allowed with a native vlan id');
    if (trunk.toLowerCase() !== 'no') throw xmlError(`invalid "trunk='${trunk}'" in <vlan> - must be yes or no`);
  }
}

// ---- the interface ----

function requireSource(type: string, source: XmlElement | undefined): XmlElement {
  if (!source) throw xmlError(`interface type='${type}' requires a 'source' element`);
  return source;
}

/** A unicast MAC with libvirt's generic prefix, from bytes libvirt would draw at random. */
function generateMac(ctx: ParseContext): string {
  return `52:54:00:${[...ctx.randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
}

/** libvirt string(xpath): first match, empty text counts as absent. */
function xpathAttr(el: XmlElement | undefined, name: string): string | undefined {
  const v = el?.attrs[name];
  return v === '' ? undefined : v;
}

export function parseNet(el: XmlElement, ctx: ParseContext): { net: NetDef; extra: NetExtra } {
  const typeIndex = propEnum(el, 'type', NET_TYPES, {}, 0);
  const type = NET_TYPES[typeIndex];
  propTristateBool(el, 'trustGuestRxFilters');

  let model = 'unknown';
  let modelstr: string | undefined;
  const modelAttr = xpathAttr(child(el, 'model'), 'type');
  if (modelAttr !== undefined) {
    const table = ctx.atLeast(IGB_SINCE) ? NET_MODELS_NEW : NET_MODELS_9;
    const lower = modelAttr.toLowerCase();
    const found = table.find((m) => m.toLowerCase() === lower);
    if (found) model = found;
    else if (!NET_MODEL_CHARS.test(modelAttr)) throw new DomainParseError('invalid argument: Model name contains invalid characters');
    else modelstr = modelAttr;
  }
  const isVirtio = VIRTIO_MODELS.has(model);

  const source = child(el, 'source');
  const hostIpCount = source ? parseIpInfo('interface host IP', source, ctx) : 0;

  let vportFlags = 0;
  let vhostuserListen = false;
  let vhostuserReconnect: Tristate = 0;
  switch (type) {
    case 'network': {
      const s = requireSource(type, source);
      propString(s, 'network', true);
      // the network driver's port of a running guest
      const portid = ctx.live ? s.attrs.portid : undefined;
      if (portid !== undefined && !parseUuid(portid)) throw xmlError(`Invalid value for attribute 'portid' in element 'source': '${portid}'. Expected UUID`);
      vportFlags = VPORT_GENERATE;
      break;
    }
    case 'vds': {
      const s = requireSource(type, source);
      const sw = propString(s, 'switchid', true)!;
      if (!parseUuid(sw)) throw xmlError(`Invalid value for attribute 'switchid' in element 'source': '${sw}'. Expected UUID`);
      const required = !ctx.atLeast(VDS_OPTIONAL_SINCE);
      longLongProp(s, 'portid', required);
      propString(s, 'portgroupid', required);
      longLongProp(s, 'connectionid', required);
      break;
    }
    case 'internal':
      propString(requireSource(type, source), 'name', true);
      break;
    case 'bridge':
      propString(requireSource(type, source), 'bridge', true);
      vportFlags = VPORT_GENERATE | VPORT_REQUIRE_ALL | VPORT_REQUIRE_TYPE;
      break;
    case 'direct': {
      const s = requireSource(type, source);
      propString(s, 'dev', true);
      propEnum(s, 'mode', MACVLAN_MODES);
      vportFlags = VPORT_GENERATE | VPORT_REQUIRE_ALL | VPORT_REQUIRE_TYPE;
      break;
    }
    case 'vhostuser': {
      if (!ctx.atLeast(VHOSTUSER_OPTIONAL_SOURCE_SINCE)) {
        const s = requireSource(type, source);
        const t = propString(s, 'type', true)!;
        if (t !== 'unix') throw unsupportedConfig(`Type='${t}' unsupported for <interface type='vhostuser'>`);
        propString(s, 'path', true);
        const mode = propEnum(s, 'mode', VHOSTUSER_MODES, REQUIRED_NONZERO);
        vhostuserListen = mode === 2;
        vhostuserReconnect = parseChrReconnect(s);
      } else if (source) {
        // passt can provide the vhost-user socket: source, path and mode became optional
        const t = source.attrs.type;
        if (t !== undefined && t !== 'unix') throw unsupportedConfig(`Type='${t}' unsupported for <interface type='vhostuser'>`);
        const mode = propEnum(source, 'mode', VHOSTUSER_MODES, NONZERO);
        vhostuserListen = mode === 2;
        vhostuserReconnect = parseChrReconnect(source);
      }
      break;
    }
    case 'vdpa':
      propString(requireSource(type, source), 'dev', true);
      break;
    case 'client': case 'server': case 'mcast': case 'udp': {
      const s = requireSource(type, source);
      if (type !== 'server') propString(s, 'address', true);
      propInt(s, 'port', 10, REQUIRED);
      if (type === 'udp') {
        const local = child(s, 'local');
        if (!local) throw xmlError("'<local>' element missing for 'udp' socket interface");
        propString(local, 'address', true);
        propInt(local, 'port', 10, REQUIRED);
      }
      break;
    }
    case 'hostdev': {
      // the hostdev half is parsed here in libvirt's order (the storage part keeps the hostdev itself)
      parseNetHostdev(el, { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, ctx);
      vportFlags = VPORT_GENERATE | VPORT_REQUIRE_ALL | VPORT_REQUIRE_TYPE;
      break;
    }
    default:
      break;
  }

  let vportType = 0;
  const vport = child(el, 'virtualport');
  if (vport) {
    if (vportFlags === 0) throw unsupportedConfig(`<virtualport> element unsupported for <interface type='${type}'>`);
    vportType = parseVirtualPort(vport, vportFlags, ctx);
  }

  let managedTap: Tristate = 0;
  const target = child(el, 'target');
  if (target) managedTap = propTristateBool(target, 'managed');

  const linkstate = xpathAttr(child(el, 'link'), 'state');
  // <filterref> parameters with bad names or values are skipped by libvirt, never rejected

  const bandwidth = child(el, 'bandwidth');
  if (bandwidth) parseBandwidth(bandwidth, type === 'network');
  const vlan = child(el, 'vlan');
  if (vlan) parseVlan(vlan);
  const directPassthrough = type === 'direct' && source?.attrs.mode === 'passthrough';

  let mac: string | undefined;
  const macEl = child(el, 'mac');
  if (macEl) {
    const raw = macEl.attrs.address;
    if (raw !== undefined) {
      mac = parseMac(raw);
      if (!mac) throw xmlError(`unable to parse mac address '${raw}'`);
      if (parseInt(mac.slice(0, 2), 16) & 1) throw xmlError(`expected unicast mac address, found multicast '${raw}'`);
    }
    propEnum(macEl, 'type', MAC_TYPES, NONZERO);
    propTristateBool(macEl, 'check');
  }
  // newer libvirt also regenerates an all-zero address
  if (mac === '00:00:00:00:00:00' && ctx.atLeast(ZERO_MAC_GENERATED_SINCE)) mac = undefined;
  const macGenerated = mac === undefined;

  const info = parseDeviceInfo(el, ctx, { allowBoot: true, allowRom: true });

  parseIpInfo('guest interface', el, ctx);
  const portForwardRanges = parsePortForwards(el);
  const portForwards = childrenNamed(el, 'portForward').length;

  // virDomainNetDefParseXMLDriver
  const driver = child(el, 'driver');
  const virtio = parseVirtioOptions(driver, ctx);
  let queues = 0;
  if (driver && type !== 'hostdev' && isVirtio) {
    // virDomainNetDriverAttributesFormat writes each of these only when set
    const set = [propEnum(driver, 'name', NET_DRIVERS, NONZERO), propEnum(driver, 'txmode', TX_MODES, NONZERO),
      propTristateSwitch(driver, 'ioeventfd'), propTristateSwitch(driver, 'event_idx')];
    queues = propUInt(driver, 'queues', 10);
    if (queues === 1) queues = 0;
    set.push(queues, propUInt(driver, 'rx_queue_size', 10), propUInt(driver, 'tx_queue_size', 10),
      propTristateSwitch(driver, 'rss'), propTristateSwitch(driver, 'rss_hash_report'));
    const host = child(driver, 'host');
    if (host) for (const a of ['csum', 'gso', 'tso4', 'tso6', 'ecn', 'ufo', 'mrg_rxbuf']) set.push(propTristateSwitch(host, a));
    const guest = child(driver, 'guest');
    if (guest) for (const a of ['csum', 'tso4', 'tso6', 'ecn', 'ufo']) set.push(propTristateSwitch(guest, a));
    if (set.some(Boolean)) virtio!.withOtherSettings = true;
  }

  let backendType = 0;
  const backend = child(el, 'backend');
  if (backend) {
    const raw = backend.attrs.type;
    if (raw !== undefined && !ctx.atLeast(BACKEND_TYPE_SINCE)) throw xmlError(`Invalid value for attribute 'type' in element 'backend': '${raw}'.`);
    backendType = propEnum(backend, 'type', BACKENDS, NONZERO);
  }

  if (linkstate !== undefined && LINK_STATES.indexOf(linkstate) <= 0) throw unsupportedConfig(`unknown interface link state '${linkstate}'`);

  let teaming: NetExtra['teaming'];
  const teamingEl = child(el, 'teaming');
  const teamType = xpathAttr(teamingEl, 'type');
  const teamPersistent = xpathAttr(teamingEl, 'persistent');
  if (teamType !== undefined || teamPersistent !== undefined) {
    const t = teamType === undefined ? -1 : TEAMING_TYPES.indexOf(teamType);
    if (t <= 0) throw unsupportedConfig(`unknown teaming type '${teamType ?? '(null)'}'`);
    teaming = { type: t, persistent: teamPersistent };
  }

  const sndbuf = child(child(el, 'tune'), 'sndbuf');
  if (sndbuf && sndbuf.text !== '' && strToULongLongPositive(sndbuf.text, 10) === undefined) throw xmlError('sndbuf must be a positive integer');

  let mtu = 0;
  const mtuStr = xpathAttr(child(el, 'mtu'), 'size');
  if (mtuStr !== undefined) {
    const v = strToUIntPositiveDec(mtuStr);
    if (v === undefined) throw xmlError('malformed mtu size');
    mtu = v;
  }

  const coalesce = child(el, 'coalesce');
  if (coalesce) {
    const max = xpathAttr(child(child(coalesce, 'rx'), 'frames'), 'max');
    if (max !== undefined) {
      const v = strToULongLongPositive(max, 10);
      if (v === undefined) throw bareError(`cannot parse value '${max}' for coalesce parameter`);
      if (v > 0xffffffffn) throw new DomainParseError(`numerical overflow: value '${v}' is too big for coalesce parameter, maximum is '4294967295'`);
    }
  }

  const isolatedPort = propTristateBool(child(el, 'port'), 'isolated');

  const net: NetDef = { type, mac: mac ?? generateMac(ctx), macGenerated, model, modelstr, mtu, queues, info, virtio };
  return {
    net,
    extra: { hostIpCount, managedTap, teaming, vportType, isolatedPort, backendType, vhostuserListen, vhostuserReconnect, portForwardRanges, portForwards,
      vlanUnsupported: vlan !== undefined && !(type === 'hostdev' || type === 'network' || type === 'bridge' || directPassthrough) },
  };
}

function strToUIntPositiveDec(s: string): number | undefined {
  const v = strToULongLongPositive(s, 10);
  return v === undefined || v > 0xffffffffn ? undefined : Number(v);
}

/** virXMLPropLongLong, base 0 */
function longLongProp(el: XmlElement, name: string, required: boolean): void {
  const raw = el.attrs[name];
  if (raw === undefined) {
    if (required) throw xmlError(`Missing required attribute '${name}' in element '${el.name}'`);
    return;
  }
  if (strToLongLong(raw, 0) === undefined) {
    throw xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'. Expected long long integer value`);
  }
}

function parsePortForwards(el: XmlElement): NetExtra['portForwardRanges'] {
  const out: NetExtra['portForwardRanges'] = [];
  for (const pf of childrenNamed(el, 'portForward')) {
    propEnum(pf, 'proto', NET_PROTOS, REQUIRED_NONZERO);
    const address = pf.attrs.address;
    if (address !== undefined && !parseSockAddr(address, 0)) throw xmlError(`Invalid address '${address}' in <portForward>`);
    for (const r of childrenNamed(pf, 'range')) {
      out.push({
        start: propUInt(r, 'start', 10, NONZERO),
        end: propUInt(r, 'end', 10, NONZERO),
        to: propUInt(r, 'to', 10, NONZERO),
        exclude: propTristateBool(r, 'exclude'),
      });
    }
  }
  return out;
}

/** virDomainDeviceDefPostParseCheckFeatures: no generic driver accepts free-form models. */
export function postParseNet(net: NetDef): void {
  if (net.modelstr !== undefined) throw unsupportedConfig(`driver does not support net model '${net.modelstr}'`);
}

export function isVirtioNet(net: NetDef): boolean {
  return VIRTIO_MODELS.has(net.model);
}

/** virDomainNetDefValidate */
export function validateNet(net: NetDef, extra: NetExtra, ctx: ParseContext): void {
  if (extra.hostIpCount && net.type !== 'ethernet') {
    throw unsupportedConfig(`Invalid attempt to set network interface host-side IP route and/or address info on interface of type '${net.type}'. This is only supported on interfaces of type 'ethernet'`);
  }
  if (extra.managedTap === 2 && net.type !== 'ethernet') {
    throw unsupportedConfig(`unmanaged target dev is not supported on interfaces of type '${net.type}'`);
  }
  if (extra.teaming) {
    if (extra.teaming.type === 2) {
      if (extra.teaming.persistent === undefined) throw unsupportedConfig("teaming persistent attribute must be set if teaming type is 'transient'");
    } else if (extra.teaming.persistent !== undefined) {
      throw unsupportedConfig(`teaming persistent attribute not allowed if teaming type is '${TEAMING_TYPES[extra.teaming.type]}'`);
    }
  }
  if (extra.isolatedPort === 1) {
    if (net.type !== 'network' && net.type !== 'bridge') {
      throw unsupportedConfig(`interface ${net.mac} - <port isolated='yes'/> is not supported for network interfaces with type='${net.type}'`);
    }
    if (extra.vportType !== 0) {
      throw unsupportedConfig(`interface ${net.mac} - <port isolated='yes'/> is not supported for network interfaces with virtualport type='${VPORT_TYPES[extra.vportType]}'`);
    }
  }
  if (!isVirtioNet(net)) checkVirtioOptionsAbsent(net.virtio);
  if (extra.backendType === 1) {
    if (!ctx.atLeast(VHOSTUSER_OPTIONAL_SOURCE_SINCE)) {
      if (net.type !== 'user') throw internalError("The 'passt' backend can only be used with interface type='user'");
    } else if (net.type !== 'user' && net.type !== 'vhostuser') {
      throw unsupportedConfig("The 'passt' backend can only be used with interface type='user' or type='vhostuser'");
    }
  }
  if (ctx.atLeast(VHOSTUSER_OPTIONAL_SOURCE_SINCE) && extra.portForwards &&
      !(extra.backendType === 1 && (net.type === 'user' || net.type === 'vhostuser'))) {
    throw unsupportedConfig("The <portForward> element can only be used with the 'passt' backend of interface type='user' or type='vhostuser'");
  }
  if (net.type === 'vhostuser' && !ctx.atLeast(VHOSTUSER_OPTIONAL_SOURCE_SINCE)) {
    if (!isVirtioNet(net)) {
      throw internalError("Wrong or no <model> 'type' attribute specified with <interface type='vhostuser'/>. vhostuser requires the virtio-net* frontend");
    }
    if (extra.vhostuserListen && extra.vhostuserReconnect === 1) {
      throw unsupportedConfig("'reconnect' attribute unsupported 'server' mode for <interface type='vhostuser'>");
    }
  }
  if (net.type === 'user' && extra.backendType === 1) {
    for (const r of extra.portForwardRanges) {
      if (!r.start && (r.end || r.to || r.exclude !== 0)) {
        throw unsupportedConfig("The 'range' of a 'portForward' requires 'start' attribute if 'end', 'to', or 'exclude' is specified");
      }
    }
  }
  if (ctx.atLeast(NET_12_SINCE) && extra.vlanUnsupported) {
    throw unsupportedConfig(`interface ${net.mac} - vlan tag not supported for this connection type`);
  }
}
