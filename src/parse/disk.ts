/**
 * virDomainDiskDefParseXML and its storage-source helpers, the disk part of the generic
 * post-parse (virDomainDiskDefPostParse, virDomainDiskDefAssignAddress) and
 * virDomainDiskDefValidate, with libvirt's error texts.
 */
import {
  DISK_BUS, DISK_BUSES, DISK_DEVICE, DISK_DEVICES, DISK_MODELS, NET_PROTOCOLS, STORAGE_FORMATS, STORAGE_TYPE, STORAGE_TYPES,
  type DiskDef, type StorageSourceDef,
} from '../model/disk.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseLabelskip, parseVirtioOptions, RELABEL_NEEDS_LABEL_SINCE } from './device-info.js';
import { bareError, DomainParseError, internalError, unsupportedConfig, xmlError } from './errors.js';
import { IOTUNE_FIELDS, iotuneConflict } from './general-misc.js';
import {
  NONZERO, parseScaledValue, parseUuid, propEnum, propTristateBool, propTristateSwitch, propUInt, propULongLong,
  REQUIRED, REQUIRED_NONZERO, strToUInt, strToUIntPositive, strToULongLong, strToULongLongPositive,
  type Tristate,
} from './values.js';
import { child, childrenNamed, firstNode, nodeSet, pathAttr, type XmlElement } from './xml-tree.js';

const ULLONG_MAX = (1n << 64n) - 1n;

/**
 * Disk attributes libvirt 7.0.0 did not know yet (it ignores them), from libvirt's history
 * (formatdomain.rst and NEWS, not measured between 7.0.0 and 9.0.0): `rotation_rate` 7.3.0,
 * `queue_size` 7.8.0, which also brought the ABI checks of queue count and size.
 */
/** `sgio='unfiltered'` rejected: libvirt commit 711f593566 (2022-01-19), first released in 8.1.0. */
export const SGIO_UNFILTERED_REJECTED_SINCE = '8.1.0';
export const DISK_SINCE = {
  rotationRate: '7.3.0', queueSize: '7.8.0',
  /** NBD `<reconnect delay>` (NEWS 9.2.0 "NBD reconnect delay attribute") */
  nbdReconnect: '9.2.0',
  /** `removable` on SCSI disks too (NEWS 9.6.0, formatdomain.rst "Since 9.6.0") */
  removableScsi: '9.6.0',
  /**
   * The nvme source `namespace` read with virXMLPropULongLong, the non-virtio `queues` message
   * naming the bus and the `queue_size` check beside it, `<blockio discard_granularity>` (and the
   * vhostuser check on it): in Debian's 9.8.0 source, not in 9.0.0 (measured); 9.8.0 stands for 9.1.0..9.8.0.
   */
  source98: '9.8.0',
  /**
   * virDomainDiskSourcePoolDefParse on virXMLPropEnum (`mode`), an empty pool kept: Debian's 9.8.0
   * source still has the old function, its 9.10.0 the new one; 9.10.0 stands for 9.9.0..9.10.0.
   */
  poolProps: '9.10.0',
  /**
   * A zero `discard_granularity` counts as given (NEWS 11.6.0 "Allow specifying zero discard
   * granularity"): libvirt commit e919a4dd's vhostuser check tests it as specified.
   */
  zeroDiscardGranularity: '11.6.0',
  /** `discard_no_unref` and its validation (NEWS 9.5.0, formatdomain.rst "Since 9.5.0") */
  discardNoUnref: '9.5.0',
  /** the vhostvdpa disk type (NEWS 9.8.0, formatdomain.rst "since 9.8.0") */
  vhostvdpa: '9.8.0',
  /** ssh `<knownHosts>` (formatdomain.rst "Since 9.8.0") and ssh `<identity>`, from the same nbdkit series (NEWS 9.8.0) */
  sshAuth: '9.8.0',
  /** `<driver><iothreads>` mapping (NEWS 10.0.0, formatdomain.rst "Since 10.0.0") */
  iothreadMapping: '10.0.0',
  /** `<dataStore>` (NEWS 10.10.0, formatdomain.rst "Since 10.10.0") */
  dataStore: '10.10.0',
  /** `<product>` up to 40 characters off the SCSI bus (formatdomain.rst "Since 11.1.0") */
  longProduct: '11.1.0',
  /** `<throttlefilters>` (NEWS 11.2.0, formatdomain.rst "Since 11.2.0") */
  throttleFilters: '11.2.0',
  /** the nvme bus, `nvme*` target names and their addresses (NEWS 11.5.0 "Add support for NVMe disks") */
  nvme: '11.5.0',
  /** rbd `pool/namespace/image` names, kept whole (NEWS 11.6.0 "Add support for RBD namespaces": the message names the namespace) */
  rbdNamespace: '11.6.0',
  /** `dpofua`, as its ABI rule (disk/dpofua) */
  dpofua: '11.10.0',
  /** the ctl disk type (NEWS 12.0.0, bhyve virtio-scsi `<disk type='ctl'>`) */
  ctl: '12.0.0',
  /** `<reservations migration>`, as its ABI rule (disk/reservations-migration) */
  reservationsMigration: '12.1.0',
} as const;
// UNPINNED: the remaining disk boundaries, each at the first measured release showing it (NEWS and
// formatdomain.rst do not date them): at 12.8.0 the queue checks moved to the qemu driver, blockio
// refused on a lun and any tray attribute counted (all three as in 11.3.0 in libvirt commit
// e919a4dd's domain_validate.c, so 11.6.0..12.8.0), the statistics and the 12.x model table;
// sheepdog refused at 11.3.0 (still accepted by Debian's 10.7.0 source, so 10.8.0..11.3.0).


const SNAPSHOT_LOCATIONS = ['default', 'no', 'internal', 'external', 'manual'] as const;
const SGIO = ['default', 'filtered', 'unfiltered'] as const;
const STARTUP_POLICIES = ['default', 'mandatory', 'requisite', 'optional'] as const;
const TRAY = ['closed', 'open'] as const;
const CACHE = ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'] as const;
const ERROR_POLICIES = ['default', 'stop', 'report', 'ignore', 'enospace'] as const;
const IO = ['default', 'native', 'threads', 'io_uring'] as const;
const DISCARD = ['default', 'unmap', 'ignore'] as const;
const DETECT_ZEROES = ['default', 'off', 'on', 'unmap'] as const;
const GEOMETRY_TRANS = ['default', 'none', 'auto', 'lba'] as const;
const AUTH_TYPES = ['none', 'chap', 'ceph'] as const;
const ENCRYPTION_FORMATS = ['default', 'qcow', 'luks', 'luks2'] as const;
const ENCRYPTION_ENGINES = ['default', 'qemu', 'librbd'] as const;
const POOL_MODES = ['default', 'host', 'direct'] as const;
const HOST_TRANSPORTS = ['tcp', 'unix', 'rdma'] as const;
const HOST_TRANSPORTS_NEW = ['tcp', 'unix', 'rdma', 'fd'] as const;
/**
 * virDomainStorageNetworkParseHost (disks and hostdevs): the transport read with virXMLPropEnum is
 * in Debian's 9.8.0 source, not in 9.0.0 (measured), so 9.8.0 stands for 9.1.0..9.8.0; transport
 * 'fd' and the port parsed before the name are absent from Debian's 10.7.0 source and present in
 * 11.3.0 (measured), so 11.3.0 stands for 10.8.0..11.3.0 (neither dated by NEWS or formatdomain.rst).
 */
export const NET_HOST_SINCE = { transportProp: '9.8.0', fd: '11.3.0' } as const;
const SNAPSHOT_NO = 1;
const ENCRYPTION_LUKS = 2;
const PROTO = { none: 0, nbd: 1, rbd: 2, sheepdog: 3, gluster: 4, iscsi: 5, http: 6, https: 7, ftp: 8, ftps: 9, tftp: 10, ssh: 11, vxhs: 12, nfs: 13 } as const;
const FORMAT_RAW = 1;
const FORMAT_QCOW2 = 14;

/** virXPathString: element text or attribute value, NULL when absent or empty. */
function xpathString(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** virXPathString("string(./a/b)"): text of the first match; NULL when absent or empty. */
export function xpathText(el: XmlElement | undefined, ...names: string[]): string | undefined {
  return xpathString(firstNode(el, ...names)?.text);
}

// enum tables as each profile's parser knows them (later values were appended)
const STORAGE_TYPES_9 = STORAGE_TYPES.slice(0, 8);
const STORAGE_TYPES_VDPA = STORAGE_TYPES.slice(0, 9);
const DISK_BUSES_OLD = DISK_BUSES.slice(0, 10);
const DISK_MODELS_OLD = DISK_MODELS.slice(0, 4);

function storageTypes(ctx: ParseContext): readonly string[] {
  return ctx.atLeast(DISK_SINCE.ctl) ? STORAGE_TYPES : ctx.atLeast(DISK_SINCE.vhostvdpa) ? STORAGE_TYPES_VDPA : STORAGE_TYPES_9;
}

function newSource(): StorageSourceDef {
  return {
    type: STORAGE_TYPE.file, path: undefined, protocol: 0, format: 0, pool: undefined, pr: false, auth: undefined,
    encryption: undefined, backingStore: undefined, slice: false, snapshot: undefined, configFile: undefined,
    fdgroup: undefined, nvmeNamespace: undefined, metadataCacheMaxSize: 0n, readonly: false, shared: false, seclabels: [],
  };
}

/** virSecretLookupParseSecret */
export function parseSecretLookup(secret: XmlElement, ctx: ParseContext): void {
  const uuid = secret.attrs.uuid;
  const usage = secret.attrs.usage;
  if (uuid === undefined && usage === undefined) throw xmlError('missing secret uuid or usage attribute');
  if (uuid !== undefined && usage !== undefined) throw xmlError('either secret uuid or usage expected');
  if (uuid !== undefined && parseUuid(uuid) === undefined) {
    throw xmlError(ctx.atLeast('12.8.0') ? `Invalid value for attribute 'uuid' in element 'secret': '${uuid}'. Expected UUID` : `invalid secret uuid '${uuid}'`);
  }
}

/** virStorageAuthDefParse */
export function parseAuth(el: XmlElement, ctx: ParseContext): { secretType: string | undefined } {
  if (!xpathString(el.attrs.username)) throw xmlError('missing username for auth');
  const authtype = xpathString(el.attrs.type);
  if (authtype !== undefined && !AUTH_TYPES.includes(authtype as never)) throw unsupportedConfig(`unknown auth type '${authtype}'`);
  const secret = child(el, 'secret');
  if (!secret) throw xmlError('Missing <secret> element in auth');
  const secretType = secret.attrs.type;
  parseSecretLookup(secret, ctx);
  return { secretType };
}

/** virStorageEncryptionParseNode */
function parseEncryption(el: XmlElement, ctx: ParseContext): { format: number; cipher: boolean } {
  const formatStr = xpathString(el.attrs.format);
  if (formatStr === undefined) throw xmlError('unknown volume encryption format');
  const format = ENCRYPTION_FORMATS.indexOf(formatStr as never);
  if (format < 0) throw unsupportedConfig(`unknown volume encryption format type ${formatStr}`);
  propEnum(el, 'engine', ENCRYPTION_ENGINES, NONZERO);
  for (const secret of childrenNamed(el, 'secret')) {
    const type = xpathString(secret.attrs.type);
    if (type === undefined) throw xmlError('unknown volume encryption secret type');
    if (type !== 'passphrase') throw unsupportedConfig(`unknown volume encryption secret type ${type}`);
    parseSecretLookup(secret, ctx);
  }
  let cipher = false;
  if (format === ENCRYPTION_LUKS) {
    const c = child(el, 'cipher');
    if (c) {
      if (c.attrs.name === undefined) throw xmlError("cipher info missing 'name' attribute");
      propUInt(c, 'size', 10, REQUIRED);
      cipher = true;
    }
    const ivgen = child(el, 'ivgen');
    if (ivgen) {
      if (!cipher) throw xmlError('ivgen element found, but cipher is missing');
      if (ivgen.attrs.name === undefined) throw xmlError('missing ivgen info name string');
    }
  }
  return { format, cipher };
}

/** virSecurityDeviceLabelDefParseXML */
function parseSeclabels(el: XmlElement, ctx: ParseContext): { model: string | undefined; relabel: boolean }[] {
  const out: { model: string | undefined; relabel: boolean }[] = [];
  for (const sl of childrenNamed(el, 'seclabel')) {
    const model = sl.attrs.model;
    if (model !== undefined && out.some((o) => o.model === model)) {
      throw bareError(`seclabel for model ${model} is already provided`);
    }
    const given = sl.attrs.relabel !== undefined;
    const relabel = propTristateBool(sl, 'relabel') !== 2;
    parseLabelskip(sl, ctx);
    const labelEl = child(sl, 'label');
    const label = labelEl ? xpathString(labelEl.text) : undefined;
    if (label !== undefined && !relabel) throw xmlError(`Cannot specify a label if relabelling is turned off. model=${model ?? '<null>'}`);
    if (ctx.atLeast(RELABEL_NEEDS_LABEL_SINCE) && given && relabel && label === undefined) {
      throw xmlError(`Cannot specify relabel if label is missing. model=${model ?? '<null>'}`);
    }
    out.push({ model, relabel });
  }
  return out;
}

/** virStringParsePort */
function parsePort(s: string): void {
  const p = strToUIntPositive(s, 10);
  if (p === undefined) throw new DomainParseError(`invalid argument: failed to parse port number '${s}'`);
  if (p > 65535) throw new DomainParseError(`invalid argument: port '${s}' out of range`);
}

/** virDomainStorageNetworkParseHost */
function parseNetHost(host: XmlElement, ctx: ParseContext): void {
  const transports = ctx.atLeast(NET_HOST_SINCE.fd) ? HOST_TRANSPORTS_NEW : HOST_TRANSPORTS;
  const tr = host.attrs.transport;
  let transport = 0;
  if (tr !== undefined) {
    transport = transports.indexOf(tr as never);
    if (transport < 0) {
      if (ctx.atLeast(NET_HOST_SINCE.transportProp)) throw xmlError(`Invalid value for attribute 'transport' in element 'host': '${tr}'.`);
      throw unsupportedConfig(`unknown protocol transport type '${tr}'`);
    }
  }
  const socket = host.attrs.socket;
  if (transport === 1) {
    if (socket === undefined) throw xmlError('missing socket for unix transport');
    return;
  }
  if (transport === 3) {
    throw xmlError('transport \'fd\' is now allowed');
  }
  if (socket !== undefined) throw xmlError(`transport '${tr ?? 'tcp'}' does not support socket attribute`);
  if (ctx.atLeast(NET_HOST_SINCE.fd)) {
    if (host.attrs.port !== undefined) parsePort(host.attrs.port);
    if (host.attrs.name === undefined) throw xmlError('missing name for host');
  } else {
    if (host.attrs.name === undefined) throw xmlError('missing name for host');
    if (host.attrs.port !== undefined) parsePort(host.attrs.port);
  }
}

/** virDomainDiskSourceNetworkParse */
function parseNetworkSource(el: XmlElement, src: StorageSourceDef, ctx: ParseContext): void {
  src.protocol = propEnum(el, 'protocol', NET_PROTOCOLS, REQUIRED);
  src.path = el.attrs.name;
  if (src.path === undefined && src.protocol !== PROTO.nbd) throw xmlError('missing name for disk source');
  propTristateBool(el, 'tls');
  if (ctx.atLeast(DISK_SINCE.nbdReconnect) && src.protocol === PROTO.nbd) {
    const rc = child(el, 'reconnect');
    if (rc) propUInt(rc, 'delay', 10);
  }
  if (src.path !== undefined && (src.protocol === PROTO.gluster || src.protocol === PROTO.rbd)) {
    const path = src.path;
    const slash = path.indexOf('/');
    if (ctx.atLeast(DISK_SINCE.rbdNamespace)) {
      // rbd is pool/image or pool/namespace/image, gluster volume/image; the name stays whole
      const parts = src.protocol === PROTO.rbd ? splitMax(path, 3) : slash < 0 ? [path] : [path.slice(0, slash), path.slice(slash + 1)];
      if (parts.length < 2 || parts.some((p) => p === '')) {
        throw xmlError(`failed to split path '${path}' into 'pool/image' or 'pool/namespace/image' components`);
      }
    } else {
      if (slash <= 0) throw xmlError(`can't split path '${path}' into pool name and image name`);
      src.path = path.slice(slash + 1);
    }
  }
  src.snapshot = pathAttr(el, ['snapshot'], 'name');
  src.configFile = pathAttr(el, ['config'], 'file');
  for (const host of childrenNamed(el, 'host')) parseNetHost(host, ctx);
  if (src.protocol === PROTO.https || src.protocol === PROTO.ftps) {
    const ssl = child(el, 'ssl');
    if (ssl) propTristateBool(ssl, 'verify');
  }
  if (src.protocol === PROTO.http || src.protocol === PROTO.https) {
    const cookies = child(el, 'cookies');
    if (cookies) {
      const names = new Set<string>();
      for (const c of childrenNamed(cookies, 'cookie')) {
        const name = xpathString(c.attrs.name);
        if (name === undefined) throw xmlError('missing cookie name');
        if (xpathString(c.text) === undefined) throw xmlError(`missing value for cookie '${name}'`);
        if (names.has(name)) throw xmlError(`duplicate cookie '${name}'`);
        names.add(name);
      }
    }
  }
  if (src.protocol >= PROTO.http && src.protocol <= PROTO.ftps) {
    const bad = (v: string | undefined) => v !== undefined && v !== '' && strToULongLong(v, 10) === undefined;
    if (bad(pathAttr(el, ['readahead'], 'size')) || bad(pathAttr(el, ['timeout'], 'seconds'))) {
      throw xmlError('invalid readahead size or timeout');
    }
  }
  if (ctx.atLeast(DISK_SINCE.sshAuth) && src.protocol === PROTO.ssh) {
    const kh = child(el, 'knownHosts');
    if (kh && kh.attrs.path === undefined) throw xmlError("Missing required attribute 'path' in element 'knownHosts'");
    const id = child(el, 'identity');
    if (id) {
      if (id.attrs.username === undefined) throw xmlError("Missing required attribute 'username' in element 'identity'");
      if (id.attrs.keyfile === undefined && id.attrs.agentsock === undefined) {
        throw xmlError("element 'identity' requires either 'keyfile' or 'agentsock' attribute");
      }
    }
  }
}

/** g_strsplit(s, '/', max) */
function splitMax(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < max - 1) {
    const i = rest.indexOf('/');
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  out.push(rest);
  return out;
}

/** virDomainDiskSourcePoolDefParse */
function parsePool(el: XmlElement, ctx: ParseContext): { pool: string | undefined; volume: string | undefined } | undefined {
  const pool = el.attrs.pool;
  const volume = el.attrs.volume;
  if (pool === undefined && volume === undefined) return ctx.atLeast(DISK_SINCE.poolProps) ? { pool, volume } : undefined;
  if (pool === undefined || volume === undefined) throw xmlError("'pool' and 'volume' must be specified together for 'pool' type source");
  const mode = el.attrs.mode;
  if (mode !== undefined) {
    if (ctx.atLeast(DISK_SINCE.poolProps)) propEnum(el, 'mode', POOL_MODES, NONZERO);
    else if (POOL_MODES.indexOf(mode as never) <= 0) throw unsupportedConfig(`unknown source mode '${mode}' for volume type disk`);
  }
  return { pool, volume };
}

/** virDomainDiskSourceNVMeParse */
function parseNvme(el: XmlElement, src: StorageSourceDef, ctx: ParseContext): void {
  const type = el.attrs.type;
  if (type === undefined) throw xmlError("missing 'type' attribute to disk source");
  if (type !== 'pci') throw xmlError(`unsupported source type '${type}'`);
  if (ctx.atLeast(DISK_SINCE.source98)) {
    src.nvmeNamespace = propULongLong(el, 'namespace', 10, REQUIRED);
  } else {
    const ns = el.attrs.namespace;
    if (ns === undefined) throw xmlError("missing 'namespace' attribute to disk source");
    const v = strToULongLong(ns, 10);
    if (v === undefined) throw xmlError(`malformed namespace '${ns}'`);
    src.nvmeNamespace = v;
  }
  propTristateBool(el, 'managed');
  const address = child(el, 'address');
  if (!address) throw xmlError('NVMe disk source is missing address');
  parsePciHostAddress(address);
}

/** virPCIDeviceAddressParseXML for host-side addresses (NVMe, hostdev PCI sources). */
export function parsePciHostAddress(el: XmlElement): { domain: number; bus: number; slot: number; function: number } {
  const domain = propUInt(el, 'domain', 0);
  const bus = propUInt(el, 'bus', 0);
  const slot = propUInt(el, 'slot', 0);
  const fn = propUInt(el, 'function', 0);
  propTristateSwitch(el, 'multifunction');
  if (domain || bus || slot) {
    if (bus > 0xff) throw xmlError(`Invalid PCI address bus='0x${bus.toString(16)}', must be <= 0xFF`);
    if (slot > 0x1f) throw xmlError(`Invalid PCI address slot='0x${slot.toString(16)}', must be <= 0x1F`);
    if (fn > 7) throw xmlError(`Invalid PCI address function=0x${fn.toString(16)}, must be <= 7`);
  }
  return { domain, bus, slot, function: fn };
}

/** virDomainDiskSourceVHostUserParse */
function parseVhostUser(el: XmlElement): void {
  const type = el.attrs.type;
  const path = el.attrs.path;
  if (type === undefined) throw xmlError("missing 'type' attribute for vhostuser disk source");
  if (type !== 'unix') throw xmlError("invalid 'type' attribute for vhostuser disk source");
  if (path === undefined) throw xmlError("missing 'path' attribute for vhostuser disk source");
  const reconnect = child(el, 'reconnect');
  if (reconnect) parseReconnect(reconnect);
}

/** virDomainChrSourceReconnectDefParseXML */
function parseReconnect(el: XmlElement): void {
  if (propTristateBool(el, 'enabled') === 1) propUInt(el, 'timeout', 10, REQUIRED);
}

/** virStoragePRDefParseXML */
function parseReservations(el: XmlElement, ctx: ParseContext): Tristate {
  const managed = propTristateBool(el, 'managed', REQUIRED);
  let migration: Tristate = 0;
  if (ctx.atLeast(DISK_SINCE.reservationsMigration)) migration = propTristateBool(el, 'migration');
  const source = child(el, 'source');
  const type = xpathString(source?.attrs.type);
  const path = xpathString(source?.attrs.path);
  const mode = xpathString(source?.attrs.mode);
  if (managed === 2 || type || path || mode) {
    if (!type) throw xmlError('missing connection type for <reservations/>');
    if (!path) throw xmlError('missing path for <reservations/>');
    if (!mode) throw xmlError('missing connection mode for <reservations/>');
  }
  if (type && type !== 'unix') throw xmlError(`unsupported connection type for <reservations/>: ${type}`);
  if (mode && mode !== 'client') throw xmlError(`unsupported connection mode for <reservations/>: ${mode}`);
  return migration;
}

interface SourceExtras { reservationsMigration: Tristate | undefined }

/** virDomainStorageSourceParse on a `<source>` element (type already set). */
function parseStorageSource(el: XmlElement, src: StorageSourceDef, ctx: ParseContext, extras: SourceExtras | undefined): void {
  switch (src.type) {
    case STORAGE_TYPE.file: src.path = el.attrs.file; src.fdgroup = el.attrs.fdgroup; break;
    case STORAGE_TYPE.block: case STORAGE_TYPE.ctl: src.path = el.attrs.dev; break;
    case STORAGE_TYPE.dir: src.path = el.attrs.dir; break;
    case STORAGE_TYPE.network: parseNetworkSource(el, src, ctx); break;
    case STORAGE_TYPE.volume: src.pool = parsePool(el, ctx); break;
    case STORAGE_TYPE.nvme: parseNvme(el, src, ctx); break;
    case STORAGE_TYPE.vhostuser: parseVhostUser(el); break;
    case STORAGE_TYPE.vhostvdpa:
      if (el.attrs.dev === undefined) throw xmlError("Missing required attribute 'dev' in element 'source'");
      break;
    default: throw internalError(`unexpected disk type ${STORAGE_TYPES[src.type]}`);
  }
  const auth = child(el, 'auth');
  if (auth) src.auth = parseAuth(auth, ctx);
  const enc = child(el, 'encryption');
  if (enc) src.encryption = parseEncryption(enc, ctx);
  const pr = child(el, 'reservations');
  if (pr) {
    src.pr = true;
    const migration = parseReservations(pr, ctx);
    if (extras) extras.reservationsMigration = migration;
  }
  const slices = child(el, 'slices');
  const slice = slices?.children.find((c) => c.name === 'slice' && c.attrs.type === 'storage');
  if (slice) {
    const offset = xpathString(slice.attrs.offset);
    const size = xpathString(slice.attrs.size);
    if (offset === undefined || size === undefined) throw xmlError('missing offset or size attribute of slice');
    if (strToULongLongPositive(offset, 10) === undefined) throw xmlError(`malformed value '${offset}' of 'offset' attribute of slice`);
    if (strToULongLongPositive(size, 10) === undefined) throw xmlError(`malformed value '${size}' of 'size' attribute of slice`);
    src.slice = true;
  }
  src.seclabels = parseSeclabels(el, ctx);
  if (ctx.atLeast(DISK_SINCE.dataStore)) {
    const ds = child(el, 'dataStore');
    if (ds) parseDataStore(ds, ctx);
  }
  if (src.path === '') src.path = undefined;
}

/** virDomainDiskDataStoreParse (11.x): only its rejections. */
function parseDataStore(el: XmlElement, ctx: ParseContext): void {
  // virDomainStorageSourceParseDataStore: type, then format, then source
  const type = el.attrs.type;
  if (type === undefined) throw xmlError("Missing required attribute 'type' in element 'dataStore'");
  const format = pathAttr(el, ['format'], 'type');
  if (!format) throw xmlError('missing data file store format');
  const source = child(el, 'source');
  if (!source) throw xmlError('missing disk data file store source');
  // a live parse reads the node index from the data file's <source>, as for a mirror
  const s = parseStorageSourceBase(type, format, ctx, ctx.live ? xpathString(source.attrs.index) : undefined);
  parseStorageSource(source, s, ctx, undefined);
}

/** virDomainStorageSourceParseBase */
function parseStorageSourceBase(type: string | undefined, format: string | undefined, ctx: ParseContext, index?: string): StorageSourceDef {
  const src = newSource();
  if (type !== undefined) {
    const t = storageTypes(ctx).indexOf(type);
    if (t <= 0) throw xmlError(`unknown storage source type '${type}'`);
    src.type = t;
  }
  if (format !== undefined) {
    const f = STORAGE_FORMATS.indexOf(format as never);
    if (f <= 0) throw xmlError(`unknown storage source format '${format}'`);
    src.format = f;
  }
  if (index !== undefined && strToUIntPositive(index, 10) === undefined) throw xmlError(`invalid storage source index '${index}'`);
  return src;
}

/** virDomainDiskBackingStoreParse, on the element holding `<backingStore>`. */
function parseBackingStore(parent: XmlElement, src: StorageSourceDef, ctx: ParseContext): void {
  const bs = child(parent, 'backingStore');
  if (!bs) return;
  const type = bs.attrs.type;
  if (type === undefined) { src.backingStore = newSource(); return; }
  const format = pathAttr(bs, ['format'], 'type');
  if (format === undefined) throw xmlError('missing disk backing store format');
  const source = child(bs, 'source');
  if (!source) throw xmlError('missing disk backing store source');
  // the node index of the running guest's backing chain
  const backing = parseStorageSourceBase(type, format, ctx, ctx.live ? bs.attrs.index : undefined);
  backing.metadataCacheMaxSize = parseScaledValue(xpathText(bs, 'format', 'metadata_cache', 'max_size'),
    pathAttr(bs, ['format', 'metadata_cache', 'max_size'], 'unit'), './format/metadata_cache/max_size', 1n, ULLONG_MAX, false) ?? 0n;
  backing.readonly = true;
  parseStorageSource(source, backing, ctx, undefined);
  if (ctx.atLeast(DISK_SINCE.dataStore)) {
    const ds = child(bs, 'dataStore');
    if (ds) parseDataStore(ds, ctx);
  }
  parseBackingStore(bs, backing, ctx);
  src.backingStore = backing;
}

/** virDomainDiskDefParseSourceXML */
function parseDiskSource(el: XmlElement, ctx: ParseContext, extras: SourceExtras): StorageSourceDef {
  const src = newSource();
  src.type = propEnum(el, 'type', storageTypes(ctx), NONZERO, STORAGE_TYPE.file);
  const source = child(el, 'source');
  if (source) {
    parseStorageSource(source, src, ctx, extras);
    const index = ctx.live ? source.attrs.index : undefined;
    if (index !== undefined && strToUIntPositive(index, 10) === undefined) throw xmlError(`invalid disk index '${index}'`);
  } else src.type = STORAGE_TYPE.file;
  if (child(el, 'readonly')) src.readonly = true;
  if (child(el, 'shareable')) src.shared = true;
  const auth = child(el, 'auth');
  if (auth) {
    if (src.auth) throw unsupportedConfig('an <auth> definition already found for disk source');
    src.auth = parseAuth(auth, ctx);
  }
  const enc = child(el, 'encryption');
  if (enc) {
    if (src.encryption) throw unsupportedConfig('an <encryption> definition already found for disk source');
    src.encryption = parseEncryption(enc, ctx);
  }
  parseBackingStore(el, src, ctx);
  return src;
}

/** virDomainDiskDefIotuneParse: which fields are set (non-zero). */
function parseIotune(el: XmlElement): DiskDef['iotune'] {
  // most disks have no <iotune>: nothing to read, every limit unset
  if (!child(el, 'iotune')) return { any: false, groupName: undefined, conflict: undefined };
  const v: Record<string, bigint> = {};
  for (const f of IOTUNE_FIELDS) {
    const raw = xpathText(el, 'iotune', f);
    let n = 0n;
    if (raw !== undefined) {
      const p = strToULongLong(raw, 10);
      if (p === undefined) throw xmlError(`disk iotune field '${f}' must be an integer`);
      n = p;
    }
    v[f] = n;
  }
  return { any: IOTUNE_FIELDS.some((f) => v[f] !== 0n), groupName: xpathText(el, 'iotune', 'group_name'), conflict: iotuneConflict(v) };
}

export function parseDisk(el: XmlElement, ctx: ParseContext): DiskDef {
  const extras: SourceExtras = { reservationsMigration: undefined };
  const src = parseDiskSource(el, ctx, extras);
  const device = propEnum(el, 'device', DISK_DEVICES, {}, DISK_DEVICE.disk);
  const model = propEnum(el, 'model', ctx.atLeast('12.8.0') ? DISK_MODELS : DISK_MODELS_OLD);
  const snapshot = propEnum(el, 'snapshot', SNAPSHOT_LOCATIONS, NONZERO);
  const rawio = propTristateBool(el, 'rawio');
  const sgio = propEnum(el, 'sgio', SGIO, NONZERO);
  const sourceEl = child(el, 'source');
  const startupPolicy = sourceEl ? propEnum(sourceEl, 'startupPolicy', STARTUP_POLICIES, NONZERO) : 0;
  const target = child(el, 'target');
  let dst: string | undefined;
  let bus = 0, tray = 0, rotationRate = 0;
  let removable: Tristate = 0, dpofua: Tristate = 0;
  if (target) {
    dst = target.attrs.dev;
    bus = propEnum(target, 'bus', ctx.atLeast(DISK_SINCE.nvme) ? DISK_BUSES : DISK_BUSES_OLD, NONZERO);
    tray = propEnum(target, 'tray', TRAY);
    // 12.x tells tray='closed' from no tray
    if (ctx.atLeast('12.8.0') && target.attrs.tray !== undefined) tray = 1;
    removable = propTristateSwitch(target, 'removable');
    if (ctx.atLeast(DISK_SINCE.rotationRate)) rotationRate = propUInt(target, 'rotation_rate', 10);
    if (ctx.atLeast(DISK_SINCE.dpofua)) dpofua = propTristateSwitch(target, 'dpofua');
  }
  const geometry = { cylinders: 0, heads: 0, sectors: 0, trans: 0 };
  const geom = child(el, 'geometry');
  if (geom) {
    geometry.cylinders = propUInt(geom, 'cyls', 10);
    geometry.heads = propUInt(geom, 'heads', 10);
    geometry.sectors = propUInt(geom, 'secs', 10);
    geometry.trans = propEnum(geom, 'trans', GEOMETRY_TRANS, NONZERO);
  }
  const blockio = { logical: 0, physical: 0, discardGranularity: 0, discardGranularitySet: false };
  const bio = child(el, 'blockio');
  if (bio) {
    blockio.logical = propUInt(bio, 'logical_block_size', 10);
    blockio.physical = propUInt(bio, 'physical_block_size', 10);
    if (ctx.atLeast(DISK_SINCE.source98)) {
      blockio.discardGranularity = propUInt(bio, 'discard_granularity', 10);
      blockio.discardGranularitySet = bio.attrs.discard_granularity !== undefined;
    }
  }
  const driver = child(el, 'driver');
  const virtio = parseVirtioOptions(driver, ctx);
  let cachemode = 0, errorPolicy = 0, rerrorPolicy = 0, iomode = 0, discard = 0, iothread = 0, detectZeroes = 0, queues = 0, queueSize = 0;
  let ioeventfd: Tristate = 0, eventIdx: Tristate = 0, copyOnRead: Tristate = 0, discardNoUnref: Tristate = 0;
  let iothreads = false;
  if (driver) {
    cachemode = propEnum(driver, 'cache', CACHE);
    errorPolicy = propEnum(driver, 'error_policy', ERROR_POLICIES, NONZERO);
    rerrorPolicy = propEnum(driver, 'rerror_policy', ERROR_POLICIES, NONZERO);
    if (rerrorPolicy === 4) throw unsupportedConfig("Invalid disk read error policy: 'enospace'");
    iomode = propEnum(driver, 'io', IO, NONZERO);
    ioeventfd = propTristateSwitch(driver, 'ioeventfd');
    eventIdx = propTristateSwitch(driver, 'event_idx');
    copyOnRead = propTristateSwitch(driver, 'copy_on_read');
    discard = propEnum(driver, 'discard', DISCARD, NONZERO);
    iothread = propUInt(driver, 'iothread', 10, NONZERO);
    if (ctx.atLeast(DISK_SINCE.iothreadMapping)) iothreads = parseIothreadMapping(driver);
    detectZeroes = propEnum(driver, 'detect_zeroes', DETECT_ZEROES, NONZERO);
    queues = propUInt(driver, 'queues', 10);
    if (ctx.atLeast(DISK_SINCE.queueSize)) queueSize = propUInt(driver, 'queue_size', 10);
    if (ctx.atLeast(DISK_SINCE.discardNoUnref)) discardNoUnref = propTristateSwitch(driver, 'discard_no_unref');
    if (ctx.atLeast('12.8.0')) parseStatistics(driver);
    // virDomainDiskDefDriverSourceParseXML
    const fmt = driver.attrs.type;
    if (fmt !== undefined) {
      if (fmt === 'aio') src.format = FORMAT_RAW;
      else {
        const f = STORAGE_FORMATS.indexOf(fmt as never);
        if (f <= 0) throw unsupportedConfig(`unknown driver format value '${fmt}'`);
        src.format = f;
      }
    }
    src.metadataCacheMaxSize = parseScaledValue(xpathText(driver, 'metadata_cache', 'max_size'),
      pathAttr(driver, ['metadata_cache', 'max_size'], 'unit'), './metadata_cache/max_size', 1n, ULLONG_MAX, false) ?? 0n;
  }
  // a running block job's target: live XML only, and not part of the ABI
  const mirror = ctx.live ? child(el, 'mirror') : undefined;
  if (mirror) parseMirror(mirror, ctx);
  const transientEl = child(el, 'transient');
  if (transientEl) propTristateBool(transientEl, 'shareBacking');
  const iotune = parseIotune(el);
  const throttleFilters = ctx.atLeast(DISK_SINCE.throttleFilters) ? parseThrottleFilters(el) : [];
  const info = parseDeviceInfo(el, ctx, { allowBoot: true });
  return {
    device, bus, dst, model, rotationRate, removable, dpofua, queues, queueSize,
    serial: xpathString(child(el, 'serial')?.text), wwn: xpathString(child(el, 'wwn')?.text),
    vendor: xpathString(child(el, 'vendor')?.text), product: xpathString(child(el, 'product')?.text),
    reservationsMigration: ctx.atLeast(DISK_SINCE.reservationsMigration) && src.pr ? extras.reservationsMigration : undefined,
    blockio, src, snapshot, rawio, sgio, startupPolicy, tray, cachemode, errorPolicy, rerrorPolicy, iomode, ioeventfd,
    eventIdx, copyOnRead, discard, iothread, iothreads, detectZeroes, discardNoUnref, transient: !!transientEl, geometry, iotune, throttleFilters,
    info, virtio,
  };
}

const missingGroup = () => xmlError("Missing required attribute 'group' in element 'throttlefilter'");

/**
 * virDomainDiskDefThrottleFiltersParse. A filter without `group` is reported and parsing goes on;
 * libvirt then compares that NULL name with the disk's other filters and crashes (SIGSEGV, 11.3.0
 * to 12.9.0), so here the error it reported stands.
 */
function parseThrottleFilters(el: XmlElement): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (const f of nodeSet(el, 'throttlefilters', 'throttlefilter')) {
    const name = f.attrs.group;
    if (names.length > 0 && (name === undefined || names.includes(undefined))) throw missingGroup();
    if (name !== undefined && names.includes(name)) throw xmlError(`duplicate filter name '${name}' found`);
    names.push(name);
  }
  return names;
}

/** virDomainBlockJobType: only copy and active-commit jobs have a mirror */
const MIRROR_JOBS = ['', '', 'copy', '', 'active-commit', ''];
const MIRROR_JOB_COPY = 2;
const MIRROR_STATES = ['none', 'yes', 'abort', 'pivot'];

/** virDomainDiskDefMirrorParse: only its rejections. */
function parseMirror(el: XmlElement, ctx: ParseContext): void {
  let job = MIRROR_JOB_COPY;
  const jobName = el.attrs.job;
  if (jobName !== undefined) {
    job = MIRROR_JOBS.indexOf(jobName);
    if (job <= 0) throw unsupportedConfig(`unknown mirror job type '${jobName}'`);
  }
  const type = el.attrs.type;
  if (type !== undefined) {
    const mirror = parseStorageSourceBase(type, xpathString(pathAttr(el, ['format'], 'type')), ctx, xpathString(pathAttr(el, ['source'], 'index')));
    const source = child(el, 'source');
    if (!source) throw xmlError('mirror requires source element');
    parseStorageSource(source, mirror, ctx, undefined);
    parseBackingStore(el, mirror, ctx);
  } else {
    if (job !== MIRROR_JOB_COPY) throw xmlError('mirror without type only supported by copy job');
    parseStorageSourceBase(undefined, el.attrs.format, ctx);
    // the old syntax names the file in an attribute
    if (el.attrs.file === undefined) throw xmlError('mirror requires file name');
  }
  const ready = el.attrs.ready;
  if (ready !== undefined && !MIRROR_STATES.includes(ready)) throw xmlError(`unknown mirror ready state ${ready}`);
  parseScaledValue(xpathText(el, 'format', 'metadata_cache', 'max_size'),
    pathAttr(el, ['format', 'metadata_cache', 'max_size'], 'unit'), './format/metadata_cache/max_size', 1n, ULLONG_MAX, false);
}

const HISTOGRAM_TYPES = ['read', 'write', 'zone', 'flush'];

/** `<driver><statistics>` (12.x): intervals and latency histograms. */
function parseStatistics(driver: XmlElement): void {
  const stats = child(driver, 'statistics');
  if (!stats) return;
  for (const st of childrenNamed(stats, 'statistic')) propUInt(st, 'interval', 10, REQUIRED_NONZERO);
  const seen = new Set<string>();
  for (const h of childrenNamed(stats, 'latency-histogram')) {
    const type = h.attrs.type;
    if (type !== undefined && !HISTOGRAM_TYPES.includes(type)) throw unsupportedConfig(`unknown latency_histogram type '${type}'`);
    const key = type ?? '';
    if (seen.has(key)) throw unsupportedConfig('only one latency-histogram of a given type is supported');
    seen.add(key);
    const bins = childrenNamed(h, 'bin');
    let prev = -1n;
    for (const b of bins) {
      const start = propULongLong(b, 'start', 10, REQUIRED);
      if (start <= prev) {
        throw unsupportedConfig("the values of 'start' attribute of a 'latency-histogram' 'bin' configuration must be sorted and non-overlapping");
      }
      prev = start;
    }
    if (!bins.length) throw xmlError("missing 'bin' elements for 'latency-histogram'");
  }
}

/** virDomainIothreadMappingDefParse (11.x) */
function parseIothreadMapping(driver: XmlElement): boolean {
  const its = child(driver, 'iothreads');
  if (!its) return false;
  for (const it of childrenNamed(its, 'iothread')) {
    propUInt(it, 'id', 10, REQUIRED);
    for (const q of childrenNamed(it, 'queue')) propUInt(q, 'id', 10, REQUIRED);
  }
  return true;
}

/** virDiskNameToIndex: "sda" -> 0, "hdz" -> 25, "vdaa" -> 26; -1 when not a disk name. */
export function diskNameToIndex(name: string | undefined): number {
  if (name === undefined) return -1;
  let p = -1;
  for (const prefix of ['fd', 'hd', 'vd', 'sd', 'xvd', 'ubd']) {
    if (name.startsWith(prefix)) { p = prefix.length; break; }
  }
  if (p < 0) return -1;
  const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
  if (!isLower(name[p])) return -1;
  let idx = 0;
  for (let i = 0; p < name.length && isLower(name[p]); i++, p++) {
    idx = ((idx + (i < 1 ? 0 : 1)) * 26 + (name.charCodeAt(p) - 97)) | 0;
  }
  for (; p < name.length; p++) if (name[p] < '0' || name[p] > '9') return -1;
  return idx;
}

/** virDomainDiskInsert: keeps disks of one bus in drive-index order (bus as parsed, before defaults). */
export function insertDisk(disks: DiskDef[], disk: DiskDef): void {
  let insertAt = -1;
  const newIdx = diskNameToIndex(disk.dst);
  for (let i = disks.length - 1; i >= 0; i--) {
    const d = disks[i];
    if (d.bus === disk.bus && d.dst !== undefined && disk.dst !== undefined && diskNameToIndex(d.dst) > newIdx) {
      insertAt = i;
    } else if (d.bus === disk.bus && insertAt === -1) {
      insertAt = i + 1;
    }
  }
  if (insertAt < 0) disks.push(disk);
  else disks.splice(insertAt, 0, disk);
}

export function isEmptySource(src: StorageSourceDef): boolean {
  const local = src.type === STORAGE_TYPE.file || src.type === STORAGE_TYPE.block || src.type === STORAGE_TYPE.dir || src.type === STORAGE_TYPE.ctl;
  if (local && src.path === undefined) return true;
  if (src.type === STORAGE_TYPE.none) return true;
  return src.type === STORAGE_TYPE.network && src.protocol === PROTO.none;
}

/** virDomainDiskGetSource, as NULLSTR prints it. */
export function diskSourceName(d: DiskDef): string {
  return d.src.path ?? '<null>';
}

/** virDomainDiskDefPostParse minus the address assignment (done by the caller with the domain). */
export function postParseDisk(disk: DiskDef, ctx: ParseContext): void {
  if (disk.dst?.startsWith('ioemu:')) disk.dst = disk.dst.slice(6);
  if (disk.device === DISK_DEVICE.cdrom) disk.src.readonly = true;
  if (disk.bus === DISK_BUS.none) {
    disk.bus = DISK_BUS.ide;
    if (disk.device === DISK_DEVICE.floppy) disk.bus = DISK_BUS.fdc;
    else if (disk.dst !== undefined) {
      const d = disk.dst;
      if (d.startsWith('hd')) disk.bus = DISK_BUS.ide;
      else if (d.startsWith('sd')) disk.bus = DISK_BUS.scsi;
      else if (d.startsWith('vd')) disk.bus = DISK_BUS.virtio;
      else if (d.startsWith('xvd')) disk.bus = DISK_BUS.xen;
      else if (d.startsWith('ubd')) disk.bus = DISK_BUS.uml;
      else if (ctx.atLeast(DISK_SINCE.nvme) && d.startsWith('nvme')) disk.bus = DISK_BUS.nvme;
    }
  }
  if (disk.snapshot === 0 && disk.src.readonly) disk.snapshot = SNAPSHOT_NO;
  if (disk.src.type === STORAGE_TYPE.vhostuser && disk.snapshot === 0) disk.snapshot = SNAPSHOT_NO;
  // virDomainDeviceDefPostParseCheckFeatures: the generic parser lacks VIR_DOMAIN_DEF_FEATURE_DISK_FD
  if (disk.src.fdgroup !== undefined) throw unsupportedConfig(`driver does not support FD passing for disk '${disk.dst}'`);
}

/** Address as a drive address, if it is one. */
export function driveAddress(info: DiskDef['info']): { controller: number; bus: number; target: number; unit: number } | undefined {
  return info.address.type === 'drive' ? info.address : undefined;
}

/** virDomainDiskDefAssignAddress; `scsiHostdevUses` tells whether a SCSI hostdev holds a drive address. */
/** 12.x NVMe names: nvme<controller>n<namespace>[p...], namespace from 1. */
function parseNvmeName(name: string): { controller: number; index: number } | undefined {
  const m = NVME_NAME.exec(name);
  if (!m) return undefined;
  const controller = strToUInt(m[1], 10);
  const ns = strToUInt(m[2], 10);
  if (controller === undefined || ns === undefined || ns === 0) return undefined;
  return { controller, index: ns - 1 };
}

export function assignDiskAddress(disk: DiskDef, scsiHostdevUses: (c: number, b: number, t: number, u: number) => boolean, ctx: ParseContext): void {
  let idx = diskNameToIndex(disk.dst);
  let nvmeController = 0;
  if (ctx.atLeast(DISK_SINCE.nvme) && disk.dst?.startsWith('nvme')) {
    const n = parseNvmeName(disk.dst);
    if (n) { idx = n.index; nvmeController = n.controller; }
  }
  if (idx < 0) throw xmlError(`Unknown disk name '${disk.dst}' and no address specified`);
  switch (disk.bus) {
    case DISK_BUS.scsi: {
      const controller = Math.trunc(idx / 7);
      const unit = idx % 7;
      if (scsiHostdevUses(controller, 0, 0, unit)) {
        throw unsupportedConfig(`using disk target name '${disk.dst}' conflicts with SCSI host device address controller='${controller}' bus='0' target='0' unit='${unit}`);
      }
      disk.info.address = { type: 'drive', controller, bus: 0, target: 0, unit };
      break;
    }
    case DISK_BUS.ide:
      disk.info.address = { type: 'drive', controller: Math.trunc(idx / 4), bus: Math.trunc((idx % 4) / 2), target: 0, unit: idx % 2 };
      break;
    case DISK_BUS.sata:
      disk.info.address = { type: 'drive', controller: Math.trunc(idx / 6), bus: 0, target: 0, unit: idx % 6 };
      break;
    case DISK_BUS.fdc:
      disk.info.address = { type: 'drive', controller: Math.trunc(idx / 2), bus: 0, target: 0, unit: idx % 2 };
      break;
    case DISK_BUS.nvme:
      disk.info.address = { type: 'drive', controller: nvmeController, bus: 0, target: 0, unit: idx };
      break;
    default:
      break;
  }
}

const SECRET_USAGES = ['none', 'volume', 'ceph', 'iscsi', 'tls', 'vtpm'] as const;

/** virDomainDiskDefValidateSourceChainOne */
function validateSourceOne(src: StorageSourceDef, ctx: ParseContext): void {
  if (ctx.atLeast('11.3.0') && src.type === STORAGE_TYPE.network && src.protocol === PROTO.sheepdog) {
    throw unsupportedConfig("'sheepdog' protocol is no longer supported by any hypervisor driver");
  }
  if (src.type === STORAGE_TYPE.network && src.auth) {
    switch (src.protocol) {
      case PROTO.nbd: case PROTO.sheepdog: case PROTO.gluster: case PROTO.tftp: case PROTO.vxhs: case PROTO.nfs:
        throw unsupportedConfig(`authentication is not supported for protocol '${NET_PROTOCOLS[src.protocol]}'`);
      default: break;
    }
    const usage = src.auth.secretType === undefined ? -1 : SECRET_USAGES.indexOf(src.auth.secretType as never);
    if (usage < 0) throw unsupportedConfig(`unknown secret type '${src.auth.secretType ?? '<null>'}'`);
    if ((src.protocol === PROTO.iscsi && usage !== 3) || (src.protocol === PROTO.rbd && usage !== 2)) {
      throw unsupportedConfig(`invalid secret type '${SECRET_USAGES[usage]}'`);
    }
  }
  if (src.encryption && src.encryption.format === ENCRYPTION_LUKS && src.encryption.cipher) {
    throw unsupportedConfig('supplying <cipher> for domain disk definition is unnecessary');
  }
  if (src.type !== STORAGE_TYPE.network && src.protocol !== PROTO.rbd) {
    if (src.snapshot !== undefined) throw xmlError("<snapshot> element is currently supported only with 'rbd' disks");
    if (src.configFile !== undefined) throw xmlError("<config> element is currently supported only with 'rbd' disks");
  }
}

const HEX16 = /^[0-9a-fA-F]{16}$/;
const NVME_NAME = /^nvme([ \t\n\v\f\r]*[+-]?[0-9]+)n([ \t\n\v\f\r]*[+-]?[0-9]+)(?:p.*)?$/s;

/** virValidateWWN */
function validateWwn(wwn: string): void {
  const rest = wwn.startsWith('0x') ? wwn.slice(2) : wwn;
  if (!HEX16.test(rest)) {
    throw internalError(`Malformed wwn: ${wwn}`);
  }
}

function isPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * virDomainDiskDefValidate, the generic part (no hypervisor callbacks). `domainSeclabels` are the
 * domain-level <seclabel> models with their relabel flag (for disk label overrides).
 */
/** UNPINNED: libvirt commit e919a4dd (11.6.0) still rejects, 12.8.0 accepts (measured); 12.0.0 stands for 11.6.0..12.8.0. */
const RELABEL_OFF_OVERRIDE_ALLOWED_SINCE = '12.0.0';

export function validateDisk(disk: DiskDef, ctx: ParseContext, domainSeclabels: readonly { model: string | undefined; relabel: boolean }[], throttleGroups: readonly string[]): void {
  if (disk.dst === undefined) {
    if (disk.src.pool) throw bareError(`missing target information for device pool = '${disk.src.pool.pool ?? '(null)'}', volume = '${disk.src.pool.volume ?? '(null)'}'`);
    throw bareError(disk.src.path !== undefined ? `missing target information for device ${disk.src.path}` : 'missing target information for device');
  }
  for (let s: StorageSourceDef | undefined = disk.src; s; s = s.backingStore) validateSourceOne(s, ctx);
  if (disk.sgio === 2 && ctx.atLeast(SGIO_UNFILTERED_REJECTED_SINCE)) throw unsupportedConfig('unfiltered sgio is no longer supported');
  if (disk.device === DISK_DEVICE.lun) {
    const src = disk.src;
    if (src.type === STORAGE_TYPE.network) {
      if (src.protocol !== PROTO.iscsi) throw unsupportedConfig(`disk device='lun' is not supported for protocol='${NET_PROTOCOLS[src.protocol]}'`);
    } else if (src.type !== STORAGE_TYPE.block && src.type !== STORAGE_TYPE.volume) {
      throw unsupportedConfig("disk device='lun' is only valid for block type disk source");
    }
    if (src.format !== FORMAT_RAW && src.format !== 0) throw unsupportedConfig("disk device 'lun' must use 'raw' format");
    if (src.slice) throw unsupportedConfig("disk device 'lun' doesn't support storage slice");
    if (src.encryption && src.encryption.format !== 0) throw unsupportedConfig("disk device 'lun' doesn't support encryption");
    const b = disk.blockio;
    if (ctx.atLeast('12.8.0') && (b.logical > 0 || b.physical > 0 || b.discardGranularitySet)) {
      throw unsupportedConfig("blockio is not supported with device='lun'");
    }
  } else {
    if (disk.src.pr) throw unsupportedConfig('<reservations/> allowed only for lun devices');
    if (disk.rawio !== 0) throw unsupportedConfig("rawio can be used only with device='lun'");
    if (disk.sgio !== 0) throw unsupportedConfig("sgio can be used only with device='lun'");
  }
  if (disk.iotune.conflict !== undefined) throw bareError(disk.iotune.conflict);
  const atype = disk.info.address.type;
  const driveBus = disk.bus === DISK_BUS.ide || disk.bus === DISK_BUS.fdc || disk.bus === DISK_BUS.scsi || disk.bus === DISK_BUS.sata || disk.bus === DISK_BUS.nvme;
  if (atype !== 'none' && driveBus && atype !== 'drive') {
    throw unsupportedConfig(`Invalid address type '${atype}' for the disk '${disk.dst}' with the bus type '${DISK_BUSES[disk.bus]}'`);
  }
  if (disk.bus !== DISK_BUS.virtio) {
    if (disk.model >= 1 && disk.model <= 3) {
      throw unsupportedConfig(`disk model '${DISK_MODELS[disk.model]}' not supported for bus '${DISK_BUSES[disk.bus]}'`);
    }
    // 12.x moved the queue checks to the qemu driver
    if (!ctx.atLeast('12.8.0')) {
      if (disk.queues) {
        throw unsupportedConfig(ctx.atLeast(DISK_SINCE.source98)
          ? 'queues attribute in disk driver element is only supported for virtio bus'
          : 'queues attribute in disk driver element is only supported by virtio-blk');
      }
      if (ctx.atLeast(DISK_SINCE.source98) && disk.queueSize) throw unsupportedConfig('queue_size attribute in disk driver is only supported for virtio bus');
    }
    if (disk.eventIdx !== 0) throw unsupportedConfig('disk event_idx mode supported only for virtio bus');
    if (disk.ioeventfd !== 0) throw unsupportedConfig('disk ioeventfd mode supported only for virtio bus');
    checkVirtioOptionsAbsent(disk.virtio);
  }
  if (disk.src.type === STORAGE_TYPE.nvme && disk.src.nvmeNamespace === 0n) throw unsupportedConfig("NVMe namespace can't be zero");
  if (disk.src.type === STORAGE_TYPE.vhostuser) validateVhostUser(disk, ctx);
  for (let s: StorageSourceDef | undefined = disk.src; s; s = s.backingStore) {
    for (const sl of s.seclabels) {
      // probed: 12.8.0 no longer objects to an override that itself turns relabelling off
      if (!sl.relabel && ctx.atLeast(RELABEL_OFF_OVERRIDE_ALLOWED_SINCE)) continue;
      for (const vm of domainSeclabels) {
        if (vm.model !== sl.model) continue;
        if (!vm.relabel) throw unsupportedConfig('label overrides require relabeling to be enabled at the domain level');
      }
    }
  }
  if (disk.tray && disk.device !== DISK_DEVICE.floppy && disk.device !== DISK_DEVICE.cdrom) {
    throw unsupportedConfig('tray is only valid for cdrom and floppy');
  }
  if (disk.vendor !== undefined) {
    if (!isPrintable(disk.vendor)) throw xmlError('disk vendor is not printable string');
    if (disk.vendor.length > 8) throw unsupportedConfig('disk vendor is more than 8 characters');
  }
  if (disk.product !== undefined) {
    const len = ctx.atLeast(DISK_SINCE.longProduct) && disk.bus !== DISK_BUS.scsi ? 40 : 16;
    if (!isPrintable(disk.product)) throw xmlError('disk product is not printable string');
    if (disk.product.length > len) throw unsupportedConfig(`disk product is more than ${len} characters`);
  }
  if (disk.device === DISK_DEVICE.floppy && disk.bus !== DISK_BUS.fdc) {
    throw internalError(`Invalid bus type '${DISK_BUSES[disk.bus]}' for floppy disk`);
  }
  if (disk.device !== DISK_DEVICE.floppy && disk.bus === DISK_BUS.fdc) {
    throw internalError(`Invalid bus type '${DISK_BUSES[disk.bus]}' for disk`);
  }
  if (disk.removable !== 0 && disk.bus !== DISK_BUS.usb) {
    if (!ctx.atLeast(DISK_SINCE.removableScsi)) throw xmlError('removable is only valid for usb disks');
    if (!(disk.bus === DISK_BUS.scsi && disk.device === DISK_DEVICE.disk)) throw xmlError('removable is only valid for usb or scsi disks');
  }
  if (disk.startupPolicy !== 0) {
    const src = disk.src;
    const local = src.type === STORAGE_TYPE.file || src.type === STORAGE_TYPE.block || src.type === STORAGE_TYPE.dir;
    if (src.type !== STORAGE_TYPE.volume && !local) {
      throw xmlError(`disk startupPolicy '${STARTUP_POLICIES[disk.startupPolicy]}' is not allowed for disk of '${STORAGE_TYPES[src.type]}' type`);
    }
    if (disk.device !== DISK_DEVICE.cdrom && disk.device !== DISK_DEVICE.floppy && disk.startupPolicy === 2) {
      throw xmlError("disk startupPolicy 'requisite' is allowed only for cdrom or floppy");
    }
  }
  if (disk.wwn !== undefined) validateWwn(disk.wwn);
  const d = disk.dst;
  if ((disk.device === DISK_DEVICE.disk || disk.device === DISK_DEVICE.lun) &&
    !d.startsWith('hd') && !d.startsWith('sd') && !d.startsWith('vd') && !d.startsWith('xvd') && !d.startsWith('ubd') &&
    !(ctx.atLeast(DISK_SINCE.nvme) && d.startsWith('nvme'))) {
    throw internalError(`Invalid harddisk device name: ${d}`);
  }
  if (disk.device === DISK_DEVICE.floppy && !d.startsWith('fd')) throw internalError(`Invalid floppy device name: ${d}`);
  if (isEmptySource(disk.src) && disk.device === DISK_DEVICE.disk) throw bareError(`missing source information for device ${d}`);
  if (ctx.atLeast(DISK_SINCE.discardNoUnref) && disk.discardNoUnref === 1) {
    if (disk.src.format !== FORMAT_QCOW2) throw unsupportedConfig("'discard_no_unref' only works with qcow2 disk format");
    if (disk.src.readonly) throw unsupportedConfig("'discard_no_unref' is not compatible with read-only disk");
  }
  if (ctx.atLeast(DISK_SINCE.iothreadMapping) && disk.iothread && disk.iothreads) {
    throw xmlError("disk driver 'iothread' attribute can't be used together with 'iothreads' subelement");
  }
  if (disk.throttleFilters.length > 0) validateThrottleFilters(disk, throttleGroups);
  if (ctx.atLeast(DISK_SINCE.dpofua) && disk.dpofua !== 0 && disk.bus !== DISK_BUS.scsi) {
    throw unsupportedConfig("'dpofua' option is available only for SCSI disks");
  }
}

/** virDomainDiskDefValidate's throttle filter checks (libvirt words two of them as an unsupported operation). */
function validateThrottleFilters(disk: DiskDef, groups: readonly string[]): void {
  if (disk.iotune.groupName !== undefined || disk.iotune.any) {
    throw bareError(`Operation not supported: block 'throttlefilters' can't be used together with 'iotune' for disk '${disk.dst}'`);
  }
  if (disk.device === DISK_DEVICE.cdrom) throw bareError("Operation not supported: cdrom device with throttle filters isn't supported");
  for (const name of disk.throttleFilters) {
    if (name !== undefined && groups.includes(name)) continue;
    // a filter without group: libvirt looks its NULL name up among the groups and crashes when there are any
    if (name === undefined && groups.length > 0) throw missingGroup();
    throw xmlError(`throttle group '${name ?? '(null)'}' not found`);
  }
}

/** virDomainCheckVirtioOptionsAreAbsent */
export function checkVirtioOptionsAbsent(v: DiskDef['virtio']): void {
  if (!v) return;
  if (v.iommu !== 0) throw unsupportedConfig('iommu driver option is only supported for virtio devices');
  if (v.ats !== 0) throw unsupportedConfig('ats driver option is only supported for virtio devices');
  if (v.packed !== 0) throw unsupportedConfig('packed driver option is only supported for virtio devices');
  if (v.pagePerVq !== 0) throw unsupportedConfig('page_per_vq option is only supported for virtio devices');
}

/** virDomainDiskVhostUserValidate */
function validateVhostUser(disk: DiskDef, ctx: ParseContext): void {
  const u = (m: string) => unsupportedConfig(m);
  if (disk.bus !== DISK_BUS.virtio) throw u('vhostuser disk supports only virtio bus');
  if (disk.snapshot !== SNAPSHOT_NO) throw u('only snapshot=no is supported with vhostuser disk');
  if (disk.cachemode !== 0) throw u('cache is not supported with vhostuser disk');
  if (disk.errorPolicy || disk.rerrorPolicy) throw u('error_policy is not supported with vhostuser disk');
  if (disk.iomode) throw u('io is not supported with vhostuser disk');
  if (disk.ioeventfd !== 0) throw u('ioeventfd is not supported with vhostuser disk');
  if (disk.copyOnRead) throw u('copy_on_read is not supported with vhostuser disk');
  if (disk.discard) throw u('discard is not supported with vhostuser disk');
  if (disk.iothread) throw u('iothread is not supported with vhostuser disk');
  if (disk.detectZeroes) throw u('detect_zeroes is not supported with vhostuser disk');
  if (disk.src.metadataCacheMaxSize > 0n) throw u('metadata_cache is not supported with vhostuser disk');
  if (disk.iotune.groupName !== undefined || disk.iotune.any) throw u('iotune is not supported with vhostuser disk');
  if (disk.src.backingStore) throw u('backingStore is not supported with vhostuser disk');
  if (disk.src.encryption) throw u('encryption is not supported with vhostuser disk');
  if (disk.src.readonly) throw u('readonly is not supported with vhostuser disk');
  if (disk.src.shared) throw u('shareable is not supported with vhostuser disk');
  if (disk.transient) throw u('transient is not supported with vhostuser disk');
  if (disk.serial !== undefined) throw u('serial is not supported with vhostuser disk');
  if (disk.wwn !== undefined) throw u('wwn is not supported with vhostuser disk');
  if (disk.vendor !== undefined) throw u('vendor is not supported with vhostuser disk');
  if (disk.product !== undefined) throw u('product is not supported with vhostuser disk');
  if (disk.src.auth) throw u('auth is not supported with vhostuser disk');
  const g = disk.geometry;
  if (g.cylinders > 0 || g.heads > 0 || g.sectors > 0 || g.trans !== 0) throw u('geometry is not supported with vhostuser disk');
  const b = disk.blockio;
  const discard = ctx.atLeast(DISK_SINCE.zeroDiscardGranularity) ? b.discardGranularitySet : ctx.atLeast(DISK_SINCE.source98) && b.discardGranularity > 0;
  if (b.logical > 0 || b.physical > 0 || discard) {
    throw u('blockio is not supported with vhostuser disk');
  }
}
