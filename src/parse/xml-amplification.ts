/**
 * libxml2's guards against entity amplification ("billion laughs"), as each version counts it for
 * a parser without XML_PARSE_NOENT or XML_PARSE_HUGE (libvirt's options). Sizes are UTF-8 bytes.
 *
 * - 2.9.14 (`nbentities`, libvirt 9.0.0 and 11.3.0): xmlParserEntityCheck counts entity
 *   references, not characters. An entity is checked once, when first met: in content its
 *   replacement is parsed in a nested parser and refused (`Detected an entity reference loop`)
 *   when 3 x the references met inside reach 10 x the input read so far; later uses only add to
 *   the count. In attribute values (xmlStringDecodeEntities) every nested reference is checked
 *   that way, and the decoded buffer too, each time it grows past 1000 bytes.
 * - 2.15 (`expanded-size`, libvirt 12.8.0): every reference adds the entity's expanded size plus
 *   XML_ENT_FIXED_COST (20) to a total (the document's, or the entity's being parsed), refused
 *   (`Maximum entity amplification factor exceeded`) past 1,000,000 and 5 x the input read.
 */
export type AmplificationRule = 'nbentities' | 'expanded-size';

export const LOOP = 'Detected an entity reference loop';
export const AMPLIFICATION = 'Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification.';
const NESTING = 'Maximum entity nesting depth exceeded';
/** 2.15 xmlCheckEntityInAttValue's maxDepth without XML_PARSE_HUGE. */
const MAX_ATTRIBUTE_DEPTH = 20;

// libxml2 2.9.14 parser.c
const NON_LINEAR = 10;
const BIG_ENTITY = 1000;
const BUFFER_STEP = 100;
const FIRST_BUFFER = 300;
// libxml2 2.15 parser.c / parserInternals.c
const FIXED_COST = 20;
const ALLOWED_EXPANSION = 1_000_000;
const MAX_AMPLIFICATION = 5;

/** What libxml2 records on an entity for these checks. */
export interface EntitySizes {
  /** 2.9 `ent->checked`: 2 x (references met in its replacement + 1), +1 if it holds markup. */
  checked?: number;
  /** 2.9 `ent->owner`: its content was parsed into its own nodes (adds one per use in attributes). */
  owner?: boolean;
  /** 2.15 `ent->expandedSize`, final once `sized`. */
  expandedSize?: number;
  sized?: boolean;
  /** 2.15 XML_ENT_VALIDATED: sized for attribute values. */
  attributeSized?: boolean;
  /** 2.15 XML_ENT_EXPANDING while sizing for an attribute: meeting it again is a loop. */
  walking?: boolean;
}

export interface AmplifiedEntity extends EntitySizes {
  value?: string;
}

/** UTF-8 length of s[from, to). */
export function utf8Length(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; } else n += 3;
  }
  return n;
}

/** The references of a replacement text in order, with where each starts: general entity names, predefined ones included. */
export function referencesIn(value: string): [string, number][] {
  const out: [string, number][] = [];
  for (let amp = value.indexOf('&'); amp !== -1; amp = value.indexOf('&', amp + 1)) {
    if (value.charCodeAt(amp + 1) === 35) continue;
    const semi = value.indexOf(';', amp);
    if (semi !== -1) out.push([value.slice(amp + 1, semi), amp]);
  }
  return out;
}

export const PREDEFINED_NAMES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** The counters of one libxml2 parser context: the document's, or the nested one parsing an entity (2.9). */
export interface ParserCounts {
  nbentities: number;
}

/** 2.9: `3 x size >= 10 x consumed` in xmlParserEntityCheck's per-entity branch. */
export const overReferenceDensity = (references: number, consumed: number) => references * 3 >= consumed * NON_LINEAR;

/**
 * 2.9.14's xmlStringDecodeEntities over `value` (an entity's replacement, in an attribute value):
 * counts references into `ctx`, runs xmlParserEntityCheck where libxml2 does, and returns the
 * decoded length. `consumed()` is the input read so far (bytes), `refuse` throws libxml2's error.
 */
export function decodeInAttribute29(value: string, ctx: ParserCounts, lookup: (name: string) => AmplifiedEntity | undefined,
  consumed: () => number, refuse: (msg: string) => never, depth: number, maxDepth: number): number {
  if (depth > maxDepth) refuse(LOOP);
  let nbchars = 0, size = FIRST_BUFFER;
  // growing the buffer while copying an entity's replacement runs the size check; other growth does not
  const append = (n: number, checked: boolean) => {
    const end = nbchars + n;
    while (size - (BUFFER_STEP - 1) <= end) {
      const at = Math.max(size - (BUFFER_STEP - 1), nbchars + 1);
      if (checked && at >= BIG_ENTITY) {
        // (libxml2 adds `sizeentities` here: external entities read, never any for libvirt)
        const c = consumed();
        if (at >= NON_LINEAR * c || ctx.nbentities * 3 >= NON_LINEAR * c) refuse(LOOP);
      }
      size = size * 2 + BUFFER_STEP;
    }
    nbchars = end;
  };
  let from = 0;
  for (let amp = value.indexOf('&'); amp !== -1; amp = value.indexOf('&', from)) {
    append(utf8Length(value, from, amp), false);
    const semi = value.indexOf(';', amp);
    from = semi + 1;
    if (value.charCodeAt(amp + 1) === 35) { append(utf8Length(String.fromCodePoint(Number(`0${value.slice(amp + 2, semi)}`))), false); continue; }
    const name = value.slice(amp + 1, semi);
    if (PREDEFINED_NAMES.has(name)) { append(1, false); continue; }
    ctx.nbentities++;
    const ent = lookup(name);
    if (ent?.value === undefined) { append(name.length + 2, false); continue; }
    // xmlParseStringEntityRef: only while decoding, that is at an entity's first use in an attribute
    if (ent.value.includes('<')) refuse(ltInAttribute(name));
    checkEntity29(ent, ctx, lookup, consumed, refuse, depth, maxDepth);
    ctx.nbentities += ent.checked! >> 1;
    append(decodeInAttribute29(ent.value, ctx, lookup, consumed, refuse, depth + 1, maxDepth), true);
  }
  append(utf8Length(value, from), false);
  return nbchars;
}

/** 2.9.14's xmlParserEntityCheck(ctxt, 0, ent, 0): sizes an unchecked entity by decoding it, then the density check. */
export function checkEntity29(ent: AmplifiedEntity, ctx: ParserCounts, lookup: (name: string) => AmplifiedEntity | undefined,
  consumed: () => number, refuse: (msg: string) => never, depth: number, maxDepth: number): void {
  if (ent.checked === undefined && ent.value !== undefined) {
    const before = ctx.nbentities;
    ent.checked = 1;
    decodeInAttribute29(ent.value, ctx, lookup, consumed, refuse, depth + 1, maxDepth);
    ent.checked = (ctx.nbentities - before + 1) * 2 + (ent.value.includes('<') ? 1 : 0);
  }
  const references = (ent.checked ?? 0) >> 1;
  if (overReferenceDensity(references, consumed())) refuse(LOOP);
}

export const ltInAttribute = (name: string) => `'<' in entity '${name}' is not allowed in attributes values`;

/**
 * 2.15's xmlCheckEntityInAttValue: the expanded size of entity `name` used in an attribute value;
 * markup met on the way, in its replacement or one it references, is refused first.
 */
export function sizeForAttribute215(name: string, ent: AmplifiedEntity, lookup: (name: string) => AmplifiedEntity | undefined, refuse: (msg: string) => never, depth: number): number {
  if (++depth > MAX_ATTRIBUTE_DEPTH) refuse(NESTING);
  if (ent.walking) refuse(LOOP);
  if (ent.sized && ent.attributeSized) return ent.expandedSize!;
  const value = ent.value ?? '';
  let size = utf8Length(value);
  const lt = value.indexOf('<');
  for (const [inner, at] of referencesIn(value)) {
    if (lt !== -1 && lt < at) break;
    const entity = PREDEFINED_NAMES.has(inner) ? undefined : lookup(inner);
    if (!entity) continue;
    ent.walking = true;
    try {
      size += sizeForAttribute215(inner, entity, lookup, refuse, depth) + FIXED_COST;
    } finally {
      ent.walking = false;
    }
  }
  if (lt !== -1) refuse(ltInAttribute(name));
  ent.expandedSize = size;
  ent.sized = ent.attributeSized = true;
  return size;
}

/** 2.15's xmlParserEntityCheck: adds `extra` to `total` (an entity's or the document's); true when over the limit. */
export function overAmplification(total: { expandedSize?: number }, extra: number, consumed: () => number): boolean {
  const size = (total.expandedSize ?? 0) + extra + FIXED_COST;
  total.expandedSize = size;
  return size > ALLOWED_EXPANSION && Math.floor(size / MAX_AMPLIFICATION) > consumed();
}
