/**
 * Mutation fuzzing of the whole check: seed domain documents (the example corpus, the shared
 * conformance set) are mutated at random (characters, ranges, lines, attribute and text values,
 * element transplants, entity tricks, deep nesting, random documents) and each pair is checked.
 * A case fails when abi-diff itself fails on it (an exception, an `internal error: abi-diff
 * failed` verdict), when checking it twice gives two verdicts, or when it takes too long. Every
 * `batchEvery` cases the last ones also go through the worker pool from files: every pair must
 * come back exactly once, in order, with the verdict the in-process check gave.
 *
 * Case i depends only on (seed, i), so a failure is replayed with the same seed and --from i.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkPairs, runBatch } from '../../src/batch/run-batch.js';
import { Rng, seedOf } from '../../src/fleet/rng.js';
import { MEASURED_VERSIONS, resolveProfile } from '../../src/model/profile.js';
import { ABI_DIFF_FAILED, type PairResult, type PairTask } from '../../src/model/result.js';
import { parseDomain } from '../../src/parse/domain.js';
import { DomainParseError } from '../../src/parse/errors.js';
import { checkAbiStability } from '../../src/rules/check.js';
import { checkPairFiles, checkXmlPair, type PairOptions } from '../../src/worker/check-pair.js';
import { decodeInput, isProblem } from '../../src/worker/read-input.js';
import { laughs as amplifiedLaughs, randomAmplification } from './amplification.js';
import { tempDir } from './temp.js';

// ---------------------------------------------------------------- seeds and vocabulary

export interface Seeds {
  /** Documents to mutate. */
  docs: string[];
  /** src/dst documents of the same guest, as the corpora pair them. */
  pairs: [string, string][];
  elementNames: string[];
  attributeNames: string[];
  attributeValues: string[];
  /** Whole one-line elements (`<x .../>`, `<x>..</x>`) to transplant. */
  snippets: string[];
}

function xmlFilesIn(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.xml')).map((e) => join(e.parentPath, e.name)).sort();
  } catch {
    return [];
  }
}

/** Seeds from corpus directories that hold src/ and dst/; at most `limit` pairs per corpus. */
export function loadSeeds(corpora: string[], limit = Infinity): Seeds {
  const docs: string[] = [];
  const pairs: [string, string][] = [];
  for (const corpus of corpora) {
    const srcFiles = xmlFilesIn(join(corpus, 'src')).slice(0, limit);
    for (const src of srcFiles) {
      const s = readFileSync(src, 'utf8');
      docs.push(s);
      let d: string | undefined;
      try { d = readFileSync(join(corpus, 'dst', src.slice(join(corpus, 'src').length)), 'utf8'); } catch { /* src only */ }
      if (d !== undefined) { docs.push(d); pairs.push([s, d]); }
    }
  }
  if (!docs.length) throw new Error(`no seed documents under ${corpora.join(', ')}`);
  const elements = new Set<string>(), attributes = new Set<string>(), values = new Set<string>(), snippets = new Set<string>();
  for (const doc of docs.slice(0, 2000)) {
    for (const m of doc.matchAll(/<([A-Za-z_][\w.:-]*)/g)) elements.add(m[1]);
    for (const m of doc.matchAll(/\s([A-Za-z_][\w.:-]*)=(['"])([^'"]*)\2/g)) { attributes.add(m[1]); if (m[3].length < 64) values.add(m[3]); }
    for (const line of doc.split('\n')) {
      const t = line.trim();
      if (/^<([\w.:-]+)[^<>]*\/>$/.test(t) || /^<([\w.:-]+)[^<>]*>[^<>]*<\/\1>$/.test(t)) snippets.add(t);
    }
  }
  return { docs, pairs, elementNames: [...elements].sort(), attributeNames: [...attributes].sort(), attributeValues: [...values].sort(), snippets: [...snippets].sort() };
}

// ---------------------------------------------------------------- mutations

/** Values that have broken parsers before: limits, signs, bases, units, words, odd text. */
const INTERESTING = [
  '', ' ', '0', '-0', '1', '-1', '2', '7', '8', '255', '256', '65535', '65536', '2147483647', '2147483648', '4294967295', '4294967296',
  '9007199254740993', '18446744073709551615', '18446744073709551616', '99999999999999999999999', '1e3', '1.5', '0x10', '0X1f', '010', '0b1', '+5',
  'NaN', 'Infinity', 'yes', 'no', 'on', 'off', 'true', 'default', 'none', 'auto', 'any', 'virtio', 'pci', 'usb', 'ide', 'KiB', 'TiB', 'bytes',
  '0x', '0x0000', '00:11:22:33:44:55', 'ff:ff:ff:ff:ff:ff', '0000:00:01.0', '/dev/null', '..', 'a b', '\t', '\u00e9', '\u{1F4A5}', '\uFEFF',
  'x'.repeat(300), '1'.repeat(40), '-', ',', '0-', '1-3,^2', '^', '0-4294967295', '&amp;', '&lt;', '&#0;', '&#x10FFFF;', '%', '\\',
];

const NOISE = ['<', '>', '&', '"', "'", '/', '=', '!', '?', '[', ']', ';', '-', ' ', '\n', '\t', '\r', '\0', '\u0001', '\u00a0', '\u{1F600}', 'a', 'Z', '0', '9', ':', '#'];

type Mutator = (doc: string, rng: Rng, seeds: Seeds) => string;

const at = (doc: string, rng: Rng) => rng.int(0, Math.max(0, doc.length));

function randomValue(rng: Rng, seeds: Seeds): string {
  return rng.chance(0.4) ? rng.pick(INTERESTING) : rng.chance(0.8) ? rng.pick(seeds.attributeValues) : String(rng.int(-1000, 100000));
}

/** Replace the value of the n-th match of `re` (group 2 = the value). */
function replaceMatch(doc: string, re: RegExp, rng: Rng, value: (old: string) => string): string {
  const matches = [...doc.matchAll(re)];
  if (!matches.length) return doc;
  const m = rng.pick(matches);
  const start = m.index! + m[1].length;
  return doc.slice(0, start) + value(m[2]) + doc.slice(start + m[2].length);
}

const escapeAttr = (v: string) => v.replace(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');

const lines = (doc: string) => doc.split('\n');

export const MUTATORS: Record<string, Mutator> = {
  flipChar: (doc, rng) => { const i = at(doc, rng); return doc.slice(0, i) + rng.pick(NOISE) + doc.slice(i + 1); },
  insertNoise: (doc, rng) => { const i = at(doc, rng); return doc.slice(0, i) + Array.from({ length: rng.int(1, 8) }, () => rng.pick(NOISE)).join('') + doc.slice(i); },
  deleteRange: (doc, rng) => { const i = at(doc, rng); return doc.slice(0, i) + doc.slice(i + rng.int(1, 200)); },
  duplicateRange: (doc, rng) => { const i = at(doc, rng); const j = Math.min(doc.length, i + rng.int(1, 400)); return doc.slice(0, j) + doc.slice(i, j) + doc.slice(j); },
  truncate: (doc, rng) => doc.slice(0, at(doc, rng)),
  deleteLine: (doc, rng) => { const l = lines(doc); l.splice(rng.int(0, l.length - 1), rng.int(1, 3)); return l.join('\n'); },
  duplicateLine: (doc, rng) => { const l = lines(doc); const i = rng.int(0, l.length - 1); l.splice(rng.int(0, l.length), 0, ...l.slice(i, i + rng.int(1, 4))); return l.join('\n'); },
  swapLines: (doc, rng) => { const l = lines(doc); const i = rng.int(0, l.length - 1), j = rng.int(0, l.length - 1); [l[i], l[j]] = [l[j], l[i]]; return l.join('\n'); },
  attributeValue: (doc, rng, seeds) => replaceMatch(doc, /(\s[A-Za-z_][\w.:-]*=['"])([^'"]*)/g, rng, () => escapeAttr(randomValue(rng, seeds))),
  textValue: (doc, rng, seeds) => replaceMatch(doc, /(<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?>)([^<>]+)(?=<\/)/g, rng, () => escapeAttr(randomValue(rng, seeds))),
  emptyText: (doc, rng) => replaceMatch(doc, /(<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?>)([^<>]+)(?=<\/)/g, rng, () => ''),
  addAttribute: (doc, rng, seeds) => replaceMatch(doc, /(<[A-Za-z_][\w.:-]*)()/g, rng, () => ` ${rng.pick(seeds.attributeNames)}='${escapeAttr(randomValue(rng, seeds))}'`),
  removeAttribute: (doc, rng) => { const ms = [...doc.matchAll(/\s[A-Za-z_][\w.:-]*=(['"])[^'"]*\1/g)]; if (!ms.length) return doc; const m = rng.pick(ms); return doc.slice(0, m.index) + doc.slice(m.index! + m[0].length); },
  renameElement: (doc, rng, seeds) => replaceMatch(doc, /(<\/?)([A-Za-z_][\w.:-]*)/g, rng, () => rng.pick(seeds.elementNames)),
  transplant: (doc, rng, seeds) => { const l = lines(doc); l.splice(rng.int(1, Math.max(1, l.length - 1)), 0, rng.pick(seeds.snippets)); return l.join('\n'); },
  transplantMany: (doc, rng, seeds) => { const l = lines(doc); const s = rng.pick(seeds.snippets); const n = rng.int(2, 40); l.splice(rng.int(1, Math.max(1, l.length - 1)), 0, ...Array.from({ length: n }, () => s)); return l.join('\n'); },
  crlf: (doc) => doc.replace(/\n/g, '\r\n'),
  bom: (doc) => '\uFEFF' + doc,
  cdata: (doc, rng) => replaceMatch(doc, /(<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?>)([^<>]+)(?=<\/)/g, rng, (old) => `<![CDATA[${old}]]>`),
  commentAndPi: (doc, rng) => { const i = doc.indexOf('>', at(doc, rng)) + 1; return i ? doc.slice(0, i) + rng.pick(['<!-- c -->', '<?pi x?>', '<!---->', '<!-- - -->']) + doc.slice(i) : doc; },
  deepNesting: (doc, rng) => { const n = rng.pick([100, 254, 255, 256, 257, 258, 1000, 20000]); const i = doc.indexOf('<devices>'); const cut = i === -1 ? doc.indexOf('>') + 1 : i + 9; return doc.slice(0, cut) + '<x>'.repeat(n) + '</x>'.repeat(n) + doc.slice(cut); },
  internalEntity: (doc, rng, seeds) => entityDoc(doc, rng, `<!ENTITY e "${escapeAttr(randomValue(rng, seeds))}">`),
  externalEntity: (doc, rng) => entityDoc(doc, rng, rng.pick(['<!ENTITY e SYSTEM "file:///etc/passwd">', '<!ENTITY e PUBLIC "-//x//EN" "http://example.com/x">', '<!ENTITY e SYSTEM "x" NDATA y>', '<!ENTITY % p SYSTEM "x"> %p;'])),
  entityLoop: (doc, rng) => entityDoc(doc, rng, rng.pick(['<!ENTITY e "&f;"><!ENTITY f "&e;">', '<!ENTITY e "&e;">', laughs(rng.int(2, 12)), '<!ENTITY e "<a>">', '<!ENTITY e "&undefined;">'])),
  // around each libxml2's amplification limits: laughs of every size, one entity used ~1,000 times, random entity graphs
  entityAmplification: (doc, rng) => (rng.chance(0.5)
    ? randomAmplification(doc, rng, 1_000_000)
    : amplifiedLaughs(doc, rng.int(0, 6), rng.pick([1, 2, 3, 5, 6, 7, 10, 32]), rng.pick([1, 3, 1000]), rng.pick([1, 3, 4, 980, 981]), rng.chance(0.7) ? 'text' : 'attr')),
  encodingDecl: (doc, rng) => `<?xml version="1.0" encoding="${encodingName(rng)}"?>\n${doc.replace(/^\uFEFF?(<\?xml[^>]*\?>\s*)?/, '')}`,
  // raw bytes 0x80-0xFF in a text value, most often under a declared encoding
  encodedBytes: (doc, rng) => {
    const raw = (old: string) => old + Array.from({ length: rng.int(1, 4) }, () => String.fromCharCode(RAW_BYTE + rng.int(0x80, 0xff))).join('');
    const body = replaceMatch(doc, /(<[A-Za-z_][\w.:-]*(?:\s[^<>]*)?>)([^<>]+)(?=<\/)/g, rng, raw);
    if (rng.chance(0.2)) return body;
    return `<?xml version="1.0" encoding="${rng.chance(0.7) ? rng.pick(BYTE_ENCODINGS) : encodingName(rng)}"?>\n${body.replace(/^\uFEFF?(<\?xml[^>]*\?>\s*)?/, '')}`;
  },
  bomRun: (doc, rng) => rng.pick(['', ' ', '\n']) + '\uFEFF'.repeat(rng.int(1, 3)) + doc,
  // the depths each profile's libxml2 stops at (8/9 in attributes, 14/15 and 19/20) and beyond
  entityChain: (doc, rng) => entityDoc(doc, rng, entityChain(rng.pick([1, 7, 8, 9, 13, 14, 15, 18, 19, 20, 21, 39, 40, 41, rng.int(1, 60), 1025]))),
  undefinedEntity: (doc, rng) => replaceMatch(doc, /(>)([^<>]+)(?=<\/)/g, rng, () => `&${rng.pick(['nope', 'e', '#xD800', '#1', 'amp'])};`),
  randomDocument: (_doc, rng, seeds) => randomDocument(rng, seeds),
  declaredCount: (doc, rng) => rng.pick(DECLARED)(doc, rng),
};

// ------------------------------------------------ declared counts, indexes and sizes

/** Counts around abi-diff's bound (2^18), V8's array limit (~2^27), int and uint edges. */
const HUGE = ['262143', '262144', '262145', '16777216', '100000000', '134217728', '2147483647', '2147483648', '4294967294', '4294967295', '4294967296', '18446744073709551615'];
const BIG_BITMAPS = ['0-16383', '16383', '16384', '0-4294967295', '0-2147483647', '4294967295', '^0,0-16383', '0-16383,^5'];

/** An attribute that libvirt reads as a count, an index or a size. */
const COUNT_ATTRS = /(\s(?:index|controller|bus|target|unit|slot|function|port|ports|vectors|queues|id|cellid|vcpu|vcpus|iothread|current|level|initiator|cache|slots|order|chassis|chassisNr|busNr|numa_node|reg|cssid|ssid|devno|count|size|node|memslots|cpus|cpuset|nodeset)=['"])([^'"]*)/g;

/** `<numa>` with n cells, each with a distance to a random sibling and a cache level. */
function numaCells(rng: Rng, n: number): string {
  const cell = (i: number) => {
    const sib = rng.int(0, n - 1);
    const dist = rng.chance(0.5) ? `<distances><sibling id='${sib}' value='${sib === i ? 10 : rng.int(11, 255)}'/></distances>` : '';
    const cache = rng.chance(0.2) ? `<cache level='${rng.pick(['1', '3', ...HUGE])}' associativity='direct' policy='writeback'><size value='1' unit='KiB'/><line value='64' unit='B'/></cache>` : '';
    return `<cell id='${rng.chance(0.95) ? i : rng.pick(HUGE)}' cpus='${rng.chance(0.7) ? i : rng.pick(BIG_BITMAPS)}' memory='1024'>${dist}${cache}</cell>`;
  };
  const ic = rng.chance(0.3) ? `<interconnects>${Array.from({ length: rng.int(1, 50) }, () => `<latency initiator='${rng.chance(0.8) ? rng.int(0, n - 1) : rng.pick(HUGE)}' target='${rng.int(0, n - 1)}' type='access' value='5'/>`).join('')}</interconnects>` : '';
  return `<numa>${Array.from({ length: n }, (_, i) => cell(i)).join('')}${ic}</numa>`;
}

/** Puts `xml` inside the first `<parent>` (adding one under <domain> when there is none). */
function intoElement(doc: string, parent: string, xml: string): string {
  const open = new RegExp(`<${parent}(\\s[^<>]*)?>`).exec(doc);
  if (open) return doc.slice(0, open.index + open[0].length) + xml + doc.slice(open.index + open[0].length);
  const end = doc.lastIndexOf('</domain>');
  return end < 0 ? doc : `${doc.slice(0, end)}<${parent}>${xml}</${parent}>\n${doc.slice(end)}`;
}

/** Top-level `<name>` element right after `<vcpu>` (or before </domain>). */
function topLevel(doc: string, xml: string): string {
  const vcpu = /<vcpu[\s>][^]*?<\/vcpu>/.exec(doc);
  const at = vcpu ? vcpu.index + vcpu[0].length : doc.lastIndexOf('</domain>');
  return at < 0 ? doc : doc.slice(0, at) + xml + doc.slice(at);
}

/** What a definition declares that libvirt expands into records, bits or loops. */
const DECLARED: ((doc: string, rng: Rng) => string)[] = [
  (doc, rng) => topLevel(doc, `<iothreads>${rng.pick(HUGE)}</iothreads>`),
  (doc, rng) => (/<vcpu[\s>]/.test(doc) ? doc.replace(/(<vcpu(?:\s[^<>]*)?>)[^<]*/, `$1${rng.pick(HUGE)}`) : topLevel(doc, `<vcpu>${rng.pick(HUGE)}</vcpu>`)),
  (doc, rng) => topLevel(doc, `<vcpu placement='static' current='${rng.pick(HUGE)}' cpuset='${rng.pick(BIG_BITMAPS)}'>${rng.int(1, 64)}</vcpu>`),
  (doc, rng) => topLevel(doc, `<vcpus>${Array.from({ length: rng.int(1, 20) }, () => `<vcpu id='${rng.chance(0.5) ? rng.int(0, 8) : rng.pick(HUGE)}' enabled='yes' order='${rng.pick(HUGE)}'/>`).join('')}</vcpus>`),
  (doc, rng) => topLevel(doc, `<iothreads>${rng.int(1, 4)}</iothreads><iothreadids>${Array.from({ length: rng.int(1, 3000) }, (_, i) => `<iothread id='${rng.chance(0.99) ? i + 1 : rng.pick(HUGE)}'/>`).join('')}</iothreadids>`),
  (doc, rng) => topLevel(doc, `<cputune>${Array.from({ length: rng.int(1, 30) }, () => rng.pick([
    `<vcpupin vcpu='${rng.pick(HUGE)}' cpuset='${rng.pick(BIG_BITMAPS)}'/>`, `<iothreadpin iothread='${rng.pick(HUGE)}' cpuset='0'/>`,
    `<vcpusched vcpus='${rng.pick(BIG_BITMAPS)}' scheduler='fifo' priority='1'/>`, `<iothreadsched iothreads='${rng.pick(BIG_BITMAPS)}' scheduler='batch'/>`,
    `<emulatorpin cpuset='${`${rng.pick(BIG_BITMAPS)},`.repeat(rng.int(1, 2000))}0'/>`, `<cachetune vcpus='${rng.pick(BIG_BITMAPS)}'><cache id='0' level='3' type='both' size='1' unit='MiB'/></cachetune>`,
  ])).join('')}</cputune>`),
  (doc, rng) => intoElement(doc, 'cpu', numaCells(rng, rng.weighted([[rng.int(1, 8), 6], [rng.int(9, 500), 3], [rng.int(501, 5000), 1]] as const))),
  (doc, rng) => topLevel(doc, `<numatune><memory mode='strict' nodeset='${rng.pick(BIG_BITMAPS)}'/><memnode cellid='${rng.pick(HUGE)}' mode='strict' nodeset='0'/></numatune>`),
  (doc, rng) => topLevel(doc, `<maxMemory slots='${rng.pick(HUGE)}' unit='KiB'>${rng.pick(HUGE)}</maxMemory>`),
  (doc, rng) => topLevel(doc, `<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='${rng.pick(BIG_BITMAPS)}'/></hugepages></memoryBacking>`),
  (doc, rng) => intoElement(doc, 'devices', rng.pick([
    `<controller type='${rng.pick(['pci', 'usb', 'scsi', 'virtio-serial', 'sata', 'ide'])}' index='${rng.pick(HUGE)}' ports='${rng.pick(HUGE)}' vectors='${rng.pick(HUGE)}'/>`,
    `<disk type='file' device='disk'><source file='/x.img'/><target dev='sd${'z'.repeat(rng.int(1, 12))}' bus='scsi'/><address type='drive' controller='${rng.pick(HUGE)}' bus='${rng.pick(HUGE)}' target='${rng.pick(HUGE)}' unit='${rng.pick(HUGE)}'/></disk>`,
    `<disk type='file' device='disk'><source file='/x.img'/><target dev='hd${'z'.repeat(rng.int(1, 12))}' bus='ide'/></disk>`,
    `<channel type='pty'><target type='virtio' name='a.b'/><address type='virtio-serial' controller='${rng.pick(HUGE)}' bus='0' port='${rng.pick(HUGE)}'/></channel>`,
    `<input type='tablet' bus='usb'><address type='usb' bus='${rng.pick(HUGE)}' port='${[...Array(rng.int(1, 6))].map(() => rng.pick(HUGE)).join('.')}'/></input>`,
    `<interface type='network'><source network='default'/><model type='virtio'/><driver queues='${rng.pick(HUGE)}'/><address type='pci' domain='0x0000' bus='${rng.pick(['0xff', '0x100', '0xffffffff'])}' slot='0x1f' function='0x7'/></interface>`,
    `<memory model='dimm'><target><size unit='KiB'>524288</size><node>${rng.pick(HUGE)}</node></target><address type='dimm' slot='${rng.pick(HUGE)}'/></memory>`,
    `<video><model type='qxl' ram='${rng.pick(HUGE)}' vram='${rng.pick(HUGE)}' vgamem='${rng.pick(HUGE)}' heads='${rng.pick(HUGE)}'/></video>`,
  ])),
  (doc, rng) => replaceMatch(doc, COUNT_ATTRS, rng, () => rng.pick([...HUGE, ...BIG_BITMAPS])),
];

function laughs(levels: number): string {
  let decls = '<!ENTITY e0 "lollollollol">';
  for (let i = 1; i <= levels; i++) decls += `<!ENTITY e${i} "${`&e${i - 1};`.repeat(10)}">`;
  return decls.replace(new RegExp(`e${levels}"`), 'e"');
}

/** `e` names e2, e2 names e3, ... the last one a text: n entities nested. */
function entityChain(n: number): string {
  return Array.from({ length: n }, (_, i) => `<!ENTITY ${i ? `e${i + 1}` : 'e'} "${i + 1 < n ? `&e${i + 2};` : 'vm'}">`).join('');
}

// spellings libxml2 and iconv take or refuse, per glibc: case, separators, unknown, empty, not a name
const ENCODINGS = ['UTF-8', 'utf8', 'UTF_8', 'UTF-8-', 'UTF-16', 'UTF-32', 'UCS-2', 'ISO-8859-1', 'latin1', 'LATIN-1', 'ISO8859_1', 'l1', 'US-ASCII', 'windows-1252', 'KOI8-R', 'EBCDIC-US', 'IBM037', 'HTML', 'CP65001', 'bogus-42', '', ' UTF-8', '1abc', '_x', 'ISO-10646/UTF8', 'a b'];

/**
 * Encodings for raw bytes: single-byte ones (with invalid bytes: US-ASCII, ISO-8859-3, MS-ANSI),
 * those libxml2 2.15 decodes itself (ISO8859-15, CP1252), one that remaps ASCII (ISO646-DE),
 * multi-byte and stateful ones abi-diff reads only as ASCII, UTF-8, and names libxml2 refuses.
 */
const BYTE_ENCODINGS = ['ISO-8859-1', 'latin1', 'ISO-8859-15', 'ISO8859-15', 'ISO-8859-3', 'KOI8-R', 'CP1252', 'MS-ANSI', 'US-ASCII', 'ISO646-DE', 'VISCII', 'CP1255', 'TCVN', 'EUC-JP', 'SHIFT_JIS', 'GBK', 'ISO-2022-JP', 'UTF-7', 'UTF-8', 'UTF-16', 'EBCDIC-US', 'bogus-42', 'HTML'];

/** A raw byte b (0x80-0xFF) stands in a mutated document as the lone surrogate RAW_BYTE + b (as Python's surrogateescape). */
const RAW_BYTE = 0xdc00;

/** The file's bytes: the text as UTF-8, each raw-byte stand-in as its byte; undefined when it has none. */
function rawBytes(doc: string): Buffer | undefined {
  if (!/[\udc80-\udcff]/.test(doc)) return undefined;
  return Buffer.concat(doc.split(/([\udc80-\udcff])/).map((part, i) => (i % 2 ? Buffer.from([part.charCodeAt(0) - RAW_BYTE]) : Buffer.from(part))));
}

function encodingName(rng: Rng): string {
  if (rng.chance(0.7)) return rng.pick(ENCODINGS);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789-_.';
  return Array.from({ length: rng.int(0, 12) }, () => rng.pick([...chars])).join('');
}

/** Declares entities in a DOCTYPE and uses `&e;` in a text or attribute value. */
function entityDoc(doc: string, rng: Rng, decls: string): string {
  const body = doc.replace(/^\uFEFF?(<\?xml[^>]*\?>\s*)?/, '');
  const used = rng.chance(0.5)
    ? replaceMatch(body, /(>)([^<>]+)(?=<\/)/g, rng, () => '&e;')
    : replaceMatch(body, /(\s[A-Za-z_][\w.:-]*=['"])([^'"]*)/g, rng, () => '&e;');
  return `<!DOCTYPE domain [${decls}]>\n${used}`;
}

/** A tree of the corpus's element and attribute names under <domain>, with random values. */
function randomDocument(rng: Rng, seeds: Seeds): string {
  const element = (depth: number): string => {
    const name = rng.pick(seeds.elementNames);
    const attrs = Array.from({ length: rng.int(0, 3) }, () => ` ${rng.pick(seeds.attributeNames)}='${escapeAttr(randomValue(rng, seeds))}'`);
    const unique = [...new Map(attrs.map((a) => [a.split('=')[0], a])).values()].join('');
    if (depth > 4 || rng.chance(0.4)) return rng.chance(0.5) ? `<${name}${unique}/>` : `<${name}${unique}>${escapeAttr(randomValue(rng, seeds))}</${name}>`;
    return `<${name}${unique}>${Array.from({ length: rng.int(1, 5) }, () => element(depth + 1)).join('')}</${name}>`;
  };
  const kids = Array.from({ length: rng.int(1, 12) }, () => element(1)).join('\n  ');
  return `<domain type='${rng.pick(['kvm', 'qemu', 'xen', 'test', 'bhyve', 'lxc'])}'>\n  <name>r${rng.u32()}</name>\n  <memory>${rng.int(1, 1 << 22)}</memory>\n  ${kids}\n</domain>\n`;
}

/** Mutations that keep the document well-formed are drawn more often: they reach the rules. */
const WEIGHTS: Record<string, number> = {
  attributeValue: 6, textValue: 4, addAttribute: 3, removeAttribute: 3, transplant: 4, transplantMany: 1, deleteLine: 2, duplicateLine: 2, emptyText: 1,
  flipChar: 1, insertNoise: 1, deleteRange: 1, duplicateRange: 1, truncate: 0.5, swapLines: 1, renameElement: 1, declaredCount: 4, encodedBytes: 1.5,
};
const MUTATOR_CHOICES = Object.keys(MUTATORS).map((name) => [name, WEIGHTS[name] ?? 0.5] as const);

export interface FuzzCase {
  index: number;
  mutations: string[];
  src: string;
  dst: string;
  /** A side's file when it holds raw bytes (encodedBytes): what is written and decoded, not the text. */
  srcBytes?: Buffer;
  dstBytes?: Buffer;
  opts: PairOptions;
  settings: { profile: string; skipVolatile: boolean; driver: 'generic' | 'qemu' };
}

/** Case `index` of run `seed`: depends on nothing else. */
export function makeCase(seed: number, index: number, seeds: Seeds): FuzzCase {
  const rng = new Rng(seedOf('fuzz', seed, index));
  const mutations: string[] = [];
  const mutate = (doc: string) => {
    let out = doc;
    for (let k = rng.weighted([[1, 6], [2, 3], [3, 1]] as const); k > 0; k--) {
      const name = rng.weighted(MUTATOR_CHOICES);
      mutations.push(name);
      out = MUTATORS[name](out, rng, seeds);
    }
    return out;
  };
  let src: string, dst: string;
  const shape = rng.weighted([['dst', 55], ['src', 10], ['both', 10], ['pair', 20], ['same', 5]] as const);
  if (shape === 'pair' && seeds.pairs.length) {
    const [s, d] = rng.pick(seeds.pairs);
    src = rng.chance(0.3) ? mutate(s) : s;
    dst = mutate(d);
  } else {
    const doc = rng.pick(seeds.docs);
    src = shape === 'src' || shape === 'both' ? mutate(doc) : doc;
    dst = shape === 'dst' || shape === 'both' ? mutate(doc) : shape === 'same' ? mutate(doc) : doc;
    if (shape === 'same') src = dst;
  }
  const settings = { profile: rng.pick(MEASURED_VERSIONS), skipVolatile: rng.chance(0.3), driver: rng.chance(0.3) ? 'qemu' as const : 'generic' as const };
  const [srcBytes, dstBytes] = [rawBytes(src), rawBytes(dst)];
  return {
    index, mutations, src, dst, ...(srcBytes && { srcBytes }), ...(dstBytes && { dstBytes }),
    settings, opts: { profile: resolveProfile(settings.profile), skipVolatile: settings.skipVolatile, driver: settings.driver },
  };
}

// ---------------------------------------------------------------- running

export interface Finding {
  kind: 'crash' | 'unstable' | 'slow' | 'hang' | 'lost' | 'pool differs' | 'special file';
  index: number;
  mutations: string[];
  message: string;
  stack?: string;
  case?: FuzzCase;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** First case index (to replay a finding). */
  from?: number;
  seeds: Seeds;
  /** Every this many cases, the last ones also run through the worker pool (0: never). */
  batchEvery?: number;
  jobs?: number;
  /** A case slower than this (ms) is a finding. */
  slowMs?: number;
  onProgress?: (done: number, stats: FuzzStats) => void;
  /** Called before case `index` is checked (a supervisor watches for cases that never end). */
  onCase?: (index: number) => void;
  /** Called as the worker pool returns each pair of a round (the round is alive). */
  onBeat?: () => void;
  /** The pool rounds' --pair-timeout in ms (default 30 s): a run's bound on a pair that takes long. */
  pairTimeoutMs?: number;
}

export interface FuzzStats {
  cases: number;
  statuses: Record<string, number>;
  poolPairs: number;
  findings: Finding[];
  /** Pool-round pairs that hit --pair-timeout: the error a run gives them, not compared in-process. */
  limited?: string[];
  /** Pool-round pairs whose dst was a special file (each must come back as its own error). */
  specialFiles?: number;
  ms: number;
}

/** Why abi-diff failed on a side or on the comparison, with the stack (the verdict hides it). */
function crashDetail(c: FuzzCase): { message: string; stack?: string } {
  const parsed = [];
  for (const xml of [textOf(c, 'src'), textOf(c, 'dst')]) {
    if (typeof xml !== 'string') return { message: 'verdict says abi-diff failed, but the input error is an ordinary one' };
    try {
      parsed.push(parseDomain(xml, c.opts.profile));
    } catch (err) {
      if (err instanceof DomainParseError) return { message: 'verdict says abi-diff failed, but the parse error is an ordinary one' };
      return { message: String(err), stack: (err as Error).stack };
    }
  }
  try {
    checkAbiStability(parsed[0], parsed[1], c.opts);
  } catch (err) {
    return { message: String(err), stack: (err as Error).stack };
  }
  return { message: 'abi-diff failed while locating mismatch lines' };
}

/** A side's text as the profile's libxml2 reads it: its raw bytes decoded, or the text itself. */
function textOf(c: FuzzCase, side: 'src' | 'dst') {
  const bytes = side === 'src' ? c.srcBytes : c.dstBytes;
  return bytes ? decodeInput(`${side}.xml`, bytes, c.opts.profile) : c[side];
}

function verdictOf(c: FuzzCase): PairResult | Finding {
  try {
    const id = `case-${c.index}.xml`;
    const [src, dst] = [textOf(c, 'src'), textOf(c, 'dst')];
    if (isProblem(src)) return { id, src: 'src.xml', dst: 'dst.xml', status: 'error', mismatches: [], error: { side: 'src', ...src } };
    if (isProblem(dst)) return { id, src: 'src.xml', dst: 'dst.xml', status: 'error', mismatches: [], error: { side: 'dst', ...dst } };
    return checkXmlPair(id, 'src.xml', 'dst.xml', src, dst, c.opts);
  } catch (err) {
    return { kind: 'crash', index: c.index, mutations: c.mutations, message: `exception escaped checkXmlPair: ${String(err)}`, stack: (err as Error).stack, case: c };
  }
}

const isFinding = (v: PairResult | Finding): v is Finding => 'kind' in v;

/**
 * The pool checks the same cases from files (under the first case's settings, so one pool does
 * the round): each pair once, in order, as checkPairFiles gives it in-process. A pair over the
 * pair timeout comes back as that error, as in a run; it is counted, not checked again in-process.
 */
async function poolRound(cases: FuzzCase[], jobs: number, stats: FuzzStats, pairTimeoutMs: number, onBeat?: () => void): Promise<void> {
  const dir = await tempDir('abi-diff-fuzz-');
  try {
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'dst'));
    const tasks: PairTask[] = [];
    const special = new Map<number, string>();
    for (const [i, c] of cases.entries()) {
      const id = `case-${c.index}.xml`;
      tasks.push({ id, src: join(dir, 'src', id), dst: join(dir, 'dst', id) });
      await writeFile(join(dir, 'src', id), c.srcBytes ?? c.src);
      const kind = await writeSide(join(dir, 'dst', id), c);
      if (kind) special.set(i, kind);
    }
    const { settings, opts } = cases[0];
    const results: PairResult[] = [];
    for await (const r of checkPairs(tasks, { jobs, ...settings, batchSize: 16, pairTimeout: pairTimeoutMs })) { results.push(r); onBeat?.(); }
    stats.poolPairs += results.length;
    if (results.length !== tasks.length || results.some((r, i) => r.id !== tasks[i].id)) {
      stats.findings.push({ kind: 'lost', index: cases[0].index, mutations: [], message: `the pool returned ${results.length} results for ${tasks.length} pairs: ${results.map((r) => r.id).join(',')}` });
      return;
    }
    for (const [i, r] of results.entries()) {
      const c = cases[i];
      const kind = special.get(i);
      if (kind) {
        stats.specialFiles = (stats.specialFiles ?? 0) + 1;
        // the pair's own error, naming the file, is what a run must give it
        if (r.status !== 'error' || !r.error!.message.includes(r.id)) stats.findings.push({ kind: 'special file', index: c.index, mutations: [kind], message: `dst is ${kind}: ${JSON.stringify(r).slice(0, 300)}` });
        continue;
      }
      if (r.status === 'error' && r.error!.message.includes('--pair-timeout')) {
        (stats.limited ??= []).push(`case ${c.index} (${c.mutations.join(', ')}) under ${JSON.stringify(settings)}: ${r.error!.message}`);
        continue;
      }
      const direct = checkPairFiles(tasks[i], opts).result!;
      if (!isDeepStrictEqual(r, direct)) stats.findings.push({ kind: 'pool differs', index: c.index, mutations: c.mutations, message: `pool: ${JSON.stringify(r).slice(0, 300)} in-process: ${JSON.stringify(direct).slice(0, 300)}`, case: c });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a destination file may be instead of a domain XML: special files and links out of the tree. */
const SPECIAL_FILES: readonly (readonly [string, (path: string) => Promise<void>])[] = [
  ['a FIFO', async (p) => { execFileSync('mkfifo', [p]); }],
  ['a directory', async (p) => { await mkdir(p); }],
  ['a dangling symlink', (p) => symlink(`${p}.missing`, p)],
  ['a symlink loop', (p) => symlink(p, p)],
  ['a symlink to /dev/zero', (p) => symlink('/dev/zero', p)],
  ['a symlink to /dev/urandom', (p) => symlink('/dev/urandom', p)],
  ['a symlink to /dev/null', (p) => symlink('/dev/null', p)],
  ['a symlink to /proc/self/environ', (p) => symlink('/proc/self/environ', p)],
];

/** Writes a case's dst, or for 2 % of cases (drawn from the index alone) a special file; returns its kind. */
async function writeSide(path: string, c: FuzzCase): Promise<string | undefined> {
  const rng = new Rng(seedOf('fuzz-special', c.index));
  if (!rng.chance(0.02)) { await writeFile(path, c.dstBytes ?? c.dst); return undefined; }
  const [kind, make] = rng.pick(SPECIAL_FILES);
  await make(path);
  return kind;
}

/**
 * A case that exhausted the fuzz thread (a hang, its heap) checked the way a run checks it: from
 * files on the worker pool, with a pair timeout and a heap limit. The pool must return it once,
 * as an error saying which limit it hit; the message, or why not.
 */
export async function limitedThroughPool(c: FuzzCase, limits: { pairTimeout: number; workerMemory: number }): Promise<{ ok: boolean; message: string }> {
  const dir = await tempDir('abi-diff-fuzz-');
  try {
    const task = { id: `case-${c.index}.xml`, src: join(dir, 'src.xml'), dst: join(dir, 'dst.xml') };
    await writeFile(task.src, c.srcBytes ?? c.src);
    await writeFile(task.dst, c.dstBytes ?? c.dst);
    const results = await runBatch([task], { jobs: 1, ...c.settings, ...limits });
    const message = results.map((r) => `${r.status}: ${r.error?.message ?? r.mismatches[0]?.message ?? ''}`).join('; ');
    const ok = results.length === 1 && results[0].status === 'error' && /out of memory|--pair-timeout/.test(results[0].error!.message);
    return { ok, message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fuzz(opts: FuzzOptions): Promise<FuzzStats> {
  const started = performance.now();
  const stats: FuzzStats = { cases: 0, statuses: {}, poolPairs: 0, findings: [], ms: 0 };
  const batchEvery = opts.batchEvery ?? 0;
  const slowMs = opts.slowMs ?? 2000;
  const pairTimeoutMs = opts.pairTimeoutMs ?? 30_000;
  let pending: FuzzCase[] = [];
  const from = opts.from ?? 0;
  for (let index = from; index < from + opts.cases; index++) {
    opts.onCase?.(index);
    const c = makeCase(opts.seed, index, opts.seeds);
    const t0 = performance.now();
    const first = verdictOf(c);
    const ms = performance.now() - t0;
    stats.cases++;
    if (isFinding(first)) { stats.findings.push(first); continue; }
    stats.statuses[first.status] = (stats.statuses[first.status] ?? 0) + 1;
    if (first.error?.message.startsWith(ABI_DIFF_FAILED)) stats.findings.push({ kind: 'crash', index, mutations: c.mutations, ...crashDetail(c), case: c });
    const t1 = performance.now();
    const second = verdictOf(c);
    // a slow case counts if it is slow twice: once may be the machine, not abi-diff
    const again = performance.now() - t1;
    if (ms > slowMs && again > slowMs) stats.findings.push({ kind: 'slow', index, mutations: c.mutations, message: `${Math.round(ms)} ms, then ${Math.round(again)} ms`, case: c });
    if (!isDeepStrictEqual(first, second)) stats.findings.push({ kind: 'unstable', index, mutations: c.mutations, message: `${JSON.stringify(first).slice(0, 300)} then ${JSON.stringify(second).slice(0, 300)}`, case: c });
    if (batchEvery) {
      pending.push(c);
      if (pending.length >= batchEvery) { await poolRound(pending, opts.jobs ?? 2, stats, pairTimeoutMs, opts.onBeat); pending = []; }
    }
    opts.onProgress?.(stats.cases, stats);
  }
  if (pending.length) await poolRound(pending, opts.jobs ?? 2, stats, pairTimeoutMs, opts.onBeat);
  stats.ms = performance.now() - started;
  return stats;
}
