/**
 * Encoding declarations, byte-order marks, entity nesting and amplification, each case labelled by libvirt
 * itself (../shared/oracle, the q35 example guest as src, the case as dst) for every profile:
 * `oracle` maps the first profile of a release range to libvirt's verdict there, `ok` or the
 * libxml2 message libvirt reported. 7.0.0 (libxml2 2.9.10, glibc 2.31) answers every case as 9.0.0 does; 12.9.0 is Debian's backport to trixie: trixie's libxml2 again.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';
import { amplified, laughs, laughsDecls } from '../helpers/amplification.js';
import { GUEST } from '../helpers/hostile.js';
import { atRelease, type ByRelease } from '../helpers/releases.js';

const guest = readFileSync(GUEST, 'utf8');
const BOM = '\uFEFF';
const declared = (enc: string) => `<?xml version="1.0" encoding="${enc}"?>\n${guest}`;
/** n internal entities, each naming the next, the last one the guest's name. */
const chain = (n: number) => `<!DOCTYPE domain [${Array.from({ length: n }, (_, i) => `<!ENTITY e${i + 1} "${i + 1 < n ? `&e${i + 2};` : 'web-frontend-01'}">`).join('')}]>\n`;
const inContent = (n: number) => chain(n) + guest.replace('<name>web-frontend-01<', '<name>&e1;<');
const inAttribute = (n: number) => chain(n) + guest.replace("<domain type='kvm'>", "<domain type='kvm' foo='&e1;'>");

type Verdict = 'ok' | string;
interface OracleCase { name: string; doc: string; oracle: ByRelease<Verdict> }

const LOOP = 'Detected an entity reference loop', NESTING = 'Maximum entity nesting depth exceeded';
const AMPLIFIED = 'Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification.';
const LT_IN_M = "'<' in entity 'm' is not allowed in attributes values";
/** `m` holds markup, `n` refers to it. */
const MARKUP = '<!ENTITY m "<i>x</i>"><!ENTITY n "&m;">';
const LOOPING = '<!ENTITY e "&f;"><!ENTITY f "&e;">';
const CASES: OracleCase[] = [
  { name: 'encoding bogus-42', doc: declared('bogus-42'), oracle: { '7.0.0': 'Unsupported encoding bogus-42', '12.8.0': 'Unsupported encoding: bogus-42', '12.9.0': 'Unsupported encoding bogus-42' } },
  { name: 'encoding empty', doc: declared(''), oracle: { '7.0.0': 'Invalid XML encoding name' } },
  { name: 'encoding starting with a digit', doc: declared('1abc'), oracle: { '7.0.0': 'Invalid XML encoding name' } },
  { name: 'encoding with a space before', doc: declared(' UTF-8'), oracle: { '7.0.0': 'Invalid XML encoding name' } },
  { name: 'encoding with a slash', doc: declared('ISO-10646/UTF8'), oracle: { '7.0.0': 'String not closed expecting " or \'' } },
  { name: 'encoding CP65001', doc: declared('CP65001'), oracle: { '7.0.0': 'Unsupported encoding CP65001', '12.8.0': 'Unsupported encoding: CP65001', '12.9.0': 'Unsupported encoding CP65001' } },
  { name: 'encoding UTF-8', doc: declared('UTF-8'), oracle: { '7.0.0': 'ok' } },
  { name: 'encoding utf8', doc: declared('utf8'), oracle: { '7.0.0': 'ok' } },
  { name: 'encoding iso-8859-1', doc: declared('iso-8859-1'), oracle: { '7.0.0': 'ok' } },
  { name: 'encoding l1', doc: declared('l1'), oracle: { '7.0.0': 'ok' } },
  { name: 'encoding windows-1252', doc: declared('windows-1252'), oracle: { '7.0.0': 'ok' } },
  { name: 'encoding UTF_8', doc: declared('UTF_8'), oracle: { '7.0.0': 'ok', '11.3.0': 'Unsupported encoding UTF_8', '12.8.0': 'Unsupported encoding: UTF_8', '12.9.0': 'Unsupported encoding UTF_8' } },
  { name: 'encoding UTF-8-', doc: declared('UTF-8-'), oracle: { '7.0.0': 'ok', '11.3.0': 'Unsupported encoding UTF-8-', '12.8.0': 'Unsupported encoding: UTF-8-', '12.9.0': 'Unsupported encoding UTF-8-' } },
  { name: 'encoding LATIN-1', doc: declared('LATIN-1'), oracle: { '7.0.0': 'ok', '11.3.0': 'Unsupported encoding LATIN-1', '12.8.0': 'Unsupported encoding: LATIN-1', '12.9.0': 'Unsupported encoding LATIN-1' } },
  { name: 'encoding ANSI_X3.110- (not found loosely)', doc: declared('ANSI_X3.110-'), oracle: { '7.0.0': 'Unsupported encoding ANSI_X3.110-', '12.8.0': 'Unsupported encoding: ANSI_X3.110-', '12.9.0': 'Unsupported encoding ANSI_X3.110-' } },
  { name: 'encoding HTML', doc: declared('HTML'), oracle: { '7.0.0': 'ok', '12.8.0': 'Unsupported encoding: HTML', '12.9.0': 'ok' } },
  { name: 'UTF-16 declared on UTF-8', doc: declared('UTF-16'), oracle: { '7.0.0': 'ok', '12.8.0': 'Blank needed here', '12.9.0': 'ok' } },
  { name: 'UCS-2 declared on UTF-8', doc: declared('UCS-2'), oracle: { '7.0.0': 'ok', '12.8.0': 'Blank needed here', '12.9.0': 'ok' } },
  { name: 'UTF-32 declared on UTF-8', doc: declared('UTF-32'), oracle: { '7.0.0': 'ok', '12.8.0': 'Invalid bytes in character encoding', '12.9.0': 'ok' } },
  { name: 'EBCDIC-US declared on UTF-8', doc: declared('EBCDIC-US'), oracle: { '7.0.0': 'ok', '12.8.0': 'Invalid bytes in character encoding', '12.9.0': 'ok' } },
  { name: 'one BOM', doc: BOM + guest, oracle: { '7.0.0': 'ok' } },
  { name: 'two BOMs', doc: BOM + BOM + guest, oracle: { '7.0.0': "Start tag expected, '<' not found" } },
  { name: 'three BOMs', doc: BOM.repeat(3) + guest, oracle: { '7.0.0': "Start tag expected, '<' not found" } },
  { name: 'two BOMs, then a declaration', doc: BOM + BOM + declared('UTF-8'), oracle: { '7.0.0': "Start tag expected, '<' not found" } },
  { name: 'a space, then a BOM', doc: ` ${BOM}${guest}`, oracle: { '7.0.0': "Start tag expected, '<' not found" } },
  { name: 'a BOM after the declaration', doc: `<?xml version="1.0" encoding="UTF-8"?>\n${BOM}${guest}`, oracle: { '7.0.0': "Start tag expected, '<' not found" } },
  { name: 'a BOM, then bogus-42', doc: BOM + declared('bogus-42'), oracle: { '7.0.0': 'Unsupported encoding bogus-42', '12.8.0': 'ok', '12.9.0': 'Unsupported encoding bogus-42' } },
  { name: 'a BOM, then UTF-16', doc: BOM + declared('UTF-16'), oracle: { '7.0.0': 'ok' } },
  { name: 'entity chain 14 deep in content', doc: inContent(14), oracle: { '7.0.0': 'ok' } },
  { name: 'entity chain 15 deep in content', doc: inContent(15), oracle: { '7.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'entity chain 19 deep in content', doc: inContent(19), oracle: { '7.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'entity chain 20 deep in content', doc: inContent(20), oracle: { '7.0.0': LOOP, '12.8.0': NESTING, '12.9.0': LOOP } },
  { name: 'entity chain 39 deep in content', doc: inContent(39), oracle: { '7.0.0': LOOP, '12.8.0': NESTING, '12.9.0': LOOP } },
  { name: 'entity chain 1025 deep in content', doc: inContent(1025), oracle: { '7.0.0': LOOP, '12.8.0': NESTING, '12.9.0': LOOP } },
  { name: 'entity chain 8 deep in an attribute', doc: inAttribute(8), oracle: { '7.0.0': 'ok' } },
  { name: 'entity chain 9 deep in an attribute', doc: inAttribute(9), oracle: { '7.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'entity chain 19 deep in an attribute', doc: inAttribute(19), oracle: { '7.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'entity chain 20 deep in an attribute', doc: inAttribute(20), oracle: { '7.0.0': LOOP, '12.8.0': NESTING, '12.9.0': LOOP } },
  // amplification: libxml2 2.9 counts references met when an entity is first parsed, 2.15 the bytes every reference adds
  { name: 'laughs 2 x 6 in text', doc: laughs(guest, 2, 6, 1, 1, 'text'), oracle: { '9.0.0': 'ok' } },
  { name: 'laughs 2 x 7 in text', doc: laughs(guest, 2, 7, 1, 1, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 2 x 7 in text, 10,000 characters further on', doc: amplified(guest, laughsDecls(2, 7, 1), { text: '&a2;' }, 10000), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 2 x 32 (1,024 characters) in text', doc: laughs(guest, 2, 32, 1, 1, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 3 x 2 in text', doc: laughs(guest, 3, 2, 1, 1, 'text'), oracle: { '9.0.0': 'ok' } },
  { name: 'laughs 3 x 3 in text', doc: laughs(guest, 3, 3, 1, 1, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 4 x 10 of "lol" in text', doc: laughs(guest, 4, 10, 3, 1, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 5 x 10 of "lol" in text', doc: laughs(guest, 5, 10, 3, 1, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': AMPLIFIED, '12.9.0': LOOP } },
  { name: 'laughs 4 x 10 of "lol" in text, 3 times', doc: laughs(guest, 4, 10, 3, 3, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 4 x 10 of "lol" in text, 4 times', doc: laughs(guest, 4, 10, 3, 4, 'text'), oracle: { '9.0.0': LOOP, '12.8.0': AMPLIFIED, '12.9.0': LOOP } },
  { name: '1,000 characters in text 980 times', doc: laughs(guest, 0, 1, 1000, 980, 'text'), oracle: { '9.0.0': 'ok' } },
  { name: '1,000 characters in text 981 times', doc: laughs(guest, 0, 1, 1000, 981, 'text'), oracle: { '9.0.0': 'ok', '12.8.0': AMPLIFIED, '12.9.0': 'ok' } },
  { name: '1,000 characters in text 10,000 times', doc: laughs(guest, 0, 1, 1000, 10000, 'text'), oracle: { '9.0.0': 'ok', '12.8.0': AMPLIFIED, '12.9.0': 'ok' } },
  { name: '1,000 bytes of é in text 981 times', doc: amplified(guest, `<!ENTITY a0 "${'é'.repeat(500)}">`, { text: '&a0;'.repeat(981) }), oracle: { '9.0.0': 'ok', '12.8.0': AMPLIFIED, '12.9.0': 'ok' } },
  { name: '1,000 characters in an attribute 981 times', doc: laughs(guest, 0, 1, 1000, 981, 'attr'), oracle: { '9.0.0': 'ok', '12.8.0': AMPLIFIED, '12.9.0': 'ok' } },
  { name: 'laughs 1 x 32 of 100 in an attribute', doc: laughs(guest, 1, 32, 100, 1, 'attr'), oracle: { '9.0.0': LOOP, '12.8.0': 'ok', '12.9.0': LOOP } },
  { name: 'laughs 2 x 10 in an attribute', doc: laughs(guest, 2, 10, 1, 1, 'attr'), oracle: { '9.0.0': 'ok' } },
  { name: 'laughs 2 x 10 in text, then in an attribute', doc: amplified(guest, laughsDecls(2, 10, 1), { text: '&a1;', late: '&a2;' }), oracle: { '9.0.0': 'ok' } },
  { name: 'markup one entity down, in an attribute', doc: amplified(guest, MARKUP, { attr: '&n;' }), oracle: { '9.0.0': LT_IN_M } },
  { name: 'markup one entity down, in text, then in an attribute', doc: amplified(guest, MARKUP, { text: '&n;', late: '&n;' }), oracle: { '9.0.0': 'ok', '12.8.0': LT_IN_M, '12.9.0': 'ok' } },
  { name: "markup in an attribute's entity", doc: amplified(guest, MARKUP, { attr: '&m;' }), oracle: { '9.0.0': LT_IN_M } },
  { name: 'two entities naming each other, in text', doc: amplified(guest, LOOPING, { text: '&e;' }), oracle: { '9.0.0': LOOP } },
  { name: 'two entities naming each other, in an attribute', doc: amplified(guest, LOOPING, { attr: '&e;' }), oracle: { '9.0.0': LOOP } },
  { name: 'an entity naming itself, in an attribute', doc: amplified(guest, '<!ENTITY e "x&e;">', { attr: '&e;' }), oracle: { '9.0.0': LOOP } },
];

// the releases whose libxml2 was measured (7.0.0's bullseye libxml2 is not described here)
for (const version of ['9.0.0', '11.3.0', '12.8.0', '12.9.0']) {
  test(`libvirt ${version}: encodings, BOMs and entity nesting get libvirt's verdict`, (t) => {
    const opts = { profile: resolveProfile(version), skipVolatile: false };
    for (const c of CASES) {
      const want = atRelease(c.oracle, version);
      const r = checkXmlPair(c.name, 'src.xml', 'dst.xml', guest, c.doc, opts);
      if (want === 'ok') t.is(r.status, 'compatible', `${c.name}: ${r.error?.message ?? ''}`);
      else {
        t.is(r.status, 'error', c.name);
        t.true(r.error?.message.startsWith('XML error: ') && r.error.message.endsWith(want), `${c.name}: want '${want}', got '${r.error?.message}'`);
      }
    }
  });
}
