/**
 * `<memory>` devices: virDomainMemoryDefParseXML. The generic parser has no memory-hotplug
 * support, so post-parse rejects every memory device; parse errors still come first.
 */
import { MEMORY_ACCESS, MEMORY_MODELS, type MemoryDeviceDef } from '../model/platform-devices.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { internalError, parseEach, unsupportedConfig, xmlError } from './errors.js';
import { parseBitmap } from './general-bitmap.js';
import { xstr } from './general-util.js';
import {
  NONZERO, parseMemoryKiB, parseUuid, propEnum, propTristateBool, propULongLong, REQUIRED_NONZERO, strToInt,
} from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

const MODEL = { dimm: 1, nvdimm: 2, virtioPmem: 3, virtioMem: 4, sgxEpc: 5 } as const;

function memKiB(parent: XmlElement, name: string, where: string, required: boolean): bigint {
  const el = child(parent, name);
  return parseMemoryKiB(el ? xstr(el) : undefined, el?.attrs.unit || undefined, where, required) ?? 0n;
}

function parseNodemask(source: XmlElement): void {
  const mask = xstr(child(source, 'nodemask'));
  if (mask === undefined) return;
  const bitmap = parseBitmap(mask);
  if (bitmap.bits.length === 0) throw unsupportedConfig(`Invalid value of 'nodemask': ${mask}`);
}

function parseSource(def: MemoryDeviceDef, source: XmlElement): void {
  switch (def.model) {
    case MODEL.dimm:
    case MODEL.virtioMem:
      memKiB(source, 'pagesize', './pagesize', false);
      parseNodemask(source);
      break;
    case MODEL.nvdimm:
      def.path = xstr(child(source, 'path'));
      def.alignSize = memKiB(source, 'alignsize', './alignsize', false);
      def.pmem = child(source, 'pmem') !== undefined;
      break;
    case MODEL.virtioPmem:
      def.path = xstr(child(source, 'path'));
      break;
    case MODEL.sgxEpc:
      parseNodemask(source);
      break;
    default:
      break;
  }
}

function parseTarget(def: MemoryDeviceDef, target: XmlElement, ctx: ParseContext): void {
  const nodeStr = xstr(child(target, 'node'));
  if (nodeStr !== undefined) {
    const n = strToInt(nodeStr, 10);
    if (n === undefined || n < 0) throw xmlError('invalid value of memory device node');
    def.targetNode = n;
  }
  def.size = memKiB(target, 'size', './size', true);
  let addrNode: XmlElement | undefined;
  switch (def.model) {
    case MODEL.nvdimm: {
      const label = child(target, 'label');
      def.labelSize = label ? memKiB(label, 'size', './label/size', false) : 0n;
      if (def.labelSize && def.labelSize < 128n) throw xmlError('nvdimm label must be at least 128KiB');
      if (def.labelSize >= def.size) throw xmlError('label size must be smaller than NVDIMM size');
      def.readonly = child(target, 'readonly') !== undefined;
      break;
    }
    case MODEL.virtioMem:
      def.blockSize = memKiB(target, 'block', './block', false);
      def.requestedSize = memKiB(target, 'requested', './requested', false);
      if (ctx.atLeast('10.1.0')) def.dynamicMemslots = propTristateBool(target, 'dynamicMemslots');
      if (ctx.atLeast('9.4.0')) addrNode = child(target, 'address');
      break;
    case MODEL.virtioPmem:
      if (ctx.atLeast('9.4.0')) addrNode = child(target, 'address');
      break;
    default:
      break;
  }
  if (addrNode) def.address = propULongLong(addrNode, 'base', 16);
}

/** formatdomain.rst: virtio-pmem since 7.1.0, virtio-mem 7.9.0, sgx-epc 8.10.0 (not measured). */
export const MEMORY_MODEL_SINCE: Partial<Record<(typeof MEMORY_MODELS)[number], string>> = { 'virtio-pmem': '7.1.0', 'virtio-mem': '7.9.0', 'sgx-epc': '8.10.0' };

function parseMemoryModel(el: XmlElement, ctx: ParseContext): number {
  // a model newer than the release is unknown to its enum (MEMORY_MODELS is libvirt's order, newest last)
  const known: readonly string[] = MEMORY_MODELS.filter((m) => { const since = MEMORY_MODEL_SINCE[m]; return !since || ctx.atLeast(since); });
  // 7.0.0 words it 'invalid memory model'; the generic enum helper took over in libvirt commit
  // 3b7bc307d5 (2021-05-06), first released in 7.4.0
  if (!ctx.atLeast('7.4.0')) {
    const raw = el.attrs.model;
    if (raw === undefined) throw xmlError('missing memory model');
    const i = known.indexOf(raw);
    if (i <= 0) throw xmlError(`invalid memory model '${raw}'`);
    return i;
  }
  return propEnum(el, 'model', known, REQUIRED_NONZERO);
}

export function parseMemoryDevice(el: XmlElement, ctx: ParseContext): MemoryDeviceDef {
  const def: MemoryDeviceDef = {
    model: parseMemoryModel(el, ctx),
    access: 0, discard: 0, targetNode: -1, size: 0n, blockSize: 0n, requestedSize: 0n, labelSize: 0n, alignSize: 0n,
    pmem: false, readonly: false, uuid: undefined, address: 0n, dynamicMemslots: 0, path: undefined,
    info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined,
  };
  def.access = propEnum(el, 'access', MEMORY_ACCESS, NONZERO);
  def.discard = propTristateBool(el, 'discard');
  if (def.model === MODEL.nvdimm) {
    const uuid = xstr(child(el, 'uuid'));
    if (uuid !== undefined) {
      def.uuid = parseUuid(uuid);
      if (def.uuid === undefined) throw internalError('malformed uuid element');
    }
  }
  const source = child(el, 'source');
  if (source) parseSource(def, source);
  const target = child(el, 'target');
  if (!target) throw xmlError('missing <target> element for <memory> device');
  parseTarget(def, target, ctx);
  def.info = parseDeviceInfo(el, ctx);
  if (ctx.atLeast('11.9.0')) def.virtio = parseVirtioOptions(child(el, 'driver'), ctx);
  return def;
}

export function parseMemoryDevices(devices: XmlElement | undefined, ctx: ParseContext): MemoryDeviceDef[] {
  return parseEach(childrenNamed(devices, 'memory'), ctx, parseMemoryDevice);
}

/** virDomainDeviceDefCheckUnsupportedMemoryDevice: the generic parser lacks memory hotplug. */
export function rejectMemoryDevices(mems: readonly MemoryDeviceDef[]): void {
  if (mems.length) throw unsupportedConfig('memory devices are not supported by this driver');
}
