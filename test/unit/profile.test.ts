import test from 'ava';
import { resolveProfile } from '../../src/model/profile.js';
import { atRelease, previousRelease, releasesToCheck } from '../helpers/releases.js';

test('every libvirt release from 7.0.0 to 12.9.0 is a profile, maintenance releases included', (t) => {
  for (const v of ['7.0.0', '7.10.0', '8.0.0', '10.0.0', '11.3.0', '12.8.0', '12.9.0', '9.0.1', '12.9.2']) t.is(resolveProfile(v).version, v);
  t.is(resolveProfile('upstream').version, '12.9.0');
  t.is(resolveProfile('10.00.0').version, '10.0.0');
  t.is(resolveProfile('10.1.0').number, 10_001_000);
});

test('a version outside the range, or no release of libvirt\'s numbering, is refused naming the range', (t) => {
  for (const v of ['6.10.0', '12.10.0', '13.0.0', '7.11.0', '10.0', '10', 'v10.0.0', '10.0.0.1', '', 'latest']) {
    t.throws(() => resolveProfile(v), { message: `unknown profile '${v}' (a libvirt release X.Y.Z from 7.0.0 to 12.9.0, or upstream)` }, v);
  }
});

test('release tables: the range a release falls in, and the releases on both sides of each boundary', (t) => {
  const table = { '7.0.0': 'a', '9.1.0': 'b', '12.0.0': 'c' };
  t.is(atRelease(table, '9.0.9'), 'a');
  t.is(atRelease(table, '9.1.0'), 'b');
  t.is(atRelease(table, '11.10.0'), 'b');
  t.is(atRelease(table, '12.9.0'), 'c');
  t.throws(() => atRelease({ '9.0.0': 'a' }, '8.0.0'), { message: /no expectation for libvirt 8\.0\.0/ });
  t.is(previousRelease('12.0.0'), '11.10.0');
  t.is(previousRelease('9.1.0'), '9.0.0');
  t.deepEqual(releasesToCheck(table), ['7.0.0', '9.0.0', '9.1.0', '11.3.0', '11.10.0', '12.0.0', '12.8.0', '12.9.0']);
  t.deepEqual(releasesToCheck({ '9.0.0': null }), ['9.0.0', '11.3.0', '12.8.0', '12.9.0']);
});
