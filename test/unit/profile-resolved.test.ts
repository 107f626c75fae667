/**
 * The parser and rules need a resolved profile (its version number): a profile passed by name
 * had none, every version test came out false, and an incompatible pair came out compatible.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import type { Profile } from '../../src/model/profile.js';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

const read = (side: string) => readFileSync(`corpora/example/${side}/q35/memory-grown.xml`, 'utf8');

test('a resolved profile finds the mismatch', (t) => {
  const r = checkXmlPair('p', 'a', 'b', read('src'), read('dst'), { profile: resolveProfile('upstream'), skipVolatile: false });
  t.is(r.status, 'incompatible');
});

test('a profile given by name is an error of the pair, never a verdict', (t) => {
  const r = checkXmlPair('p', 'a', 'b', read('src'), read('dst'), { profile: { name: 'upstream' } as unknown as Profile, skipVolatile: false });
  t.is(r.status, 'error');
  t.regex(r.error!.message, /profile must be resolved/);
});
