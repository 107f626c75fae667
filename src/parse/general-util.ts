/** XPath-flavoured accessors shared by the general-section parsers (libvirt's virXPath* semantics). */
import { xmlError } from './errors.js';
import { strToLongLong, strToUInt, strToULongLongPositive } from './values.js';
import { type XmlElement } from './xml-tree.js';

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

/** One step of a location path: an element name, `first` for a `[1]` predicate. */
interface Step { name: string; first: boolean }
const stepCache = new Map<string, Step[]>();

function stepsOf(path: string): Step[] {
  let steps = stepCache.get(path);
  if (!steps) {
    steps = path.split('/').map((s) => (s.endsWith('[1]') ? { name: s.slice(0, -3), first: true } : { name: s, first: false }));
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
  for (const { name, first } of stepsOf(path)) {
    const next: XmlElement[] = [];
    for (const c of cur) {
      for (const k of c.children) {
        if (k.name !== name) continue;
        next.push(k);
        if (first) break;
      }
    }
    cur = next;
  }
  return cur;
}

/** The first node of xnodes(el, path) (that has attribute `withAttr` if given), without building the node-set. */
function firstOfSteps(el: XmlElement, steps: readonly Step[], depth: number, withAttr: string | undefined): XmlElement | undefined {
  const { name, first } = steps[depth];
  const last = depth === steps.length - 1;
  for (const c of el.children) {
    if (c.name !== name) continue;
    if (!last) {
      const found = firstOfSteps(c, steps, depth + 1, withAttr);
      if (found) return found;
    } else if (withAttr === undefined || c.attrs[withAttr] !== undefined) {
      return c;
    }
    if (first) break;
  }
  return undefined;
}

/** xnodes(el, path)[0] */
export function xfirst(el: XmlElement | undefined, path: string): XmlElement | undefined {
  return el && firstOfSteps(el, stepsOf(path), 0, undefined);
}

/** string(path/@name) over the node-set of `path` (see pathAttr). */
export function xattrOf(el: XmlElement | undefined, path: string, name: string): string | undefined {
  const v = el && firstOfSteps(el, stepsOf(path), 0, name)?.attrs[name];
  return v === '' ? undefined : v;
}


export const missingRequired = (el: XmlElement, name: string) =>
  xmlError(`Missing required attribute '${name}' in element '${el.name}'`);
