/** Domain type, `<os>` type/arch/machine (virDomainDefParseCaps) and boot options (virDomainDefParseBootOptions). */
import type { LoaderDef, OsDef } from '../model/general.js';
import { OS_TYPES, VIRT_TYPES } from '../model/general.js';
import { allChildren, contentString, firstChild, xattr, xattrOf, xstr } from './general-util.js';
import type { ParseContext } from './context.js';
import { atElement, bareError, internalError, unsupportedConfig, xmlError } from './errors.js';
import { NONZERO, propEnum, propInt, propTristateBool, propUInt, REQUIRED } from './values.js';
import { firstNode, nodeSet, pathAttr, type XmlElement } from './xml-tree.js';

const ARCHES = new Set(['alpha', 'armv6l', 'armv7l', 'armv7b', 'aarch64', 'cris', 'i686', 'ia64', 'lm32', 'm68k',
  'microblaze', 'microblazeel', 'mips', 'mipsel', 'mips64', 'mips64el', 'openrisc', 'parisc', 'parisc64', 'ppc',
  'ppcle', 'ppc64', 'ppc64le', 'ppcemb', 'riscv32', 'riscv64', 's390', 's390x', 'sh4', 'sh4eb', 'sparc', 'sparc64',
  'unicore32', 'x86_64', 'xtensa', 'xtensaeb']);
const BOOT_DEVS = ['fd', 'cdrom', 'hd', 'network'];
const LOADER_TYPES = ['none', 'rom', 'pflash'];
const LOADER_FORMATS = ['none', 'raw', 'qcow2'];
const FIRMWARES = ['none', 'bios', 'efi'];
const ACPI_TABLE_TYPES = ['raw', 'rawset', 'slic', 'msdm'];
const STORAGE_TYPES = ['none', 'file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser'];
const NET_PROTOCOLS = ['none', 'nbd', 'rbd', 'sheepdog', 'gluster', 'iscsi', 'http', 'https', 'ftp', 'ftps', 'tftp', 'ssh', 'vxhs', 'nfs'];
const HOST_TRANSPORTS = ['tcp', 'unix', 'rdma'];

export interface OsParsed {
  os: OsDef;
  bmTimeout: number | undefined;
  rebootTimeout: number | undefined;
  /** loader type as written (before post-parse turns a typeless loader with a path into rom) */
  loaderTypeAttr: number;
  /** `<os><shim>` (11.x) */
  shim?: string;
}

export function parseVirtType(root: XmlElement): string {
  const virttype = xattr(root, 'type');
  if (virttype === undefined) throw atElement(root, internalError('missing domain type attribute'));
  if (!(VIRT_TYPES as readonly string[]).includes(virttype)) throw atElement(root, unsupportedConfig(`invalid domain type ${virttype}`));
  return virttype;
}

/** virDomainDefParseCaps, minus the virt type (parsed first by the caller). */
export function parseOsCaps(root: XmlElement, virtType: string, ctx: ParseContext): OsDef {
  const osType = xstr(firstNode(root, 'os', 'type'));
  // string(./os/type[1]/@arch): the first <type> of every <os> counts, so a later <os> can supply it
  const arch = xattrOf(root, 'os/type[1]', 'arch');
  const bootloader = xstr(firstChild(root, 'bootloader'));
  const machine = xattrOf(root, 'os/type[1]', 'machine');
  let type: string;
  if (osType === undefined) {
    if (bootloader !== undefined) type = 'xen';
    else throw xmlError('an os <type> must be specified');
  } else {
    if (!(OS_TYPES as readonly string[]).includes(osType)) throw unsupportedConfig(`unknown OS type '${osType}'`);
    type = osType;
  }
  if (type === 'linux' && virtType === 'xen') type = 'xen';
  if (arch !== undefined && !(ARCHES.has(arch) || (arch === 'loongarch64' && ctx.atLeast(OS_SINCE.loongarch64)))) {
    throw unsupportedConfig(`Unknown architecture ${arch}`);
  }
  return {
    type, arch: arch ?? 'x86_64', machine, smbiosMode: 0, firmware: 0, loader: undefined,
    bootDevs: [], init: undefined, kernel: undefined, bootloader,
  };
}

/** virDomainStorageSourceParse for `<nvram type=...><source .../>`: only what can be rejected. */
function parseNvramSource(type: number, src: XmlElement): void {
  if (STORAGE_TYPES[type] !== 'network') return;
  const protocol = propEnum(src, 'protocol', NET_PROTOCOLS, REQUIRED);
  if (src.attrs.name === undefined && NET_PROTOCOLS[protocol] !== 'nbd') throw xmlError('missing name for disk source');
  propTristateBool(src, 'tls');
  for (const host of allChildren(src, 'host')) {
    let transport = 0;
    const t = host.attrs.transport;
    if (t !== undefined) {
      transport = HOST_TRANSPORTS.indexOf(t);
      if (transport < 0) throw unsupportedConfig(`unknown protocol transport type '${t}'`);
    }
    const socket = host.attrs.socket;
    if (transport === 1 && socket === undefined) throw xmlError('missing socket for unix transport');
    if (transport !== 1 && socket !== undefined) throw xmlError(`transport '${t ?? '(null)'}' does not support socket attribute`);
    if (transport !== 1 && host.attrs.name === undefined) throw xmlError('missing name for host');
  }
}

/**
 * NEWS 8.5.0 (network backed NVRAM: `<nvram type=>` and its `<source>`) and 8.6.0 (improved
 * firmware autoselection). That 8.6.0 is also where `<nvram>` alone makes a loader and the
 * firmware check stopped needing a `<loader>` is inferred from the NEWS; measured: 7.0.0 old, 9.0.0 new.
 */
/**
 * Where each `<os>` parse step arrived, from libvirt's NEWS and formatdomain.rst `:since:` notes
 * (the first measured release that has it is given where no such note pins it).
 */
export const OS_SINCE = {
  nvramSource: '8.5.0', autoselectRework: '8.6.0',
  /** `<loader format>` and `<nvram format>` (formatdomain.rst "Since 9.2.0", NEWS 9.2.0 "QCOW2 formatted firmware") */
  loaderFormat: '9.2.0',
  /** the loongarch64 architecture (NEWS 10.2.0) */
  loongarch64: '10.2.0',
  /** `<nvram templateFormat>` (formatdomain.rst "Since 10.10.0", NEWS 10.10.0 "UEFI NVRAM images on block storage") */
  templateFormat: '10.10.0',
  /** `<shim>` (NEWS 11.2.0 "Introduce os/shim element") */
  shim: '11.2.0',
  /** several `<acpi><table>` types, each once (formatdomain.rst: raw, rawset and msdm "Since 11.2.0") */
  acpiTableTypes: '11.2.0',
  /** `<varstore>` (NEWS 12.1.0 "uefi-vars device"); the varstore-aware loader checks came with it (inferred, not measured) */
  varstore: '12.1.0',
} as const;

function parseLoader(root: XmlElement, ctx: ParseContext): LoaderDef | undefined {
  const loaderEl = firstNode(root, 'os', 'loader');
  const nvramEl = firstNode(root, 'os', 'nvram');
  const varstoreEl = ctx.atLeast(OS_SINCE.varstore) ? firstNode(root, 'os', 'varstore') : undefined;
  if (nvramEl && varstoreEl) throw xmlError('Cannot have both <nvram> and <varstore>');
  if (!loaderEl && (!nvramEl || !ctx.atLeast(OS_SINCE.autoselectRework))) return undefined;
  const loader: LoaderDef = {
    readonly: 0, type: 0, path: undefined, secure: 0, stateless: 0, format: 0,
    nvram: false, nvramTemplate: undefined, nvramFormat: 0, varstore: false,
  };
  if (nvramEl) {
    loader.nvramTemplate = nvramEl.attrs.template;
    if (ctx.atLeast(OS_SINCE.templateFormat)) propEnum(nvramEl, 'templateFormat', LOADER_FORMATS, NONZERO);
    if (ctx.atLeast(OS_SINCE.loaderFormat) && nvramEl.attrs.format !== undefined) {
      loader.nvramFormat = propEnum(nvramEl, 'format', LOADER_FORMATS, NONZERO);
    }
    if (nvramEl.attrs.type === undefined || !ctx.atLeast(OS_SINCE.nvramSource)) {
      if (contentString(nvramEl) !== '') loader.nvram = true;
    } else {
      const type = propEnum(nvramEl, 'type', STORAGE_TYPES);
      const src = firstNode(root, 'os', 'nvram', 'source');
      if (!src) throw bareError('unknown parse failure'); // libvirt fails without reporting an error
      parseNvramSource(type, src);
      loader.nvram = true;
    }
  }
  loader.varstore = varstoreEl !== undefined;
  if (loaderEl) {
    loader.readonly = propTristateBool(loaderEl, 'readonly');
    loader.type = propEnum(loaderEl, 'type', LOADER_TYPES, NONZERO);
    const path = contentString(loaderEl);
    loader.path = path === '' ? undefined : path;
    loader.secure = propTristateBool(loaderEl, 'secure');
    loader.stateless = propTristateBool(loaderEl, 'stateless');
    if (ctx.atLeast(OS_SINCE.loaderFormat) && loaderEl.attrs.format !== undefined) {
      loader.format = propEnum(loaderEl, 'format', LOADER_FORMATS, NONZERO);
    }
  }
  return loader;
}

/** virDomainDefParseBootOptions (after the lifecycle/clock sections, as libvirt orders it). */
export function parseBootOptions(root: XmlElement, parsed: OsParsed, ctx: ParseContext): void {
  const os = parsed.os;
  switch (os.type) {
    case 'hvm': {
      os.kernel = xstr(firstNode(root, 'os', 'kernel'));
      if (ctx.atLeast(OS_SINCE.shim)) parsed.shim = xstr(firstNode(root, 'os', 'shim'));
      // firmware features: the generic parser (as built) ignores them without firmware=; with
      // firmware= validation rejects the domain first (no auto-selection support)
      const fw = pathAttr(root, ['os'], 'firmware');
      if (fw !== undefined) {
        const v = FIRMWARES.indexOf(fw);
        if (v <= 0) throw xmlError(`unknown firmware value ${fw}`);
        os.firmware = v;
      }
      os.loader = parseLoader(root, ctx);
      // acpi tables
      const tables = nodeSet(root, 'os', 'acpi', 'table');
      if (ctx.atLeast(OS_SINCE.acpiTableTypes)) {
        const seen = new Set<number>();
        for (const t of tables) {
          const type = propEnum(t, 'type', ACPI_TABLE_TYPES, REQUIRED);
          if (ACPI_TABLE_TYPES[type] !== 'raw' && seen.has(type)) {
            throw xmlError(`ACPI table type '${ACPI_TABLE_TYPES[type]}' may only appear once`);
          }
          seen.add(type);
        }
      } else {
        if (tables.length > 1) throw xmlError('Only one acpi table is supported');
        if (tables.length === 1) {
          const t = tables[0].attrs.type;
          if (t === undefined) throw xmlError('Missing acpi table type');
          if (t !== 'slic') throw xmlError(`Unknown acpi table type: ${t}`);
        }
      }
      // boot devices
      const boots = nodeSet(root, 'os', 'boot');
      for (let i = 0; i < boots.length && i < BOOT_DEVS.length; i++) {
        os.bootDevs.push(BOOT_DEVS[propEnum(boots[i], 'dev', BOOT_DEVS, REQUIRED)]);
      }
      const bootmenu = firstNode(root, 'os', 'bootmenu');
      if (bootmenu) {
        const enable = propTristateBool(bootmenu, 'enable');
        if (enable === 1 && bootmenu.attrs.timeout !== undefined) parsed.bmTimeout = propUInt(bootmenu, 'timeout', 10);
      }
      const bios = firstNode(root, 'os', 'bios');
      if (bios) {
        try { propTristateBool(bios, 'useserial'); } catch { /* libvirt falls back to 'no' */ }
        if (bios.attrs.rebootTimeout !== undefined) parsed.rebootTimeout = propInt(bios, 'rebootTimeout', 10);
      }
      break;
    }
    case 'xen': case 'xenpvh': case 'uml':
      os.kernel = xstr(firstNode(root, 'os', 'kernel'));
      os.loader = parseLoader(root, ctx);
      break;
    case 'exe': {
      os.init = xstr(firstNode(root, 'os', 'init'));
      for (const a of nodeSet(root, 'os', 'initarg')) {
        if (contentString(a) === '') throw xmlError('No data supplied for <initarg> element');
      }
      for (const e of nodeSet(root, 'os', 'initenv')) {
        const name = e.attrs.name;
        if (name === undefined) throw xmlError('No name supplied for <initenv> element');
        if (contentString(e) === '') throw xmlError(`No value supplied for <initenv name='${name}'> element`);
      }
      break;
    }
    default:
      break;
  }
}

/** virDomainDefPostParseOs */
export function postParseOs(parsed: OsParsed): void {
  parsed.loaderTypeAttr = parsed.os.loader?.type ?? 0;
  const loader = parsed.os.loader;
  if (loader && loader.path && loader.type === 0) loader.type = 1;
}

/** virDomainDefOSValidate (generic parser: no firmware auto-selection support). */
export function validateOs(parsed: OsParsed, ctx: ParseContext): void {
  const os = parsed.os;
  const loader = os.loader;
  if (parsed.shim !== undefined && os.kernel === undefined) throw unsupportedConfig('shim only allowed with kernel option');
  // before the rework, a domain without <loader> skipped every firmware check
  if (!loader && !ctx.atLeast(OS_SINCE.autoselectRework)) return;
  if (os.firmware) {
    throw bareError('firmware auto selection not implemented for this driver');
  }
  if (!loader) return;
  if (!loader.path) throw bareError('no loader path specified and firmware auto selection disabled');
  // since varstore, libvirt words the variable-store checks differently and adds read/write ones
  const newer = ctx.atLeast(OS_SINCE.varstore);
  if (newer && parsed.loaderTypeAttr === 1 && loader.format && loader.format !== 1) {
    throw bareError(`Invalid format '${LOADER_FORMATS[loader.format]}' for ROM loader type`);
  }
  const varstore = loader.nvram || loader.nvramTemplate !== undefined || loader.varstore;
  if (loader.stateless === 1) {
    if (newer) {
      if (varstore) throw bareError('Variable storage (NVRAM/varstore) is not permitted when loader is stateless');
    } else {
      if (loader.nvramTemplate !== undefined) throw bareError('NVRAM template is not permitted when loader is stateless');
      if (loader.nvram) throw bareError('NVRAM is not permitted when loader is stateless');
    }
  } else if (loader.stateless === 2 && !newer) {
    if (loader.type !== 2) throw bareError('Only pflash loader type permits NVRAM');
  }
  if (newer && loader.readonly === 2) {
    if (parsed.loaderTypeAttr === 1) throw bareError('ROM loader type cannot be used as read/write');
    if (varstore) throw bareError('Variable storage (NVRAM/varstore) is not permitted when loader is read/write');
  }
}

/** virDomainDefBootValidate */
export function validateBoot(parsed: OsParsed): void {
  if (parsed.bmTimeout !== undefined && parsed.bmTimeout > 65535) {
    throw unsupportedConfig('invalid value for boot menu timeout, must be in range [0,65535]');
  }
  if (parsed.rebootTimeout !== undefined && (parsed.rebootTimeout < -1 || parsed.rebootTimeout > 65535)) {
    throw unsupportedConfig('invalid value for rebootTimeout, must be in range [-1,65535]');
  }
}
