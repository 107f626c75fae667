/**
 * virDomainVideoDefParseXML, the video post-parse (default RAM, power-of-two rounding, primary
 * and 'none' handling, implicit video for graphics) and virDomainVideoDefValidate.
 */
import type { VirtioOptions } from '../model/device.js';
import type { VideoAccelDef, VideoDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { internalError, rejectedAtDevice, unsupportedConfig, xmlError } from './errors.js';
import { NONZERO, propEnum, propTristateBool, propTristateSwitch, propUInt, REQUIRED, strToUIntPositive } from './values.js';
import { child, type XmlElement } from './xml-tree.js';

export const VIDEO_TYPES = ['default', 'vga', 'cirrus', 'vmvga', 'xen', 'vbox', 'qxl', 'parallels', 'virtio', 'gop',
  'none', 'bochs', 'ramfb'];
const VIDEO_BACKENDS = ['default', 'qemu', 'vhostuser'];
/** `<model blob=>` */
export const BLOB_SINCE = '9.2.0';
/** `<model type=>` and the sizes parsed with virXMLProp*: virDomainVideoModelDefParseXML as in 11.3.0 is in Debian's 9.8.0 source, not in 9.0.0 (measured); 9.8.0 stands for 9.1.0..9.8.0 */
export const VIDEO_PROP_SINCE = '9.8.0';
/** `<model edid=>` (parse, validation and ABI rule) */
export const EDID_SINCE = '11.7.0';

/** virDomainCheckVirtioOptionsAreAbsent */
export function checkVirtioOptionsAbsent(v: VirtioOptions | undefined): void {
  if (!v) return;
  if (v.iommu) throw unsupportedConfig('iommu driver option is only supported for virtio devices');
  if (v.ats) throw unsupportedConfig('ats driver option is only supported for virtio devices');
  if (v.packed) throw unsupportedConfig('packed driver option is only supported for virtio devices');
  if (v.pagePerVq) throw unsupportedConfig('page_per_vq option is only supported for virtio devices');
}

function parseAccel(el: XmlElement): VideoAccelDef {
  const rendernode = el.attrs.rendernode;
  const accel3d = propTristateBool(el, 'accel3d');
  const accel2d = propTristateBool(el, 'accel2d');
  if (rendernode === undefined && !accel3d && !accel2d) throw unsupportedConfig('missing values for acceleration');
  return { accel2d, accel3d, rendernode };
}

/** virStrToLong_uip on `string(./model/@X)`; empty counts as absent. */
function modelNumber(model: XmlElement | undefined, name: string, fail: (v: string) => Error, dflt = 0): number {
  const raw = model?.attrs[name];
  if (raw === undefined || raw === '') return dflt;
  const v = strToUIntPositive(raw, 10);
  if (v === undefined) throw fail(raw);
  return v;
}

export function parseVideo(el: XmlElement, ctx: ParseContext): VideoDef {
  const model = child(el, 'model');
  const primary = model?.attrs.primary === 'yes';
  const accelEl = child(model, 'acceleration');
  const accel = accelEl ? parseAccel(accelEl) : undefined;
  let resolution: VideoDef['resolution'];
  const resEl = child(model, 'resolution');
  if (resEl) resolution = { x: propUInt(resEl, 'x', 10, REQUIRED), y: propUInt(resEl, 'y', 10, REQUIRED) };
  const driver = child(el, 'driver');
  let backend = 'default';
  let virtio: VirtioOptions | undefined;
  if (driver) {
    backend = VIDEO_BACKENDS[propEnum(driver, 'name', VIDEO_BACKENDS, NONZERO)];
    virtio = parseVirtioOptions(driver, ctx);
    // a driver name, and a vgaconf other than io (the default), are written back (virDomainVideoDriverFormat)
    if (backend !== 'default' || ['on', 'off'].includes(driver.attrs.vgaconf ?? '')) virtio!.withOtherSettings = true;
  }
  let typeIndex = 0;
  let ram: number; let vram: number; let vram64: number; let vgamem: number; let heads: number;
  if (ctx.atLeast(VIDEO_PROP_SINCE)) {
    if (model) typeIndex = propEnum(model, 'type', VIDEO_TYPES);
    const n = (name: string, dflt = 0) => (model ? propUInt(model, name, 10, {}, dflt) : dflt);
    ram = n('ram'); vram = n('vram'); vram64 = n('vram64'); vgamem = n('vgamem');
    // virDomainVideoDefNew starts with one head
    heads = n('heads', 1);
  } else {
    const typeStr = model?.attrs.type;
    if (typeStr !== undefined && typeStr !== '') {
      typeIndex = VIDEO_TYPES.indexOf(typeStr);
      if (typeIndex < 0) throw unsupportedConfig(`unknown video model '${typeStr}'`);
    }
    ram = modelNumber(model, 'ram', (v) => xmlError(`cannot parse video ram '${v}'`));
    vram = modelNumber(model, 'vram', (v) => xmlError(`cannot parse video vram '${v}'`));
    vram64 = modelNumber(model, 'vram64', (v) => xmlError(`cannot parse video vram64 '${v}'`));
    vgamem = modelNumber(model, 'vgamem', (v) => xmlError(`cannot parse video vgamem '${v}'`));
    heads = modelNumber(model, 'heads', (v) => internalError(`cannot parse video heads '${v}'`), 1);
  }
  const blob = model && ctx.atLeast(BLOB_SINCE) ? propTristateSwitch(model, 'blob') : 0;
  const edid = model && ctx.atLeast(EDID_SINCE) ? propTristateSwitch(model, 'edid') : 0;
  const info = parseDeviceInfo(el, ctx);
  // libvirt reports a bad `<driver vgaconf=>` but ignores the failure, so it never rejects it
  return {
    type: VIDEO_TYPES[typeIndex], typeIndex, ram, vram, vram64, vgamem, heads, accel, edid, blob, primary, backend,
    resolution, info, virtio,
  };
}

/** A fresh `<video>` (virDomainVideoDefNew: one head) or a cleared one (virDomainVideoDefClear: all zero). */
export function emptyVideo(typeIndex: number, heads: number): VideoDef {
  return {
    type: VIDEO_TYPES[typeIndex], typeIndex, ram: 0, vram: 0, vram64: 0, vgamem: 0, heads, accel: undefined,
    edid: 0, blob: 0, primary: false, backend: 'default', resolution: undefined,
    info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined,
  };
}

/** virDomainVideoDefaultRAM (KiB) */
function defaultRam(virtType: string, type: string): number {
  switch (type) {
    case 'vga': case 'cirrus': case 'vmvga':
      if (virtType === 'vbox') return 8 * 1024;
      if (virtType === 'vmware') return 4 * 1024;
      return 16 * 1024;
    case 'bochs': return 16 * 1024;
    case 'xen': return 4 * 1024;
    case 'qxl': return 64 * 1024;
    default: return 0;
  }
}

/** VIR_ROUND_UP_POWER_OF_TWO on an unsigned int: 0 for 0 and for values above 2^31. */
function roundUpPow2(v: number): number {
  if (v <= 0 || v > 0x80000000) return 0;
  let p = 1;
  while (p < v) p *= 2;
  return p;
}

/** virDomainVideoDefPostParse */
export function postParseVideo(video: VideoDef, virtType: string): void {
  if (video.ram === 0 && video.type === 'qxl') video.ram = defaultRam(virtType, video.type);
  if (video.vram === 0) video.vram = defaultRam(virtType, video.type);
  video.ram = roundUpPow2(video.ram);
  video.vram = roundUpPow2(video.vram);
}

/** virDomainVideoDefValidate */
export function validateVideo(video: VideoDef, all: VideoDef[], ctx: ParseContext): void {
  if (video.type === 'default') throw internalError('missing video model and cannot determine default');
  if (all.length > 1 && all.some((v) => v.type === 'none')) {
    throw unsupportedConfig("a 'none' video type must be the only video device defined for the domain");
  }
  if (video.backend === 'vhostuser') {
    if (video.type !== 'virtio') throw unsupportedConfig("'vhostuser' driver is only supported with 'virtio' device");
  } else if (video.accel?.rendernode !== undefined) {
    throw unsupportedConfig("unsupported rendernode accel attribute without 'vhostuser'");
  }
  if (video.resolution && (video.resolution.x === 0 || video.resolution.y === 0)) {
    throw unsupportedConfig('video resolution values must be greater than 0');
  }
  if (video.type !== 'qxl') {
    if (video.ram !== 0) throw unsupportedConfig('ram attribute only supported for video type qxl');
    if (video.vram64 !== 0) throw unsupportedConfig('vram64 attribute only supported for video type qxl');
    if (video.vgamem !== 0) throw unsupportedConfig('vgamem attribute only supported for video type qxl');
  }
  // libvirt commit f11f32326f (2021-03-10), first released in 7.2.0
  if (video.type === 'ramfb' && video.info.address.type !== 'none' && ctx.atLeast('7.2.0')) throw unsupportedConfig('address not supported for video type ramfb');
  if (video.type !== 'virtio') checkVirtioOptionsAbsent(video.virtio);
  if (ctx.atLeast(BLOB_SINCE) && video.blob !== 0 && video.type !== 'virtio') {
    throw unsupportedConfig(`video type '${video.type}' does not support blob resources`);
  }
  if (ctx.atLeast(EDID_SINCE) && video.edid !== 0 && video.type !== 'vga' && video.type !== 'bochs' && video.type !== 'virtio') {
    throw unsupportedConfig(`video type '${video.type}' does not support edid`);
  }
}

/** virDomainDefVideoValidate: one primary at most. */
export function validateVideos(videos: VideoDef[]): void {
  const second = videos.length && videos[0].primary ? videos.slice(1).find((v) => v.primary) : undefined;
  if (second) throw rejectedAtDevice(second, unsupportedConfig('Only one primary video device is supported'));
}
