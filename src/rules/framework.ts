/**
 * Rules as data. Each check mirrors one comparison inside a libvirt *CheckABIStability helper:
 * a stable id, the helper's name, libvirt's format string verbatim (per version where the
 * wording changed) and the version range in which libvirt performs it. Steps form a tree in
 * libvirt's evaluation order: plain rules, sub-objects (a device's address) and positional
 * device lists preceded by their count rule.
 */
import { atLeast, OLDEST_VERSION, type Profile } from '../model/profile.js';
import { renderFormat, type FormatArg } from './printf.js';
import type { Mismatch } from '../model/result.js';

export type { Mismatch };

export interface RuleMessage {
  /** First libvirt version printing this wording. */
  readonly since: string;
  readonly format: string;
}

/** generic: libvirt's own checks; qemu: plus the QEMU driver's hook (xmlopt->abi.domain). */
export type HypervisorDriver = 'generic' | 'qemu';

export interface CheckContext {
  readonly profile: Profile;
  readonly skipVolatile: boolean;
  readonly driver: HypervisorDriver;
}

/** Arguments for the rule's format string when src and dst differ; undefined when they agree. */
export type CheckResult = readonly FormatArg[] | undefined | false;

export interface AbiRule<T = any> {
  readonly kind: 'rule';
  /** Stable id, `family/name`. */
  readonly id: string;
  readonly family: string;
  /** The libvirt function whose message this is. */
  readonly libvirtFunction: string;
  /** First libvirt version with this check. */
  readonly since: string;
  /** First libvirt version without it (exclusive), when libvirt dropped or replaced it. */
  readonly until?: string;
  /** Wordings, oldest first. */
  readonly messages: readonly RuleMessage[];
  /** Where in the dst element the compared value lives, e.g. `target/@bus`. */
  readonly where?: string;
  readonly description?: string;
  /** When the check is skipped beyond its version range, in words for the rule docs. */
  readonly condition?: string;
  /** libvirt's error class prefix; every ABI rule raises VIR_ERR_CONFIG_UNSUPPORTED. */
  readonly check: (src: T, dst: T, ctx: CheckContext) => CheckResult;
}

export interface SubStep<P = any, C = any> {
  readonly kind: 'sub';
  readonly id: string;
  /** Both sides' part to compare; skipped when select gives undefined for either. */
  readonly select: (parent: P) => C | undefined;
  /** Runs only when this holds (libvirt's `if (src->x == ON)` guards). */
  readonly when?: (src: P, dst: P, ctx: CheckContext) => boolean;
  /** `when` in words, for the rule docs. */
  readonly condition?: string;
  readonly where?: string;
  readonly steps: readonly Step<C>[];
}

export interface ListStep<P = any, C = any> {
  readonly kind: 'list';
  readonly id: string;
  readonly select: (parent: P) => readonly C[];
  /** XPath of item i (0-based) inside the parent, e.g. `devices/disk[3]`. */
  readonly itemPath: (index: number, item: C) => string;
  /** Compares the whole lists first; a mismatch ends the list as in libvirt. */
  readonly count: AbiRule<readonly C[]>;
  readonly each: readonly Step<C>[];
}

export type Step<T = any> = AbiRule<T> | SubStep<T> | ListStep<T>;

export interface RuleSpec<T> {
  id: string;
  family: string;
  libvirtFunction: string;
  since?: string;
  until?: string;
  format?: string;
  messages?: RuleMessage[];
  where?: string;
  description?: string;
  condition?: string;
  check: (src: T, dst: T, ctx: CheckContext) => CheckResult;
}

/** `since` of a check every supported release performs. */
export const BASE_VERSION = OLDEST_VERSION;

/** Rule docs: where a version boundary comes from libvirt's sources and NEWS instead of a measurement. */
export const HISTORY = "The boundary comes from libvirt's history; only 7.0.0 (without it) and 9.0.0 (with it) are measured.";

export function rule<T>(spec: RuleSpec<T>): AbiRule<T> {
  const since = spec.since ?? BASE_VERSION;
  const messages = spec.messages ?? [{ since, format: spec.format ?? '' }];
  if (!messages.length || messages.some((m) => !m.format)) throw new Error(`rule ${spec.id} has no message format`);
  return {
    kind: 'rule', id: spec.id, family: spec.family, libvirtFunction: spec.libvirtFunction,
    since, until: spec.until, messages, where: spec.where, description: spec.description, condition: spec.condition, check: spec.check,
  };
}

export function sub<P, C>(spec: Omit<SubStep<P, C>, 'kind'>): SubStep<P, C> {
  return { kind: 'sub', ...spec };
}

export function list<P, C>(spec: Omit<ListStep<P, C>, 'kind'>): ListStep<P, C> {
  return { kind: 'list', ...spec };
}

const asFormatArg = <V>(v: V): FormatArg => v as FormatArg;

/** Compares two values and returns [dst, src] message args when they differ (libvirt prints dst first). */
export function differ<V>(src: V, dst: V, show: (v: V) => FormatArg = asFormatArg): CheckResult {
  return src === dst ? undefined : [show(dst), show(src)];
}

export function ruleApplies(r: { since: string; until?: string }, profile: Profile): boolean {
  return atLeast(profile, r.since) && !(r.until && atLeast(profile, r.until));
}

export function messageFor(r: Pick<AbiRule, 'messages'>, profile: Profile): string {
  let chosen = r.messages[0].format;
  for (const m of r.messages) if (atLeast(profile, m.since)) chosen = m.format;
  return chosen;
}

export const MESSAGE_PREFIX = 'unsupported configuration: ';


function joinPath(base: string, rel: string | undefined): string {
  if (!rel) return base;
  return rel.startsWith('/') ? rel : `${base}/${rel}`;
}

/** A mismatch as the rules find it; the worker turns srcPath into a line number and drops it. */
export interface FoundMismatch extends Mismatch {
  srcPath: string;
}

/**
 * The steps as one profile runs them: rules outside the profile dropped, each rule's wording
 * chosen. Built once per profile, so the per-pair loop does no version arithmetic.
 */
type PlannedStep =
  | { readonly kind: 'rule'; readonly rule: AbiRule; readonly format: string }
  | { readonly kind: 'sub'; readonly step: SubStep; readonly steps: readonly PlannedStep[] }
  | { readonly kind: 'list'; readonly step: ListStep; readonly count: PlannedStep | undefined; readonly each: readonly PlannedStep[] };

export type CheckPlan = readonly PlannedStep[];

function planStep(step: Step, profile: Profile): PlannedStep | undefined {
  if (step.kind === 'rule') return ruleApplies(step, profile) ? { kind: 'rule', rule: step, format: messageFor(step, profile) } : undefined;
  if (step.kind === 'sub') return { kind: 'sub', step, steps: planSteps(step.steps, profile) };
  return { kind: 'list', step, count: planStep(step.count, profile), each: planSteps(step.each, profile) };
}

export function planSteps(steps: readonly Step[], profile: Profile): CheckPlan {
  const out: PlannedStep[] = [];
  for (const step of steps) {
    const planned = planStep(step, profile);
    if (planned) out.push(planned);
  }
  return out;
}

/**
 * Where the part being compared sits in the document: one frame per sub-step or list item
 * entered, turned into an XPath only for a mismatch (most pairs have none, and building every
 * device's path up front was most of the rule time). The frames are reused from pair to pair,
 * so walking the steps allocates nothing.
 */
interface Frame {
  where: string | undefined;
  list: ListStep | undefined;
  index: number;
  srcItem: unknown;
  dstItem: unknown;
}

const frames: Frame[] = [];
let depth = 0;
let basePath = '';

function enter(where: string | undefined, list: ListStep | undefined, index: number, srcItem: unknown, dstItem: unknown): void {
  let f = frames[depth];
  if (!f) frames[depth] = f = { where, list, index, srcItem, dstItem };
  else { f.where = where; f.list = list; f.index = index; f.srcItem = srcItem; f.dstItem = dstItem; }
  depth++;
}

function leave(): void {
  const f = frames[--depth];
  f.srcItem = f.dstItem = undefined;
}

function pathString(side: 'src' | 'dst'): string {
  let p = basePath;
  for (let i = 0; i < depth; i++) {
    const f = frames[i];
    p = joinPath(p, f.list ? f.list.itemPath(f.index, side === 'src' ? f.srcItem : f.dstItem) : f.where);
  }
  return p;
}

function runRule(planned: { rule: AbiRule; format: string }, src: unknown, dst: unknown, ctx: CheckContext, out: FoundMismatch[]): boolean {
  const args = planned.rule.check(src, dst, ctx);
  if (!args) return false;
  out.push({
    rule: planned.rule.id,
    message: MESSAGE_PREFIX + renderFormat(planned.format, args),
    path: joinPath(pathString('dst'), planned.rule.where),
    srcPath: joinPath(pathString('src'), planned.rule.where),
  });
  return true;
}

/** Runs a plan in order and collects every mismatch, the first being the one libvirt prints; `path` is where src and dst sit. */
export function runSteps(plan: CheckPlan, src: unknown, dst: unknown, ctx: CheckContext, path: string, out: FoundMismatch[]): void {
  // a check that threw left its frames behind
  for (; depth > 0; leave());
  basePath = path;
  runPlan(plan, src, dst, ctx, out);
}

function runPlan(plan: CheckPlan, src: unknown, dst: unknown, ctx: CheckContext, out: FoundMismatch[]): void {
  for (const planned of plan) {
    if (planned.kind === 'rule') {
      runRule(planned, src, dst, ctx, out);
    } else if (planned.kind === 'sub') {
      const step = planned.step;
      if (step.when && !step.when(src, dst, ctx)) continue;
      const s = step.select(src);
      const d = step.select(dst);
      if (s === undefined || d === undefined) continue;
      enter(step.where, undefined, 0, s, d);
      runPlan(planned.steps, s, d, ctx, out);
      leave();
    } else {
      const step = planned.step;
      const s = step.select(src);
      const d = step.select(dst);
      if (planned.count && runRule(planned.count as { rule: AbiRule; format: string }, s, d, ctx, out)) continue;
      for (let i = 0; i < s.length; i++) {
        enter(undefined, step, i, s[i], d[i]);
        runPlan(planned.each, s[i], d[i], ctx, out);
        leave();
      }
    }
  }
}

/**
 * itemPath for a device list: the element's own position in the document (implicit devices,
 * which libvirt adds and the file lacks, point at the list).
 */
export function devicePath(tag: string): (index: number, item: { info: { xmlIndex?: number } }) => string {
  return (_i, item) => (item.info.xmlIndex ? `devices/${tag}[${item.info.xmlIndex}]` : `devices/${tag}`);
}

/** Every rule in evaluation order, for listings and docs. */
export function flattenRules(steps: readonly Step[], out: AbiRule[] = []): AbiRule[] {
  for (const step of steps) {
    if (step.kind === 'rule') { if (!out.includes(step)) out.push(step); }
    else if (step.kind === 'sub') flattenRules(step.steps, out);
    else { flattenRules([step.count], out); flattenRules(step.each, out); }
  }
  return out;
}

/** Where a rule runs: its report path and the guards (`condition`s) of the sub-steps around it. */
export interface RuleLocation {
  readonly path: string;
  readonly conditions: readonly string[];
}

// what itemPath sees for a list's first element: devices are numbered by their place in the file
const FIRST_ITEM = { info: { xmlIndex: 1 } };

/** Every place each rule runs, paths as reports print them (the first element of each list). */
export function ruleLocations(steps: readonly Step[], path = '/domain', conditions: readonly string[] = [], out = new Map<AbiRule, RuleLocation[]>()): Map<AbiRule, RuleLocation[]> {
  for (const step of steps) {
    if (step.kind === 'rule') {
      const found = out.get(step) ?? [];
      const here = joinPath(path, step.where);
      if (!found.some((l) => l.path === here && l.conditions.join('\n') === conditions.join('\n'))) found.push({ path: here, conditions });
      out.set(step, found);
    } else if (step.kind === 'sub') {
      ruleLocations(step.steps, joinPath(path, step.where), step.condition ? [...conditions, step.condition] : conditions, out);
    } else {
      ruleLocations([step.count], path, conditions, out);
      ruleLocations(step.each, joinPath(path, step.itemPath(0, FIRST_ITEM as never)), conditions, out);
    }
  }
  return out;
}
