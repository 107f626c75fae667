/**
 * virDomainGraphicsDefParseXML and virDomainGraphicsDefValidate. Graphics are not ABI-relevant;
 * they are parsed for libvirt's rejections and because they imply a default video device.
 */
import type { GraphicsDef } from '../model/peripherals.js';
import { TDX_COMMIT_SINCE, type ParseContext } from './context.js';
import { internalError, unsupportedConfig, xmlError } from './errors.js';
import {
  propEnum, propInt, propTristateBool, propTristateSwitch, propUInt, REQUIRED, REQUIRED_NONZERO, strToInt,
} from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

const GRAPHICS_TYPES = ['sdl', 'vnc', 'rdp', 'desktop', 'spice', 'egl-headless', 'dbus'];
const LISTEN_TYPES = ['none', 'address', 'network', 'socket'];
const AUTH_CONNECTED = ['default', 'fail', 'disconnect', 'keep'];
const VNC_SHARE = ['default', 'allow-exclusive', 'force-shared', 'ignore'];
const SPICE_CHANNELS = ['main', 'display', 'inputs', 'cursor', 'playback', 'record', 'smartcard', 'usbredir'];
const SPICE_CHANNEL_MODES = ['any', 'secure', 'insecure'];
const SPICE_IMAGE = ['default', 'auto_glz', 'auto_lz', 'quic', 'glz', 'lz', 'off'];
const SPICE_JPEG = ['default', 'auto', 'never', 'always'];
const SPICE_ZLIB = ['default', 'auto', 'never', 'always'];
const SPICE_STREAMING = ['default', 'filter', 'all', 'off'];
const MOUSE_MODES = ['default', 'server', 'client'];
/** vnc and rdp ports and yes/no flags parsed with virXMLProp*, desktop fullscreen unread: not in 11.3.0 (measured), in libvirt commit e919a4dd */
const PORT_PROP_SINCE = TDX_COMMIT_SINCE;

function parsePort(el: XmlElement, gtype: string, ctx: ParseContext): void {
  const port = el.attrs.port;
  if (port === undefined) return;
  if (ctx.atLeast(PORT_PROP_SINCE)) propInt(el, 'port', 10);
  else if (strToInt(port, 10) === undefined) throw internalError(`cannot parse ${gtype} port ${port}`);
}

export interface GraphicsExtra {
  /** listen types with their network attribute (validation) */
  listens: { type: string; network: string | undefined }[];
  dbusP2p: boolean;
  dbusAddress: string | undefined;
}

function parseListen(el: XmlElement, gtype: string, parent: XmlElement | undefined): { type: string; network: string | undefined } {
  const type = LISTEN_TYPES[propEnum(el, 'type', LISTEN_TYPES, REQUIRED)];
  const { address, network, socket } = el.attrs;
  const addressCompat = parent?.attrs.listen;
  const socketCompat = parent?.attrs.socket;
  if (type === 'socket' && gtype !== 'vnc' && gtype !== 'spice') {
    throw unsupportedConfig(`listen type 'socket' is not available for graphics type '${gtype}'`);
  }
  if (type === 'none' && gtype !== 'spice' && gtype !== 'vnc') {
    throw unsupportedConfig(`listen type 'none' is not available for graphics type '${gtype}'`);
  }
  if (type === 'address' && address !== undefined && addressCompat !== undefined && address !== addressCompat) {
    throw unsupportedConfig(`graphics 'listen' attribute '${addressCompat}' must match 'address' attribute of first listen element (found '${address}')`);
  }
  if (type === 'socket' && socket !== undefined && socketCompat !== undefined && socket !== socketCompat) {
    throw unsupportedConfig(`graphics 'socket' attribute '${socketCompat}' must match 'socket' attribute of first listen element (found '${socket}')`);
  }
  let net: string | undefined;
  if (network) {
    if (type !== 'network') throw xmlError("'network' attribute is valid only for listen type 'network'");
    net = network;
  }
  if (socket && type !== 'socket') throw xmlError("'socket' attribute is valid only for listen type 'socket'");
  return { type, network: net };
}

function parseListens(el: XmlElement, gtype: string): GraphicsExtra['listens'] {
  const listens = childrenNamed(el, 'listen').map((l, i) => parseListen(l, gtype, i === 0 ? el : undefined));
  // vnc's legacy socket= attribute replaces a first address or network listen
  if (gtype === 'vnc' && el.attrs.socket !== undefined && listens.length && (listens[0].type === 'address' || listens[0].type === 'network')) {
    listens[0] = { type: 'socket', network: undefined };
  }
  return listens;
}

const VALID_TO = /^[ \t\n\v\f\r]*[+-]?\d+-[ \t\n\v\f\r]*[+-]?\d+-[ \t\n\v\f\r]*[+-]?\d+T[ \t\n\v\f\r]*[+-]?\d+:[ \t\n\v\f\r]*[+-]?\d+:[ \t\n\v\f\r]*[+-]?\d+$/;

function parseAuth(el: XmlElement, gtype: string): void {
  if (el.attrs.passwd === undefined) return;
  const validTo = el.attrs.passwdValidTo;
  if (validTo !== undefined) {
    const nums = validTo.split(/[-T:]/);
    if (!VALID_TO.test(validTo) || nums.some((n) => strToInt(n.trim(), 10) === undefined)) {
      throw internalError(`cannot parse password validity time '${validTo}', expect YYYY-MM-DDTHH:MM:SS`);
    }
  }
  const connected = el.attrs.connected;
  if (connected !== undefined) {
    const action = AUTH_CONNECTED.indexOf(connected);
    if (action <= 0) throw unsupportedConfig(`unknown connected value ${connected}`);
    if (gtype === 'vnc' && connected !== 'keep') throw unsupportedConfig("VNC supports connected='keep' only");
  }
}

function parseAudioRef(el: XmlElement): number {
  const a = child(el, 'audio');
  return a ? propUInt(a, 'id', 10, REQUIRED_NONZERO) : 0;
}

export function parseGraphics(el: XmlElement, ctx: ParseContext): { dev: GraphicsDef; extra: GraphicsExtra } {
  const type = GRAPHICS_TYPES[propEnum(el, 'type', GRAPHICS_TYPES, REQUIRED)];
  let listens: GraphicsExtra['listens'] = [];
  let audioId = 0;
  let dbusP2p = false;
  let dbusAddress: string | undefined;
  switch (type) {
    case 'vnc': {
      listens = parseListens(el, type);
      parsePort(el, type, ctx);
      if (ctx.atLeast(PORT_PROP_SINCE)) propTristateBool(el, 'autoport');
      propInt(el, 'websocket', 10);
      if (ctx.atLeast(PORT_PROP_SINCE)) propTristateBool(el, 'websocketGenerated');
      propEnum(el, 'sharePolicy', VNC_SHARE);
      propTristateBool(el, 'powerControl');
      audioId = parseAudioRef(el);
      parseAuth(el, type);
      break;
    }
    case 'sdl': {
      propTristateBool(el, 'fullscreen');
      const gl = child(el, 'gl');
      if (gl) propTristateBool(gl, 'enable', REQUIRED);
      break;
    }
    case 'rdp': {
      listens = parseListens(el, type);
      parsePort(el, type, ctx);
      if (ctx.atLeast(PORT_PROP_SINCE)) for (const a of ['autoport', 'replaceUser', 'multiUser']) propTristateBool(el, a);
      break;
    }
    case 'desktop':
      // 12.x no longer validates the desktop fullscreen flag
      if (!ctx.atLeast(PORT_PROP_SINCE)) propTristateBool(el, 'fullscreen');
      break;
    case 'spice': {
      listens = parseListens(el, type);
      propInt(el, 'port', 10);
      propInt(el, 'tlsPort', 10);
      propTristateBool(el, 'autoport');
      propEnum(el, 'defaultMode', SPICE_CHANNEL_MODES);
      parseAuth(el, type);
      for (const c of childrenNamed(el, 'channel')) {
        propEnum(c, 'name', SPICE_CHANNELS, REQUIRED);
        propEnum(c, 'mode', SPICE_CHANNEL_MODES, REQUIRED);
      }
      const req = REQUIRED_NONZERO;
      const image = child(el, 'image');
      if (image) propEnum(image, 'compression', SPICE_IMAGE, req);
      const jpeg = child(el, 'jpeg');
      if (jpeg) propEnum(jpeg, 'compression', SPICE_JPEG, req);
      const zlib = child(el, 'zlib');
      if (zlib) propEnum(zlib, 'compression', SPICE_ZLIB, req);
      const playback = child(el, 'playback');
      if (playback) propTristateSwitch(playback, 'compression', REQUIRED);
      const streaming = child(el, 'streaming');
      if (streaming) propEnum(streaming, 'mode', SPICE_STREAMING, req);
      const clipboard = child(el, 'clipboard');
      if (clipboard) propTristateBool(clipboard, 'copypaste', REQUIRED);
      const ft = child(el, 'filetransfer');
      if (ft) propTristateBool(ft, 'enable', REQUIRED);
      const gl = child(el, 'gl');
      if (gl) propTristateBool(gl, 'enable', REQUIRED);
      const mouse = child(el, 'mouse');
      if (mouse) propEnum(mouse, 'mode', MOUSE_MODES, req);
      break;
    }
    case 'dbus': {
      dbusP2p = propTristateBool(el, 'p2p') === 1;
      dbusAddress = el.attrs.address;
      const gl = child(el, 'gl');
      if (gl) propTristateBool(gl, 'enable', REQUIRED);
      audioId = parseAudioRef(el);
      break;
    }
    default:
      break;
  }
  return {
    dev: { type, audioId, info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined },
    extra: { listens, dbusP2p, dbusAddress },
  };
}

/** virDomainGraphicsDefValidate (the audio id is checked by the caller). */
export function validateGraphics(dev: GraphicsDef, extra: GraphicsExtra, ctx: ParseContext): void {
  // the listen checks: libvirt commit 871a071abb (2022-05-04), first released in 8.4.0
  if ((dev.type === 'vnc' || dev.type === 'spice' || dev.type === 'rdp') && ctx.atLeast('8.4.0')) {
    for (const l of extra.listens) {
      if (l.type === 'network' && !l.network) throw xmlError("'network' attribute is required for listen type 'network'");
    }
  }
  if (dev.type === 'dbus' && extra.dbusP2p && extra.dbusAddress !== undefined) {
    throw xmlError('D-Bus p2p with an address is not supported');
  }
}
