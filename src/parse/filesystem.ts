/** virDomainFSDefParseXML, virDomainFSDefPostParse and the filesystem validation. */
import { FS_ACCESS_MODES, FS_DRIVER_MTP, FS_DRIVER_VIRTIOFS, FS_DRIVERS, FS_MODELS, FS_TYPE, FS_TYPES, type FilesystemDef } from '../model/filesystem.js';
import { STORAGE_FORMATS } from '../model/disk.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { DISK_SINCE } from './disk.js';
import { bareError, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseScaledValue, propEnum, propTristateSwitch, propUInt, scaleInteger, strToInt, strToUIntPositive, strToULongLong,
  TRISTATE_SWITCH,
} from './values.js';
import { parseIdmapEntries } from './general-misc.js';
import { child, childrenNamed, firstNode, nodeSet, pathAttr, type XmlElement } from './xml-tree.js';

const MULTIDEVS = ['default', 'remap', 'forbid', 'warn'] as const;
const WRPOLICY = ['default', 'immediate'] as const;
const CACHE_MODES = ['default', 'none', 'always'] as const;
const SANDBOX_MODES = ['default', 'namespace', 'chroot'] as const;
const POOL_MODES = ['default', 'host', 'direct'] as const;
const ULLONG_MAX = (1n << 64n) - 1n;

const xpathString = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function mode(el: XmlElement, name: string): void {
  if (el.attrs[name] === undefined) return;
  const v = propUInt(el, name, 8);
  if (v > 0o777) throw xmlError(`invalid ${name}: '0${v.toString(8)}'`);
}

function scaled(el: XmlElement, name: string): void {
  const e = child(el, name);
  if (e) parseScaledValue(xpathString(e.text), e.attrs.unit, `./${name}[1]`, 1n, ULLONG_MAX, false);
}

/** virtiofs parse steps dated by formatdomain.rst. */
const FS_SINCE = {
  /** `<idmap>` (formatdomain.rst "Since 10.0.0") */
  idmap: '10.0.0',
  /** `<binary><openfiles max>` (formatdomain.rst "Since 10.6.0") */
  openfiles: '10.6.0',
  /** `<driver type='mtp'>` (NEWS 10.2.0) */
  mtp: '10.2.0',
} as const;
const FS_DRIVERS_OLD = FS_DRIVERS.slice(0, FS_DRIVER_MTP);
/**
 * virDomainFSDefValidate rejecting a second virtiofs with the same target (virDomainDefFSValidate's
 * domain-wide check gone): in Debian's 9.8.0 source, not in 9.0.0 (measured); 9.8.0 stands for 9.1.0..9.8.0.
 */
export const FS_TARGET_CHECK_PER_DEVICE_SINCE = '9.8.0';
/**
 * UNPINNED: the parser rewritten on the generic attribute helpers (its messages and order), after
 * 7.0.0 and by 9.0.0 (both measured; libvirt 8.1.0's source already has it).
 */
const FS_PROP_HELPERS_SINCE = '9.0.0';

/** libvirt 7.0.0's virDomainFSDefParseXML: its own wording for each value, and its order. */
function parseFilesystemLegacy(el: XmlElement, ctx: ParseContext): FilesystemDef {
  const unknown = (what: string, v: string) => unsupportedConfig(`unknown ${what} '${v}'`);
  const enumValue = (v: string | undefined, values: readonly string[], what: string, nonzero: boolean, dflt: number) => {
    if (v === undefined) return dflt;
    const i = values.indexOf(v);
    if (i < 0 || (nonzero && i === 0)) throw unknown(what, v);
    return i;
  };
  const type = enumValue(el.attrs.type, FS_TYPES, 'filesystem type', false, FS_TYPE.mount);
  // no 'default' in 7.0.0's table: the model's numbering starts one further
  const accessmode = enumValue(el.attrs.accessmode, FS_ACCESS_MODES.slice(1), 'accessmode', false, 0) + 1;
  for (const name of ['fmode', 'dmode']) {
    const v = el.attrs[name];
    if (v === undefined) continue;
    const n = strToUIntPositive(v, 8);
    if (n === undefined || n > 0o777) throw xmlError(`invalid ${name}: '${v}'`);
  }
  const model = enumValue(el.attrs.model, FS_MODELS, 'model', true, 0);
  enumValue(el.attrs.multidevs, MULTIDEVS, 'multidevs', false, 0);
  scaled(el, 'space_hard_limit');
  scaled(el, 'space_soft_limit');
  // the children in document order; the first <driver> carries the virtio options
  let source: string | undefined, target: string | undefined, usage: string | undefined, units: string | undefined;
  let fsdriver: string | undefined, wrpolicy: string | undefined, format: string | undefined;
  let readonly = false;
  let virtio: FilesystemDef['virtio'];
  for (const c of el.children) {
    if (c.name === 'source' && source === undefined) {
      ({ source, usage, units } = readSource(c, type, ctx));
    } else if (c.name === 'target' && target === undefined) {
      target = c.attrs.dir;
    } else if (c.name === 'readonly') {
      readonly = true;
    } else if (c.name === 'driver') {
      fsdriver ??= c.attrs.type;
      wrpolicy ??= c.attrs.wrpolicy;
      format ??= c.attrs.format;
      virtio ??= parseVirtioOptions(c, ctx);
    }
  }
  const driver = enumValue(fsdriver, FS_DRIVERS_OLD, 'fs driver type', true, 0);
  if (driver === FS_DRIVER_VIRTIOFS) {
    const queue = xpathString(pathAttr(el, ['driver'], 'queue'));
    if (queue !== undefined && strToULongLong(queue, 10) === undefined) throw xmlError(`cannot parse queue size '${queue}' for virtiofs`);
    const binary = (...path: string[]) => (attr: string) => xpathString(pathAttr(el, ['binary', ...path], attr));
    enumValue(binary()('xattr'), TRISTATE_SWITCH, 'xattr value', true, 0);
    const cache = binary('cache')('mode');
    if (cache !== undefined && CACHE_MODES.indexOf(cache as never) <= 0) throw xmlError(`cannot parse cache mode '${cache}' for virtiofs`);
    enumValue(binary('lock')('posix'), TRISTATE_SWITCH, 'posix lock value', true, 0);
    enumValue(binary('lock')('flock'), TRISTATE_SWITCH, 'flock value', true, 0);
  }
  enumValue(format, STORAGE_FORMATS, 'driver format value', true, 0);
  enumValue(wrpolicy, WRPOLICY, 'filesystem write policy', true, 0);
  if (source === undefined && type !== FS_TYPE.ram && type !== FS_TYPE.volume) {
    throw bareError(target !== undefined ? `missing source information for device ${target}` : 'missing source information for device');
  }
  // the target is still a parse error here
  if (target === undefined) throw bareError(source !== undefined ? `missing target information for device ${source}` : 'missing target information for device');
  if (type === FS_TYPE.ram) ramUsage(usage, units);
  const info = parseDeviceInfo(el, ctx, { allowBoot: true });
  return { type, dst: target, readonly, model, fsdriver: driver, accessmode, path: source, sock: undefined, info, virtio };
}

/** A `<source>`: the path attribute of the filesystem's type, a RAM size, or a pool volume. */
function readSource(el: XmlElement, type: number, ctx: ParseContext): { source?: string; usage?: string; units?: string } {
  if (type === FS_TYPE.mount || type === FS_TYPE.bind) return { source: el.attrs.dir };
  if (type === FS_TYPE.file) return { source: el.attrs.file };
  if (type === FS_TYPE.block) return { source: el.attrs.dev };
  if (type === FS_TYPE.template) return { source: el.attrs.name };
  if (type === FS_TYPE.ram) return { usage: el.attrs.usage, units: el.attrs.units };
  if (type === FS_TYPE.volume) volumeSource(el, ctx);
  return {};
}

/** virDomainDiskSourcePoolDefParse, as a volume filesystem's source. */
function volumeSource(sourceEl: XmlElement, ctx: ParseContext): void {
  const pool = sourceEl.attrs.pool, volume = sourceEl.attrs.volume;
  if (pool === undefined && volume === undefined) return;
  if (pool === undefined || volume === undefined) throw xmlError("'pool' and 'volume' must be specified together for 'pool' type source");
  const m = sourceEl.attrs.mode;
  if (m === undefined) return;
  if (ctx.atLeast(DISK_SINCE.poolProps)) propEnum(sourceEl, 'mode', POOL_MODES, NONZERO);
  else if (POOL_MODES.indexOf(m as never) <= 0) throw unsupportedConfig(`unknown source mode '${m}' for volume type disk`);
}

/** A RAM filesystem's `usage` (KiB unless `units` says otherwise). */
function ramUsage(usage: string | undefined, units: string | undefined): void {
  if (usage === undefined) throw xmlError("missing 'usage' attribute for RAM filesystem");
  const u = strToULongLong(usage, 10);
  if (u === undefined) throw xmlError(`cannot parse usage '${usage}' for RAM filesystem`);
  scaleInteger(u, units, 1024n, ULLONG_MAX);
}

export function parseFilesystem(el: XmlElement, ctx: ParseContext): FilesystemDef {
  if (!ctx.atLeast(FS_PROP_HELPERS_SINCE)) return parseFilesystemLegacy(el, ctx);
  const type = propEnum(el, 'type', FS_TYPES);
  const accessmode = propEnum(el, 'accessmode', FS_ACCESS_MODES);
  mode(el, 'fmode');
  mode(el, 'dmode');
  const model = propEnum(el, 'model', FS_MODELS, NONZERO);
  propEnum(el, 'multidevs', MULTIDEVS);
  scaled(el, 'space_hard_limit');
  scaled(el, 'space_soft_limit');
  let source: string | undefined, usage: string | undefined, units: string | undefined, sock: string | undefined;
  const sourceEl = child(el, 'source');
  if (sourceEl) {
    sock = sourceEl.attrs.socket;
    ({ source, usage, units } = readSource(sourceEl, type, ctx));
  }
  const dst = pathAttr(el, ['target'], 'dir');
  const readonly = child(el, 'readonly') !== undefined;
  const driver = child(el, 'driver');
  let fsdriver = 0;
  let virtio: FilesystemDef['virtio'];
  if (driver) {
    fsdriver = propEnum(driver, 'type', ctx.atLeast(FS_SINCE.mtp) ? FS_DRIVERS : FS_DRIVERS_OLD);
    propEnum(driver, 'wrpolicy', WRPOLICY);
    const format = driver.attrs.format;
    if (format !== undefined && STORAGE_FORMATS.indexOf(format as never) <= 0) throw unsupportedConfig(`unknown driver format value '${format}'`);
    virtio = parseVirtioOptions(driver, ctx);
    // virDomainFSDefFormat writes a driver type given, and the policy, format and queue only with it
    if (fsdriver) virtio!.withOtherSettings = true;
  }
  if (fsdriver === FS_DRIVER_VIRTIOFS) {
    const queue = pathAttr(el, ['driver'], 'queue');
    const binary = child(el, 'binary');
    const threadPool = pathAttr(el, ['binary', 'thread_pool'], 'size');
    if (queue !== undefined && strToULongLong(queue, 10) === undefined) throw xmlError(`cannot parse queue size '${queue}' for virtiofs`);
    if (threadPool !== undefined && strToInt(threadPool, 10) === undefined) throw xmlError(`cannot parse thread pool size '${threadPool}' for virtiofs`);
    if (ctx.atLeast(FS_SINCE.openfiles)) {
      const openfiles = pathAttr(el, ['binary', 'openfiles'], 'max');
      if (openfiles !== undefined && strToULongLong(openfiles, 10) === undefined) throw xmlError(`cannot parse openfiles '${openfiles}' for virtiofs`);
    }
    if (binary) propTristateSwitch(binary, 'xattr');
    const lock = firstNode(el, 'binary', 'lock');
    propTristateSwitch(lock, 'posix');
    propTristateSwitch(lock, 'flock');
    const cache = firstNode(el, 'binary', 'cache');
    if (cache) propEnum(cache, 'mode', CACHE_MODES, NONZERO);
    const sandbox = firstNode(el, 'binary', 'sandbox');
    if (sandbox) propEnum(sandbox, 'mode', SANDBOX_MODES, NONZERO);
    if (ctx.atLeast(FS_SINCE.idmap)) {
      // ./idmap/uid then ./idmap/gid, as the domain's <idmap>
      parseIdmapEntries(nodeSet(el, 'idmap', 'uid'));
      parseIdmapEntries(nodeSet(el, 'idmap', 'gid'));
    }
  }
  if (source === undefined && type !== FS_TYPE.ram && type !== FS_TYPE.volume && sock === undefined) {
    throw bareError(dst !== undefined ? `missing source information for device ${dst}` : 'missing source information for device');
  }
  if (type === FS_TYPE.ram) ramUsage(usage, units);
  const info = parseDeviceInfo(el, ctx, { allowBoot: true });
  return { type, dst, readonly, model, fsdriver, accessmode, path: source, sock, info, virtio };
}

/** virDomainFSDefPostParse */
export function postParseFilesystem(fs: FilesystemDef): void {
  if (fs.accessmode === 0 && fs.sock === undefined) fs.accessmode = 1;
}

/** virDomainFSDefValidate (11.x also rejects a second virtiofs with the same target here). */
export function validateFilesystem(fs: FilesystemDef, all: readonly FilesystemDef[], ctx: ParseContext): void {
  if (fs.dst === undefined) {
    const source = fs.path ?? fs.sock;
    throw bareError(source !== undefined ? `missing target information for device ${source}` : 'missing target information for device');
  }
  if (fs.info.bootIndex && fs.fsdriver !== FS_DRIVER_VIRTIOFS) throw unsupportedConfig('boot order is only supported for virtiofs');
  if (ctx.atLeast(FS_TARGET_CHECK_PER_DEVICE_SINCE)) {
    const first = new Map<string | undefined, FilesystemDef>();
    for (const it of all) {
      if (it.fsdriver !== FS_DRIVER_VIRTIOFS) continue;
      if (first.has(it.dst)) throw unsupportedConfig(`filesystem target '${it.dst}' specified twice`);
      first.set(it.dst, it);
    }
    const lookup = first.get(fs.dst);
    if (lookup && lookup !== fs) throw unsupportedConfig(`filesystem target '${fs.dst}' specified twice`);
  }
}

/** virDomainDefFSValidate (9.0.0: domain-wide, after the device checks) */
export function validateFilesystemTargets(all: readonly FilesystemDef[]): void {
  const seen = new Set<string | undefined>();
  for (const fs of all) {
    if (fs.fsdriver !== FS_DRIVER_VIRTIOFS) continue;
    if (seen.has(fs.dst)) throw unsupportedConfig(`filesystem target '${fs.dst}' specified twice`);
    seen.add(fs.dst);
  }
}
