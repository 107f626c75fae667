/** A minimal element tree and serialiser: guests are built as trees so that layout can vary. */

export type AttrValue = string | number | undefined | null | false;

export interface XNode {
  name: string;
  attrs: Array<[string, string]>;
  /** Elements, comments, or a single text child. */
  children: XChild[];
}

export type XChild = XNode | { comment: string } | { text: string };

export function el(name: string, attrs: Record<string, AttrValue> = {}, ...children: Array<XChild | string | undefined | null | false>): XNode {
  const a: Array<[string, string]> = [];
  for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined && v !== null && v !== false) a.push([k, String(v)]);
  }
  const c: XChild[] = [];
  for (const ch of children) {
    if (ch === undefined || ch === null || ch === false) continue;
    c.push(typeof ch === 'string' ? { text: ch } : ch);
  }
  return { name, attrs: a, children: c };
}

export function isElement(c: XChild): c is XNode {
  return (c as XNode).name !== undefined;
}

export interface XmlStyle {
  indent: string;
  quote: "'" | '"';
  /** `<acpi></acpi>` instead of `<acpi/>` */
  expandEmpty: boolean;
  /** `<?xml version='1.0'?>` first */
  declaration: boolean;
  /** between attributes (libvirt writes one space) */
  attrSep: string;
}

/** What `virsh dumpxml` writes. */
export const VIRSH_STYLE: XmlStyle = { indent: '  ', quote: "'", expandEmpty: false, declaration: false, attrSep: ' ' };

function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escAttr(s: string, q: string): string {
  const e = s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return q === "'" ? e.replace(/'/g, '&apos;') : e.replace(/"/g, '&quot;');
}

function write(node: XNode, style: XmlStyle, depth: number, out: string[]): void {
  const pad = style.indent.repeat(depth);
  const q = style.quote;
  let open = `${pad}<${node.name}`;
  node.attrs.forEach(([k, v], i) => { open += `${i ? style.attrSep : ' '}${k}=${q}${escAttr(v, q)}${q}`; });
  if (!node.children.length) {
    out.push(style.expandEmpty ? `${open}></${node.name}>` : `${open}/>`);
    return;
  }
  const only = node.children.length === 1 ? node.children[0] : undefined;
  if (only && 'text' in only) {
    out.push(`${open}>${escText(only.text)}</${node.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of node.children) {
    if (isElement(c)) write(c, style, depth + 1, out);
    else if ('comment' in c) out.push(`${pad}${style.indent}<!-- ${c.comment} -->`);
    else out.push(`${pad}${style.indent}${escText(c.text)}`);
  }
  out.push(`${pad}</${node.name}>`);
}

export function serialize(root: XNode, style: XmlStyle = VIRSH_STYLE): string {
  const out: string[] = [];
  if (style.declaration) out.push(`<?xml version=${style.quote}1.0${style.quote} encoding=${style.quote}UTF-8${style.quote}?>`);
  write(root, style, 0, out);
  return out.join('\n') + '\n';
}
