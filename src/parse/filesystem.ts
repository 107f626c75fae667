/** virDomainFSDefParseXML, virDomainFSDefPostParse and the filesystem validation. */
import { FS_ACCESS_MODES, FS_DRIVER_MTP, FS_DRIVER_VIRTIOFS, FS_DRIVERS, FS_MODELS, FS_TYPE, FS_TYPES, type FilesystemDef } from '../model/filesystem.js';
import { STORAGE_FORMATS } from '../model/disk.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { bareError, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseScaledValue, propEnum, propTristateSwitch, propUInt, scaleInteger, strToInt, strToULongLong,
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
// UNPINNED: the pool `mode` parsed with virXMLPropEnum and the per-device duplicate-target check
// (11.3.0, the first measured release showing them).

export function parseFilesystem(el: XmlElement, ctx: ParseContext): FilesystemDef {
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
    if (type === FS_TYPE.mount || type === FS_TYPE.bind) source = sourceEl.attrs.dir;
    else if (type === FS_TYPE.file) source = sourceEl.attrs.file;
    else if (type === FS_TYPE.block) source = sourceEl.attrs.dev;
    else if (type === FS_TYPE.template) source = sourceEl.attrs.name;
    else if (type === FS_TYPE.ram) { usage = sourceEl.attrs.usage; units = sourceEl.attrs.units; }
    else if (type === FS_TYPE.volume) {
      const pool = sourceEl.attrs.pool, volume = sourceEl.attrs.volume;
      if (pool !== undefined || volume !== undefined) {
        if (pool === undefined || volume === undefined) throw xmlError("'pool' and 'volume' must be specified together for 'pool' type source");
        const m = sourceEl.attrs.mode;
        if (m !== undefined) {
          if (ctx.atLeast('11.3.0')) propEnum(sourceEl, 'mode', POOL_MODES, NONZERO);
          else if (POOL_MODES.indexOf(m as never) <= 0) throw unsupportedConfig(`unknown source mode '${m}' for volume type disk`);
        }
      }
    }
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
    virtio = parseVirtioOptions(driver);
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
  if (type === FS_TYPE.ram) {
    if (usage === undefined) throw xmlError("missing 'usage' attribute for RAM filesystem");
    const u = strToULongLong(usage, 10);
    if (u === undefined) throw xmlError(`cannot parse usage '${usage}' for RAM filesystem`);
    scaleInteger(u, units, 1024n, ULLONG_MAX);
  }
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
  if (ctx.atLeast('11.3.0')) {
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
