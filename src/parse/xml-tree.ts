/**
 * The XML layer: one pass over the text that checks well-formedness as libxml2 does and builds
 * the element tree libvirt's XPath queries see. Hand-written because parsing is the hot path of a
 * fleet audit: fast-xml-parser's validate + parse cost ~410 us per domain file, this ~40 us.
 */
import { atLeast, type Profile } from '../model/profile.js';
import { bareError, DomainParseError } from './errors.js';
import {
  AMPLIFICATION, type AmplificationRule, checkEntity29, decodeInAttribute29, type EntitySizes, LOOP, overAmplification,
  ltInAttribute, overReferenceDensity, type ParserCounts, sizeForAttribute215, utf8Length,
} from './xml-amplification.js';
import { KNOWN, LOOSE_BOOKWORM, UNREADABLE_FORKY } from './xml-encodings.js';

/** One XML element: ordered children, raw (uncoerced) attribute strings, its XPath string-value. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
  /** 1-based position among the parent's children of the same name (XPath `name[index]`). */
  readonly index: number;
}

// characters XML 1.0 forbids (libxml2 rejects them raw and as character references)
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// the encoding's value is checked on its own: libxml2 names what is wrong with it
export const XML_DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([^"']*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;

/**
 * The characters entity references may add to one document before abi-diff stops: libvirt has
 * no bound past libxml2's checks (2.9 lets one 1,000-byte entity be used 10,000 times, 10 MB),
 * and holds the text in memory as abi-diff does; 2^25 is three times the largest expansion the
 * labelled cases accept.
 */
export const MAX_ENTITY_TEXT = 2 ** 25;

/** What differs between the libxml2 (and glibc iconv) builds each profile's libvirt links. */
export interface Libxml {
  /** Deepest element nesting allowed without XML_PARSE_HUGE (the root is at depth 1). */
  readonly maxDepth: number;
  /** Internal entities nested deeper than this, in content and in attribute values, are refused with `entityDepthError`. */
  readonly entityDepth: number;
  readonly attributeEntityDepth: number;
  readonly entityDepthError: string;
  /** How libxml2 bounds entity amplification; undefined: only abi-diff's MAX_ENTITY_TEXT. */
  readonly amplification?: AmplificationRule;
  /** Whether encoding names match glibc 2.36's way (separators ignored for some), rather than exactly. */
  readonly looseEncodingNames: boolean;
  /** libxml2 2.15 decodes the text in the declared encoding (unless a BOM says UTF-8); 2.9 keeps UTF-8. */
  readonly decodesDeclaredEncoding: boolean;
  readonly htmlEncoding: boolean;
}

/**
 * Measured with ../shared/oracle: 2.9.10 on bullseye (7.0.0, glibc 2.31, which behaves as 2.9.14 here), 2.9.14 on bookworm (9.0.0), trixie (11.3.0, glibc 2.41) and
 * trixie-backports (12.9.0), 2.15 on forky (12.8.0). libxml2 comes with the distribution, not
 * with libvirt: 12.9.0 is the backport to trixie, where the release fleets run it.
 */
/** The first release measured as Debian's backport to trixie, with trixie's libxml2. */
const TRIXIE_BACKPORT = '12.9.0';

export function libxmlOf(profile: Profile): Libxml {
  const forky = atLeast(profile, '12.0.0') && !atLeast(profile, TRIXIE_BACKPORT);
  return forky
    ? { maxDepth: 256, entityDepth: 19, attributeEntityDepth: 19, entityDepthError: 'Maximum entity nesting depth exceeded', amplification: 'expanded-size', looseEncodingNames: false, decodesDeclaredEncoding: true, htmlEncoding: false }
    : { maxDepth: 257, entityDepth: 14, attributeEntityDepth: 8, entityDepthError: LOOP, amplification: 'nbentities', looseEncodingNames: !atLeast(profile, '10.0.0'), decodesDeclaredEncoding: false, htmlEncoding: true };
}

/** No limit but the stack-safe ones: for callers that only need the tree (matching keys). */
const ANY_LIBXML: Libxml = { maxDepth: Infinity, entityDepth: 40, attributeEntityDepth: 40, entityDepthError: LOOP, looseEncodingNames: true, decodesDeclaredEncoding: false, htmlEncoding: true };

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
let encodingSets: { known: Set<string>; loose: Set<string>; unreadable: Map<string, string> } | undefined;
const stripSeparators = (name: string) => name.replace(/[-_.]/g, '');

/** Why libxml2 refuses the declared encoding name, or undefined when it reads the document. */
export function encodingProblem(name: string, libxml: Libxml, bom: boolean): string | undefined {
  if (!/^[A-Za-z]/.test(name)) return 'Invalid XML encoding name';
  if (!/^[A-Za-z0-9._-]*$/.test(name)) return 'String not closed expecting " or \'';
  encodingSets ??= {
    known: words(KNOWN), loose: words(LOOSE_BOOKWORM),
    unreadable: new Map(Object.entries(UNREADABLE_FORKY).flatMap(([msg, list]) => [...words(list)].map((n) => [n, msg] as [string, string]))),
  };
  const upper = name.toUpperCase();
  // 2.15 lets a byte-order mark decide the encoding, whatever the declaration says
  if (libxml.decodesDeclaredEncoding && bom) return undefined;
  const known = (upper === 'HTML' ? libxml.htmlEncoding : encodingSets.known.has(upper)) || (libxml.looseEncodingNames && encodingSets.loose.has(stripSeparators(upper)));
  if (!known) return libxml.decodesDeclaredEncoding ? `Unsupported encoding: ${name}` : `Unsupported encoding ${name}`;
  return libxml.decodesDeclaredEncoding ? encodingSets.unreadable.get(upper) : undefined;
}

const LT = 60, GT = 62, AMP = 38, SLASH = 47, BANG = 33, QUESTION = 63, EQ = 61, QUOT = 34, APOS = 39;

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Text with no reference and no `]` (so no `]]>`): its string is its source. */
function isPlain(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === AMP || c === 93) return false;
  }
  return true;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
/** isNameChar for ASCII, as a table: names are scanned character by character. */
const ASCII_NAME_CHAR = Uint8Array.from({ length: 128 }, (_, c) => (isNameChar(c) ? 1 : 0));

interface Entity extends EntitySizes {
  /** Replacement text (character references already expanded); undefined for external entities. */
  value?: string;
  /** String-value of the replacement text once parsed (markup stripped), computed on first use. */
  text?: string;
  unparsed?: boolean;
  /** Being expanded: meeting it again is a loop. */
  expanding?: boolean;
  /** 2.9: references met when its content was parsed, added again each time libxml2 parses it again. */
  innerReferences?: number;
}

/** What the tokenizers of one document (itself and the entities parsed inside it) share. */
interface DocumentCounts {
  /** 2.15 `sizeentcopy`: what the document's references expand to. */
  copy: { expandedSize?: number };
  /** Characters entity references added, against MAX_ENTITY_TEXT. */
  built: number;
}

/**
 * Element and attribute names repeat within and across documents: the same string object for
 * each (internalized, as property keys are) spares a slice per tag and attribute and makes
 * `attrs[key]` stores and name comparisons pointer comparisons.
 */
const NAME_SLOTS = 1024;
const nameCache: string[] = new Array<string>(NAME_SLOTS).fill('');

function knownName(s: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (end - start)) & (NAME_SLOTS - 1);
  const cached = nameCache[slot];
  if (cached.length === end - start && s.startsWith(cached, start)) return cached;
  // a property key's spelling is internalized: this string is that one
  const name = Object.keys({ [s.slice(start, end)]: 0 })[0];
  nameCache[slot] = name;
  return name;
}

const NO_CHILDREN: Element[] = [];

class Element implements XmlElement {
  children: Element[] = NO_CHILDREN;
  leafText = '';
  /**
   * Where a leaf's text run ends when that run is plain (no reference, no `]`) and opens the
   * content, 0 if none: the run is sliced from contentStart only if the text is asked for (most
   * whitespace between tags never is). No more fields than that: a document of a million
   * elements must run a small worker heap out in the way it can recover from.
   */
  plainEnd = 0;
  contentStart = 0;
  contentEnd = 0;
  private value: string | undefined;
  constructor(readonly name: string, readonly attrs: Record<string, string>, private readonly parent: Element | undefined, private readonly doc: Tokenizer | undefined) {}

  /** The string-value must come from the source range (the element has child elements). */
  get mixed(): boolean {
    return this.children !== NO_CHILDREN;
  }

  get text(): string {
    if (this.value === undefined) {
      if (this.mixed && this.doc) this.value = this.doc.stringValue(this.contentStart, this.contentEnd);
      else this.value = this.plainText() + this.leafText;
    }
    return this.value;
  }

  /** The pending plain run, if any; later text is in leafText. */
  plainText(): string {
    return this.plainEnd !== 0 && this.doc ? this.doc.src.slice(this.contentStart, this.plainEnd) : '';
  }

  /** Appends text to a leaf, after its pending plain run. */
  appendLeaf(t: string): void {
    if (this.plainEnd !== 0) {
      this.leafText = this.plainText() + this.leafText;
      this.plainEnd = 0;
    }
    this.leafText += t;
  }

  // few elements are asked their position, so it is counted on demand
  get index(): number {
    if (!this.parent) return 1;
    let n = 0;
    for (const c of this.parent.children) {
      if (c.name === this.name) n++;
      if (c === this) break;
    }
    return n;
  }
}

class Tokenizer {
  pos = 0;
  readonly entities = new Map<string, Entity>();
  /** A DOCTYPE with an external subset or parameter entities: undeclared entities are not errors then. */
  private lenientEntities = false;
  private depth = 0;
  /** libxml2's counters of this parser context (the document, or an entity being parsed: 2.9 nests contexts). */
  private counts: ParserCounts = { nbentities: 0 };
  /** The entity whose replacement this tokenizer parses (its size grows with what it references, 2.15). */
  private entity: Entity | undefined;
  private shared: DocumentCounts = { copy: {}, built: 0 };
  /** Re-reading checked text for a string-value: references were counted the first time. */
  private replaying = false;
  private byteCursor = 0;
  private byteCount = 0;
  constructor(readonly src: string, readonly libxml: Libxml) {}

  fail(msg: string, at = this.pos): never {
    let line = 1, lineStart = 0;
    for (let i = this.src.indexOf('\n'); i !== -1 && i < at; i = this.src.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
    throw new DomainParseError(`XML error: malformed XML at line ${line}, column ${at - lineStart + 1}: ${msg}`);
  }

  private name(): string {
    const s = this.src, start = this.pos;
    let c = s.charCodeAt(start);
    if (!isNameStart(c)) this.fail('a name was expected');
    let hash = c;
    let i = start + 1;
    while (i < s.length && ((c = s.charCodeAt(i)) < 128 ? ASCII_NAME_CHAR[c] === 1 : isNameChar(c))) { hash = (hash * 31 + c) | 0; i++; }
    this.pos = i;
    return knownName(s, start, i, hash);
  }

  private skipSpace(): boolean {
    const s = this.src, start = this.pos;
    let i = start;
    while (isSpace(s.charCodeAt(i))) i++;
    this.pos = i;
    return i > start;
  }

  private expect(lit: string, what: string): void {
    if (!this.src.startsWith(lit, this.pos)) this.fail(what);
    this.pos += lit.length;
  }

  /** libxml2's `consumed`: the UTF-8 bytes of src before `pos` (positions mostly grow: counted on from the last one). */
  private bytesAt(pos: number): number {
    if (pos < this.byteCursor) { this.byteCursor = 0; this.byteCount = 0; }
    this.byteCount += utf8Length(this.src, this.byteCursor, pos);
    this.byteCursor = pos;
    return this.byteCount;
  }

  /** 2.15: a reference adds `size` to the document's expansion, or to the entity being parsed while it is sized. */
  private checkExpansion(size: number, end: number, errAt: number): void {
    if (this.entity?.sized) return;
    if (overAmplification(this.entity ?? this.shared.copy, size, () => this.bytesAt(end))) this.fail(AMPLIFICATION, errAt);
  }

  /** The first reference to an entity in an attribute value (libxml2 decodes it to count, and to size it). */
  private countInAttribute(name: string, ent: Entity, end: number, errAt: number): void {
    const lookup = (inner: string) => this.entities.get(inner);
    const refuse = (msg: string): never => this.fail(msg, errAt);
    if (this.libxml.amplification === 'expanded-size') {
      this.checkExpansion(sizeForAttribute215(name, ent, lookup, refuse, this.depth), end, errAt);
    } else if (this.libxml.amplification === 'nbentities') {
      if (ent.value!.includes('<')) refuse(ltInAttribute(name));
      // xmlParseEntityRef counts it, xmlParseAttValueComplex again, and once more if the entity owns nodes
      this.counts.nbentities += ent.owner ? 3 : 2;
      if (ent.checked !== undefined) return;
      const before = this.counts.nbentities;
      decodeInAttribute29(ent.value!, this.counts, lookup, () => this.bytesAt(end), refuse, this.depth, 40);
      ent.checked = (this.counts.nbentities - before + 1) * 2 + (ent.value!.includes('<') ? 1 : 0);
    }
  }

  /** A reference in content: libxml2 parses the entity when first met (or each time, if never parsed into nodes) and checks. */
  private contentText(ent: Entity, end: number, errAt: number): string {
    const rule = this.libxml.amplification;
    const value = ent.value!;
    const firstParse = ent.text === undefined;
    if (rule === 'nbentities') {
      const c = this.counts;
      c.nbentities++;
      if (ent.checked === undefined) {
        const before = c.nbentities;
        const text = this.entityText(ent, errAt);
        c.nbentities += ent.innerReferences!;
        ent.checked = (c.nbentities - before + 1) * 2 + (value.includes('<') ? 1 : 0);
        ent.owner = value.length > 0;
        if (overReferenceDensity(ent.checked >> 1, this.bytesAt(end))) this.fail(LOOP, errAt);
        return text;
      }
      c.nbentities += ent.checked >> 1;
      if (!ent.owner) {
        // sized in an attribute value first: libxml2 parses it again at each use, counting again
        const text = this.entityText(ent, errAt);
        c.nbentities += ent.innerReferences!;
        return text;
      }
      return this.entityText(ent, errAt);
    }
    const text = this.entityText(ent, errAt);
    if (rule === 'expanded-size') {
      if (firstParse && !ent.sized) { ent.expandedSize = (ent.expandedSize ?? 0) + utf8Length(value); ent.sized = true; }
      this.checkExpansion(ent.expandedSize!, end, errAt);
    }
    return text;
  }

  private entityText(ent: Entity, errAt: number): string {
    if (ent.text === undefined) {
      if (ent.expanding) this.fail(LOOP, errAt);
      ent.expanding = true;
      ent.text = this.fragmentText(ent, errAt);
      ent.expanding = false;
    }
    return ent.text;
  }

  /**
   * `&...;` at `at` of `text`: returns [its text, the index after it]. `base`: where `text`
   * starts in src, or -1 for an entity's replacement expanded inside an attribute value.
   */
  reference(text: string, at: number, inAttribute: boolean, errAt: number, base: number): [string, number] {
    const semi = text.indexOf(';', at + 1);
    const body = semi === -1 ? '' : text.slice(at + 1, semi);
    if (semi === -1 || !body || /[\s&<]/.test(body)) this.fail(`EntityRef: expecting ';' in '${text.slice(at, at + 20)}'`, errAt);
    const next = semi + 1;
    if (body.charCodeAt(0) === 35) {
      const hex = body.charCodeAt(1) === 120;
      const digits = hex ? body.slice(2) : body.slice(1);
      const cp = digits && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!isXmlChar(cp)) this.fail(`invalid character reference '&${body};'`, errAt);
      return [String.fromCodePoint(cp), next];
    }
    const predefined = PREDEFINED[body];
    const counted = !this.replaying && base >= 0;
    if (predefined !== undefined) {
      if (counted && inAttribute && this.libxml.amplification === 'nbentities') this.counts.nbentities++;
      return [predefined, next];
    }
    const ent = this.entities.get(body);
    if (counted && this.libxml.amplification === 'nbentities' && (!ent || ent.value === undefined)) this.counts.nbentities++;
    if (!ent) {
      if (this.lenientEntities) return ['', next];
      this.fail(`Entity '${body}' not defined`, errAt);
    }
    if (ent.unparsed) this.fail(`Entity reference to unparsed entity ${body}`, errAt);
    if (ent.value === undefined) {
      // external entities are never loaded: the reference stays empty, as libvirt sees it
      if (inAttribute) this.fail(`Attribute references external entity '${body}'`, errAt);
      return ['', next];
    }
    if (++this.depth > (inAttribute ? this.libxml.attributeEntityDepth : this.libxml.entityDepth)) this.fail(this.libxml.entityDepthError, errAt);
    let out: string;
    if (inAttribute) {
      // 2.15 looks for markup while sizing the entity, in the order it meets it; 2.9 in the entities this one
      // references only when it decodes it (both in countInAttribute)
      if (counted) this.countInAttribute(body, ent, base + next, errAt);
      if (ent.value.includes('<') && (base >= 0 || this.libxml.amplification !== 'nbentities')) this.fail(ltInAttribute(body), errAt);
      out = this.attributeValue(ent.value, errAt, -1);
    } else {
      out = this.replaying ? this.entityText(ent, errAt) : this.contentText(ent, base + next, errAt);
    }
    this.depth--;
    if (!this.replaying && (this.shared.built += out.length) > MAX_ENTITY_TEXT) {
      throw bareError(`abi-diff does not check this definition: its entities expand to more than ${MAX_ENTITY_TEXT} characters, which libvirt would hold in memory (abi-diff stops there)`);
    }
    return [out, next];
  }

  /** Attribute value normalisation: references decoded, literal whitespace becomes a space. `base`: as for reference. */
  attributeValue(raw: string, errAt: number, base: number): string {
    let out = '';
    let from = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === AMP) {
        out += raw.slice(from, i);
        const [v, next] = this.reference(raw, i, true, errAt, base);
        out += v;
        from = next;
        i = next - 1;
      } else if (c === 10 || c === 9 || c === 13) {
        out += raw.slice(from, i) + ' ';
        from = i + 1;
      } else if (c === LT && base >= 0) {
        // (markup in an entity's replacement is refused, or kept, in reference())
        this.fail("Unescaped '<' not allowed in attributes values", errAt);
      }
    }
    return from === 0 ? raw : out + raw.slice(from);
  }

  /** Text between markup, references decoded. */
  private textRun(start: number, end: number): string {
    const raw = this.src.slice(start, end);
    const cdataEnd = raw.indexOf(']]>');
    if (cdataEnd !== -1) this.fail("Sequence ']]>' not allowed in content", start + cdataEnd);
    let amp = raw.indexOf('&');
    if (amp === -1) return raw;
    let out = '';
    let from = 0;
    for (; amp !== -1; amp = raw.indexOf('&', from)) {
      out += raw.slice(from, amp);
      const [v, next] = this.reference(raw, amp, false, start + amp, start);
      out += v;
      from = next;
    }
    return out + raw.slice(from);
  }

  /** The string-value of an entity's replacement text, which must itself be well-formed content. */
  private fragmentText(ent: Entity, errAt: number): string {
    const value = ent.value!;
    const inner = new Tokenizer(value, this.libxml);
    inner.adopt(this, ent);
    try {
      return inner.fragmentString(errAt);
    } catch (err) {
      if (!(err instanceof DomainParseError) || !err.message.startsWith('XML error: ')) throw err;
      this.fail(`in an entity: ${err.message.replace(/^XML error: malformed XML at [^:]*: (?:in an entity: )*/, '')}`, errAt);
    } finally {
      ent.innerReferences = inner.counts.nbentities;
    }
  }

  /** This tokenizer's whole text as an entity's replacement: its string-value. */
  private fragmentString(errAt: number): string {
    const value = this.src;
    if (!value.includes('<')) return this.textRun(0, value.length);
    const holder = new Element('#entity', {}, undefined, this);
    this.content(holder);
    if (this.pos < value.length) this.fail('unbalanced markup');
    holder.contentEnd = value.length;
    return holder.text;
  }

  private adopt(outer: Tokenizer, entity: Entity): void {
    for (const [k, v] of outer.entities) this.entities.set(k, v);
    this.lenientEntities = outer.lenientEntities;
    this.depth = outer.depth;
    this.entity = entity;
    this.shared = outer.shared;
  }

  /** The attribute names of the tag being read (checked for repeats without probing the object). */
  private readonly tagKeys: string[] = [];
  private tagKeyCount = 0;

  /**
   * Start tag after `<`: the element and whether the tag closed itself. The pair is a small
   * allocation per tag that keeps a huge document recoverable: with none, the worker's large
   * young generation fills with live elements only, and promoting them at once overshoots a
   * small --worker-memory limit by more than Node allows, aborting the process instead of the
   * worker (test: worker-failures, "a real file too big for the worker heap").
   */
  private startTag(parent: Element | undefined): [Element, boolean] {
    const s = this.src;
    const name = this.name();
    let attrs = EMPTY_ATTRS;
    let first = true;
    for (;;) {
      const spaced = this.skipSpace();
      const c = s.charCodeAt(this.pos);
      if (c === GT) { this.pos++; break; }
      if (c === SLASH) {
        if (s.charCodeAt(this.pos + 1) !== GT) this.fail("expected '>' after '/'");
        this.pos += 2;
        return [this.element(name, attrs, parent), true];
      }
      if (Number.isNaN(c)) this.fail(`Couldn't find end of Start Tag ${name}`);
      if (!spaced) this.fail('attributes construct error');
      const attrAt = this.pos;
      const key = this.name();
      this.skipSpace();
      if (s.charCodeAt(this.pos) !== EQ) this.fail(`Specification mandates value for attribute ${key}`);
      this.pos++;
      this.skipSpace();
      const q = s.charCodeAt(this.pos);
      if (q !== QUOT && q !== APOS) this.fail('AttValue: " or \' expected');
      // one pass to the closing quote, noting whether the value needs normalising
      const valueStart = this.pos + 1;
      let close = valueStart, plain = true;
      for (let c = s.charCodeAt(close); c !== q; c = s.charCodeAt(++close)) {
        if (close >= s.length) this.fail('AttValue: \' expected');
        if (c === AMP || c === LT || c === 10 || c === 9 || c === 13) plain = false;
      }
      this.pos = close + 1;
      if (first) this.tagKeyCount = 0;
      for (let k = 0; k < this.tagKeyCount; k++) if (this.tagKeys[k] === key) this.fail(`Attribute ${key} redefined`, attrAt);
      this.tagKeys[this.tagKeyCount++] = key;
      if (first) { attrs = {}; first = false; }
      attrs[key] = plain ? s.slice(valueStart, close) : this.attributeValue(s.slice(valueStart, close), attrAt, valueStart);
    }
    return [this.element(name, attrs, parent), false];
  }

  private element(name: string, attrs: Record<string, string>, parent: Element | undefined): Element {
    const el = new Element(name, attrs, parent, this);
    if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [el]; else parent.children.push(el);
    }
    return el;
  }

  /** `<!--` ... `-->` at pos. */
  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end === -1) this.fail('Comment not terminated');
    const dashes = this.src.indexOf('--', this.pos + 4);
    if (dashes < end) this.fail('Double hyphen within comment', dashes);
    this.pos = end + 3;
  }

  /** `<?target ...?>` at pos; the XML declaration only at the very start. */
  private processingInstruction(atStart: boolean): void {
    const s = this.src;
    const begin = this.pos;
    this.pos += 2;
    const target = this.name();
    const end = s.indexOf('?>', this.pos);
    if (end === -1) this.fail('ParsePI: PI processing error', begin);
    if (target.toLowerCase() === 'xml') {
      if (!atStart || target !== 'xml') this.fail('XML declaration allowed only at the start of the document', begin);
      const decl = XML_DECLARATION.exec(s.slice(begin, end + 2));
      if (!decl) this.fail('malformed XML declaration', begin);
      const encodingAt = decl[3] === undefined ? -1 : begin + decl[0].indexOf(decl[2] + decl[3] + decl[2]) + 1;
      const problem = decl[3] === undefined ? undefined : encodingProblem(decl[3], this.libxml, begin > 0);
      if (problem) this.fail(problem, encodingAt);
    } else if (end > this.pos && !isSpace(s.charCodeAt(this.pos))) {
      this.fail('ParsePI: PI space expected', this.pos);
    }
    this.pos = end + 2;
  }

  private quoted(what: string): string {
    const s = this.src;
    const q = s.charCodeAt(this.pos);
    if (q !== QUOT && q !== APOS) this.fail(`${what}: " or ' expected`);
    const close = s.indexOf(q === QUOT ? '"' : "'", this.pos + 1);
    if (close === -1) this.fail(`${what}: unterminated literal`);
    const v = s.slice(this.pos + 1, close);
    this.pos = close + 1;
    return v;
  }

  /** `SYSTEM "uri"` or `PUBLIC "id" "uri"`, if present. */
  private externalId(): boolean {
    const s = this.src;
    if (s.startsWith('SYSTEM', this.pos)) {
      this.pos += 6;
      if (!this.skipSpace()) this.fail("Space required after 'SYSTEM'");
      this.quoted('SystemLiteral');
      return true;
    }
    if (s.startsWith('PUBLIC', this.pos)) {
      this.pos += 6;
      if (!this.skipSpace()) this.fail("Space required after 'PUBLIC'");
      this.quoted('PubidLiteral');
      if (!this.skipSpace()) this.fail('Space required after the Public Identifier');
      this.quoted('SystemLiteral');
      return true;
    }
    return false;
  }

  /** `<!DOCTYPE name externalId? [internal subset]? >` at pos: records the general entities. */
  private doctype(): void {
    const s = this.src;
    this.pos += 9;
    if (!this.skipSpace()) this.fail('Space required after DOCTYPE');
    this.name();
    this.skipSpace();
    if (this.externalId()) this.lenientEntities = true;
    this.skipSpace();
    if (s.charCodeAt(this.pos) === 91) {
      this.pos++;
      for (;;) {
        this.skipSpace();
        if (s.charCodeAt(this.pos) === 93) { this.pos++; break; }
        if (s.startsWith('<!ENTITY', this.pos)) this.entityDecl();
        else if (s.startsWith('<!--', this.pos)) this.comment();
        else if (s.startsWith('<?', this.pos)) this.processingInstruction(false);
        else if (s.charCodeAt(this.pos) === 37) { this.lenientEntities = true; this.pos++; this.name(); this.expect(';', 'PEReference: expecting \';\''); }
        else if (s.startsWith('<!ELEMENT', this.pos) || s.startsWith('<!ATTLIST', this.pos) || s.startsWith('<!NOTATION', this.pos)) this.skipDeclaration();
        else this.fail('internal subset: markup declaration expected');
      }
      this.skipSpace();
    }
    this.expect('>', 'DOCTYPE improperly terminated');
  }

  private skipDeclaration(): void {
    const s = this.src;
    for (let i = this.pos + 2; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOT || c === APOS) {
        const close = s.indexOf(c === QUOT ? '"' : "'", i + 1);
        if (close === -1) break;
        i = close;
      } else if (c === GT) { this.pos = i + 1; return; }
    }
    this.fail('markup declaration not terminated');
  }

  private entityDecl(): void {
    this.pos += 8;
    if (!this.skipSpace()) this.fail("Space required after '<!ENTITY'");
    const parameter = this.src.charCodeAt(this.pos) === 37;
    if (parameter) { this.pos++; if (!this.skipSpace()) this.fail("Space required after '%'"); }
    const at = this.pos;
    const name = this.name();
    if (!this.skipSpace()) this.fail('Space required after the entity name');
    let entity: Entity;
    if (this.externalId()) {
      const spaced = this.skipSpace();
      const unparsed = this.src.startsWith('NDATA', this.pos);
      if (unparsed) {
        if (!spaced || parameter) this.fail('NDATA not allowed here');
        this.pos += 5;
        if (!this.skipSpace()) this.fail("Space required after 'NDATA'");
        this.name();
      }
      entity = { unparsed };
    } else {
      const raw = this.quoted('EntityValue');
      if (raw.includes('%')) this.fail('PEReferences forbidden in internal subset', at);
      entity = { value: this.entityValue(raw, at) };
    }
    this.skipSpace();
    this.expect('>', 'EntityDecl: entity declaration not terminated');
    if (parameter) { this.lenientEntities = true; return; }
    // the first declaration binds (XML 1.0 4.2)
    if (!this.entities.has(name)) this.entities.set(name, entity);
  }

  /** Character references are expanded when declared; entity references stay for later. */
  private entityValue(raw: string, at: number): string {
    if (!raw.includes('&#')) return raw;
    return raw.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (m, body: string) => {
      const cp = body[0] === 'x' ? parseInt(body.slice(1), 16) : parseInt(body, 10);
      if (!isXmlChar(cp)) this.fail(`invalid character reference '${m}'`, at);
      return String.fromCodePoint(cp);
    });
  }

  /** Element content after a start tag, up to and including the matching end tag (or to the end of a fragment). */
  content(root: Element): void {
    const s = this.src;
    const stack: Element[] = [root];
    let top = root;
    top.contentStart = this.pos;
    while (this.pos < s.length) {
      const lt = s.indexOf('<', this.pos);
      const textEnd = lt === -1 ? s.length : lt;
      if (textEnd > this.pos) {
        if (isPlain(s, this.pos, textEnd)) {
          if (top.mixed) { /* between child elements: read again from the source if asked */ }
          else if (this.pos === top.contentStart) top.plainEnd = textEnd;
          else top.appendLeaf(s.slice(this.pos, textEnd));
        } else {
          const t = this.textRun(this.pos, textEnd);
          if (!top.mixed) top.appendLeaf(t);
        }
        this.pos = textEnd;
        if (lt === -1) break;
      }
      const c = s.charCodeAt(lt + 1);
      if (c === SLASH) {
        const closeAt = lt;
        this.pos = lt + 2;
        // the usual end tag names the open element: compared in place, not read and looked up
        const open = top.name, after = this.pos + open.length;
        let name: string;
        if (isNameStart(s.charCodeAt(this.pos)) && s.startsWith(open, this.pos) && !isNameChar(s.charCodeAt(after))) {
          name = open;
          this.pos = after;
        } else {
          name = this.name();
        }
        this.skipSpace();
        if (s.charCodeAt(this.pos) !== GT) this.fail(`expected '>' to end the end tag ${name}`);
        this.pos++;
        if (name !== top.name || stack.length === 1 && top.name === '#entity') this.fail(`Opening and ending tag mismatch: ${top.name} and ${name}`, closeAt);
        top.contentEnd = closeAt;
        stack.pop();
        if (!stack.length) return;
        top = stack[stack.length - 1];
      } else if (c === BANG) {
        this.pos = lt;
        if (s.startsWith('<!--', lt)) this.comment();
        else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end === -1) this.fail('CData section not finished');
          // a CDATA section makes the element's text come from its source range
          if (!top.mixed) top.appendLeaf(s.slice(lt + 9, end));
          this.pos = end + 3;
        } else this.fail('StartTag: invalid element name');
      } else if (c === QUESTION) {
        this.pos = lt;
        this.processingInstruction(false);
      } else {
        if (stack.length >= this.libxml.maxDepth) this.fail(`Excessive depth in document: 256 use XML_PARSE_HUGE option`, lt);
        this.pos = lt + 1;
        const [el, closed] = this.startTag(top);
        if (!closed) {
          stack.push(el);
          top = el;
          el.contentStart = this.pos;
        }
      }
    }
    if (top.name !== '#entity') this.fail(`Premature end of data in tag ${top.name}`);
    top.contentEnd = s.length;
  }

  /** XPath string-value of a source range already checked: text and CDATA outside markup, references decoded. */
  stringValue(start: number, end: number): string {
    const replaying = this.replaying;
    this.replaying = true;
    try {
      return this.readStringValue(start, end);
    } finally {
      this.replaying = replaying;
    }
  }

  private readStringValue(start: number, end: number): string {
    const s = this.src;
    let out = '';
    let i = start;
    while (i < end) {
      const lt = s.indexOf('<', i);
      const textEnd = lt === -1 || lt > end ? end : lt;
      if (textEnd > i) out += this.textRun(i, textEnd);
      if (textEnd >= end) break;
      if (s.startsWith('<![CDATA[', lt)) {
        const close = s.indexOf(']]>', lt + 9);
        out += s.slice(lt + 9, close);
        i = close + 3;
      } else if (s.startsWith('<!--', lt)) i = s.indexOf('-->', lt + 4) + 3;
      else if (s.startsWith('<?', lt)) i = s.indexOf('?>', lt + 2) + 2;
      else i = this.tagEnd(lt);
    }
    return out;
  }

  /** The index after a start or end tag at `lt` (quotes respected). */
  private tagEnd(lt: number): number {
    const s = this.src;
    for (let i = lt + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOT || c === APOS) i = s.indexOf(c === QUOT ? '"' : "'", i + 1);
      else if (c === GT) return i + 1;
    }
    return s.length;
  }

  /** Prolog, the one root element, then only comments, PIs and whitespace. */
  document(): Element {
    const s = this.src;
    // one UTF-8 byte-order mark is dropped; a second is content before the root, as in libxml2
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (s.startsWith('<?xml', this.pos) && (isSpace(s.charCodeAt(this.pos + 5)) || s.charCodeAt(this.pos + 5) === QUESTION)) this.processingInstruction(true);
    let root: Element | undefined;
    let sawDoctype = false;
    for (;;) {
      this.skipSpace();
      if (this.pos >= s.length) break;
      if (s.charCodeAt(this.pos) !== LT) this.fail(root ? 'Extra content at the end of the document' : "Start tag expected, '<' not found");
      const c = s.charCodeAt(this.pos + 1);
      if (c === BANG) {
        if (s.startsWith('<!--', this.pos)) this.comment();
        else if (s.startsWith('<!DOCTYPE', this.pos) && !root && !sawDoctype) { sawDoctype = true; this.doctype(); }
        else this.fail(root ? 'Extra content at the end of the document' : 'StartTag: invalid element name');
      } else if (c === QUESTION) {
        this.processingInstruction(false);
      } else {
        if (root) this.fail('Extra content at the end of the document');
        this.pos++;
        const [el, closed] = this.startTag(undefined);
        root = el;
        if (!closed) this.content(el);
      }
    }
    if (!root) this.fail(s.trim() ? "Start tag expected, '<' not found" : 'Document is empty');
    return root;
  }
}

const EMPTY_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Parses XML text into an element tree; malformed XML is a parse error naming line and column.
 * `libxml`: the limits and encodings of the libxml2 the profile's libvirt links (libxmlOf);
 * without it, only what every libxml2 refuses.
 */
export function parseXmlDocument(xml: string, libxml: Libxml = ANY_LIBXML): XmlElement {
  const bad = FORBIDDEN_CHAR.exec(xml);
  if (bad) {
    const line = xml.slice(0, bad.index).split('\n').length;
    throw new DomainParseError(`XML error: malformed XML at line ${line}: invalid character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  // XML end-of-line handling: CR LF and lone CR become LF before anything else
  const text = xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml;
  return new Tokenizer(text, libxml).document();
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  if (el) for (const c of el.children) if (c.name === name) out.push(c);
  return out;
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
  if (!el) return [];
  if (!path.length) return [el];
  let cur = childrenNamed(el, path[0]);
  for (let step = 1; step < path.length; step++) {
    const name = path[step];
    const next: XmlElement[] = [];
    for (const c of cur) for (const k of c.children) if (k.name === name) next.push(k);
    cur = next;
  }
  return cur;
}

/**
 * The first node of `path` below `el` in document order (depth first: what lies under an earlier
 * sibling comes first) that has attribute `withAttr` if given, without building the node-set.
 * `firstOnly[i]` is an `[1]` predicate on step i: only the first child of that name is followed.
 */
export function firstAlong(el: XmlElement, path: readonly string[], depth: number, withAttr: string | undefined, firstOnly?: readonly boolean[]): XmlElement | undefined {
  const name = path[depth];
  const last = depth === path.length - 1;
  for (const c of el.children) {
    if (c.name !== name) continue;
    if (!last) {
      const found = firstAlong(c, path, depth + 1, withAttr, firstOnly);
      if (found) return found;
    } else if (withAttr === undefined || c.attrs[withAttr] !== undefined) {
      return c;
    }
    if (firstOnly?.[depth]) break;
  }
  return undefined;
}

/** virXPathNode("./a/b"): the first node of the node-set, not only under the first `a`. */
export function firstNode(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  if (!el || !path.length) return el;
  return firstAlong(el, path, 0, undefined);
}

/** string(./a/b/@name): the attribute of the first node that has it; empty counts as absent (virXPathString). */
export function pathAttr(el: XmlElement | undefined, path: string[], name: string): string | undefined {
  if (!el) return undefined;
  const v = (path.length ? firstAlong(el, path, 0, name) : el)?.attrs[name];
  return v === '' ? undefined : v;
}
