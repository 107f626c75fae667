/** `<memory>`, `<currentMemory>`, `<maxMemory>`, `<memoryBacking>` and `<memtune>` (virDomainDefParseMemory). */
import type { HugepageDef, MemoryDef } from '../model/general.js';
import { parseBitmap } from './general-bitmap.js';
import { allChildren, firstChild, xattr, xattrOf, xfirst, xpathUInt, xstr } from './general-util.js';
import { DomainParseError, unsupportedConfig, xmlError } from './errors.js';
import { parseMemoryKiB, parseScaledValue, propTristateSwitch, strToUInt, strToULongLong, type Tristate } from './values.js';
import { nodeSet, type XmlElement } from './xml-tree.js';

const MEMORY_SOURCES = ['none', 'file', 'anonymous', 'memfd'];
const MEMORY_ACCESS = ['default', 'shared', 'private'];
const MEMORY_ALLOCATION = ['none', 'immediate', 'ondemand'];
/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED (INT64_MAX >> 10) */
const PARAM_UNLIMITED = 9007199254740991n;


/**
 * virDomainParseMemory on a located value: KiB rounded up, 0n when absent and optional.
 * `where` is the XPath libvirt names in its messages.
 */
export function parseMemoryValue(raw: string | undefined, unit: string | undefined, where: string, required: boolean): bigint {
  return parseMemoryKiB(raw, unit, where, required) ?? 0n;
}

/** virDomainParseMemory of an element `<x unit=...>N</x>` at `where`. */
export function parseMemoryElement(el: XmlElement | undefined, where: string, required: boolean): bigint {
  return parseMemoryValue(el ? xstr(el) : undefined, xattr(el, 'unit'), where, required);
}

/** virDomainParseMemoryLimit: unlimited when absent. */
function parseMemoryLimit(raw: string | undefined, unit: string | undefined, where: string): bigint {
  const bytes = parseScaledValue(raw, unit, where, 1024n, PARAM_UNLIMITED << 10n, false);
  if (bytes === undefined) return PARAM_UNLIMITED;
  const kib = (bytes + 1023n) / 1024n;
  return kib < PARAM_UNLIMITED ? kib : PARAM_UNLIMITED;
}

function enumFromXPath(raw: string | undefined, table: readonly string[], what: string): number {
  if (raw === undefined) return 0;
  const v = table.indexOf(raw);
  if (v <= 0) throw unsupportedConfig(`unknown ${what} '${raw}'`);
  return v;
}

function parseHugepage(page: XmlElement): HugepageDef {
  const size = parseMemoryValue(xattr(page, 'size'), xattr(page, 'unit'), './@size', true);
  if (!size) throw new DomainParseError("hugepage size can't be zero");
  let nodemask;
  const nodeset = page.attrs.nodeset;
  if (nodeset !== undefined) {
    nodemask = parseBitmap(nodeset);
    if (!nodemask.bits.length) throw unsupportedConfig(`Invalid value of 'nodeset': ${nodeset}`);
  }
  return { size, nodemask };
}

export function parseMemorySection(root: XmlElement): MemoryDef {
  const memEl = firstChild(root, 'memory');
  const totalMemory = parseMemoryElement(memEl, './memory[1]', false);
  const curBalloon = parseMemoryElement(firstChild(root, 'currentMemory'), './currentMemory[1]', false);
  const maxEl = firstChild(root, 'maxMemory');
  const maxMemory = parseMemoryElement(maxEl, './maxMemory[1]', false);
  const slots = xpathUInt(maxEl?.attrs.slots);
  if (slots === -2) throw xmlError('Failed to parse memory slot count');
  const dumpCore: Tristate = memEl ? propTristateSwitch(memEl, 'dumpCore') : 0;

  // string(./memoryBacking/x/@y): the first such attribute across every <memoryBacking>
  const source = enumFromXPath(xattrOf(root, 'memoryBacking/source', 'type'), MEMORY_SOURCES, 'memoryBacking/source/type');
  const access = enumFromXPath(xattrOf(root, 'memoryBacking/access', 'mode'), MEMORY_ACCESS, 'memoryBacking/access/mode');
  const allocation = enumFromXPath(xattrOf(root, 'memoryBacking/allocation', 'mode'), MEMORY_ALLOCATION, 'memoryBacking/allocation/mode');
  if (xpathUInt(xattrOf(root, 'memoryBacking/allocation', 'threads')) === -2) throw xmlError('Failed to parse memory allocation threads');

  const hugepages: HugepageDef[] = [];
  const backings = allChildren(root, 'memoryBacking');
  if (nodeSet(root, 'memoryBacking', 'hugepages').length) {
    const pages = nodeSet(root, 'memoryBacking', 'hugepages', 'page');
    if (pages.length) for (const p of pages) hugepages.push(parseHugepage(p));
    else hugepages.push({ size: 0n, nodemask: undefined });
  }
  const has = (name: string) => backings.some((b) => b.children.some((c) => c.name === name));
  return {
    totalMemory, curBalloon, maxMemory, memorySlots: slots < 0 ? 0 : slots, dumpCore, hugepages,
    nosharepages: has('nosharepages'), locked: has('locked'), source, access, allocation,
    discard: has('discard') ? 1 : 0,
  };
}

// the paths built once: every document is asked them
const MEMTUNE_LIMITS = ['hard_limit', 'soft_limit', 'min_guarantee', 'swap_hard_limit'].map((name) => ({ name, path: `memtune/${name}[1]`, where: `./memtune/${name}[1]` }));

/** `<memtune>` limits: only their parse errors matter (not ABI). */
export function parseMemtune(root: XmlElement): void {
  // ./memtune/x[1] spans every <memtune>: the value comes from the first node, the unit from
  // the first node of that set carrying one
  for (const { name, path, where } of MEMTUNE_LIMITS) {
    const value = xstr(xfirst(root, path));
    const unit = xattrOf(root, path, 'unit');
    if (name === 'min_guarantee') parseMemoryValue(value, unit, where, false);
    else parseMemoryLimit(value, unit, where);
  }
}


/** `<blkiotune>`: device entries (paths returned for the duplicate check at validation). */
export function parseBlkiotune(root: XmlElement): string[] {
  const paths: string[] = [];
  for (const dev of nodeSet(root, 'blkiotune', 'device')) {
    const path = xstr(firstChild(dev, 'path'));
    if (path === undefined) throw unsupportedConfig('missing per-device path');
    const num = (name: string, what: string, ll: boolean) => {
      const raw = xstr(firstChild(dev, name));
      if (raw !== undefined && (ll ? strToULongLong(raw, 10) : strToUInt(raw, 10)) === undefined) {
        throw unsupportedConfig(`could not parse ${what} ${raw}`);
      }
    };
    num('weight', 'weight', false);
    num('read_bytes_sec', 'read bytes sec', true);
    num('write_bytes_sec', 'write bytes sec', true);
    num('read_iops_sec', 'read iops sec', false);
    num('write_iops_sec', 'write iops sec', false);
    paths.push(path);
  }
  return paths;
}
