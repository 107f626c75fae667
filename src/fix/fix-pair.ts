/**
 * `abi-diff fix` for one pair: edits the destination text, mismatch by mismatch, so that each
 * compared value is the source's, re-checking after every edit with the same checks a run uses.
 * An edit is kept only when the destination still parses and the mismatch it aimed at is gone;
 * a fix may reveal the next mismatch (a count that matches lets the items be compared), so this
 * goes on until the pair is compatible, or no edit helps: then the pair is reported, never guessed.
 */
import type { FoundMismatch } from '../rules/framework.js';
import { applyEdits, attributeEdit, insertElement, removeElement, replaceElement, type Edit } from './edits.js';
import { alignLists, similarity } from './align.js';
import { attrOf, childrenNamed, elementAt, indentAt, scanSpans, stepsOf, type ElementSpan, type Step } from './spans.js';

export type FixOutcome =
  | { status: 'compatible' }
  | { status: 'fixed'; xml: string; mismatches: FoundMismatch[]; rounds: number; paths: string[] }
  | { status: 'unfixable'; reason: string; mismatches: FoundMismatch[] }
  | { status: 'error'; side: 'src' | 'dst'; message: string; line?: number };

/**
 * Checks a destination text against the pair's source as a run does (the worker's
 * findMismatches, passed in: the worker calls this module for --patches, so it imports none of it).
 */
export type CheckDestination = (dstXml: string) => { found: FoundMismatch[] } | { error: { side: 'src' | 'dst'; message: string; line?: number } };

/** A chain of fixes longer than this is stuck, not converging. */
const MAX_ROUNDS = 200;

/** A way to remove one mismatch, or why there is none that is safe. */
type Edits = { edits: Edit[]; what: string };
type Candidate = Edits | { unsafe: string };

/** Edits the destination rejected that are tried again with another element of the source. */
const MAX_INVALIDATING = 4;

interface Texts { src: string; dst: string; srcRoot: ElementSpan; dstRoot: ElementSpan }

const sameMismatch = (a: FoundMismatch, b: FoundMismatch) => a.rule === b.rule && a.path === b.path;

/** `first`: the check of dstXml when the caller made it already. */
export function fixPair(srcXml: string, dstXml: string, check: CheckDestination, first = check(dstXml)): FixOutcome {
  if ('error' in first) return { status: 'error', ...first.error };
  if (!first.found.length) return { status: 'compatible' };
  const srcRoot = scanSpans(srcXml);
  if (!srcRoot) return { status: 'unfixable', reason: 'no element found in the source text', mismatches: first.found };
  let dst = dstXml;
  let found = first.found;
  const seen = new Set([dst]);
  // the destination path of each mismatch an edit cleared, in order: what the fix touched
  const paths: string[] = [];
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const dstRoot = scanSpans(dst);
    if (!dstRoot) break;
    const texts: Texts = { src: srcXml, dst, srcRoot, dstRoot };
    let why: string | undefined;
    let next: { dst: string; found: FoundMismatch[] } | undefined;
    // edits the destination rejects: with the element it must agree with (<vcpu> with <cpu>'s
    // topology, a disk's bus with its address) taken from the source too, they may pass
    const invalidating: { c: Edits; m: FoundMismatch }[] = [];
    const tryEdit = (c: Edits, m: FoundMismatch): boolean => {
      const edited = applyEdits(dst, c.edits);
      if (seen.has(edited)) return false;
      seen.add(edited);
      const checked = check(edited);
      if ('error' in checked) {
        why ??= `${c.what} makes the destination invalid: ${checked.error.message}`;
        if (invalidating.length < MAX_INVALIDATING) invalidating.push({ c, m });
        return false;
      }
      if (checked.found.some((f) => sameMismatch(f, m))) return false;
      next = { dst: edited, found: checked.found };
      paths.push(m.path);
      return true;
    };
    // libvirt's first mismatch first; another one may be the one whose fix clears it
    search: for (const m of found) {
      for (const c of candidates(texts, m)) {
        if ('unsafe' in c) { why ??= c.unsafe; continue; }
        if (tryEdit(c, m)) break search;
      }
    }
    if (!next) {
      pairs: for (const { c, m } of invalidating) {
        for (const d of derivedCandidates(texts)) {
          if (!('edits' in d) || d.edits.some((e) => c.edits.some((f) => e.start < f.end && f.start < e.end))) continue;
          if (tryEdit({ edits: [...c.edits, ...d.edits], what: `${c.what} and ${d.what}` }, m)) break pairs;
        }
      }
    }
    if (!next) {
      const m = found[0];
      return { status: 'unfixable', reason: why ?? `no edit taking the source's ${m.srcPath} clears "${m.message}"`, mismatches: first.found };
    }
    dst = next.dst;
    found = next.found;
    if (!found.length) return { status: 'fixed', xml: dst, mismatches: first.found, rounds: round, paths };
  }
  return { status: 'unfixable', reason: `still incompatible after ${MAX_ROUNDS} edits`, mismatches: first.found };
}

const elementSteps = (steps: Step[]) => steps.filter((s): s is Exclude<Step, { attribute: string }> => !('attribute' in s));

/** The edits that could clear `m`, smallest first: the value itself, then its element, then the elements around it. */
function* candidates(t: Texts, m: FoundMismatch): Generator<Candidate> {
  const dstSteps = stepsOf(m.path);
  const srcSteps = stepsOf(m.srcPath);
  if (!dstSteps || !srcSteps) return;
  const last = dstSteps[dstSteps.length - 1];
  const srcLast = srcSteps[srcSteps.length - 1];
  if (m.rule.endsWith('/count') && last && !('attribute' in last) && srcLast && !('attribute' in srcLast)) {
    yield* listCandidates(t, srcSteps.slice(0, -1), dstSteps.slice(0, -1), last.name);
    return;
  }
  let de = elementSteps(dstSteps);
  let se = elementSteps(srcSteps);
  yield* swapCandidates(t, se, de);
  if (last && 'attribute' in last && srcLast && 'attribute' in srcLast) {
    const s = elementAt(t.src, t.srcRoot, se);
    const d = elementAt(t.dst, t.dstRoot, de);
    if (s && d) {
      const edit = attributeEdit(t.src, s, t.dst, d, last.attribute);
      if (edit) yield { edits: [edit], what: `taking @${last.attribute} from the source` };
    }
  }
  // a value libvirt derives from elsewhere (<vcpus> from <vcpu current>): the top-level
  // elements that differ, one at a time, are what it can come from
  if (de.length >= 2 && !elementAt(t.dst, t.dstRoot, de.slice(0, 2)) && !elementAt(t.src, t.srcRoot, se.slice(0, 2))) {
    yield* derivedCandidates(t);
    return;
  }
  if (m.rule === 'deviceinfo/address-type') yield* definedAddressCandidates(t, m, de);
  if (m.rule === 'memtune/initial-memory') yield* definedMemoryCandidates(t, m);
  // whole elements, from the compared one up to a child of <domain> or of <devices>
  while (de.length >= 2 && se.length >= 2) {
    yield* elementCandidates(t, se, de);
    if (de.length === 2 || (de.length === 3 && de[1].name === 'devices')) break;
    de = de.slice(0, -1);
    se = se.slice(0, -1);
  }
  // the value may come from another element (a NUMA cell's size makes the memory, the
  // emulator the CPU model)
  yield* derivedCandidates(t);
}

const DEFINED_MEMORY = /Target domain max memory \d+ does not match source (\d+)$/;

/**
 * The initial memory the source has as `virsh define` stored it: libvirt sets it to the NUMA
 * cells' total then, whatever <memory> says; the destination says that total, in KiB.
 */
function* definedMemoryCandidates(t: Texts, m: FoundMismatch): Generator<Candidate> {
  const kib = DEFINED_MEMORY.exec(m.message)?.[1];
  const d = childrenNamed(t.dstRoot, 'memory')[0];
  if (!kib || !d || d.selfClosing) return;
  const q = d.attrs[0]?.quote ?? "'";
  const rest = d.attrs.filter((a) => a.name !== 'unit').map((a) => t.dst.slice(a.start, a.end)).join('');
  yield { edits: [{ start: d.start, end: d.end, text: `<memory unit=${q}KiB${q}${rest}>${kib}</memory>` }], what: 'taking the memory the source was defined with' };
}

const DEFINED_ADDRESS = /Target device address type none does not match source (usb)$/;

/**
 * An address the source has only as `virsh define` stored it (the QEMU driver gives a USB device
 * a USB address then; the file has none): the destination's device gets an address of that type.
 * The port is left to libvirt, which assigns it at start and does not compare it.
 */
function* definedAddressCandidates(t: Texts, m: FoundMismatch, de: Step[]): Generator<Candidate> {
  const type = DEFINED_ADDRESS.exec(m.message)?.[1];
  const last = de[de.length - 1];
  if (!type || !last || 'attribute' in last || last.name !== 'address') return;
  const device = elementAt(t.dst, t.dstRoot, de.slice(0, -1));
  if (!device || childrenNamed(device, 'address').length) return;
  const q = device.attrs[0]?.quote ?? "'";
  const address = `<address type=${q}${type}${q} bus=${q}0${q}/>`;
  const indent = indentAt(t.dst, device.start);
  if (!device.selfClosing) {
    const child = device.children[device.children.length - 1];
    const at = child ? child.end : device.openEnd;
    yield { edits: [{ start: at, end: at, text: `\n${indent}  ${address}${child ? '' : `\n${indent}`}` }], what: `giving <${device.name}> a ${type} address` };
    return;
  }
  // a self-closing device opens to hold the address
  const open = t.dst.slice(device.start, device.end).replace(/\s*\/>$/, '>');
  yield { edits: [{ start: device.start, end: device.end, text: `${open}\n${indent}  ${address}\n${indent}</${device.name}>` }], what: `giving <${device.name}> a ${type} address` };
}

const spanText = (xml: string, el: ElementSpan) => xml.slice(el.start, el.end);

/**
 * A list item in the wrong place: when another of dst's items is more like the source's item
 * than the one in its place, the two trade places (both keep their host-side edits). Deepest
 * list first.
 */
function* swapCandidates(t: Texts, se: Step[], de: Step[]): Generator<Candidate> {
  for (let n = de.length; n >= 3 && n <= se.length; n--) {
    const step = de[n - 1];
    if (!('index' in step)) continue;
    const s = elementAt(t.src, t.srcRoot, se.slice(0, n));
    const parent = elementAt(t.dst, t.dstRoot, de.slice(0, n - 1));
    if (!s || !parent) continue;
    const items = childrenNamed(parent, step.name);
    const here = items[step.index - 1];
    if (!here) continue;
    const want = spanText(t.src, s);
    let best = here;
    let bestSimilarity = similarity(want, spanText(t.dst, here));
    for (const item of items) {
      const sim = similarity(want, spanText(t.dst, item));
      if (sim > bestSimilarity) { best = item; bestSimilarity = sim; }
    }
    if (best === here) continue;
    yield {
      edits: [{ start: here.start, end: here.end, text: spanText(t.dst, best) }, { start: best.start, end: best.end, text: spanText(t.dst, here) }],
      what: `moving ${step.name}[${items.indexOf(best) + 1}] to ${step.name}[${step.index}]`,
    };
  }
}

/**
 * The top-level elements, and <devices>' one-of-a-kind children (<emulator>), that differ in
 * more than spelling, each taken from the source; a missing one is added.
 */
function* derivedCandidates(t: Texts): Generator<Edits> {
  const srcDevices = childrenNamed(t.srcRoot, 'devices')[0];
  const dstDevices = childrenNamed(t.dstRoot, 'devices')[0];
  const scopes: [ElementSpan, ElementSpan | undefined][] = [[t.srcRoot, t.dstRoot], [srcDevices, dstDevices]];
  for (const [sp, dp] of scopes) {
    if (!sp || !dp) continue;
    for (const s of sp.children) {
      const named = childrenNamed(sp, s.name);
      if (s.name === 'devices' || (sp === srcDevices && named.length > 1)) continue;
      const d = childrenNamed(dp, s.name)[named.indexOf(s)];
      if (d && similarity(spanText(t.src, s), spanText(t.dst, d)) < 1) yield { edits: [replaceElement(t.src, s, t.dst, d)], what: `taking <${s.name}> from the source` };
      if (!d && sp === srcDevices && childrenNamed(dp, s.name).length === 0) {
        const edit = insertElement(t.src, s, t.dst, dp, { before: dp.children[0] });
        if (edit) yield { edits: [edit], what: `adding <${s.name}> from the source` };
      }
    }
  }
}

/** The element at the paths made the source's: replaced, added or removed. */
function* elementCandidates(t: Texts, se: Step[], de: Step[]): Generator<Candidate> {
  const s = elementAt(t.src, t.srcRoot, se);
  const d = elementAt(t.dst, t.dstRoot, de);
  const name = (se[se.length - 1] as { name: string }).name;
  if (s && d) {
    if (t.src.slice(s.start, s.end) !== t.dst.slice(d.start, d.end)) yield { edits: [replaceElement(t.src, s, t.dst, d)], what: `taking <${name}> from the source` };
    return;
  }
  if (d) {
    yield { edits: [removeElement(t.dst, d)], what: `removing <${name}>` };
    return;
  }
  if (!s || !s.parent) return;
  const parent = elementAt(t.dst, t.dstRoot, de.slice(0, -1));
  if (!parent) return;
  // after the counterpart of the source element's previous sibling, as the source orders them
  const siblings = s.parent.children;
  const at = siblings.indexOf(s);
  const counterpart = (el: ElementSpan | undefined) => el && childrenNamed(parent, el.name)[childrenNamed(s.parent!, el.name).indexOf(el)];
  const edit = insertElement(t.src, s, t.dst, parent, { after: counterpart(siblings[at - 1]), before: counterpart(siblings[at + 1]) });
  if (edit) yield { edits: [edit], what: `adding <${name}> from the source` };
}

/**
 * Elements whose place in their list numbers them when the file does not: removing or adding one
 * renumbers those after it of the same kind (libvirt gives a controller without an index the
 * first one unused by its type).
 */
const IMPLICIT_NUMBER: Record<string, string> = { controller: 'index' };

/** A count mismatch: dst's items of the list made the source's by the fewest removals and additions. */
function* listCandidates(t: Texts, srcParentSteps: Step[], dstParentSteps: Step[], name: string): Generator<Candidate> {
  const sp = elementAt(t.src, t.srcRoot, srcParentSteps);
  const dp = elementAt(t.dst, t.dstRoot, dstParentSteps);
  if (!sp || !dp) {
    if (srcParentSteps.length >= 2) yield* elementCandidates(t, srcParentSteps, dstParentSteps);
    return;
  }
  const S = childrenNamed(sp, name);
  const D = childrenNamed(dp, name);
  const plan = alignLists(S.map((e) => t.src.slice(e.start, e.end)), D.map((e) => t.dst.slice(e.start, e.end)));
  const numbered = IMPLICIT_NUMBER[name];
  const kind = (xml: string, e: ElementSpan) => { const a = attrOf(e, 'type'); return a && xml.slice(a.valueStart, a.valueEnd); };
  const renumbers = (after: number, type: string | undefined) => numbered !== undefined && D.slice(after + 1).some((e) => kind(t.dst, e) === type && !attrOf(e, numbered));
  for (const k of plan.removed) if (renumbers(k, kind(t.dst, D[k]))) { yield { unsafe: `removing ${name}[${k + 1}] would renumber the ${name}s after it, which have no ${numbered}` }; return; }
  for (const a of plan.added) if (renumbers(a.after, kind(t.src, S[a.src]))) { yield { unsafe: `adding the source's ${name}[${a.src + 1}] would renumber the ${name}s after it, which have no ${numbered}` }; return; }
  if (!plan.removed.length && !plan.added.length) {
    // the counts differ in what the items imply (a console of another target adds a
    // controller): the items that differ become the source's, one at a time
    for (let k = 0; k < S.length && k < D.length; k++) {
      if (spanText(t.src, S[k]) !== spanText(t.dst, D[k])) yield { edits: [replaceElement(t.src, S[k], t.dst, D[k])], what: `taking ${name}[${k + 1}] from the source` };
    }
    return;
  }
  // removals first; the additions then go beside the items kept, found again in the new text
  const removed = applyEdits(t.dst, plan.removed.map((k) => removeElement(t.dst, D[k])));
  const root = scanSpans(removed);
  const parent = root && elementAt(removed, root, dstParentSteps);
  if (!parent) return;
  const kept = childrenNamed(parent, name);
  const keptBefore = (after: number) => after - plan.removed.filter((k) => k <= after).length;
  const edits: Edit[] = [];
  for (const { src: k, after } of plan.added) {
    const anchor = keptBefore(after);
    const edit = insertElement(t.src, S[k], removed, parent, anchor >= 0 ? { after: kept[anchor] } : kept.length ? { before: kept[0] } : {});
    if (!edit) return;
    edits.push(edit);
  }
  const text = applyEdits(removed, mergeInsertions(edits));
  yield { edits: [{ start: 0, end: t.dst.length, text }], what: `making the ${name}s the source's` };
}

/** Several additions at one offset become one edit, in order (applyEdits takes one edit per place). */
function mergeInsertions(edits: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.start && e.end === e.start);
    if (same) same.text += e.text;
    else out.push({ ...e });
  }
  return out;
}
