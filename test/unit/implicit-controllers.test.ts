/**
 * addControllersUpTo is libvirt's loop of virDomainDefMaybeAddController over 0..max made
 * linear (fuzzing found a drive address controller='100000' taking minutes): on random
 * controller lists it must give exactly what the loop gives.
 */
import test from 'ava';
import { Rng } from '../../src/fleet/rng.js';
import { resolveProfile } from '../../src/model/profile.js';
import { parseContext } from '../../src/parse/context.js';
import { addControllersUpTo, MAX_IMPLICIT_CONTROLLERS, maybeAddController, newController } from '../../src/parse/controller.js';

test('adding the controllers up to an index gives what libvirt\'s loop gives', (t) => {
  const rng = new Rng(7);
  for (const version of ['9.0.0', '12.8.0']) {
    const ctx = parseContext(resolveProfile(version));
    for (let round = 0; round < 500; round++) {
      const list = Array.from({ length: rng.int(0, 8) }, () => {
        const c = newController(rng.int(0, 3), rng.int(-1, 12), rng.int(-1, 2), rng.chance(0.5));
        c.master = rng.chance(0.2);
        return c;
      });
      const type = rng.int(0, 3), max = rng.int(-1, 15), model = rng.int(-1, 2);
      const loop = structuredClone(list);
      for (let i = 0; i <= max; i++) maybeAddController(loop, type, i, model, ctx);
      const fast = structuredClone(list);
      addControllersUpTo(fast, type, max, model, ctx);
      t.deepEqual(fast, loop, `${version} round ${round}`);
    }
  }
  const many = [newController(1, 0, -1, false)];
  const started = performance.now();
  addControllersUpTo(many, 1, MAX_IMPLICIT_CONTROLLERS - 1, -1, parseContext(resolveProfile('12.8.0')));
  t.is(many.length, MAX_IMPLICIT_CONTROLLERS);
  t.true(performance.now() - started < 5000, 'linear, where libvirt takes most of a minute');
});

test('an index that would make libvirt add millions of controllers is an error, not a dead worker', (t) => {
  // fuzzing found controller='16777216': gigabytes for libvirt, a heap-exhausted worker for abi-diff
  t.throws(() => addControllersUpTo([], 1, 16_777_216, -1, parseContext(resolveProfile('9.0.0'))), {
    message: 'abi-diff does not check this definition: a device address naming controller 16777216 would make libvirt add 16777217 implicit controllers (abi-diff stops at 262144)',
  });
});
