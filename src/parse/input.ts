/** virDomainInputDefParseXML and virDomainInputDefValidate. */
import type { InputDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { internalError, unsupportedConfig, xmlError } from './errors.js';
import { NONZERO, propEnum, propTristateSwitch } from './values.js';
import { child, type XmlElement } from './xml-tree.js';

export const INPUT_TYPES = ['mouse', 'tablet', 'keyboard', 'passthrough', 'evdev'];
const INPUT_BUSES = ['ps2', 'usb', 'xen', 'parallels', 'virtio', 'none'];
/** 9.0.0's bus enum; later libvirt put a `default` first (the input model message prints through it). */
export const INPUT_BUS_TABLE_9 = INPUT_BUSES;
export const INPUT_BUS_TABLE_NEW = ['default', ...INPUT_BUSES];
// in Debian's 9.8.0 source, not in 9.0.0 (measured): UNPINNED within 9.1.0..9.8.0, 9.3.0 kept
export const INPUT_BUS_DEFAULT_SINCE = '9.3.0';
/** `<input type='evdev'>` (formatdomain: since 7.4.0), which reworked how `<source>` is read. */
const INPUT_EVDEV_SINCE = '7.4.0';
const INPUT_MODELS = ['default', 'virtio', 'virtio-transitional', 'virtio-non-transitional'];
const GRABS = ['default', 'all'];
const GRAB_TOGGLES = ['default', 'ctrl-ctrl', 'alt-alt', 'shift-shift', 'meta-meta', 'scrolllock', 'ctrl-scrolllock'];

/** The domain facts the input parser's bus default and validation depend on. */
export interface InputDomainFacts {
  osType: string;
  arch: string;
  virtType: string;
  usbNone: boolean;
}

export interface InputExtra {
  /** source evdev path (passthrough: `evdev=`, evdev: `dev=`) */
  evdev: string | undefined;
}

/** The bus the parser picks when `bus=` is absent (virDomainInputDefParseXML). */
function defaultBus(type: string, dom: InputDomainFacts): string | undefined {
  if (dom.osType === 'hvm') {
    const x86 = dom.arch === 'i686' || dom.arch === 'x86_64' || dom.arch === 'none' || dom.arch === '';
    if ((type === 'mouse' || type === 'keyboard') && x86) return 'ps2';
    if (dom.arch === 's390' || dom.arch === 's390x' || type === 'passthrough') return 'virtio';
    if (type === 'evdev') return 'none';
    return 'usb';
  }
  if (dom.osType === 'xen' || dom.osType === 'xenpvh') return 'xen';
  if (dom.virtType === 'vz' || dom.virtType === 'parallels') return 'parallels';
  // bus stays 0: ps2 in 9.0.0's table
  return undefined;
}

export function parseInput(el: XmlElement, ctx: ParseContext, dom: InputDomainFacts): { dev: InputDef; extra: InputExtra } {
  const type = el.attrs.type;
  const busStr = el.attrs.bus;
  const modelStr = el.attrs.model;
  if (type === undefined) throw internalError('missing input device type');
  const evdevType = ctx.atLeast(INPUT_EVDEV_SINCE);
  if (!INPUT_TYPES.includes(type) || (type === 'evdev' && !evdevType)) throw unsupportedConfig(`unknown input device type '${type}'`);
  let model = 0;
  if (modelStr !== undefined) {
    model = INPUT_MODELS.indexOf(modelStr);
    if (model <= 0) throw unsupportedConfig(`unknown input model '${modelStr}'`);
  }
  const lateDefault = ctx.atLeast(INPUT_BUS_DEFAULT_SINCE);
  let bus: string;
  if (busStr !== undefined) {
    if (!INPUT_BUSES.includes(busStr)) throw unsupportedConfig(`unknown input bus type '${busStr}'`);
    bus = busStr;
  } else {
    bus = defaultBus(type, dom) ?? (lateDefault ? 'default' : 'ps2');
  }
  // newer libvirt fills the default bus in after the parser's USB checks
  const parsedBus = lateDefault && busStr === undefined ? 'default' : bus;
  const info = parseDeviceInfo(el, ctx);
  if (parsedBus === 'usb' && info.address.type !== 'none' && info.address.type !== 'usb') throw xmlError('Invalid address for a USB device');

  let evdev: string | undefined;
  const source = child(el, 'source');
  if (!evdevType) {
    // every type read source/@evdev, and only passthrough needed it
    evdev = source?.attrs.evdev || undefined;
    if (type === 'passthrough' && !evdev) throw xmlError('Missing evdev path for input device passthrough');
  } else if (source) {
    if (type === 'passthrough') evdev = source.attrs.evdev;
    else if (type === 'evdev') evdev = source.attrs.dev;
    if ((type === 'passthrough' || type === 'evdev') && evdev === undefined) throw xmlError('Missing evdev path for input device');
    if (type === 'evdev') {
      propEnum(source, 'grab', GRABS, NONZERO);
      propEnum(source, 'grabToggle', GRAB_TOGGLES, NONZERO);
      propTristateSwitch(source, 'repeat');
    }
  }
  const virtio = parseVirtioOptions(child(el, 'driver'), ctx);
  if (parsedBus === 'usb' && dom.usbNone) throw unsupportedConfig("Can't add USB input device. USB bus is disabled");
  return { dev: { type, bus, model, info, virtio }, extra: { evdev } };
}

/** virDomainInputDefValidate (plus the 10.7.0+ ps2 feature check). */
export function validateInput(input: InputDef, extra: InputExtra, dom: InputDomainFacts, ps2Off: boolean): void {
  switch (dom.osType) {
    case 'hvm':
      if (input.bus === 'ps2' && input.type !== 'mouse' && input.type !== 'keyboard') {
        throw internalError(`ps2 bus does not support ${input.type} input device`);
      }
      if (input.bus === 'xen') throw internalError(`unsupported input bus ${input.bus}`);
      break;
    case 'xen': case 'xenpvh':
      if (input.bus !== 'xen') throw internalError(`unsupported input bus ${input.bus}`);
      if (input.type !== 'mouse' && input.type !== 'keyboard') throw internalError(`xen bus does not support ${input.type} input device`);
      break;
    default:
      if (dom.virtType === 'vz' || dom.virtType === 'parallels') {
        if (input.bus !== 'parallels') throw internalError(`parallels containers don't support input bus ${input.bus}`);
        if (input.type !== 'mouse' && input.type !== 'keyboard') throw internalError(`parallels bus does not support ${input.type} input device`);
      } else {
        throw internalError('Input devices are not supported by this virtualization driver.');
      }
  }
  switch (input.type) {
    case 'mouse': case 'tablet': case 'keyboard':
      if (extra.evdev !== undefined) throw unsupportedConfig('setting source evdev path only supported for passthrough input devices');
      break;
    case 'passthrough':
      if (input.bus !== 'virtio') throw unsupportedConfig("only bus 'virtio' is supported for 'passthrough' input devices");
      break;
    case 'evdev':
      if (input.bus !== 'none') throw unsupportedConfig("input evdev doesn't support bus element");
      break;
    default:
      break;
  }
  if (input.model !== 0 && input.bus !== 'virtio') {
    throw unsupportedConfig(`only bus 'virtio' is supported for input model '${INPUT_MODELS[input.model]}'`);
  }
  if (ps2Off && input.bus === 'ps2') throw unsupportedConfig('ps2 bus inputs require the ps2 feature not to be disabled');
}
