/** `<vcpu>`, `<vcpus>`, `<iothreads>`/`<iothreadids>` and `<cputune>` (virDomainVcpuParse and friends). */
import type { Bitmap, VcpuDef, VcpusDef } from '../model/general.js';
import { parseBitmap } from './general-bitmap.js';
import { contentString, firstChild, GENERAL_SINCE, xpathLongLong, xpathULongLong, xstr } from './general-util.js';
import type { ParseContext } from './context.js';
import { bareError, internalError, MAX_DECLARED_ITEMS, notChecked, unsupportedConfig, xmlError } from './errors.js';
import { parseResctrl } from './general-resctrl.js';
import {
  NONNEGATIVE, propEnum, propInt, propTristateBool, propUInt, propULongLong, REQUIRED, REQUIRED_NONZERO,
  strToUInt, strToUIntPositive,
} from './values.js';
import { nodeSet, type XmlElement } from './xml-tree.js';

const PLACEMENTS = ['static', 'auto'];
const SCHED_POLICIES = ['none', 'batch', 'idle', 'fifo', 'rr'];

export interface IOThreadsParsed {
  ids: number[];
  pools: { min: number; max: number }[];
}

export function parseVcpus(root: XmlElement): VcpusDef {
  let max = 1;
  let current = 1;
  let placement = 'static';
  let cpuset: Bitmap | undefined;
  const vcpuEl = firstChild(root, 'vcpu');
  if (vcpuEl) {
    const text = contentString(vcpuEl);
    const m = strToUInt(text, 10);
    if (m === undefined) throw xmlError('maximum vcpus count must be an integer');
    max = m;
    if (max > MAX_DECLARED_ITEMS) throw notChecked(`<vcpu> ${max}`, `allocate ${max} vCPUs`);
    current = vcpuEl.attrs.current !== undefined ? propUInt(vcpuEl, 'current', 10) : max;
    placement = PLACEMENTS[propEnum(vcpuEl, 'placement', PLACEMENTS, {}, 0)];
    if (placement !== 'auto' && vcpuEl.attrs.cpuset !== undefined) {
      const raw = vcpuEl.attrs.cpuset;
      cpuset = parseBitmap(raw);
      if (!cpuset.bits.length) throw unsupportedConfig(`Invalid value of 'cpuset': ${raw}`);
    }
  }
  const list: VcpuDef[] = [];
  for (let i = 0; i < max; i++) list.push({ id: i, online: false, order: 0, hotpluggable: 0 });
  const nodes = nodeSet(root, 'vcpus', 'vcpu');
  if (nodes.length) {
    for (const n of nodes) {
      const id = propUInt(n, 'id', 10, REQUIRED);
      if (id >= max) throw xmlError(`vcpu id '${id}' is out of range of maximum vcpu count`);
      const v = list[id];
      const enabled = propTristateBool(n, 'enabled', REQUIRED);
      // virTristateBoolToBool leaves the value alone when absent (cannot happen: required)
      if (enabled) v.online = enabled === 1;
      v.hotpluggable = propTristateBool(n, 'hotpluggable');
      v.order = propUInt(n, 'order', 10);
    }
  } else {
    if (current > max) throw unsupportedConfig('maximum vCPU count must not be less than current vCPU count');
    for (let i = 0; i < max; i++) list[i].online = i < current;
  }
  return { max, list, individual: nodes.length > 0, placement, cpuset };
}

export function parseIOThreads(root: XmlElement, newer: boolean): IOThreadsParsed {
  let count = 0;
  const raw = xstr(firstChild(root, 'iothreads'));
  if (raw !== undefined) {
    const v = strToUIntPositive(raw, 10);
    if (v === undefined) throw xmlError(`invalid iothreads count '${raw}'`);
    count = v;
    // virDomainIOThreadIDDefArrayInit allocates the count (32 GB at 4294967295, where it aborts)
    if (count > MAX_DECLARED_ITEMS) throw notChecked(`<iothreads> ${count}`, `allocate ${count} IOThreads`);
  }
  const pools: { min: number; max: number }[] = [];
  const dflt = firstChild(root, 'defaultiothread');
  if (dflt) {
    const min = propInt(dflt, 'thread_pool_min', 10, NONNEGATIVE, -1);
    const max = propInt(dflt, 'thread_pool_max', 10, NONNEGATIVE, -1);
    if (min !== -1 || max !== -1) pools.push({ min, max });
  }
  const nodes = nodeSet(root, 'iothreadids', 'iothread');
  if (nodes.length > count) count = nodes.length;
  const ids: number[] = [];
  // a Set beside the list: libvirt's scan per id is quadratic in the number of <iothread>s
  const used = new Set<number>();
  const idPools: { min: number; max: number }[] = [];
  for (const n of nodes) {
    const id = propUInt(n, 'id', 10, REQUIRED_NONZERO);
    const min = propInt(n, 'thread_pool_min', 10, NONNEGATIVE, -1);
    const max = propInt(n, 'thread_pool_max', 10, NONNEGATIVE, -1);
    const poll = newer ? firstChild(n, 'poll') : undefined;
    if (poll) for (const a of ['max', 'grow', 'shrink']) propULongLong(poll, a, 10);
    if (used.has(id)) throw xmlError(`duplicate iothread id '${id}' found`);
    used.add(id);
    ids.push(id);
    idPools.push({ min, max });
  }
  // virDomainIOThreadIDDefArrayInit: fill up to the count with the lowest unused ids
  if (count !== ids.length) {
    for (let next = 1; ids.length < count && next <= count; next++) {
      if (!used.has(next)) ids.push(next);
    }
    if (ids.length < count) throw internalError('failed to populate iothreadids');
  }
  // validation order: every iothreadid, then the default iothread
  return { ids, pools: [...idPools, ...pools] };
}

function parseSchedCommon(node: XmlElement): void {
  const policy = propEnum(node, 'scheduler', SCHED_POLICIES, REQUIRED_NONZERO);
  if (policy === 3 || policy === 4) propInt(node, 'priority', 10, REQUIRED);
}

function parseCpusetAttr(node: XmlElement, missingMsg: string): Bitmap {
  const raw = node.attrs.cpuset;
  if (raw === undefined) throw internalError(missingMsg);
  const map = parseBitmap(raw);
  if (!map.bits.length) throw unsupportedConfig(`Invalid value of 'cpuset': ${raw}`);
  return map;
}

function parseThreadSched(node: XmlElement, element: string, attribute: string, seen: Set<number>,
  exists: (id: number) => boolean, missing: (id: number) => Error): void {
  const raw = node.attrs[attribute];
  if (raw === undefined) throw xmlError(`Missing attribute '${attribute}' in element '${element}'`);
  const map = parseBitmap(raw);
  if (!map.bits.length) throw unsupportedConfig(`'${attribute}' scheduler bitmap '${raw}' is empty`);
  parseSchedCommon(node);
  for (const b of map.bits) {
    if (!exists(b)) throw missing(b);
    if (seen.has(b)) throw bareError(`'${element}' attributes '${attribute}' must not overlap`);
    seen.add(b);
  }
}

export interface CputuneParsed {
  shares: bigint;
  /** period, global_period, emulator_period, iothread_period */
  periods: [string, bigint][];
  /** quota, global_quota, emulator_quota, iothread_quota */
  quotas: [string, bigint][];
}

/** `<cputune>`: only parse-time rejections and the values validation range-checks (nothing here is ABI). */
export function parseCputune(root: XmlElement, vcpus: VcpusDef, iothreadIds: number[], ctx: ParseContext): CputuneParsed {
  const out: CputuneParsed = { shares: 0n, periods: [], quotas: [] };
  if (!firstChild(root, 'cputune')) return out;
  // ./cputune/x spans every <cputune>
  const first = (name: string) => nodeSet(root, 'cputune', name)[0];
  const all = (name: string) => nodeSet(root, 'cputune', name);
  const ull = (name: string, what: string) => {
    const v = xpathULongLong(xstr(first(name)));
    if (v === null) throw xmlError(`can't parse cputune ${what} value`);
    return v ?? 0n;
  };
  const ll = (name: string, what: string) => {
    const v = xpathLongLong(xstr(first(name)));
    if (v === null) throw xmlError(`can't parse cputune ${what} value`);
    return v ?? 0n;
  };
  out.shares = ull('shares', 'shares');
  out.periods.push(['period', ull('period', 'period')]);
  out.quotas.push(['quota', ll('quota', 'quota')]);
  out.periods.push(['global_period', ull('global_period', 'global period')]);
  out.quotas.push(['global_quota', ll('global_quota', 'global quota')]);
  out.periods.push(['emulator_period', ull('emulator_period', 'emulator period')]);
  out.quotas.push(['emulator_quota', ll('emulator_quota', 'emulator quota')]);
  out.periods.push(['iothread_period', ull('iothread_period', 'iothread period')]);
  out.quotas.push(['iothread_quota', ll('iothread_quota', 'iothread quota')]);

  const pinned = new Set<number>();
  for (const pin of all('vcpupin')) {
    const id = propUInt(pin, 'vcpu', 10, REQUIRED);
    if (id >= vcpus.max) continue;
    const raw = pin.attrs.cpuset;
    if (raw === undefined) throw internalError('missing cpuset for vcpupin');
    if (pinned.has(id)) throw internalError(`duplicate vcpupin for vcpu '${id}'`);
    const map = parseBitmap(raw);
    if (!map.bits.length) throw unsupportedConfig(`Invalid value of 'cpuset': ${raw}`);
    pinned.add(id);
  }
  const emulatorpins = all('emulatorpin');
  if (emulatorpins.length > 1) throw xmlError('only one emulatorpin is supported');
  if (emulatorpins.length) parseCpusetAttr(emulatorpins[0], 'missing cpuset for emulatorpin');
  const iothreads = new Set(iothreadIds);
  const iopinned = new Set<number>();
  for (const pin of all('iothreadpin')) {
    const id = propUInt(pin, 'iothread', 10, REQUIRED_NONZERO);
    if (!iothreads.has(id)) throw unsupportedConfig(`Cannot find 'iothread' : ${id}`);
    parseCpusetAttr(pin, 'missing cpuset for iothreadpin');
    if (iopinned.has(id)) throw internalError(`duplicate iothreadpin for same iothread '${id}'`);
    iopinned.add(id);
  }
  const seenV = new Set<number>();
  for (const s of all('vcpusched')) {
    parseThreadSched(s, 'vcpusched', 'vcpus', seenV, (id) => id < vcpus.max,
      (id) => unsupportedConfig(`vCPU '${id}' is not present in domain definition`));
  }
  const seenI = new Set<number>();
  for (const s of all('iothreadsched')) {
    parseThreadSched(s, 'iothreadsched', 'iothreads', seenI, (id) => iothreads.has(id),
      (id) => unsupportedConfig(`Cannot find 'iothread' : ${id}`));
  }
  const esched = all('emulatorsched');
  if (esched.length > 1) throw xmlError('only one emulatorsched is supported');
  if (esched.length) parseSchedCommon(esched[0]);
  parseResctrl(all('cachetune'), all('memorytune'), all('energytune'), {
    maxVcpus: vcpus.max, wholeProcess: ctx.atLeast(GENERAL_SINCE.energytune), bandwidthLimit: !ctx.atLeast(GENERAL_SINCE.memoryBandwidthUnlimited),
  });
  return out;
}

/** virDomainDefCputuneValidate */
export function validateCputune(c: CputuneParsed, sharesRange: boolean): void {
  if (sharesRange && c.shares > 0n && (c.shares < 2n || c.shares > 262144n)) {
    throw unsupportedConfig('Value of cputune \'shares\' must be in range [2, 262144]');
  }
  for (const [name, v] of c.periods) {
    if (v > 0n && (v < 1000n || v > 1000000n)) throw unsupportedConfig(`Value of cputune '${name}' must be in range [1000, 1000000]`);
  }
  for (const [name, v] of c.quotas) {
    if (v > 0n && (v < 1000n || v > 17592186044415n)) throw unsupportedConfig(`Value of cputune '${name}' must be in range [1000, 17592186044415]`);
  }
}
