import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainParseError } from './errors.js';

/** One XML element: ordered children, raw (uncoerced) attribute strings, its XPath string-value. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
  /** 1-based position among the parent's children of the same name (XPath `name[index]`). */
  readonly index: number;
}

const ATTRS = ':@';
const TEXT = '#text';
const CDATA = '#cdata';

// Values stay strings (`0123` is octal to libvirt, not 123), so no coercion anywhere.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  // entities are decoded below, where undefined ones and invalid character references are errors
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
});

type OrderedNode = Record<string, unknown>;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY = /&([^;&\s]*);?/g;
// characters XML 1.0 forbids (libxml2 rejects them raw and as character references)
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Replaces the five predefined entities and character references, as libxml2 does. */
function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (m, name: string) => {
    if (!m.endsWith(';')) throw new DomainParseError(`XML error: malformed XML: EntityRef: expecting ';' in '${raw}'`);
    if (name.startsWith('#')) {
      const cp = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      const digits = name[1] === 'x' ? /^#x[0-9a-fA-F]+$/ : /^#[0-9]+$/;
      if (!digits.test(name) || !isXmlChar(cp)) throw new DomainParseError(`XML error: malformed XML: invalid character reference '&${name};'`);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[name];
    if (v === undefined) throw new DomainParseError(`XML error: malformed XML: Entity '${name}' not defined`);
    return v;
  });
}

function elementName(node: OrderedNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ATTRS) return key === TEXT || key === CDATA ? undefined : key;
  }
  return undefined;
}

function toElement(node: OrderedNode, index: number): XmlElement | undefined {
  const name = elementName(node);
  if (name === undefined) return undefined;
  const rawAttrs = node[ATTRS] as Record<string, string> | undefined;
  const attrs: Record<string, string> = {};
  if (rawAttrs) for (const k of Object.keys(rawAttrs)) attrs[k] = decodeEntities(rawAttrs[k]);
  const children: XmlElement[] = [];
  const seen: Record<string, number> = {};
  let text = '';
  // `text` is the XPath string-value: every descendant text node in document order
  for (const child of node[name] as OrderedNode[]) {
    if (TEXT in child) text += decodeEntities(String(child[TEXT]));
    else if (CDATA in child) for (const c of child[CDATA] as OrderedNode[]) text += String(c[TEXT] ?? '');
    else {
      const childName = elementName(child);
      if (childName === undefined) continue;
      const n = (seen[childName] ?? 0) + 1;
      seen[childName] = n;
      const el = toElement(child, n);
      if (el) { children.push(el); text += el.text; }
    }
  }
  return { name, attrs, children, text, index };
}

/** Parses XML text into an element tree; malformed XML is a parse error naming line and column. */
export function parseXmlDocument(xml: string): XmlElement {
  const bad = FORBIDDEN_CHAR.exec(xml);
  if (bad) {
    const line = xml.slice(0, bad.index).split('\n').length;
    throw new DomainParseError(`XML error: malformed XML at line ${line}: invalid character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    const e = valid.err;
    throw new DomainParseError(`XML error: malformed XML at line ${e.line}, column ${e.col}: ${e.msg}`);
  }
  const nodes = parser.parse(xml) as OrderedNode[];
  const roots = nodes.map((n) => toElement(n, 1)).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new DomainParseError('XML error: document must have exactly one root element');
  return roots[0];
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a path of child names, first match at each step (like an XPath `a/b/c` with [1]). */
export function descend(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

export function attr(el: XmlElement | undefined, name: string): string | undefined {
  return el?.attrs[name];
}

/** Element text as libvirt's XPath string() sees it; undefined when the element is absent. */
export function textOf(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : el.text;
}

/** Nodes of `a/b/c` across every matching parent: an XPath node-set, in document order. */
export function nodeSet(el: XmlElement | undefined, ...path: string[]): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const name of path) {
    const next: XmlElement[] = [];
    for (const c of cur) for (const k of c.children) if (k.name === name) next.push(k);
    cur = next;
  }
  return cur;
}

/** virXPathNode("./a/b"): the first node of the node-set, not only under the first `a`. */
export function firstNode(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  return nodeSet(el, ...path)[0];
}

/** string(set/@name): the attribute of the first node that has it; empty counts as absent (virXPathString). */
export function firstAttr(nodes: readonly XmlElement[], name: string): string | undefined {
  for (const n of nodes) {
    const v = n.attrs[name];
    if (v !== undefined) return v === '' ? undefined : v;
  }
  return undefined;
}

/** string(./a/b/@name) */
export function pathAttr(el: XmlElement | undefined, path: string[], name: string): string | undefined {
  return firstAttr(nodeSet(el, ...path), name);
}
