/**
 * `<redirdev>` and `<redirfilter>` (virDomainRedirdevDefParseXML, virDomainRedirFilterDefParseXML),
 * plus the character-device source parser and validator they and passthrough smartcards share
 * (virDomainChrSourceDefParseXML, virDomainChrSourceDefValidate).
 */
import type { RedirdevDef, RedirFilterDef, RedirFilterUsbDevDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { internalError, unsupportedConfig, xmlError, DomainParseError } from './errors.js';
import {
  propEnum, propInt, propTristateBool, propTristateSwitch, propUInt, REQUIRED, REQUIRED_NONZERO, strToUInt,
  type Tristate,
} from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

export const CHR_TYPES = ['null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix', 'spicevmc',
  'spiceport', 'nmdm', 'qemu-vdagent', 'dbus'] as const;
const CHR_MODES = ['connect', 'bind'];
const TCP_PROTOCOLS = ['raw', 'telnet', 'telnets', 'tls'];
const MOUSE_MODES = ['default', 'server', 'client'];
const REDIRDEV_BUSES = ['usb'];

/** The parts of virDomainChrSourceDef its validation reads. */
export interface ChrSource {
  type: string;
  path?: string;
  host?: string;
  service?: string;
  listen: boolean;
  reconnect: Tristate;
  connectService?: string;
  master?: string;
  slave?: string;
  channel?: string;
}

/** virDomainChrSourceReconnectDefParseXML: returns `enabled`. */
export function parseChrReconnect(source: XmlElement): Tristate {
  const r = child(source, 'reconnect');
  if (!r) return 0;
  const enabled = propTristateBool(r, 'enabled');
  if (enabled === 1) propUInt(r, 'timeout', 10, REQUIRED);
  return enabled;
}

function sourceMode(s: XmlElement): number {
  const raw = s.attrs.mode;
  if (raw === undefined) return 0;
  const v = CHR_MODES.indexOf(raw);
  if (v < 0) throw xmlError(`Invalid value for attribute 'mode' in element '${s.name}': '${raw}'.`);
  return v;
}

/** virDomainChrSourceDefParseXML (inactive parse, no chardev seclabels). */
export function parseChrSource(type: string, el: XmlElement): ChrSource {
  const src: ChrSource = { type, listen: false, reconnect: 0 };
  const sources = childrenNamed(el, 'source');
  if (sources.length > 1 && type !== 'udp') throw xmlError('only one source element is allowed for character device');
  if (sources.length > 2) throw xmlError('only two source elements are allowed for character device');
  const s = sources[0];
  if (s) {
    switch (type) {
      case 'file':
        src.path = s.attrs.path;
        propTristateSwitch(s, 'append');
        break;
      case 'dev': case 'pipe':
        src.path = s.attrs.path;
        break;
      case 'unix':
        src.listen = sourceMode(s) === 1;
        src.path = s.attrs.path;
        src.reconnect = parseChrReconnect(s);
        break;
      case 'udp':
        for (const u of sources) {
          const mode = sourceMode(u);
          if (mode === 0 && src.connectService === undefined && src.host === undefined) {
            src.host = u.attrs.host;
            src.connectService = u.attrs.service;
          }
        }
        break;
      case 'tcp':
        src.listen = sourceMode(s) === 1;
        src.host = s.attrs.host;
        src.service = s.attrs.service;
        propTristateBool(s, 'tls');
        src.reconnect = parseChrReconnect(s);
        break;
      case 'spiceport': case 'dbus':
        src.channel = s.attrs.channel;
        break;
      case 'nmdm':
        src.master = s.attrs.master;
        src.slave = s.attrs.slave;
        break;
      case 'qemu-vdagent': {
        const clip = child(s, 'clipboard');
        if (clip) propTristateBool(clip, 'copypaste', REQUIRED);
        const mouse = child(s, 'mouse');
        if (mouse) propEnum(mouse, 'mode', MOUSE_MODES, REQUIRED_NONZERO);
        break;
      }
      default:
        break;
    }
  }
  const logs = childrenNamed(el, 'log');
  if (logs.length === 1) propTristateSwitch(logs[0], 'append');
  else if (logs.length > 1) throw xmlError('only one log element is allowed for character device');
  const protocols = childrenNamed(el, 'protocol');
  if (protocols.length === 1) {
    const prot = protocols[0].attrs.type;
    if (type === 'tcp' && prot !== undefined && !TCP_PROTOCOLS.includes(prot)) throw unsupportedConfig(`Unknown protocol '${prot}'`);
  } else if (protocols.length > 1) {
    throw xmlError('only one protocol element is allowed for character device');
  }
  return src;
}

const CHANNEL_NAME = /^[a-zA-Z0-9_.-]*$/;

/** virDomainChrSourceDefValidate for sources that are not chardev channels. */
export function validateChrSource(src: ChrSource): void {
  switch (src.type) {
    case 'file': case 'dev': case 'pipe':
      if (src.path === undefined) throw internalError('Missing source path attribute for char device');
      break;
    case 'nmdm':
      if ((src.master !== undefined) !== (src.slave !== undefined)) {
        throw internalError('Should define both master and slave path attributes for nmdm device');
      }
      break;
    case 'tcp':
      if (src.host === undefined) throw internalError('Missing source host attribute for char device');
      if (src.service === undefined) throw internalError('Missing source service attribute for char device');
      if (src.listen && src.reconnect) throw internalError('chardev reconnect is possible only for connect mode');
      break;
    case 'udp':
      if (src.connectService === undefined) throw internalError('Missing source service attribute for char device');
      break;
    case 'unix':
      if (src.path === undefined) throw internalError('Missing source path attribute for char device');
      if (src.listen && src.reconnect) throw internalError('chardev reconnect is possible only for connect mode');
      break;
    case 'spiceport': case 'dbus':
      if (src.channel === undefined) throw unsupportedConfig('Missing source channel attribute for char device');
      if (!CHANNEL_NAME.test(src.channel)) throw new DomainParseError('invalid argument: Invalid character in source channel for char device');
      break;
    default:
      break;
  }
}

export interface RedirdevExtra { source: ChrSource }

export function parseRedirdev(el: XmlElement, ctx: ParseContext): { dev: RedirdevDef; extra: RedirdevExtra } {
  const busStr = el.attrs.bus;
  let bus = 'usb';
  if (busStr !== undefined) {
    if (!REDIRDEV_BUSES.includes(busStr)) throw unsupportedConfig(`unknown redirdev bus '${busStr}'`);
    bus = busStr;
  }
  const type = el.attrs.type;
  if (type === undefined) throw internalError('missing type in redirdev');
  if (!(CHR_TYPES as readonly string[]).includes(type)) throw unsupportedConfig(`unknown redirdev character device type '${type}'`);
  const source = parseChrSource(type, el);
  // dbus redirdevs get a default channel name
  if (type === 'dbus' && !source.channel) source.channel = 'org.qemu.usbredir';
  const info = parseDeviceInfo(el, ctx, { allowBoot: true });
  if (bus === 'usb' && info.address.type !== 'none' && info.address.type !== 'usb') throw xmlError('Invalid address for a USB device');
  return { dev: { bus, sourceType: type, info, virtio: undefined }, extra: { source } };
}

export function validateRedirdev(dev: RedirdevDef, extra: RedirdevExtra, hasUsb: boolean): void {
  if (dev.bus === 'usb' && !hasUsb) throw unsupportedConfig('cannot add redirected USB device: USB is disabled for this domain');
  validateChrSource(extra.source);
}

/** virDomainRedirFilterUSBVersionHelper: "JJ.MN" -> 0xJJMN */
function parseUsbVersion(version: string): number {
  const fail = () => xmlError(`Cannot parse USB device version ${version}`);
  const m = /^([ \t\n\v\f\r]*[+-]?\d+)\.(.*)$/s.exec(version);
  if (!m) throw fail();
  const major = strToUInt(m[1], 10);
  const minorStr = m[2];
  const minor0 = strToUInt(minorStr, 10);
  if (major === undefined || minor0 === undefined || major >= 100 || minor0 >= 100) throw fail();
  const minor = minorStr.length === 1 ? minor0 * 10 : minor0;
  return (Math.floor(major / 10) << 12) | ((major % 10) << 8) | (Math.floor(minor / 10) << 4) | (minor % 10);
}

function parseUsbDev(el: XmlElement): RedirFilterUsbDevDef {
  const usbClass = propInt(el, 'class', 0, {}, -1);
  if (usbClass !== -1 && (usbClass & ~0xff)) {
    throw internalError(`Invalid USB Class code 0x${(usbClass >>> 0).toString(16)}`);
  }
  const vendor = propInt(el, 'vendor', 0, {}, -1);
  const product = propInt(el, 'product', 0, {}, -1);
  const v = el.attrs.version;
  const version = v === undefined || v === '-1' ? -1 : parseUsbVersion(v);
  const allow = propTristateBool(el, 'allow', REQUIRED) === 1;
  return { usbClass, vendor, product, version, allow };
}

export function parseRedirFilter(els: XmlElement[]): RedirFilterDef | undefined {
  if (els.length > 1) throw internalError('only one set of redirection filter rule is supported');
  if (!els.length) return undefined;
  return { usbdevs: childrenNamed(els[0], 'usbdev').map(parseUsbDev), info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined };
}
