/**
 * Where each element and attribute of a domain XML text is, by offset: what a textual fix needs
 * to change one value and keep every other byte (comments, attribute order, indentation). The
 * input is a file abi-diff already parsed, so this scanner only finds spans; it validates nothing.
 */

export interface AttrSpan {
  readonly name: string;
  /** Offset of the whitespace before the name: removing [start, end) drops the attribute cleanly. */
  readonly start: number;
  /** Offsets of the raw value, quotes excluded. */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly end: number;
  readonly quote: string;
}

export interface ElementSpan {
  readonly name: string;
  readonly start: number;
  /** Just past the start tag's `>`. */
  readonly openEnd: number;
  /** Where the end tag starts (openEnd for a self-closing element). */
  readonly closeStart: number;
  /** Just past the end tag (or the self-closing tag). */
  readonly end: number;
  readonly selfClosing: boolean;
  readonly attrs: readonly AttrSpan[];
  readonly children: readonly ElementSpan[];
  readonly parent: ElementSpan | undefined;
}

interface Building extends Omit<ElementSpan, 'closeStart' | 'end' | 'children'> { closeStart: number; end: number; children: Building[] }

const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const NAME = /[^\s/>]+/y;

/** The root element's span tree, or undefined when no element is found. */
export function scanSpans(xml: string): ElementSpan | undefined {
  let root: Building | undefined;
  const stack: Building[] = [];
  for (let lt = xml.indexOf('<'); lt >= 0; lt = xml.indexOf('<', lt + 1)) {
    if (xml.startsWith('<!--', lt)) { lt = skipTo(xml, '-->', lt + 4); continue; }
    if (xml.startsWith('<![CDATA[', lt)) { lt = skipTo(xml, ']]>', lt + 9); continue; }
    if (xml[lt + 1] === '!' || xml[lt + 1] === '?') { lt = skipTo(xml, '>', lt + 2); continue; }
    if (xml[lt + 1] === '/') {
      const open = stack.pop();
      const gt = xml.indexOf('>', lt);
      if (!open || gt < 0) break;
      open.closeStart = lt;
      open.end = gt + 1;
      lt = gt;
      continue;
    }
    NAME.lastIndex = lt + 1;
    const name = NAME.exec(xml)?.[0];
    if (!name) continue;
    const attrs: AttrSpan[] = [];
    let i = NAME.lastIndex;
    for (;;) {
      ATTRIBUTE.lastIndex = i;
      const m = ATTRIBUTE.exec(xml);
      if (!m) break;
      const quote = m[2] === undefined ? "'" : '"';
      const valueEnd = ATTRIBUTE.lastIndex - 1;
      attrs.push({ name: m[1], start: i, valueStart: valueEnd - (m[2] ?? m[3]).length, valueEnd, end: ATTRIBUTE.lastIndex, quote });
      i = ATTRIBUTE.lastIndex;
    }
    const gt = xml.indexOf('>', i);
    if (gt < 0) break;
    const selfClosing = xml[gt - 1] === '/';
    const parent = stack[stack.length - 1];
    const el: Building = { name, start: lt, openEnd: gt + 1, closeStart: gt + 1, end: gt + 1, selfClosing, attrs, children: [], parent };
    if (parent) parent.children.push(el);
    else root ??= el;
    if (!selfClosing) stack.push(el);
    lt = gt;
  }
  return root;
}

function skipTo(xml: string, close: string, from: number): number {
  const at = xml.indexOf(close, from);
  return at < 0 ? xml.length : at + close.length - 1;
}

/** One step of a mismatch path: `disk[2]`, `vcpu[@id='3']`, or `@bus`. */
export type Step = { name: string; index: number } | { name: string; attr: string; value: string } | { attribute: string };

const STEP = /^([^[\]@]+)(?:\[(?:(\d+)|@([^=\]]+)='([^']*)')\])?$/;

/** The steps of a path such as `/domain/devices/disk[2]/target/@bus`; undefined for one it cannot read. */
export function stepsOf(path: string): Step[] | undefined {
  const out: Step[] = [];
  for (const part of path.split('/')) {
    if (!part) continue;
    if (part.startsWith('@')) { out.push({ attribute: part.slice(1) }); continue; }
    const m = STEP.exec(part);
    if (!m) return undefined;
    out.push(m[3] === undefined ? { name: m[1], index: m[2] ? Number(m[2]) : 1 } : { name: m[1], attr: m[3], value: m[4] });
  }
  return out;
}

export const attrOf = (el: ElementSpan, name: string): AttrSpan | undefined => el.attrs.find((a) => a.name === name);
export const childrenNamed = (el: ElementSpan, name: string): ElementSpan[] => el.children.filter((c) => c.name === name);

/** The element a step picks among `el`'s children. */
export function childAt(xml: string, el: ElementSpan, step: Exclude<Step, { attribute: string }>): ElementSpan | undefined {
  const named = childrenNamed(el, step.name);
  if ('index' in step) return named[step.index - 1];
  return named.find((c) => { const a = attrOf(c, step.attr); return a !== undefined && xml.slice(a.valueStart, a.valueEnd) === step.value; });
}

/** The element the element steps lead to from the root (whose own step is the first), or undefined. */
export function elementAt(xml: string, root: ElementSpan, steps: readonly Step[]): ElementSpan | undefined {
  const [first, ...rest] = steps;
  if (!first || 'attribute' in first || first.name !== root.name) return undefined;
  let el: ElementSpan | undefined = root;
  for (const step of rest) {
    if ('attribute' in step) break;
    el = childAt(xml, el, step);
    if (!el) return undefined;
  }
  return el;
}

/** The text of [start, end) lines' leading whitespace at `offset`'s line. */
export function indentAt(xml: string, offset: number): string {
  const lineStart = xml.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(xml.slice(lineStart, offset))![0];
}
