/** `<cpu><numa>` cells (virDomainNumaDefParseXML) and `<numatune>` (virDomainNumatuneParseXML). */
import type { Bitmap, NumaCellDef, NumaDef, NumatuneDef } from '../model/general.js';
import { parseBitmap } from './general-bitmap.js';
import { parseMemoryValue } from './general-memory.js';
import { allChildren, firstChild, xattrOf, xfirst, xnodes, xstr } from './general-util.js';
import { unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseScaledValue, propEnum, propTristateBool, propUInt, propULongLong, REQUIRED, REQUIRED_NONZERO,
  strToUIntPositive,
} from './values.js';
import type { XmlElement } from './xml-tree.js';

export const NUMATUNE_MODES = ['strict', 'preferred', 'interleave', 'restrictive'];
export const NUMATUNE_PLACEMENTS = ['default', 'static', 'auto'];
const MEMORY_ACCESS = ['default', 'shared', 'private'];
const CACHE_ASSOC = ['none', 'direct', 'full'];
const CACHE_POLICY = ['none', 'writeback', 'writethrough'];
const LATENCY_TYPES = ['none', 'access', 'read', 'write'];
const LOCAL_DISTANCE = 10;
const UNREACHABLE = 255;

interface Interconnect { type: number; initiator: number; target: number; cache: number; accessType: number }

export interface NumaParsed {
  numa: NumaDef;
  interconnects: Interconnect[];
}

function parseDistances(cellEl: XmlElement, cells: NumaCellDef[], cur: number): void {
  const n = cells.length;
  const dist = firstChild(cellEl, 'distances');
  if (!dist) return;
  const siblings = allChildren(dist, 'sibling');
  if (!siblings.length) throw xmlError('NUMA distances defined without siblings');
  for (const s of siblings) {
    const id = propUInt(s, 'id', 10, REQUIRED);
    if (id >= n) throw xmlError(`'sibling_id ${id}' does not refer to a valid cell within NUMA 'cell id ${cur}'`);
    const value = propUInt(s, 'value', 10, REQUIRED);
    if (value < LOCAL_DISTANCE || value > UNREACHABLE || (id === cur && value !== LOCAL_DISTANCE) || (id !== cur && value === LOCAL_DISTANCE)) {
      throw xmlError(`'value ${value | 0}' is invalid for 'sibling id ${id | 0}' under NUMA 'cell id ${cur | 0}'`);
    }
    const l = cells[cur].distances ??= new Map([[cur, LOCAL_DISTANCE]]);
    l.set(id, value);
    const r = cells[id].distances ??= new Map([[id, LOCAL_DISTANCE]]);
    if (!r.get(cur)) r.set(cur, value);
  }
}

function parseCaches(cellEl: XmlElement, cell: NumaCellDef, cur: number, newer: boolean): void {
  for (const c of allChildren(cellEl, 'cache')) {
    let level: number;
    if (newer) {
      // parsed with the generic attribute helpers (GENERAL_SINCE.numaCacheProps)
      level = propUInt(c, 'level', 10, REQUIRED_NONZERO);
      propEnum(c, 'associativity', CACHE_ASSOC, REQUIRED);
      propEnum(c, 'policy', CACHE_POLICY, REQUIRED);
    } else {
      const levelRaw = c.attrs.level;
      if (levelRaw === undefined) throw xmlError(`Missing 'level' attribute in cache element for NUMA node ${cur}`);
      const lv = strToUIntPositive(levelRaw, 10);
      if (lv === undefined || lv === 0) throw xmlError(`Invalid 'level' attribute in cache element for NUMA node ${cur}`);
      level = lv;
      const assoc = c.attrs.associativity;
      if (assoc === undefined) throw xmlError(`Missing 'associativity' attribute in cache element for NUMA node ${cur}`);
      if (!CACHE_ASSOC.includes(assoc)) throw xmlError(`Invalid cache associativity '${assoc}'`);
      const policy = c.attrs.policy;
      // 9.0 reports the missing policy but carries on into the enum lookup of NULL
      if (policy === undefined || !CACHE_POLICY.includes(policy)) throw xmlError(`Invalid cache policy '${policy ?? '(null)'}'`);
    }
    // libvirt looks the units up as child elements (./size/unit), so a unit attribute is ignored
    parseMemoryValue(xattrOf(c, 'size', 'value'), xstr(xfirst(c, 'size/unit')), './size/@value', true);
    parseScaledValue(xattrOf(c, 'line', 'value'), xstr(xfirst(c, 'line/unit')), './line/@value', 1n, (1n << 64n) - 1n, true);
    cell.caches.push({ level });
  }
}

export function parseNuma(root: XmlElement, newer: boolean): NumaParsed {
  const numa: NumaDef = { cells: [], numatune: emptyNumatune() };
  const interconnects: Interconnect[] = [];
  // ./cpu/numa[1]/cell: the first <numa> of every <cpu> contributes its cells
  if (!xfirst(root, 'cpu/numa[1]')) return { numa, interconnects };
  const cellEls = xnodes(root, 'cpu/numa[1]/cell');
  const n = cellEls.length;
  if (!n) throw xmlError('NUMA topology defined without NUMA cells');
  const cells: NumaCellDef[] = [];
  for (let i = 0; i < n; i++) cells.push({ index: i, memory: 0n, cpus: undefined, memAccess: 0, discard: 0, distances: undefined, caches: [] });
  /** vCPU id -> the cell whose mask has it (masks do not overlap so far) */
  const cpuOwner = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const el = cellEls[i];
    const cur = el.attrs.id !== undefined ? propUInt(el, 'id', 10) : i;
    if (cur >= n) {
      throw xmlError("Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed");
    }
    const cell = cells[cur];
    if (cell.memory) throw xmlError(`Duplicate NUMA cell info for cell id '${cur}'`);
    const cpusRaw = el.attrs.cpus;
    if (cpusRaw !== undefined) {
      const mask = parseBitmap(cpusRaw);
      if (mask.bits.length) {
        for (const b of cell.cpus?.bits ?? []) cpuOwner.delete(b);
        cell.cpus = mask;
      }
    }
    // libvirt compares the mask with every other cell's, n^2 for n cells; the lowest other
    // cell owning one of its CPUs is the one it names
    let overlap = n;
    for (const b of cell.cpus?.bits ?? []) {
      const j = cpuOwner.get(b);
      if (j !== undefined && j !== cur && j < overlap) overlap = j;
    }
    if (overlap < n) throw unsupportedConfig(`NUMA cells ${cur} and ${overlap} have overlapping vCPU ids`);
    for (const b of cell.cpus?.bits ?? []) cpuOwner.set(b, cur);
    cell.memory = parseMemoryValue(el.attrs.memory, el.attrs.unit, './@memory', true);
    cell.memAccess = propEnum(el, 'memAccess', MEMORY_ACCESS, NONZERO);
    cell.discard = propTristateBool(el, 'discard');
    parseDistances(el, cells, cur);
    parseCaches(el, cell, cur, newer);
  }
  const ics = xnodes(root, 'cpu/numa[1]/interconnects[1]');
  for (const e of ics.flatMap((ic) => ic.children)) {
    let type: number;
    if (e.name === 'latency') {
      type = 1;
      propULongLong(e, 'value', 10, REQUIRED);
    } else if (e.name === 'bandwidth') {
      type = 2;
      parseMemoryValue(e.attrs.value, e.attrs.unit, './@value', true);
    } else continue;
    const initiator = propUInt(e, 'initiator', 10, REQUIRED);
    const target = propUInt(e, 'target', 10, REQUIRED);
    const cache = propUInt(e, 'cache', 10);
    const accessType = propEnum(e, 'type', LATENCY_TYPES, REQUIRED_NONZERO);
    interconnects.push({ type, initiator, target, cache, accessType });
  }
  numa.cells = cells;
  return { numa, interconnects };
}

function emptyNumatune(): NumatuneDef {
  return { specified: false, mode: -1, placement: 0, nodeset: undefined, memnodes: [] };
}

/** virDomainNumatuneParseXML, after the cells are known. */
export function parseNumatune(root: XmlElement, numa: NumaDef, placementStatic: boolean, newer: boolean): void {
  const tunes = allChildren(root, 'numatune');
  if (tunes.length > 1) throw xmlError('only one numatune is supported');
  const tune = numa.numatune;
  const node = firstChild(tunes[0], 'memory');
  let mode = -1;
  let placement = -1;
  let nodeset: Bitmap | undefined;
  if (!placementStatic && !node) placement = 2;
  if (node) {
    const m = node.attrs.mode;
    if (m !== undefined && (mode = NUMATUNE_MODES.indexOf(m)) < 0) throw unsupportedConfig(`Unsupported NUMA memory tuning mode '${m}'`);
    const p = node.attrs.placement;
    if (p !== undefined && (placement = NUMATUNE_PLACEMENTS.indexOf(p)) < 0) throw unsupportedConfig(`Unsupported NUMA memory placement mode '${p}'`);
    const ns = node.attrs.nodeset;
    if (ns !== undefined) {
      nodeset = parseBitmap(ns);
      if (!nodeset.bits.length) throw unsupportedConfig(`Invalid value of 'nodeset': ${ns}`);
    }
  }
  // virDomainNumatuneSet
  if (mode !== -1 || placement !== -1 || nodeset) {
    if (!tune.specified) {
      if (mode === -1) mode = 0;
      if (placement === -1) placement = 0;
    }
    if (mode !== -1) tune.mode = mode;
    if (nodeset) {
      tune.nodeset = nodeset;
      if (placement === -1) placement = 1;
    }
    if (placement === 0) placement = tune.nodeset || placementStatic ? 1 : 2;
    if (placement === 1 && !tune.nodeset) throw unsupportedConfig("nodeset for NUMA memory tuning must be set if 'placement' is 'static'");
    if (placement === 2 && tune.nodeset) tune.nodeset = undefined;
    if (placement !== -1) tune.placement = placement;
    tune.specified = true;
  }
  // memnodes
  const memnodes = allChildren(tunes[0], 'memnode');
  if (!memnodes.length) return;
  if (tune.specified && tune.placement === 2) throw unsupportedConfig('Per-node binding is not compatible with automatic NUMA placement.');
  if (!numa.cells.length) throw xmlError("Element 'memnode' is invalid without any guest NUMA cells");
  for (const mn of memnodes) {
    const cellid = propUInt(mn, 'cellid', 10, REQUIRED);
    if (cellid >= numa.cells.length) throw xmlError("Argument 'cellid' in memnode element must correspond to existing guest's NUMA cell");
    if (tune.memnodes[cellid]) throw xmlError(`Multiple memnode elements with cellid ${cellid}`);
    const mmode = propEnum(mn, 'mode', NUMATUNE_MODES, {}, 0);
    if (tune.mode === 3 && mmode !== 3) {
      throw xmlError("'restrictive' mode is required in memnode element when mode is 'restrictive' in memory element");
    }
    if (newer && mmode === 3 && tune.mode !== 3) {
      throw xmlError("'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element");
    }
    const ns = mn.attrs.nodeset;
    if (ns === undefined) throw xmlError('Missing required nodeset attribute in memnode element');
    const map = parseBitmap(ns);
    if (!map.bits.length) throw unsupportedConfig(`Invalid value of 'nodeset': ${ns}`);
    tune.memnodes[cellid] = { mode: mmode, nodeset: map };
  }
}

/** virDomainNumaDefValidate */
export function validateNuma(numa: NumaDef, interconnects: Interconnect[]): void {
  for (const cell of numa.cells) {
    const seen = new Set<number>();
    for (const c of cell.caches) {
      if (c.level > 3) throw xmlError("Ain't nobody heard of that much cache level");
      if (seen.has(c.level)) throw xmlError(`Cache level '${c.level}' already defined`);
      seen.add(c.level);
    }
  }
  const n = numa.cells.length;
  for (let i = 0; i < interconnects.length; i++) {
    const l = interconnects[i];
    if (l.initiator >= n) throw xmlError("'initiator' refers to a non-existent NUMA node");
    if (l.target >= n) throw xmlError("'target' refers to a non-existent NUMA node");
    if (!numa.cells[l.initiator].cpus) throw xmlError("NUMA nodes without CPUs can't be initiator");
    if (l.cache > 0 && !numa.cells[l.target].caches.some((c) => c.level === l.cache)) {
      throw xmlError("'cache' refers to a non-existent NUMA node cache");
    }
    for (let j = 0; j < i; j++) {
      const ll = interconnects[j];
      if (l.type === ll.type && l.initiator === ll.initiator && l.target === ll.target && l.cache === ll.cache && l.accessType === ll.accessType) {
        throw xmlError('Duplicate info for NUMA latencies');
      }
      if (l.initiator !== l.target && l.initiator === ll.target && l.target === ll.initiator) throw xmlError('Link already defined');
    }
  }
}

