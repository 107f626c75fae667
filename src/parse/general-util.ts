/** XPath-flavoured accessors shared by the general-section parsers (libvirt's virXPath* semantics). */
import { xmlError } from './errors.js';
import { strToLongLong, strToUInt, strToULongLongPositive } from './values.js';
import { firstAlong, type XmlElement } from './xml-tree.js';

/** XPath string-value of an element: the text of all its descendants. */
export function deepText(el: XmlElement): string {
  if (!el.children.length) return el.text;
  let s = el.text;
  for (const c of el.children) s += deepText(c);
  return s;
}

/** virXPathString("string(el)"): undefined when the element is absent or its text is empty. */
export function xstr(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const s = deepText(el);
  return s === '' ? undefined : s;
}

/** virXPathString on an attribute: undefined when absent or empty. */
export function xattr(el: XmlElement | undefined, name: string): string | undefined {
  const v = el?.attrs[name];
  return v === undefined || v === '' ? undefined : v;
}

/** virXMLNodeContentString: the node's text, '' when empty. */
export function contentString(el: XmlElement): string {
  return deepText(el);
}

/** virXPathUInt: -1 when absent/empty, -2 when unparsable, else the value. */
export function xpathUInt(raw: string | undefined): number {
  if (raw === undefined || raw === '') return -1;
  const v = strToUInt(raw, 10);
  return v === undefined ? -2 : v;
}

/** virXPathULongLong: undefined when absent/empty, null when unparsable. */
export function xpathULongLong(raw: string | undefined): bigint | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  const v = strToULongLongPositive(raw, 10);
  return v === undefined ? null : v;
}

/** virXPathLongLong: undefined when absent/empty, null when unparsable. */
export function xpathLongLong(raw: string | undefined): bigint | undefined | null {
  if (raw === undefined || raw === '') return undefined;
  const v = strToLongLong(raw, 10);
  return v === undefined ? null : v;
}

export function firstChild(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export function allChildren(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.name === name) out.push(c);
  return out;
}

/** A location path's element names, and for each step whether it has a `[1]` predicate. */
interface Steps { names: string[]; firstOnly: boolean[] }
const stepCache = new Map<string, Steps>();

function stepsOf(path: string): Steps {
  let steps = stepCache.get(path);
  if (!steps) {
    const parts = path.split('/');
    steps = { names: parts.map((s) => (s.endsWith('[1]') ? s.slice(0, -3) : s)), firstOnly: parts.map((s) => s.endsWith('[1]')) };
    stepCache.set(path, steps);
  }
  return steps;
}

/**
 * The node-set of a relative location path such as `os/type[1]`: every matching node under
 * every matching parent, in document order; `[1]` keeps the first such child of each parent.
 */
export function xnodes(el: XmlElement | undefined, path: string): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  const { names, firstOnly } = stepsOf(path);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const next: XmlElement[] = [];
    for (const c of cur) {
      for (const k of c.children) {
        if (k.name !== name) continue;
        next.push(k);
        if (firstOnly[i]) break;
      }
    }
    cur = next;
  }
  return cur;
}

/** The first node of xnodes(el, path) (that has attribute `withAttr` if given), without building the node-set. */
function firstOfPath(el: XmlElement, path: string, withAttr: string | undefined): XmlElement | undefined {
  const { names, firstOnly } = stepsOf(path);
  return firstAlong(el, names, 0, withAttr, firstOnly);
}

/** xnodes(el, path)[0] */
export function xfirst(el: XmlElement | undefined, path: string): XmlElement | undefined {
  return el && firstOfPath(el, path, undefined);
}

/** string(path/@name) over the node-set of `path` (see pathAttr). */
export function xattrOf(el: XmlElement | undefined, path: string, name: string): string | undefined {
  const v = el && firstOfPath(el, path, name)?.attrs[name];
  return v === '' ? undefined : v;
}


export const missingRequired = (el: XmlElement, name: string) =>
  xmlError(`Missing required attribute '${name}' in element '${el.name}'`);

/** Domain-level parse steps dated by libvirt's NEWS and formatdomain.rst. */
export const GENERAL_SINCE = {
  /** `<iothread><poll>` (formatdomain.rst "Since 9.4.0") */
  iothreadPoll: '9.4.0',
  /** a `restrictive` memnode needs a `restrictive` `<memory>` (NEWS 9.4.0 "Deny other memory modes than restrictive") */
  numatuneRestrictive: '9.4.0',
  /** `<maxMemory>` without `slots` (NEWS 9.5.0 "Properly handle slots for non-DIMM memory devices") */
  maxMemoryWithoutSlots: '9.5.0',
  /** memory bandwidth above 100 (NEWS 10.8.0 "Relax restrictions for memorytune settings", mba_MBps) */
  memoryBandwidthUnlimited: '10.8.0',
  /** `<throttlegroups>` (NEWS 11.2.0, formatdomain.rst "Since 11.2.0") */
  throttleGroups: '11.2.0',
  /** `<energytune>` and resctrl groups without `vcpus`, from the same series (NEWS 12.4.0 "energy monitoring via resctrl") */
  energytune: '12.4.0',
  /** the cputune shares range check: libvirt commit 1d9d9961ad (2021-03-04), first released in 7.2.0 */
  sharesRange: '7.2.0',
  /**
   * NUMA caches parsed with virXMLProp* and the cputune shares range check dropped: in Debian's
   * 9.8.0 source as in 11.3.0, not in 9.0.0 (measured); no NEWS entry, so 9.8.0 stands for 9.1.0..9.8.0.
   */
  numaCacheProps: '9.8.0',
  sharesRangeDropped: '9.8.0',
} as const;
// UNPINNED: lifecycle 'preserve-running': not in the action table of libvirt commit c181c7dd
// (hyperv host-model, NEWS 11.9.0), in 12.8.0 (measured); 12.0.0 stands for 11.9.0..12.8.0.
