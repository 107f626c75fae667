/**
 * Textual edits of a destination that take one value from the source: an attribute, an element,
 * a run of list items. Each edit is a span of the destination and its new text; nothing outside
 * the span changes, so comments, attribute order and indentation stay as the destination had them.
 */
import { attrOf, indentAt, type AttrSpan, type ElementSpan } from './spans.js';

export interface Edit { start: number; end: number; text: string }

export function applyEdits(xml: string, edits: readonly Edit[]): string {
  let out = xml;
  // from the end backwards, so that earlier offsets stay valid
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The source's element text, its continuation lines re-indented from the source's indent to `indent`. */
export function elementText(src: string, el: ElementSpan, indent: string): string {
  const from = indentAt(src, el.start);
  return src.slice(el.start, el.end).split('\n').map((line, i) => (i > 0 && line.startsWith(from) ? indent + line.slice(from.length) : line)).join('\n');
}

/** Makes dst's attribute `name` of `dstEl` what src's `srcEl` says: set, added or removed. */
export function attributeEdit(src: string, srcEl: ElementSpan, dst: string, dstEl: ElementSpan, name: string): Edit | undefined {
  const s = attrOf(srcEl, name);
  const d = attrOf(dstEl, name);
  if (!s && !d) return undefined;
  if (!s) return { start: d!.start, end: d!.end, text: '' };
  const value = src.slice(s.valueStart, s.valueEnd);
  if (d) {
    if (dst.slice(d.valueStart, d.valueEnd) === value) return undefined;
    // a value holding dst's quote keeps the source's quoting
    return value.includes(d.quote) ? { start: d.start, end: d.end, text: attrText(src, s) } : { start: d.valueStart, end: d.valueEnd, text: value };
  }
  const last = dstEl.attrs[dstEl.attrs.length - 1];
  const at = last ? last.end : dstEl.start + 1 + dstEl.name.length;
  return { start: at, end: at, text: attrText(src, s) };
}

const attrText = (src: string, a: AttrSpan): string => ' ' + src.slice(a.start, a.end).trimStart();

/** Replaces dst's element with the source's, indented as dst's was. */
export function replaceElement(src: string, srcEl: ElementSpan, dst: string, dstEl: ElementSpan): Edit {
  return { start: dstEl.start, end: dstEl.end, text: elementText(src, srcEl, indentAt(dst, dstEl.start)) };
}

/** Removes dst's element, and its line when it stands alone on it. */
export function removeElement(dst: string, el: ElementSpan): Edit {
  const lineStart = dst.lastIndexOf('\n', el.start - 1) + 1;
  const alone = /^[ \t]*$/.test(dst.slice(lineStart, el.start)) && /^[ \t]*(?:\r?\n|$)/.exec(dst.slice(el.end));
  return alone ? { start: lineStart, end: el.end + alone[0].length, text: '' } : { start: el.start, end: el.end, text: '' };
}

/**
 * Inserts the source's element into dst's `parent`: after `after`, else before `before`, else as
 * the last child. Undefined when the parent is self-closing (no place inside it to write to).
 */
export function insertElement(src: string, srcEl: ElementSpan, dst: string, parent: ElementSpan, at: { after?: ElementSpan; before?: ElementSpan }): Edit | undefined {
  if (parent.selfClosing) return undefined;
  const srcParent = srcEl.parent;
  const relative = srcParent ? indentAt(src, srcEl.start).slice(indentAt(src, srcParent.start).length) : '  ';
  if (at.after) {
    const indent = indentAt(dst, at.after.start);
    return { start: at.after.end, end: at.after.end, text: '\n' + indent + elementText(src, srcEl, indent) };
  }
  if (at.before) {
    const indent = indentAt(dst, at.before.start);
    return { start: at.before.start, end: at.before.start, text: elementText(src, srcEl, indent) + '\n' + indent };
  }
  const last = parent.children[parent.children.length - 1];
  if (last) return insertElement(src, srcEl, dst, parent, { after: last });
  const indent = indentAt(dst, parent.start) + relative;
  return { start: parent.openEnd, end: parent.openEnd, text: '\n' + indent + elementText(src, srcEl, indent) + '\n' + indentAt(dst, parent.start) };
}
