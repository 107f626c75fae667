// Owned by the platform helper.
/**
 * Character devices, watchdogs, memballoon, RNGs, panics, shmems, TPMs, memory devices,
 * IOMMUs, vsock and pstore (plus parse-only crypto, nvram and lease elements), as libvirt's
 * generic parser reads, post-processes and validates them.
 */
import type { Domain, DevicesDef } from '../model/domain.js';
import type { DeviceInfo, VirtioOptions } from '../model/device.js';
import {
  CRYPTO_BACKENDS, CRYPTO_MODELS, CRYPTO_TYPES, MEMBALLOON_MODELS, PANIC_MODELS, PSTORE_BACKENDS, RNG_BACKENDS,
  RNG_MODELS, SHMEM_MODELS, SHMEM_ROLES, VSOCK_MODELS, WATCHDOG_ACTIONS, WATCHDOG_MODELS,
  type ChrDef, type MemballoonDef, type PanicDef, type PstoreDef, type RngDef, type ShmemDef, type VsockDef, type WatchdogDef,
} from '../model/platform-devices.js';
import {
  addConsoleCompat, chrTypeFromString, newChrSource, parseChrDevices, parseChrSource, postParseChr, postParseIsaSerials, ISA_SERIAL_POSTPARSE_SINCE,
  validateChrSource,
} from './chardev.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { atElement, bareError, checkEach, internalError, parseEach, rejectedAtDevice, unsupportedConfig, xmlError } from './errors.js';
import { xattr, xstr } from './general-util.js';
import { parseIommus, validateIommu, validateIommusDomain } from './iommu.js';
import { parseMemoryDevices, rejectMemoryDevices } from './memory-device.js';
import { parseTpms, validateTpm } from './tpm.js';
import {
  NONZERO, parseMemoryKiB, parseScaledValue, propEnum, propInt, propTristateBool, propTristateSwitch, propUInt,
  propULongLong, REQUIRED, strToUIntPositive,
} from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

export type PlatformDevicesPart = Pick<DevicesDef, 'serials' | 'parallels' | 'channels' | 'consoles' | 'watchdogs' | 'memballoon' | 'rngs' | 'panics' | 'shmems' | 'tpms' | 'memories' | 'iommus' | 'vsock' | 'pstore'>;

const noInfo = (): DeviceInfo => ({ address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 });
const ULLONG_MAX = (1n << 64n) - 1n;

/** virDomainLeaseDefParseXML: parsed for its errors only (leases are not part of the ABI). */
function parseLeases(devices: XmlElement | undefined): void {
  parseEach(childrenNamed(devices, 'lease'), undefined, parseLease);
}

function parseLease(el: XmlElement): void {
  if (xstr(child(el, 'key')) === undefined) throw xmlError("Missing 'key' element for lease");
  // libvirt fails here without reporting an error; the oracle labels that 'unknown parse failure'
  if (xstr(child(el, 'lockspace')) === undefined) throw bareError('unknown parse failure');
  const target = child(el, 'target');
  if (!target) throw xmlError("Missing 'target' element for lease");
  if (target.attrs.path === undefined) throw xmlError("Missing 'path' attribute to 'target' element for lease");
  propULongLong(target, 'offset', 10);
}

function parseWatchdog(el: XmlElement, ctx: ParseContext): WatchdogDef {
  let model: number;
  let action: number;
  if (ctx.atLeast('9.1.0')) {
    model = propEnum(el, 'model', WATCHDOG_MODELS, REQUIRED);
    action = propEnum(el, 'action', WATCHDOG_ACTIONS);
  } else {
    const m = el.attrs.model;
    if (m === undefined) throw internalError('watchdog must contain model name');
    // 9.0.0 predates the itco model
    model = WATCHDOG_MODELS.slice(0, 3).indexOf(m as never);
    if (model < 0) throw unsupportedConfig(`unknown watchdog model '${m}'`);
    const a = el.attrs.action;
    action = a === undefined ? 0 : WATCHDOG_ACTIONS.indexOf(a as never);
    if (action < 0) throw unsupportedConfig(`unknown watchdog action '${a}'`);
  }
  return { model, action, info: parseDeviceInfo(el, ctx) };
}

function parseWatchdogs(devices: XmlElement | undefined, ctx: ParseContext): WatchdogDef[] {
  const nodes = childrenNamed(devices, 'watchdog');
  if (nodes.length > 1 && !ctx.atLeast('9.1.0')) throw atElement(nodes[1], internalError('only a single watchdog device is supported'));
  return parseEach(nodes, ctx, parseWatchdog);
}

function parseMemballoon(devices: XmlElement | undefined, ctx: ParseContext): MemballoonDef | undefined {
  const nodes = childrenNamed(devices, 'memballoon');
  if (nodes.length > 1) throw atElement(nodes[1], internalError('only a single memory balloon device is supported'));
  return nodes.length ? parseEach(nodes, ctx, parseMemballoonAt)[0] : undefined;
}

function parseMemballoonAt(el: XmlElement, ctx: ParseContext): MemballoonDef {
  const model = propEnum(el, 'model', MEMBALLOON_MODELS, REQUIRED);
  const autodeflate = propTristateSwitch(el, 'autodeflate');
  const freePageReporting = propTristateSwitch(el, 'freePageReporting');
  let period = 0;
  const stats = child(el, 'stats');
  if (stats) period = Math.max(0, propInt(stats, 'period', 0));
  // model 'none' ignores its address
  const info = model === 2 ? noInfo() : parseDeviceInfo(el, ctx);
  return { model, autodeflate, freePageReporting, period, info, virtio: parseVirtioOptions(child(el, 'driver'), ctx) };
}

/** virXPathUInt on an attribute: -1 absent/empty, -2 unparsable. */
function xpathUIntAttr(el: XmlElement | undefined, name: string): number {
  const raw = xattr(el, name);
  if (raw === undefined) return -1;
  return strToUIntPositive(raw, 10) ?? -2;
}

function parseRng(el: XmlElement, ctx: ParseContext): RngDef {
  const v11 = ctx.atLeast('9.1.0');
  let model: number;
  if (v11) {
    model = propEnum(el, 'model', RNG_MODELS, REQUIRED);
  } else {
    const m = el.attrs.model;
    if (m === undefined) throw xmlError('missing RNG device model');
    model = RNG_MODELS.indexOf(m as never);
    if (model < 0) throw unsupportedConfig(`unknown RNG model '${m}'`);
  }
  const rate = child(el, 'rate');
  const bytes = xpathUIntAttr(rate, 'bytes');
  if (bytes === -2) throw xmlError('invalid RNG rate bytes value');
  if (bytes > 0 && xpathUIntAttr(rate, 'period') === -2) throw xmlError('invalid RNG rate period value');
  const backends = childrenNamed(el, 'backend');
  if (backends.length !== 1) throw xmlError('only one RNG backend is supported');
  const be = backends[0];
  let backend: number;
  if (v11) {
    backend = propEnum(be, 'model', RNG_BACKENDS, REQUIRED);
  } else {
    const b = be.attrs.model;
    if (b === undefined) throw xmlError('missing RNG device backend model');
    backend = RNG_BACKENDS.indexOf(b as never);
    if (backend < 0) throw unsupportedConfig(`unknown RNG backend model '${b}'`);
  }
  let chardev;
  if (backend === 1) {
    const type = be.attrs.type;
    if (type === undefined) throw xmlError('missing EGD backend type');
    const t = chrTypeFromString(type);
    if (t < 0) throw unsupportedConfig(`unknown backend type '${type}' for egd`);
    chardev = newChrSource(t);
    parseChrSource(chardev, be, false, ctx);
  }
  const info = parseDeviceInfo(el, ctx);
  return { model, backend, chardev, info, virtio: parseVirtioOptions(child(el, 'driver'), ctx) };
}

function parsePanic(el: XmlElement, ctx: ParseContext): PanicDef {
  const info = parseDeviceInfo(el, ctx);
  const m = el.attrs.model;
  let model = 0;
  if (m !== undefined) {
    // pvpanic arrived in 9.1.0
    const table = ctx.atLeast('9.1.0') ? PANIC_MODELS : PANIC_MODELS.slice(0, 5);
    model = table.indexOf(m as never);
    if (model < 0) throw unsupportedConfig(`unknown panic model '${m}'`);
  }
  return { model, info };
}

function parseShmem(el: XmlElement, ctx: ParseContext): ShmemDef {
  const modelEl = child(el, 'model');
  const model = modelEl ? propEnum(modelEl, 'type', SHMEM_MODELS) : 0;
  const name = el.attrs.name;
  if (name === undefined) throw xmlError("shmem element must contain 'name' attribute");
  const role = model !== 0 ? propEnum(el, 'role', SHMEM_ROLES, NONZERO) : 0;
  const sizeEl = child(el, 'size');
  const size = parseScaledValue(sizeEl ? xstr(sizeEl) : undefined, xattr(sizeEl, 'unit'), './size[1]', 1n, ULLONG_MAX, false) ?? 0n;
  const server = child(el, 'server') !== undefined;
  const msiEl = child(el, 'msi');
  const msi = { enabled: false, vectors: 0, ioeventfd: 0 as 0 | 1 | 2 };
  if (msiEl) {
    msi.enabled = true;
    msi.vectors = propUInt(msiEl, 'vectors', 0);
    msi.ioeventfd = propTristateSwitch(msiEl, 'ioeventfd');
  }
  if (msi.enabled && !server) throw xmlError('msi option is only supported with a server');
  return { name, model, role, size, server, msi, info: parseDeviceInfo(el, ctx) };
}

function parseCryptos(devices: XmlElement | undefined, ctx: ParseContext): DeviceInfo[] {
  if (!ctx.atLeast('9.1.0')) return [];
  return parseEach(childrenNamed(devices, 'crypto'), ctx, parseCrypto);
}

function parseCrypto(el: XmlElement, ctx: ParseContext): DeviceInfo {
  propEnum(el, 'model', CRYPTO_MODELS, REQUIRED);
  propEnum(el, 'type', CRYPTO_TYPES, REQUIRED);
  const backends = childrenNamed(el, 'backend');
  if (backends.length !== 1) throw xmlError('only one crypto backend is supported');
  propEnum(backends[0], 'model', CRYPTO_BACKENDS, REQUIRED);
  propUInt(backends[0], 'queues', 10);
  const info = parseDeviceInfo(el, ctx);
  parseVirtioOptions(child(el, 'driver'), ctx);
  return info;
}

function parseNvram(devices: XmlElement | undefined, ctx: ParseContext): DeviceInfo | undefined {
  const nodes = childrenNamed(devices, 'nvram');
  if (nodes.length > 1) throw atElement(nodes[1], internalError('only a single nvram device is supported'));
  return nodes[0] ? parseEach(nodes, ctx, parseDeviceInfo)[0] : undefined;
}

function parseVsock(devices: XmlElement | undefined, ctx: ParseContext): VsockDef | undefined {
  const nodes = childrenNamed(devices, 'vsock');
  if (nodes.length > 1) throw atElement(nodes[1], xmlError('only a single vsock device is supported'));
  return nodes.length ? parseEach(nodes, ctx, parseVsockAt)[0] : undefined;
}

function parseVsockAt(el: XmlElement, ctx: ParseContext): VsockDef {
  const model = propEnum(el, 'model', VSOCK_MODELS);
  let guestCid = 0;
  let autoCid: 0 | 1 | 2 = 0;
  const cid = child(el, 'cid');
  if (cid) {
    guestCid = propUInt(cid, 'address', 10, NONZERO);
    autoCid = propTristateBool(cid, 'auto');
  }
  const info = parseDeviceInfo(el, ctx);
  return { model, guestCid, autoCid, info, virtio: parseVirtioOptions(child(el, 'driver'), ctx) };
}

function parsePstore(devices: XmlElement | undefined, ctx: ParseContext): PstoreDef | undefined {
  if (!ctx.atLeast('10.6.0')) return undefined;
  const nodes = childrenNamed(devices, 'pstore');
  if (nodes.length > 1) throw atElement(nodes[1], xmlError('only a single pstore device is supported'));
  return nodes.length ? parseEach(nodes, ctx, parsePstoreAt)[0] : undefined;
}

function parsePstoreAt(el: XmlElement, ctx: ParseContext): PstoreDef {
  const backend = propEnum(el, 'backend', PSTORE_BACKENDS, REQUIRED);
  const path = xstr(child(el, 'path'));
  const sizeEl = child(el, 'size');
  const size = parseMemoryKiB(sizeEl ? xstr(sizeEl) : undefined, xattr(sizeEl, 'unit'), './size', true) ?? 0n;
  return { backend, path, size, info: parseDeviceInfo(el, ctx) };
}

/** Parse-time state the post-parse and validation need but the Domain model does not carry. */
export interface PlatformExtras { nvram: DeviceInfo | undefined; cryptos: DeviceInfo[] }

declare module './context.js' {
  interface CarriedExtras { platform: PlatformExtras | undefined }
}

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parsePlatformDevices(devices: XmlElement | undefined, ctx: ParseContext): PlatformDevicesPart {
  parseLeases(devices);
  const chr = parseChrDevices(devices, ctx);
  const watchdogs = parseWatchdogs(devices, ctx);
  const memballoon = parseMemballoon(devices, ctx);
  const rngs = parseEach(childrenNamed(devices, 'rng'), ctx, parseRng);
  const cryptos = parseCryptos(devices, ctx);
  const tpms = parseTpms(devices, ctx);
  const nvram = parseNvram(devices, ctx);
  const panics = parseEach(childrenNamed(devices, 'panic'), ctx, parsePanic);
  const shmems = parseEach(childrenNamed(devices, 'shmem'), ctx, parseShmem);
  const memories = parseMemoryDevices(devices, ctx);
  const iommus = parseIommus(devices, ctx);
  const vsock = parseVsock(devices, ctx);
  const pstore = parsePstore(devices, ctx);
  const part: PlatformDevicesPart = {
    serials: chr.serials, parallels: chr.parallels, channels: chr.channels, consoles: chr.consoles,
    watchdogs, memballoon, rngs, panics, shmems, tpms, memories, iommus, vsock, pstore,
  };
  ctx.carried.platform = { nvram, cryptos };
  return part;
}

export function postParsePlatformDevices(dom: Domain, ctx: ParseContext): void {
  const d = dom.devices;
  const arch = dom.os?.arch;
  if (ctx.atLeast(ISA_SERIAL_POSTPARSE_SINCE)) postParseIsaSerials(d.serials);
  // the per-device post-parse, in virDomainDeviceInfoIterate order
  for (const list of [d.serials, d.parallels, d.channels, d.consoles]) checkEach(list, (c) => postParseChr(c, list, arch));
  rejectMemoryDevices(d.memories);
  rejectDuplicatePanics(d.panics);
  addConsoleCompat(dom, ctx);
  if (d.serials.length) postParseChr(d.serials[0], d.serials, arch);
}

/** virDomainDefRejectDuplicatePanics */
function rejectDuplicatePanics(panics: readonly PanicDef[]): void {
  const seen = new Set<number>();
  for (const p of panics) {
    if (seen.has(p.model)) throw rejectedAtDevice(p, xmlError(`Multiple panic devices with model '${PANIC_MODELS[p.model]}'`));
    seen.add(p.model);
  }
}

/** virDomainDeviceInfoValidate: only hostdevs may use an 'unassigned' address. */
function validateInfo(info: DeviceInfo | undefined): void {
  if (info?.address.type === 'unassigned') throw rejectedAtDevice(info, unsupportedConfig("address of type 'unassigned' is supported only for hostdevs"));
}

/** virDomainCheckVirtioOptionsAreAbsent */
function checkVirtioAbsent(v: VirtioOptions | undefined): void {
  if (!v) return;
  if (v.iommu) throw unsupportedConfig('iommu driver option is only supported for virtio devices');
  if (v.ats) throw unsupportedConfig('ats driver option is only supported for virtio devices');
  if (v.packed) throw unsupportedConfig('packed driver option is only supported for virtio devices');
  if (v.pagePerVq) throw unsupportedConfig('page_per_vq option is only supported for virtio devices');
}

function validateShmem(s: ShmemDef): void {
  if (s.name.includes('/')) throw unsupportedConfig("shmem name cannot include '/' character");
  if (s.name === '.') throw unsupportedConfig("shmem name cannot be equal to '.'");
  if (s.name === '..') throw unsupportedConfig("shmem name cannot be equal to '..'");
}

function validateVsock(v: VsockDef): void {
  if (v.guestCid > 0 && v.guestCid <= 2) throw unsupportedConfig('guest CIDs must be >= 3');
  if (v.model === 0) checkVirtioAbsent(v.virtio);
}

function validatePstore(p: PstoreDef): void {
  if (p.path === undefined || p.path === '') throw xmlError('missing path for ACPI ERST pstore device');
  if (p.size < 4n || (p.size & (p.size - 1n)) !== 0n) throw xmlError('invalid size of ACPI ERST pstore device');
}

/** `<features><ioapic driver='qemu'/>`: def->features[ioapic] is the driver enum (1 = qemu). */
function ioapicIsQemu(dom: Domain): boolean {
  const state = (dom.features as unknown as { state?: Record<string, number> } | undefined)?.state;
  return state?.ioapic === 1;
}

export function validatePlatformDevices(dom: Domain, ctx: ParseContext): void {
  const d = dom.devices;
  // per-device validation, in virDomainDeviceInfoIterate order
  for (const list of [d.serials, d.parallels, d.channels, d.consoles]) {
    checkEach(list as ChrDef[], (c) => {
      validateInfo(c.info);
      validateChrSource(c.source, c);
    });
  }
  checkEach(d.watchdogs, (w) => validateInfo(w.info));
  validateInfo(d.memballoon?.info);
  checkEach(d.rngs, (r) => {
    validateInfo(r.info);
    if (r.chardev) validateChrSource(r.chardev, undefined);
  });
  const extra = ctx.carried.platform;
  validateInfo(extra?.nvram);
  checkEach(d.shmems, (s) => { validateInfo(s.info); validateShmem(s); });
  checkEach(d.tpms, (t) => { validateInfo(t.info); validateTpm(t, ctx); });
  checkEach(d.panics, (p) => validateInfo(p.info));
  checkEach(d.iommus, (i) => { validateInfo(i.info); validateIommu(i, ctx); });
  if (d.vsock) checkEach([d.vsock], (v) => { validateInfo(v.info); validateVsock(v); });
  for (const c of extra?.cryptos ?? []) validateInfo(c);
  if (d.pstore) checkEach([d.pstore], (p) => { validateInfo(p.info); validatePstore(p); });
  // virDomainDefValidateInternal
  validateIommusDomain(d.iommus, ioapicIsQemu(dom));
}

