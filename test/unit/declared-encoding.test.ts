/**
 * Files that declare an encoding, decoded as each profile's libxml2 decodes them (labels in
 * test/helpers/declared-encodings.ts, from libvirt itself), and the generated tables of
 * src/parse/xml-charsets.ts against the names they must cover.
 */
import test from 'ava';
import { resolveProfile, type Profile } from '../../src/model/profile.js';
import { ASCII_OR_NOTHING, INVALID_BYTE, SINGLE_BYTE } from '../../src/parse/xml-charsets.js';
import { KNOWN } from '../../src/parse/xml-encodings.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPairFiles, checkXmlPair } from '../../src/worker/check-pair.js';
import { decodeInput, isProblem } from '../../src/worker/read-input.js';
import { ENCODING_CASES, withSerial } from '../helpers/declared-encodings.js';
import { atRelease, releasesToCheck } from '../helpers/releases.js';
import { tempDir } from '../helpers/temp.js';

/** The pair's verdict as abi-diff gives it: 'compatible', or the mismatch or error message. */
function verdict(src: Buffer, dst: Buffer, profile: Profile): string {
  const [s, d] = [decodeInput('src.xml', src, profile), decodeInput('dst.xml', dst, profile)];
  if (isProblem(s)) return s.message;
  if (isProblem(d)) return d.message;
  const r = checkXmlPair('x', 'src.xml', 'dst.xml', s, d, { profile, skipVolatile: false });
  return r.status === 'compatible' ? 'compatible' : r.error?.message ?? r.mismatches.map((m) => m.message).join('; ');
}

for (const c of ENCODING_CASES) {
  for (const version of releasesToCheck(c.want)) {
    test(`libvirt ${version}: ${c.name}`, (t) => {
      const want = atRelease(c.want, version);
      const got = verdict(c.src, c.dst, resolveProfile(version));
      const expected = want.abiDiff ?? want.libvirt;
      t.true(expected === 'compatible' ? got === 'compatible' : got.includes(expected), `want '${expected}', got '${got}'`);
    });
  }
}

test('an invalid byte is reported where it is, naming the file and the encoding', (t) => {
  const r = decodeInput('dst.xml', withSerial(Buffer.from([0xe9]), 'US-ASCII'), resolveProfile('12.8.0'));
  t.deepEqual(r, { message: 'dst.xml: XML error: malformed XML at line 37, column 15: Invalid bytes in character encoding (0xE9 is no US-ASCII character)', line: 37 });
});

test('without a profile (or for a UTF-8 declaration) the bytes are read as UTF-8', (t) => {
  const latin1 = withSerial(Buffer.from([0xe9]), 'ISO-8859-1');
  t.regex((decodeInput('f.xml', latin1) as { message: string }).message, /^f\.xml: not UTF-8 at line 37, column 15 \(bytes 0xE9 /);
  t.is(decodeInput('f.xml', withSerial('é', 'utf8'), resolveProfile('12.8.0')), withSerial('é', 'utf8').toString('utf8'));
});

test('the generated tables cover every encoding name libxml2 knows, each once', (t) => {
  const names = (list: string) => list.split(/\s+/).filter(Boolean);
  const covered = [...SINGLE_BYTE.flatMap(([, n]) => names(n)), ...Object.values(ASCII_OR_NOTHING).flatMap(names)];
  t.deepEqual(covered.slice().sort(), names(KNOWN).filter((n) => n !== 'HTML').sort());
  for (const [table] of SINGLE_BYTE) t.is(table.length, 256);
  // ISO-8859-1 reads every byte as the code point of its number
  const latin1 = SINGLE_BYTE.find(([, n]) => names(n).includes('ISO-8859-1'))![0];
  t.is(latin1, String.fromCharCode(...Array.from({ length: 256 }, (_, b) => b)));
  t.false(latin1.includes(INVALID_BYTE));
});

test('a run decodes files under its profile: the pair read from disk gets each release\'s verdict', async (t) => {
  const dir = await tempDir('abi-diff-enc-');
  const c = ENCODING_CASES.find((e) => e.name === 'UTF-8 é declared ISO-8859-1 (two latin-1 characters for 12.8.0)')!;
  const task = { id: 'x.xml', src: join(dir, 'src.xml'), dst: join(dir, 'dst.xml') };
  writeFileSync(task.src, c.src);
  writeFileSync(task.dst, c.dst);
  for (const version of releasesToCheck(c.want)) {
    const r = checkPairFiles(task, { profile: resolveProfile(version), skipVolatile: false }).result!;
    const want = atRelease(c.want, version);
    const got = r.status === 'compatible' ? 'compatible' : r.error?.message ?? r.mismatches.map((m) => m.message).join('; ');
    t.true((want.abiDiff ?? want.libvirt) === 'compatible' ? got === 'compatible' : got.includes(want.abiDiff ?? want.libvirt), `${version}: got '${got}'`);
  }
});
