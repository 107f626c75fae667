/**
 * A worker reuses the definition parsed from a file for every pair that file is in, so the checks
 * must leave both definitions exactly as parsed: each conformance pair is checked and both
 * definitions compared, serialized, before and after.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { resolveProfile } from '../../src/model/profile.js';
import { parseDomain } from '../../src/parse/domain.js';
import { checkAbiStability } from '../../src/rules/check.js';

const SHARED = join(process.cwd(), '..', 'shared');

for (const [set, profileName] of [['conformance', '9.0.0'], ['conformance-12.8', '12.8.0']] as const) {
  const dir = join(SHARED, set);
  test(`${set} (${profileName}): checks leave both parsed definitions unchanged`, (t) => {
    if (!existsSync(dir)) return t.fail(`${dir} is missing`);
    const profile = resolveProfile(profileName);
    let checked = 0;
    const changed: string[] = [];
    for (const file of readdirSync(join(dir, 'src'))) {
      let s, d;
      try {
        s = parseDomain(readFileSync(join(dir, 'src', file), 'utf8'), profile, { side: 'src' });
        d = parseDomain(readFileSync(join(dir, 'dst', file), 'utf8'), profile, { side: 'dst' });
      } catch {
        continue; // an input error: nothing is checked
      }
      const before = [serialize(s), serialize(d)];
      for (const driver of ['generic', 'qemu'] as const) {
        try {
          checkAbiStability(s, d, { profile, skipVolatile: false, driver });
        } catch {
          // a check may refuse the pair; it still must not have changed anything
        }
      }
      checked++;
      if (!serialize(s).equals(before[0]) || !serialize(d).equals(before[1])) changed.push(file);
    }
    t.true(checked > 1000, `only ${checked} pairs parsed`);
    t.deepEqual(changed, []);
  });
}
