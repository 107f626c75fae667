/**
 * Character devices (virDomainChrDefParseXML, virDomainChrSourceDefParseXML and their
 * post-parse/validation): serial, parallel, console and channel, plus the chardev source that
 * RNG egd backends and external TPMs share. The source parser and validator are exported for
 * other device families (redirdev, smartcard) that embed a chardev source.
 */
import {
  CHR_CHANNEL_TARGET_TYPES, CHR_CONSOLE_TARGET_TYPES, CHR_DEVICE_TYPES, CHR_SERIAL_TARGET_MODELS,
  CHR_SERIAL_TARGET_TYPES, CHR_TCP_PROTOCOLS, CHR_TYPES, MOUSE_MODES,
  type ChrDef, type ChrDeviceType, type ChrSourceDef,
} from '../model/platform-devices.js';
import type { Domain } from '../model/domain.js';
import { TDX_COMMIT_SINCE, type ParseContext } from './context.js';
import { parseDeviceInfo, parseLabelskip, RELABEL_NEEDS_LABEL_SINCE } from './device-info.js';
import { bareError, internalError, parseEach, rejectedAtDevice, unsupportedConfig, xmlError } from './errors.js';
import {
  NONNEGATIVE, NONZERO, propEnum, propInt, propTristateBool, propTristateSwitch, propUInt, REQUIRED,
  REQUIRED_NONZERO, strToUInt,
} from './values.js';
import { xstr } from './general-util.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

export const CHR = Object.fromEntries(CHR_TYPES.map((t, i) => [t, i])) as Record<typeof CHR_TYPES[number], number>;

/** Serial target type numbers used by the post-parse and compat logic. */
export const SERIAL_TARGET = { none: 0, isa: 1, usb: 2, pci: 3, spaprVio: 4, system: 5, sclp: 6, isaDebug: 7 } as const;
export const CHANNEL_TARGET = { none: 0, guestfwd: 1, virtio: 2, xen: 3 } as const;
export const CONSOLE_TARGET = { none: 0, serial: 1, xen: 2, uml: 3, virtio: 4 } as const;

const SOURCE_MODES = ['connect', 'bind'] as const;
const CHR_DEVICE_STATES = ['default', 'connected', 'disconnected'];

export function newChrSource(type: number): ChrSourceDef {
  return {
    type, path: undefined, append: 0, host: undefined, service: undefined, listen: false, protocol: 0,
    reconnectEnabled: 0, reconnectTimeout: 0, bindHost: undefined, bindService: undefined,
    connectHost: undefined, connectService: undefined, channel: undefined, master: undefined,
    slave: undefined, spicevmc: 0, clipboard: 0, mouse: 0,
  };
}

/** virDomainChrTypeFromString; -1 when unknown. */
export function chrTypeFromString(s: string): number {
  return (CHR_TYPES as readonly string[]).indexOf(s);
}

function parseReconnect(def: ChrSourceDef, source: XmlElement): void {
  const cur = child(source, 'reconnect');
  if (!cur) return;
  def.reconnectEnabled = propTristateBool(cur, 'enabled');
  if (def.reconnectEnabled === 1) def.reconnectTimeout = propUInt(cur, 'timeout', 10, REQUIRED);
}

function parseMode(source: XmlElement): number {
  return propEnum(source, 'mode', SOURCE_MODES);
}

/** virSecurityDeviceLabelDefParseXML on a chardev `<source>`. */
function parseSourceSeclabels(source: XmlElement, ctx: ParseContext): void {
  const seen: (string | undefined)[] = [];
  for (const sl of childrenNamed(source, 'seclabel')) {
    const model = sl.attrs.model;
    if (model !== undefined) {
      if (seen.includes(model)) throw detailError(`seclabel for model ${model} is already provided`);
    }
    seen.push(model);
    const relabelSpecified = sl.attrs.relabel !== undefined;
    const t = propTristateBool(sl, 'relabel');
    const relabel = t !== 2;
    parseLabelskip(sl, ctx);
    let label = xstr(child(sl, 'label'));
    if (label !== undefined && label.length > 4095) label = undefined;
    const who = model ?? '<null>';
    if (label !== undefined && !relabel) throw xmlError(`Cannot specify a label if relabelling is turned off. model=${who}`);
    if (ctx.atLeast(RELABEL_NEEDS_LABEL_SINCE) && relabelSpecified && relabel && label === undefined) throw xmlError(`Cannot specify relabel if label is missing. model=${who}`);
  }
}

/** VIR_ERR_XML_DETAIL prints the bare message. */
const detailError = (msg: string) => bareError(msg);

/**
 * virDomainChrSourceDefParseXML: the `<source>`, `<log>` and `<protocol>` children of `el`.
 * `isChrDevice` parses seclabel overrides (only for serial/parallel/console/channel).
 */
export function parseChrSource(def: ChrSourceDef, el: XmlElement, isChrDevice: boolean, ctx: ParseContext): void {
  const sources = childrenNamed(el, 'source');
  if (sources.length > 0) {
    if (sources.length > 1 && def.type !== CHR.udp) throw xmlError('only one source element is allowed for character device');
    if (sources.length > 2) throw xmlError('only two source elements are allowed for character device');
    const src = sources[0];
    switch (def.type) {
      case CHR.file:
        def.path = src.attrs.path;
        def.append = propTristateSwitch(src, 'append');
        break;
      case CHR.pty:
        // the allocated /dev/pts path exists only in live XML (it matters to the console compat)
        if (ctx.live) def.path = src.attrs.path;
        break;
      case CHR.dev:
      case CHR.pipe:
        def.path = src.attrs.path;
        break;
      case CHR.unix:
        def.listen = parseMode(src) === 1;
        def.path = src.attrs.path;
        parseReconnect(def, src);
        break;
      case CHR.udp:
        for (const s of sources) {
          const mode = parseMode(s);
          if (mode === 0 && def.connectHost === undefined && def.connectService === undefined) {
            def.connectHost = s.attrs.host;
            def.connectService = s.attrs.service;
          } else if (mode === 1 && def.bindHost === undefined && def.bindService === undefined) {
            def.bindHost = s.attrs.host;
            def.bindService = s.attrs.service;
          }
        }
        break;
      case CHR.tcp:
        def.listen = parseMode(src) === 1;
        def.host = src.attrs.host;
        def.service = src.attrs.service;
        propTristateBool(src, 'tls');
        parseReconnect(def, src);
        break;
      case CHR.spiceport:
      case CHR.dbus:
        def.channel = src.attrs.channel;
        break;
      case CHR.nmdm:
        def.master = src.attrs.master;
        def.slave = src.attrs.slave;
        break;
      case CHR['qemu-vdagent']: {
        const clip = child(src, 'clipboard');
        if (clip) def.clipboard = propTristateBool(clip, 'copypaste', REQUIRED);
        const mouse = child(src, 'mouse');
        if (mouse) def.mouse = propEnum(mouse, 'mode', MOUSE_MODES, REQUIRED_NONZERO);
        break;
      }
      default:
        break;
    }
    if (isChrDevice) parseSourceSeclabels(src, ctx);
  }
  const logs = childrenNamed(el, 'log');
  if (logs.length === 1) propTristateSwitch(logs[0], 'append');
  else if (logs.length > 1) throw xmlError('only one log element is allowed for character device');
  const protocols = childrenNamed(el, 'protocol');
  if (protocols.length === 1) {
    if (def.type === CHR.tcp) {
      // UNPINNED: virXMLPropEnum here is absent from Debian's 10.7.0 source and present in 11.3.0
      // (measured); 11.3.0 stands for 10.8.0..11.3.0
      if (ctx.atLeast('11.3.0')) {
        def.protocol = propEnum(protocols[0], 'type', CHR_TCP_PROTOCOLS);
      } else {
        const p = protocols[0].attrs.type;
        if (p !== undefined) {
          def.protocol = (CHR_TCP_PROTOCOLS as readonly string[]).indexOf(p);
          if (def.protocol < 0) throw unsupportedConfig(`Unknown protocol '${p}'`);
        }
      }
    }
  } else if (protocols.length > 1) {
    throw xmlError('only one protocol element is allowed for character device');
  }
}

const SERIAL_CHANNEL_NAME = /^[a-zA-Z0-9_.-]*$/;

function validateChannelName(name: string | undefined): void {
  if (name === undefined) throw unsupportedConfig('Missing source channel attribute for char device');
  if (!SERIAL_CHANNEL_NAME.test(name)) throw invalidArg('Invalid character in source channel for char device');
}

const invalidArg = (msg: string) => bareError(`invalid argument: ${msg}`);

/** virDomainChrSourceDefValidate; `chr` is the owning character device, if any. */
export function validateChrSource(src: ChrSourceDef, chr: ChrDef | undefined): void {
  switch (src.type) {
    case CHR.file:
    case CHR.dev:
    case CHR.pipe:
      if (src.path === undefined) throw internalError('Missing source path attribute for char device');
      break;
    case CHR.nmdm:
      if ((src.master !== undefined) !== (src.slave !== undefined)) {
        throw internalError('Should define both master and slave path attributes for nmdm device');
      }
      break;
    case CHR.tcp:
      if (src.host === undefined) throw internalError('Missing source host attribute for char device');
      if (src.service === undefined) throw internalError('Missing source service attribute for char device');
      // libvirt tests the tristate's truth, so enabled='no' counts too
      if (src.listen && src.reconnectEnabled) throw internalError('chardev reconnect is possible only for connect mode');
      break;
    case CHR.udp:
      if (src.connectService === undefined) throw internalError('Missing source service attribute for char device');
      break;
    case CHR.unix:
      if (src.path === undefined && !(chr && chr.deviceType === 'channel' &&
        (chr.targetType === CHANNEL_TARGET.xen || chr.targetType === CHANNEL_TARGET.virtio))) {
        throw internalError('Missing source path attribute for char device');
      }
      if (src.listen && src.reconnectEnabled) throw internalError('chardev reconnect is possible only for connect mode');
      break;
    case CHR.spiceport:
    case CHR.dbus:
      validateChannelName(src.channel);
      break;
    default:
      break;
  }
}

/** virDomainChrSourceDefIsEqual (used by the console compat logic). */
export function chrSourceEqual(a: ChrSourceDef, b: ChrSourceDef): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case CHR.file: return a.append === b.append && a.path === b.path;
    case CHR.pty: case CHR.dev: case CHR.pipe: return a.path === b.path;
    case CHR.nmdm: return a.master === b.master && a.slave === b.slave;
    case CHR.udp:
      return a.bindHost === b.bindHost && a.bindService === b.bindService &&
        a.connectHost === b.connectHost && a.connectService === b.connectService;
    case CHR.tcp:
      return a.listen === b.listen && a.protocol === b.protocol && a.host === b.host && a.service === b.service &&
        a.reconnectEnabled === b.reconnectEnabled && a.reconnectTimeout === b.reconnectTimeout;
    case CHR.unix:
      return a.listen === b.listen && a.path === b.path &&
        a.reconnectEnabled === b.reconnectEnabled && a.reconnectTimeout === b.reconnectTimeout;
    case CHR.spiceport: case CHR.dbus: return a.channel === b.channel;
    case CHR.spicevmc: return a.spicevmc === b.spicevmc;
    case CHR['qemu-vdagent']: return a.clipboard === b.clipboard && a.mouse === b.mouse;
    default: return true;
  }
}

const IPV4_PART = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$/;

/** inet_aton as glibc's numeric getaddrinfo applies it: 1-4 parts, each decimal, octal or hex. */
function parseInetAton(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    if (!IPV4_PART.test(p)) return undefined;
    const v = p.length > 1 && (p[1] === 'x' || p[1] === 'X') ? (p.length === 2 ? 0 : parseInt(p.slice(2), 16))
      : p.length > 1 && p[0] === '0' ? parseInt(p, 8) : Number(p);
    if (!Number.isFinite(v) || v > 0xffffffff) return undefined;
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const maxLast = [0xffffffff, 0xffffff, 0xffff, 0xff][vals.length - 1];
  if (last > maxLast || vals.slice(0, -1).some((v) => v > 0xff)) return undefined;
  let n = 0;
  for (let i = 0; i < vals.length - 1; i++) n += vals[i] * 2 ** (24 - 8 * i);
  return n + last;
}

function looksIpv6(s: string): boolean {
  return s.includes(':') && /^[0-9a-fA-F:.]+(%.+)?$/.test(s);
}

/** guestfwd `<target address= port=>`: virSocketAddrParse (numeric, any family), IPv4 only. */
function parseGuestfwdAddr(target: XmlElement): string {
  const addr = target.attrs.address;
  if (addr === undefined) throw xmlError('guestfwd channel does not define a target address');
  const n = parseInetAton(addr);
  if (n === undefined) {
    if (looksIpv6(addr)) throw unsupportedConfig('guestfwd channel only supports IPv4 addresses');
    throw bareError(`Cannot parse socket address '${addr}': Name or service not known`);
  }
  const port = propUInt(target, 'port', 10, REQUIRED) & 0xffff;
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}:${port}`;
}

function targetTypeTable(deviceType: ChrDeviceType): readonly string[] | undefined {
  switch (deviceType) {
    case 'serial': return CHR_SERIAL_TARGET_TYPES;
    case 'channel': return CHR_CHANNEL_TARGET_TYPES;
    case 'console': return CHR_CONSOLE_TARGET_TYPES;
    default: return undefined;
  }
}

/** virDomainChrDefaultTargetType */
function defaultTargetType(deviceType: ChrDeviceType): number {
  if (deviceType === 'channel') throw xmlError('target type must be specified for channel device');
  return 0;
}

function parseTarget(def: ChrDef, target: XmlElement, ctx: ParseContext): void {
  const typeStr = target.attrs.type;
  let targetType: number;
  if (typeStr === undefined) {
    // libvirt reports the default-type error, then overwrites it with the unknown-type one
    try { targetType = defaultTargetType(def.deviceType); } catch { targetType = -1; }
  } else {
    const table = targetTypeTable(def.deviceType);
    targetType = table ? table.indexOf(typeStr) : 0;
  }
  if (targetType < 0) throw unsupportedConfig(`unknown target type '${typeStr ?? '(null)'}' specified for character device`);
  def.targetType = targetType;

  const modelName = child(target, 'model')?.attrs.name;
  if (modelName !== undefined && modelName !== '' && def.deviceType === 'serial') {
    const m = (CHR_SERIAL_TARGET_MODELS as readonly string[]).indexOf(modelName);
    if (m < 0) throw unsupportedConfig(`unknown target model '${modelName}' specified for character device`);
    def.targetModel = m;
  }

  if (def.deviceType === 'channel') {
    if (targetType === CHANNEL_TARGET.guestfwd) def.targetAddr = parseGuestfwdAddr(target);
    else if (targetType === CHANNEL_TARGET.xen || targetType === CHANNEL_TARGET.virtio) def.targetName = target.attrs.name;
    // whether the guest agent is connected: runtime state
    if (targetType === CHANNEL_TARGET.virtio && ctx.live) propEnum(target, 'state', CHR_DEVICE_STATES, NONZERO);
    return;
  }
  // the port read with virXMLPropInt: not in 11.3.0 (measured), in libvirt commit e919a4dd
  if (ctx.atLeast(TDX_COMMIT_SINCE)) {
    def.port = propInt(target, 'port', 10, NONNEGATIVE, -1);
    return;
  }
  const portStr = target.attrs.port;
  if (portStr === undefined) { def.port = -1; return; }
  const port = strToUInt(portStr, 10);
  if (port === undefined) throw xmlError(`Invalid port number: ${portStr}`);
  def.port = port | 0; // stored in an int
}

/** virDomainChrDefParseXML for a `<serial>`, `<parallel>`, `<console>` or `<channel>` element. */
export function parseChrDevice(el: XmlElement, ctx: ParseContext): ChrDef {
  const deviceType = el.name as ChrDeviceType;
  if (!(CHR_DEVICE_TYPES as readonly string[]).includes(deviceType)) throw unsupportedConfig(`unknown character device type: ${el.name}`);
  const typeStr = el.attrs.type;
  let type = CHR.pty;
  if (typeStr !== undefined) {
    type = chrTypeFromString(typeStr);
    if (type < 0) throw unsupportedConfig(`unknown type presented to host for character device: ${typeStr}`);
  }
  const def: ChrDef = {
    deviceType, targetType: 0, targetModel: 0, port: -1, targetName: undefined, targetAddr: undefined,
    source: newChrSource(type), info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 },
  };
  const target = child(el, 'target');
  if (target) parseTarget(def, target, ctx);
  else def.targetType = defaultTargetType(deviceType);

  parseChrSource(def.source, el, true, ctx);

  if (type === CHR.spicevmc) {
    // libvirt compares with the channel 'virtio' number whatever the device type
    if (def.targetType !== CHANNEL_TARGET.virtio) throw unsupportedConfig('spicevmc device type only supports virtio');
    def.source.spicevmc = 0;
  }
  def.info = parseDeviceInfo(el, ctx);
  if (deviceType === 'serial' && def.targetType === SERIAL_TARGET.usb &&
    def.info.address.type !== 'none' && def.info.address.type !== 'usb') {
    throw unsupportedConfig('usb-serial requires address of usb type');
  }
  return def;
}

export interface ChrLists {
  serials: ChrDef[];
  parallels: ChrDef[];
  consoles: ChrDef[];
  channels: ChrDef[];
}

/** The four chardev lists in libvirt's parse order, with its parse-time port numbering. */
export function parseChrDevices(devices: XmlElement | undefined, ctx: ParseContext): ChrLists {
  const numbered = (name: string): ChrDef[] => {
    const out: ChrDef[] = [];
    for (const chr of parseEach(childrenNamed(devices, name), ctx, parseChrDevice)) {
      if (chr.port === -1) {
        let maxport = -1;
        for (const p of out) if (p.port > maxport) maxport = p.port;
        chr.port = maxport + 1;
      }
      out.push(chr);
    }
    return out;
  };
  const parallels = numbered('parallel');
  // serials were numbered as parallels are until the ISA serial post-parse took over
  const serials = ctx.atLeast(ISA_SERIAL_POSTPARSE_SINCE)
    ? parseEach(childrenNamed(devices, 'serial'), ctx, parseChrDevice)
    : numbered('serial');
  const consoles = parseEach(childrenNamed(devices, 'console'), ctx, parseChrDevice);
  consoles.forEach((chr, i) => { chr.port = i; });
  const channels = parseEach(childrenNamed(devices, 'channel'), ctx, parseChrDevice);
  return { serials, parallels, consoles, channels };
}

const MAX_ISA_SERIAL_PORTS = 4;
/**
 * virDomainChrIsaSerialDefPostParse (at most four ISA serials, no port twice, free ports
 * assigned): libvirt commit 11ddab1daf (2022-01-14, after the 8.0.0 release), first in 8.1.0.
 */
export const ISA_SERIAL_POSTPARSE_SINCE = '8.1.0';

/** virDomainChrIsaSerialDefPostParse: checks and assigns isa-serial ports (before the device iteration). */
export function postParseIsaSerials(serials: ChrDef[]): void {
  const used = new Set<number>();
  let count = 0;
  for (const s of serials) {
    if (s.targetType !== SERIAL_TARGET.isa) continue;
    if (count++ >= MAX_ISA_SERIAL_PORTS || s.port >= MAX_ISA_SERIAL_PORTS) {
      throw rejectedAtDevice(s, internalError(`Maximum supported number of ISA serial ports is '${MAX_ISA_SERIAL_PORTS}'`));
    }
    if (s.port !== -1) {
      if (used.has(s.port)) throw rejectedAtDevice(s, internalError(`target port '${s.port}' already allocated`));
      used.add(s.port);
    }
  }
  for (const s of serials) {
    if (s.targetType !== SERIAL_TARGET.isa || s.port !== -1) continue;
    for (let j = 0; j < MAX_ISA_SERIAL_PORTS; j++) {
      if (!used.has(j)) { s.port = j; used.add(j); break; }
    }
  }
}

function isX86(arch: string | undefined): boolean {
  return arch === undefined || arch === 'i686' || arch === 'x86_64';
}

/** virDomainChrDefPostParse for one device of `list` (the domain's list of that device type). */
export function postParseChr(chr: ChrDef, list: readonly ChrDef[], arch: string | undefined): void {
  if (chr.deviceType === 'console' && chr.targetType === CONSOLE_TARGET.none) chr.targetType = CONSOLE_TARGET.serial;
  if (chr.deviceType === 'serial' && chr.targetType === SERIAL_TARGET.isaDebug && !isX86(arch)) {
    throw unsupportedConfig('isa-debug serial type only valid on x86 architecture');
  }
  if (chr.port === -1 && chr.deviceType !== 'channel') {
    let maxport = -1;
    for (const c of list) if (c.port > maxport) maxport = c.port;
    chr.port = maxport + 1;
  }
}

function stubConsole(): ChrDef {
  return {
    deviceType: 'console', targetType: CONSOLE_TARGET.serial, targetModel: 0, port: -1, targetName: undefined,
    targetAddr: undefined, source: newChrSource(CHR.null), info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 },
  };
}

/** virDomainDefAddConsoleCompat: the first console of an HVM guest aliases the first serial port. */
export function addConsoleCompat(dom: Domain, ctx: ParseContext): void {
  const { serials, consoles } = dom.devices;
  for (let i = 1; i < consoles.length; i++) {
    if (consoles[i].targetType === CONSOLE_TARGET.serial) throw rejectedAtDevice(consoles[i], unsupportedConfig('Only the first console can be a serial port'));
  }
  const hvm = (dom.os?.type ?? 'hvm') === 'hvm';
  let renumber = false;
  if (consoles.length > 0 && hvm &&
    (consoles[0].targetType === CONSOLE_TARGET.serial || consoles[0].targetType === CONSOLE_TARGET.none)) {
    let replace = false;
    if (serials.length === 0) {
      const moved = consoles[0];
      moved.deviceType = 'serial';
      moved.targetType = SERIAL_TARGET.none;
      moved.port = 0;
      serials.push(moved);
      replace = true;
    } else if (!chrSourceEqual(serials[0].source, consoles[0].source)) {
      replace = true;
    }
    if (replace) {
      consoles[0] = stubConsole();
      renumber = true;
    }
  } else if (hvm && serials.length > 0 && serials[0].deviceType === 'serial') {
    switch (serials[0].targetType) {
      case SERIAL_TARGET.isa:
      case SERIAL_TARGET.spaprVio:
      case SERIAL_TARGET.system:
      case SERIAL_TARGET.sclp:
      case SERIAL_TARGET.none:
        consoles.unshift(stubConsole());
        renumber = true;
        break;
      default:
        break;
    }
  }
  // consoles renumbered as a fresh parse would (the port is not part of the ABI): absent from Debian's
  // 9.10.0 source, present in its 10.4.0; UNPINNED within 10.0.0..10.4.0, 10.0.0 kept
  if (renumber && ctx.atLeast('10.0.0')) consoles.forEach((c, i) => { c.port = i; });
}
