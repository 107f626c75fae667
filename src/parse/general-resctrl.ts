/**
 * `<cputune>` resctrl groups: `<cachetune>`, `<memorytune>` and (12.x) `<energytune>` with their
 * `<monitor>`s (virDomainCachetuneDefParse, virDomainMemorytuneDefParse, virDomainResctrlMonDefParse
 * and the virResctrlAlloc* checks they run). Nothing here is ABI; only the rejections matter.
 */
import { parseBitmap } from './general-bitmap.js';
import { allChildren } from './general-util.js';
import { DomainParseError, xmlError } from './errors.js';
import { parseScaledValue, propEnum, propUInt, REQUIRED } from './values.js';
import type { XmlElement } from './xml-tree.js';

const CACHE_TYPES = ['both', 'code', 'data'];
const ULLONG_MAX = (1n << 64n) - 1n;
/** the only cache level resctrl can monitor */
const MONITOR_CACHE_LEVEL = 3;

type MonitorTag = 'cache' | 'membw' | 'energy';

/** A vCPU set; null stands for the whole process (12.x groups without `vcpus`). */
type Vcpus = Set<number> | null;

interface Alloc {
  /** `level:type:id` of every cache size set */
  caches: Set<string>;
  /** node id -> bandwidth; undefined until a `<node>` is parsed */
  membw: Map<number, number> | undefined;
}

interface Monitor { vcpus: Vcpus; tag: MonitorTag }

interface Resctrl { vcpus: Vcpus; alloc: Alloc; monitors: Monitor[] }

export interface ResctrlOptions {
  maxVcpus: number;
  /** 12.x: `vcpus` may be omitted (whole-process groups), `<energytune>` exists */
  wholeProcess: boolean;
  /** 9.0 caps memory bandwidth at 100 (percent) */
  bandwidthLimit: boolean;
}

const invalidArg = (msg: string) => new DomainParseError(`invalid argument: ${msg}`);

function sameSet(a: Set<number>, b: Set<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function overlaps(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** virDomainResctrlParseVcpus: the set limited to existing vCPUs; undefined when `vcpus` is absent. */
function parseVcpus(node: XmlElement, opts: ResctrlOptions): Set<number> | undefined {
  const raw = node.attrs.vcpus;
  if (raw === undefined) {
    if (opts.wholeProcess) return undefined;
    throw xmlError(`Missing ${node.name} attribute 'vcpus'`);
  }
  let bits: readonly number[];
  try {
    bits = parseBitmap(raw).bits;
  } catch {
    throw xmlError(`Invalid ${node.name} attribute 'vcpus' value '${raw}'`);
  }
  return new Set(bits.filter((b) => b < opts.maxVcpus));
}

function allocIsEmpty(a: Alloc): boolean {
  return a.membw === undefined && a.caches.size === 0;
}

/** virResctrlAllocSetCacheSize: 'both' collides with any type of the same level and cache id. */
function setCacheSize(alloc: Alloc, level: number, type: number, id: number): void {
  const has = (t: number) => alloc.caches.has(`${level}:${t}:${id}`);
  const collides = has(0) || (type === 0 ? has(1) || has(2) : has(type));
  if (collides) {
    throw xmlError(`Colliding cache allocations for cache level '${level}' id '${id}', type '${CACHE_TYPES[type]}'`);
  }
  alloc.caches.add(`${level}:${type}:${id}`);
}

/** virResctrlAllocSetMemoryBandwidth */
function setMemoryBandwidth(alloc: Alloc, id: number, bandwidth: number, opts: ResctrlOptions): void {
  if (opts.bandwidthLimit && bandwidth > 100) throw xmlError('Memory Bandwidth value exceeding 100 is invalid.');
  alloc.membw ??= new Map();
  if (alloc.membw.has(id)) throw xmlError(`Memory Bandwidth already defined for node ${id}`);
  alloc.membw.set(id, bandwidth);
}

/** virDomainResctrlVcpuMatch: the group with the same vCPUs, if any; overlaps are an error. */
function vcpuMatch(groups: Resctrl[], vcpus: Vcpus): Resctrl | undefined {
  for (const g of groups) {
    if ((g.vcpus === null) !== (vcpus === null)) {
      throw xmlError('Whole-process and per-vcpu resctrl allocations cannot be mixed');
    }
    if (g.vcpus === null || vcpus === null) return g;
    if (sameSet(g.vcpus, vcpus)) return g;
    if (overlaps(g.vcpus, vcpus)) throw xmlError('Overlapping vcpus in resctrls');
  }
  return undefined;
}

/** virDomainResctrlValidateMonitor */
function validateMonitor(group: Resctrl, mon: Monitor): void {
  const vcpus = mon.vcpus;
  if (vcpus === null) {
    for (const m of group.monitors) {
      if (m.vcpus !== null) throw xmlError('Whole-process and explicit monitors cannot be mixed');
      if (m.tag === mon.tag) throw xmlError('Duplicate whole-process monitor of the same resource type');
    }
    return;
  }
  if (group.monitors.some((m) => m.vcpus === null)) throw xmlError('Whole-process and explicit monitors cannot be mixed');
  if (!vcpus.size) throw invalidArg('vcpus is empty');
  const own = group.vcpus;
  if (own) for (const v of vcpus) if (!own.has(v)) throw invalidArg('Monitor vcpus conflicts with allocation');
  const defaultAlloc = allocIsEmpty(group.alloc);
  const equalToGroup = own !== null && sameSet(vcpus, own);
  let overlapAny = false;
  let overlapOutside = false;
  for (const m of group.monitors) {
    const other = m.vcpus as Set<number>;
    if (sameSet(vcpus, other)) {
      if (m.tag !== mon.tag) continue;
      throw invalidArg('Identical vcpus found in same type monitors');
    }
    if (overlaps(vcpus, other)) overlapAny = true;
    if (equalToGroup || (own !== null && sameSet(other, own))) continue;
    if (overlaps(vcpus, other)) overlapOutside = true;
  }
  if (overlapOutside || (defaultAlloc && overlapAny)) throw invalidArg('vcpus overlaps in resctrl groups');
}

/** virDomainResctrlMonDefParse: returns how many monitors were added. */
function parseMonitors(node: XmlElement, tag: MonitorTag, group: Resctrl, opts: ResctrlOptions): number {
  const monitors = allChildren(node, 'monitor');
  for (const m of monitors) {
    if (tag === 'cache') {
      const level = propUInt(m, 'level', 10, REQUIRED);
      if (level !== MONITOR_CACHE_LEVEL) throw xmlError(`Invalid monitor cache level '${level | 0}'`);
    }
    // a monitor without vcpus takes its group's (the whole process for a whole-process group)
    const parsed = parseVcpus(m, opts);
    const mon: Monitor = { vcpus: parsed ?? (group.vcpus && new Set(group.vcpus)), tag };
    validateMonitor(group, mon);
    group.monitors.push(mon);
  }
  return monitors.length;
}

function parseCachetune(node: XmlElement, groups: Resctrl[], opts: ResctrlOptions): void {
  const parsed = parseVcpus(node, opts);
  if (parsed && !parsed.size) return;
  const vcpus = parsed ?? null;
  const caches = allChildren(node, 'cache');
  if (vcpuMatch(groups, vcpus)) throw xmlError('Identical vcpus in cachetunes found');
  const alloc: Alloc = { caches: new Set(), membw: undefined };
  for (const c of caches) {
    const id = propUInt(c, 'id', 10, REQUIRED);
    const level = propUInt(c, 'level', 10, REQUIRED);
    const type = propEnum(c, 'type', CACHE_TYPES, REQUIRED);
    parseScaledValue(c.attrs.size, c.attrs.unit, './@size', 1024n, ULLONG_MAX, true);
    setCacheSize(alloc, level, type, id);
  }
  const group: Resctrl = { vcpus, alloc, monitors: [] };
  const nmons = parseMonitors(node, 'cache', group, opts);
  // a group with neither allocations nor monitors is dropped
  if (nmons || caches.length) groups.push(group);
}

/** `<memorytune>` (bandwidth nodes) or `<energytune>` (monitors only): both join a group with the same vCPUs. */
function parseSharedTune(node: XmlElement, tag: 'membw' | 'energy', groups: Resctrl[], opts: ResctrlOptions): void {
  const parsed = parseVcpus(node, opts);
  if (parsed && !parsed.size) return;
  const vcpus = parsed ?? null;
  const nodes = tag === 'membw' ? allChildren(node, 'node') : [];
  const existing = vcpuMatch(groups, vcpus);
  const group: Resctrl = existing ?? { vcpus, alloc: { caches: new Set(), membw: undefined }, monitors: [] };
  for (const n of nodes) {
    const id = propUInt(n, 'id', 10, REQUIRED);
    const bandwidth = propUInt(n, 'bandwidth', 10, REQUIRED);
    setMemoryBandwidth(group.alloc, id, bandwidth, opts);
  }
  const nmons = parseMonitors(node, tag, group, opts);
  if (!existing && (nmons || nodes.length)) groups.push(group);
}

/** The resctrl part of virDomainDefTunablesParse: every cachetune, then memorytunes, then energytunes. */
export function parseResctrl(cachetunes: XmlElement[], memorytunes: XmlElement[], energytunes: XmlElement[], opts: ResctrlOptions): void {
  const groups: Resctrl[] = [];
  for (const n of cachetunes) parseCachetune(n, groups, opts);
  for (const n of memorytunes) parseSharedTune(n, 'membw', groups, opts);
  if (opts.wholeProcess) for (const n of energytunes) parseSharedTune(n, 'energy', groups, opts);
}
