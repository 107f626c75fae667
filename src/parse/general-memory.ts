/** `<memory>`, `<currentMemory>`, `<maxMemory>`, `<memoryBacking>` and `<memtune>` (virDomainDefParseMemory). */
import type { HugepageDef, MemoryDef } from '../model/general.js';
import { parseBitmap } from './general-bitmap.js';
import { allChildren, firstChild, nodeSet, xattr, xpathUInt, xstr } from './general-util.js';
import { DomainParseError, unsupportedConfig, xmlError } from './errors.js';
import { LLONG_MAX, parseScaledValue, propTristateSwitch, type Tristate } from './values.js';
import type { XmlElement } from './xml-tree.js';

const MEMORY_SOURCES = ['none', 'file', 'anonymous', 'memfd'];
const MEMORY_ACCESS = ['default', 'shared', 'private'];
const MEMORY_ALLOCATION = ['none', 'immediate', 'ondemand'];
/** VIR_DOMAIN_MEMORY_PARAM_UNLIMITED (INT64_MAX >> 10) */
const PARAM_UNLIMITED = 9007199254740991n;

/** virScaleInteger/virDomainParseMemory overflow errors carry VIR_ERR_OVERFLOW's prefix. */
function overflowPrefixed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DomainParseError && (e.message.startsWith('value too large') || e.message === 'size value too large')) {
      throw new DomainParseError(`numerical overflow: ${e.message}`);
    }
    throw e;
  }
}

/**
 * virDomainParseMemory on a located value: KiB rounded up, 0n when absent and optional.
 * `where` is the XPath libvirt names in its messages.
 */
export function parseMemoryValue(raw: string | undefined, unit: string | undefined, where: string, required: boolean): bigint {
  return overflowPrefixed(() => {
    const bytes = parseScaledValue(raw === '' ? undefined : raw, unit === '' ? undefined : unit, where, 1024n, LLONG_MAX, required);
    if (bytes === undefined) return 0n;
    const kib = (bytes + 1023n) / 1024n;
    if (kib >= (LLONG_MAX + 1023n) / 1024n) throw new DomainParseError('size value too large');
    return kib;
  });
}

/** virDomainParseMemory of an element `<x unit=...>N</x>` at `where`. */
export function parseMemoryElement(el: XmlElement | undefined, where: string, required: boolean): bigint {
  return parseMemoryValue(el ? xstr(el) : undefined, xattr(el, 'unit'), where, required);
}

/** virDomainParseMemoryLimit: unlimited when absent. */
function parseMemoryLimit(el: XmlElement | undefined, where: string): bigint {
  return overflowPrefixed(() => {
    const bytes = parseScaledValue(el ? xstr(el) : undefined, xattr(el, 'unit'), where, 1024n, PARAM_UNLIMITED << 10n, false);
    if (bytes === undefined) return PARAM_UNLIMITED;
    const kib = (bytes + 1023n) / 1024n;
    return kib < PARAM_UNLIMITED ? kib : PARAM_UNLIMITED;
  });
}

function enumFromXPath(raw: string | undefined, table: readonly string[], what: string): number {
  if (raw === undefined) return 0;
  const v = table.indexOf(raw);
  if (v <= 0) throw unsupportedConfig(`unknown ${what} '${raw}'`);
  return v;
}

function parseHugepage(page: XmlElement): HugepageDef {
  const size = parseMemoryValue(xattr(page, 'size'), xattr(page, 'unit'), './@size', true);
  if (!size) throw new DomainParseError("XML error: hugepage size can't be zero");
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

  const backing = firstChild(root, 'memoryBacking');
  const source = enumFromXPath(xattr(firstNode2(backing, 'source'), 'type'), MEMORY_SOURCES, 'memoryBacking/source/type');
  const access = enumFromXPath(xattr(firstNode2(backing, 'access'), 'mode'), MEMORY_ACCESS, 'memoryBacking/access/mode');
  const allocation = enumFromXPath(xattr(firstNode2(backing, 'allocation'), 'mode'), MEMORY_ALLOCATION, 'memoryBacking/allocation/mode');
  if (xpathUInt(xattr(firstNode2(backing, 'allocation'), 'threads')) === -2) throw xmlError('Failed to parse memory allocation threads');

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

/** `<memtune>` limits: only their parse errors matter (not ABI). */
export function parseMemtune(root: XmlElement): void {
  const tune = firstChild(root, 'memtune');
  if (!tune) return;
  parseMemoryLimit(firstChild(tune, 'hard_limit'), './memtune/hard_limit[1]');
  parseMemoryLimit(firstChild(tune, 'soft_limit'), './memtune/soft_limit[1]');
  parseMemoryElement(firstChild(tune, 'min_guarantee'), './memtune/min_guarantee[1]', false);
  parseMemoryLimit(firstChild(tune, 'swap_hard_limit'), './memtune/swap_hard_limit[1]');
}

/** First `<name>` child across every parent node (XPath `./parent/name` first match). */
function firstNode2(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return firstChild(parent, name);
}
