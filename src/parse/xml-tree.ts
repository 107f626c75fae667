import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainParseError } from './errors.js';

/** One XML element: ordered children, raw (uncoerced) attribute strings, its XPath string-value. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

const ATTRS = ':@';
const TEXT = '#text';

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
  processEntities: true,
  htmlEntities: false,
});

type OrderedNode = Record<string, unknown>;

function toElement(node: OrderedNode): XmlElement | undefined {
  let name: string | undefined;
  for (const key of Object.keys(node)) {
    if (key !== ATTRS) { name = key; break; }
  }
  if (name === undefined || name === TEXT) return undefined;
  const attrs = (node[ATTRS] as Record<string, string> | undefined) ?? {};
  const children: XmlElement[] = [];
  let text = '';
  // `text` is the XPath string-value: every descendant text node in document order
  for (const child of node[name] as OrderedNode[]) {
    if (TEXT in child) text += String(child[TEXT]);
    else {
      const el = toElement(child);
      if (el) { children.push(el); text += el.text; }
    }
  }
  return { name, attrs, children, text };
}

/** Parses XML text into an element tree; malformed XML is a parse error naming line and column. */
export function parseXmlDocument(xml: string): XmlElement {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    const e = valid.err;
    throw new DomainParseError(`XML error: malformed XML at line ${e.line}, column ${e.col}: ${e.msg}`);
  }
  const nodes = parser.parse(xml) as OrderedNode[];
  const roots = nodes.map(toElement).filter((e): e is XmlElement => e !== undefined);
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
