/**
 * A result is the same object in-process as after its JSON trip from a worker: no key holds
 * undefined (the fuzzer's "pool differs" finding: an element spelled through an entity has no
 * line in dst, and `line: undefined` vanished on the way from the pool).
 */
import test from 'ava';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';
import { domainXml } from '../helpers/rule-table.js';

test('a mismatch whose dst line cannot be located carries no line key', (t) => {
  const src = domainXml({ name: 'guest' });
  // markup inside an entity of the internal subset throws the line locator off
  const dst = `<!DOCTYPE domain [<!ENTITY e0 "<i>\n\n</i>">]>\n${domainXml({ name: 'guesx' })}`;
  const r = checkXmlPair('p', 'src.xml', 'dst.xml', src, dst, { profile: resolveProfile('12.8.0'), skipVolatile: false });
  t.is(r.mismatches[0]?.message, "unsupported configuration: Target domain name 'guesx' does not match source 'guest'");
  t.deepEqual(r, JSON.parse(JSON.stringify(r)));
});
