/** Smaller top-level sections: seclabel, lifecycle, pm, perf, clock, resource, keywrap, launchSecurity, idmap. */
import type { ClockDef, SeclabelDef, TimerDef } from '../model/general.js';
import { TDX_COMMIT_SINCE, type ParseContext } from './context.js';
import { CLOCK_OFFSETS, LIFECYCLE_ACTIONS, TIMER_MODES, TIMER_NAMES, TIMER_TICKPOLICIES, TIMER_TRACKS } from '../model/general.js';
import { allChildren, firstChild, xattr, xpathLongLong, xpathUInt, xpathULongLong, xstr } from './general-util.js';
import { bareError, DomainParseError, internalError, rejectedAt, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, propEnum, propTristateBool, propTristateSwitch, propULongLong, REQUIRED, REQUIRED_NONZERO, strToUInt,
  strToULongLong,
} from './values.js';
import { firstNode, nodeSet, pathAttr, type XmlElement } from './xml-tree.js';

const SECLABEL_TYPES = ['default', 'none', 'dynamic', 'static'];
const LOCK_FAILURE = ['default', 'poweroff', 'restart', 'pause', 'ignore'];
const PERF_EVENTS = ['cmt', 'mbmt', 'mbml', 'cpu_cycles', 'instructions', 'cache_references', 'cache_misses',
  'branch_instructions', 'branch_misses', 'bus_cycles', 'stalled_cycles_frontend', 'stalled_cycles_backend',
  'ref_cpu_cycles', 'cpu_clock', 'task_clock', 'page_faults', 'context_switches', 'cpu_migrations',
  'page_faults_min', 'page_faults_maj', 'alignment_faults', 'emulation_faults'];
const CLOCK_BASIS = ['utc', 'localtime'];
const KEYWRAP_CIPHERS = ['aes', 'dea'];
const LAUNCH_SECURITY = ['', 'sev', 's390-pv'];
const LAUNCH_SECURITY_SNP = ['', 'sev', 'sev-snp', 's390-pv'];
const LAUNCH_SECURITY_TDX = ['', 'sev', 'sev-snp', 's390-pv', 'tdx'];
/** sev-snp: NEWS 10.5.0 "Introduce SEV-SNP support" */
const SEV_SNP_SINCE = '10.5.0';
/** tdx: added by libvirt commit e919a4dd itself (see TDX_COMMIT_SINCE; window 11.5.0..11.6.0) */
const TDX_SINCE = TDX_COMMIT_SINCE;
/** VIR_SECURITY_MODEL_BUFLEN / VIR_SECURITY_LABEL_BUFLEN minus the terminator */
const MODEL_MAX = 256;
const LABEL_MAX = 4096;

/**
 * virSecurityLabelDefsParseXML (no default security model). A live parse also requires the
 * labels a running guest's dynamic labelling produced, and keeps model 'none' strict.
 */
export function parseSeclabels(root: XmlElement, ctx: ParseContext): SeclabelDef[] {
  const list = allChildren(root, 'seclabel');
  const out: SeclabelDef[] = [];
  if (!list.length) return out;
  const models: (string | undefined)[] = [];
  for (let i = 0; i < list.length; i++) {
    const node = list[i];
    let model: string | undefined = node.attrs.model;
    if (model !== undefined && Buffer.byteLength(model) > MODEL_MAX) model = undefined;
    let relabel = true;
    let type = 2;
    if (node.attrs.type !== undefined) type = propEnum(node, 'type', SECLABEL_TYPES, NONZERO);
    if (type === 3 || type === 1) relabel = false;
    const r = propTristateBool(node, 'relabel');
    if (r) relabel = r === 1;
    if (type === 2 && !relabel) throw unsupportedConfig('dynamic label type must use resource relabeling');
    if (type === 1 && relabel) throw unsupportedConfig("resource relabeling is not compatible with 'none' label type");
    if (model === 'none') {
      // an inactive parse turns model 'none' into type 'none' without relabeling; a live one
      // refuses any other type (relabeling with type 'none' was refused above)
      if (!ctx.live) relabel = false;
      else if (type !== 1) throw unsupportedConfig(`unsupported type='${SECLABEL_TYPES[type]}' to model 'none'`);
    } else {
      // model 'none' carries no labels; an inactive parse only reads the static label
      if (type === 3 || (ctx.live && type !== 1)) requireLabel(node, 'label');
      if (ctx.live && relabel && type !== 1) requireLabel(node, 'imagelabel');
    }
    for (let j = 0; j < i; j++) {
      if (models[j] === model) throw bareError(`seclabel for model ${model ?? '(null)'} is already provided`);
    }
    models.push(model);
    out.push({ model, relabel });
  }
  // the generic parser has no default security model, so a lone model-less label stays as is
  if (list.length > 1 && models.some((m) => m === undefined)) throw xmlError('missing security model when using multiple labels');
  return out;
}

/** `<label>` / `<imagelabel>`: present, non-empty and within VIR_SECURITY_LABEL_BUFLEN. */
function requireLabel(seclabel: XmlElement, name: 'label' | 'imagelabel'): void {
  const label = xstr(firstChild(seclabel, name));
  if (label === undefined || Buffer.byteLength(label) > LABEL_MAX) throw xmlError(`security ${name} is missing`);
}

function parseAction(root: XmlElement, name: string, table: readonly string[], dflt: string): string {
  const el = firstChild(root, name);
  const raw = xstr(el);
  if (raw === undefined) return dflt;
  if (!table.includes(raw)) throw rejectedAt(el, unsupportedConfig(`unknown ${name} action: ${raw}`));
  return raw;
}

export interface Lifecycle { onReboot: string; onPoweroff: string; onCrash: string }

/** virDomainDefLifecycleParse (with `<pm>`). */
export function parseLifecycle(root: XmlElement, newer: boolean): Lifecycle {
  // 12.x adds preserve-running (crash only; validation rejects it elsewhere)
  const actions = newer ? [...LIFECYCLE_ACTIONS, 'preserve-running'] : LIFECYCLE_ACTIONS;
  const onReboot = parseAction(root, 'on_reboot', actions, 'restart');
  const onPoweroff = parseAction(root, 'on_poweroff', actions, 'destroy');
  const onCrash = parseAction(root, 'on_crash', actions, 'destroy');
  parseAction(root, 'on_lockfailure', LOCK_FAILURE, 'default');
  propTristateBool(firstNode(root, 'pm', 'suspend-to-mem'), 'enabled');
  propTristateBool(firstNode(root, 'pm', 'suspend-to-disk'), 'enabled');
  return { onReboot, onPoweroff, onCrash };
}

/** virDomainDefLifecycleActionValidate */
export function validateLifecycle(l: Lifecycle): void {
  const check = (type: string, action: string) => {
    if (action === 'coredump-destroy' || action === 'coredump-restart' || action === 'preserve-running') {
      throw unsupportedConfig(`Lifecycle event '${type}' doesn't support '${action}' action`);
    }
  };
  check('poweroff', l.onPoweroff);
  check('reboot', l.onReboot);
}

export function parsePerf(root: XmlElement): void {
  const seen = new Set<number>();
  for (const ev of nodeSet(root, 'perf', 'event')) {
    const name = propEnum(ev, 'name', PERF_EVENTS, REQUIRED);
    propTristateBool(ev, 'enabled', REQUIRED);
    if (seen.has(name)) throw xmlError(`perf event '${PERF_EVENTS[name]}' was already specified`);
    seen.add(name);
  }
}

function parseTimer(node: XmlElement): TimerDef {
  const name = propEnum(node, 'name', TIMER_NAMES, REQUIRED);
  const present = propTristateBool(node, 'present');
  const tickpolicy = propEnum(node, 'tickpolicy', TIMER_TICKPOLICIES, NONZERO);
  const track = propEnum(node, 'track', TIMER_TRACKS, NONZERO);
  const frequency = propULongLong(node, 'frequency', 10);
  const mode = propEnum(node, 'mode', TIMER_MODES, NONZERO);
  const catchupEl = firstChild(node, 'catchup');
  let catchup = false;
  if (catchupEl) {
    const t = propULongLong(catchupEl, 'threshold', 10);
    const s = propULongLong(catchupEl, 'slew', 10);
    const l = propULongLong(catchupEl, 'limit', 10);
    catchup = t !== 0n || s !== 0n || l !== 0n;
  }
  return { name, present, tickpolicy, track, frequency, mode, catchup };
}

/** virDomainDefClockParse */
export function parseClock(root: XmlElement): ClockDef {
  // string(./clock/@x) takes the first <clock> carrying the attribute
  const clockAttr = (name: string) => pathAttr(root, ['clock'], name);
  let offset = 'utc';
  const raw = clockAttr('offset');
  if (raw !== undefined) {
    if (!(CLOCK_OFFSETS as readonly string[]).includes(raw)) throw unsupportedConfig(`unknown clock offset '${raw}'`);
    offset = raw;
  }
  switch (offset) {
    case 'utc': case 'localtime': {
      const adj = clockAttr('adjustment');
      if (adj !== undefined && adj !== 'reset') {
        if (xpathLongLong(adj) === null) throw xmlError(`unknown clock adjustment '${adj}'`);
        offset = 'variable';
      }
      break;
    }
    case 'variable': {
      const basis = clockAttr('basis');
      if (basis !== undefined && !CLOCK_BASIS.includes(basis)) throw unsupportedConfig(`unknown clock basis '${basis}'`);
      break;
    }
    case 'timezone':
      if (clockAttr('timezone') === undefined) throw internalError("missing 'timezone' attribute for clock with offset='timezone'");
      break;
    case 'absolute': {
      const start = xpathULongLong(clockAttr('start'));
      if (start === undefined || start === null) throw internalError("missing 'start' attribute for clock with offset='absolute'");
      break;
    }
  }
  const timers = nodeSet(root, 'clock', 'timer').map(parseTimer);
  return { offset, timers };
}

/** virDomainDefPostParseTimer */
export function postParseTimers(clock: ClockDef): void {
  for (const t of clock.timers) {
    const name = TIMER_NAMES[t.name];
    if ((name === 'kvmclock' || name === 'hypervclock') && t.tickpolicy) {
      throw unsupportedConfig(`timer ${name} doesn't support setting of timer tickpolicy`);
    }
    if (t.tickpolicy !== 2 && t.catchup) {
      throw xmlError("setting of timer catchup policies is only supported with tickpolicy='catchup'");
    }
    if (name !== 'tsc') {
      if (t.frequency !== 0n) throw unsupportedConfig(`timer ${name} doesn't support setting of timer frequency`);
      if (t.mode) throw unsupportedConfig(`timer ${name} doesn't support setting of timer mode`);
    }
    if (name !== 'platform' && name !== 'rtc' && t.track) {
      throw unsupportedConfig(`timer ${name} doesn't support setting of timer track`);
    }
  }
}

export interface ResourceParsed { appid: string | undefined }

export function parseResource(root: XmlElement): ResourceParsed | undefined {
  const list = allChildren(root, 'resource');
  if (list.length > 1) throw xmlError('only one resource element is supported');
  if (!list.length) return undefined;
  const partition = xstr(firstChild(list[0], 'partition'));
  const appid = pathAttr(list[0], ['fibrechannel'], 'appid');
  // libvirt fails here without reporting any error
  if (partition === undefined && appid === undefined) throw bareError('unknown parse failure');
  return { appid };
}

/** virDomainDefResourceValidate */
export function validateResource(r: ResourceParsed | undefined): void {
  if (!r || r.appid === undefined) return;
  for (let i = 0; i < r.appid.length; i++) {
    const c = r.appid.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw xmlError("Fibre Channel 'appid' is not a printable string");
  }
  const len = Buffer.byteLength(r.appid);
  if (len < 1 || len > 128) throw new DomainParseError("invalid argument: Fibre Channel 'appid' string length must be between [1, 128]");
}

export function parseKeywrap(root: XmlElement): void {
  const seen = new Set<number>();
  for (const c of nodeSet(root, 'keywrap', 'cipher')) {
    const name = propEnum(c, 'name', KEYWRAP_CIPHERS, REQUIRED);
    propTristateSwitch(c, 'state', REQUIRED);
    if (seen.has(name)) {
      throw internalError(`A domain definition can have no more than one cipher node with name ${KEYWRAP_CIPHERS[name]}`);
    }
    seen.add(name);
  }
}

/** virDomainSecDefParseXML: the type, and the numeric fields each type reads. */
export function parseLaunchSecurity(root: XmlElement, ctx: { atLeast(v: string): boolean }): string | undefined {
  const node = firstChild(root, 'launchSecurity');
  if (!node) return undefined;
  const table = ctx.atLeast(TDX_SINCE) ? LAUNCH_SECURITY_TDX : ctx.atLeast(SEV_SNP_SINCE) ? LAUNCH_SECURITY_SNP : LAUNCH_SECURITY;
  const type = table[propEnum(node, 'type', table, REQUIRED_NONZERO)];
  const policy = xstr(firstChild(node, 'policy'));
  if (type === 'sev' || type === 'sev-snp') {
    if (type === 'sev') propTristateBool(node, 'kernelHashes');
    const ok = type === 'sev' ? strToUInt(policy ?? '', 16) !== undefined : strToULongLong(policy ?? '', 16) !== undefined;
    if (policy === undefined || !ok) throw xmlError('failed to get launch security policy');
    if (xpathUInt(xstr(firstChild(node, 'cbitpos'))) === -2) throw xmlError('Invalid format for launch security cbitpos');
    if (xpathUInt(xstr(firstChild(node, 'reducedPhysBits'))) === -2) throw xmlError('Invalid format for launch security reduced-phys-bits');
  } else if (type === 'tdx') {
    if (policy !== undefined && strToULongLong(policy, 16) === undefined) {
      throw xmlError('failed to get launch security policy for launch security type TDX');
    }
  }
  return type;
}

export interface IdmapParsed { uid: number[]; gid: number[] }

export function parseIdmap(root: XmlElement): IdmapParsed {
  return { uid: parseIdmapEntries(nodeSet(root, 'idmap', 'uid')), gid: parseIdmapEntries(nodeSet(root, 'idmap', 'gid')) };
}

/** virDomainIdmapDefParseXML (the domain's and a virtiofs filesystem's): the sorted starts. */
export function parseIdmapEntries(nodes: readonly XmlElement[]): number[] {
  const starts: number[] = [];
  for (const n of nodes) {
    const vals = ['start', 'target', 'count'].map((a) => xpathUInt(xattr(n, a)));
    if (vals.some((v) => v < 0)) throw xmlError('invalid idmap start/target/count settings');
    starts.push(vals[0]);
  }
  return starts.sort((a, b) => a - b);
}

/** virDomainDefIdMapValidate */
export function validateIdmap(m: IdmapParsed): void {
  if ((m.uid.length > 0) !== (m.gid.length > 0)) throw unsupportedConfig('uid and gid should be mapped both');
  if ((m.uid.length && m.uid[0] !== 0) || (m.gid.length && m.gid[0] !== 0)) {
    throw unsupportedConfig('You must map the root user of container');
  }
}


/** The fields of `<iotune>` and of a `<throttlegroup>`, in libvirt's parse order. */
export const IOTUNE_FIELDS = ['total_bytes_sec', 'read_bytes_sec', 'write_bytes_sec', 'total_iops_sec', 'read_iops_sec',
  'write_iops_sec', 'total_bytes_sec_max', 'read_bytes_sec_max', 'write_bytes_sec_max', 'total_iops_sec_max',
  'read_iops_sec_max', 'write_iops_sec_max', 'size_iops_sec', 'total_bytes_sec_max_length',
  'read_bytes_sec_max_length', 'write_bytes_sec_max_length', 'total_iops_sec_max_length',
  'read_iops_sec_max_length', 'write_iops_sec_max_length'] as const;

/** virDomainDiskIoTuneValidate: its message for the first total limit set beside a read/write one, if any. */
export function iotuneConflict(v: Readonly<Record<string, bigint>>): string | undefined {
  for (const kind of ['bytes_sec', 'iops_sec', 'bytes_sec_max', 'iops_sec_max']) {
    if (v[`total_${kind}`] && (v[`read_${kind}`] || v[`write_${kind}`])) {
      return `XML error: total and read/write ${kind} cannot be set at the same time`;
    }
  }
  return undefined;
}

/**
 * `<throttlegroups>` (11.2+): iotune-style groups referenced by disk throttle filters. The limits
 * are validated only at the end of virDomainDefValidateInternal, so the first group's conflict is
 * kept for then (a later parse or device error comes first).
 */
export function parseThrottleGroups(root: XmlElement): { names: string[]; conflict: string | undefined } {
  const names: string[] = [];
  let conflict: string | undefined;
  for (const g of nodeSet(root, 'throttlegroups', 'throttlegroup')) {
    const v: Record<string, bigint> = {};
    for (const f of IOTUNE_FIELDS) {
      const n = xpathULongLong(xstr(firstChild(g, f)));
      if (n === null) throw xmlError(`throttle group field '${f}' must be an integer`);
      v[f] = n ?? 0n;
    }
    const name = xstr(firstChild(g, 'group_name'));
    if (name === undefined) throw xmlError('missing group name');
    if (names.includes(name)) throw xmlError(`duplicate group name '${name}' found`);
    names.push(name);
    conflict ??= iotuneConflict(v);
  }
  return { names, conflict };
}
