/**
 * The QEMU mode parses each text once where it can (src/worker/check-pair.ts, src/qemu/index.ts):
 * a pair whose two sides are the same text reuses the source's parse for the destination unless
 * the source's parse depended on being the source (ABI_UPDATE, random draws), and the migratable
 * copy of a side whose definition is not needed is made in place. Every verdict below is the
 * QEMU oracle's on the fixture paired with itself (`run-qemu-oracle.sh X X`, `--mode save`).
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { resolveProfile } from '../../src/model/profile.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition } from '../../src/qemu/index.js';
import { deepCopy } from '../../src/qemu/migratable.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

const profile = resolveProfile('12.8.0');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'same-text');
const SET = join(process.cwd(), '..', 'shared', 'conformance-qemu');
const read = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');

// the oracle's first message, the same for migrate and save-image-define; sideFree: the parse did not depend on the side
const CASES: { file: string; message: string | null; sideFree: boolean }[] = [
  { file: 'plain.xml', message: null, sideFree: true },
  // define gives a USB cdrom usb-bot, the destination usb-storage
  { file: 'usb-cdrom.xml', message: 'unsupported configuration: Target disk model usb-storage does not match source usb-bot', sideFree: false },
  // define replaces <memory> by the NUMA cells' total
  { file: 'numa-memory.xml', message: 'unsupported configuration: Target domain max memory 4194304 does not match source 2097152', sideFree: false },
  // define gives the tablet a USB port, the destination leaves it without one
  { file: 'usb-tablet-no-port.xml', message: 'unsupported configuration: Target device address type none does not match source usb', sideFree: false },
  // each side draws its own UUID (the oracle's message carries two random ones)
  { file: 'no-uuid.xml', message: 'unsupported configuration: Target domain uuid ', sideFree: false },
];

for (const c of CASES) {
  for (const operation of ['migrate', 'save-image-define'] as const) {
    test(`${c.file} against itself, ${operation}: the oracle's verdict`, (t) => {
      const xml = read(c.file);
      const r = checkXmlPair(c.file, 'src', 'dst', xml, xml, { profile, skipVolatile: operation === 'migrate', driver: 'qemu', operation });
      t.is(r.driver, 'qemu');
      if (c.message === null) {
        t.is(r.status, 'compatible', r.mismatches[0]?.message ?? r.error?.message);
      } else {
        t.is(r.status, 'incompatible', r.error?.message);
        t.true(r.mismatches[0]?.message.startsWith(c.message), r.mismatches[0]?.message);
      }
    });
  }
  test(`${c.file}: the source's parse ${c.sideFree ? 'serves' : 'does not serve'} as the destination's`, (t) => {
    const parsed = parseQemuDefinition(read(c.file), profile, { side: 'src' }, BUILT_IN_BINARIES, true);
    t.true('migratable' in parsed);
    if ('migratable' in parsed) t.is(parsed.sideFree, c.sideFree);
  });
}

test('the migratable copy made in place is the one made from a copy, and the definition kept is untouched', (t) => {
  const files = [...CASES.map((c) => join(FIXTURES, c.file)), ...readdirSync(join(SET, 'src')).filter((f) => f.startsWith('q2x--')).slice(0, 60).map((f) => join(SET, 'src', f))];
  let compared = 0;
  for (const file of files) {
    const xml = readFileSync(file, 'utf8');
    for (const abiUpdate of [true, false]) {
      const opts = { side: abiUpdate ? 'src' : 'dst' } as const;
      let kept, inPlace;
      try {
        kept = parseQemuDefinition(xml, profile, opts, BUILT_IN_BINARIES, abiUpdate, true, true);
        inPlace = parseQemuDefinition(xml, profile, opts, BUILT_IN_BINARIES, abiUpdate, true, false);
      } catch {
        continue; // rejected: no copy to compare
      }
      if (!('migratable' in kept) || !('migratable' in inPlace)) continue;
      t.is(inPlace.def, undefined);
      // as the ABI rules see them: the generic parser's own symbol-keyed data, which a copy leaves out, aside
      t.true(isDeepStrictEqual(structuredClone(kept.migratable), structuredClone(inPlace.migratable)), file);
      // the definition kept is the one before the copy's changes (the random draws aside, equal per side)
      const again = parseQemuDefinition(xml, profile, opts, BUILT_IN_BINARIES, abiUpdate, true, true);
      if ('migratable' in again) t.true(isDeepStrictEqual(kept.def, again.def), file);
      compared++;
    }
  }
  t.true(compared > 50, `${compared} definitions compared`);
});

test('deepCopy copies as structuredClone does, shared objects staying shared', (t) => {
  const parsed = parseQemuDefinition(read('usb-tablet-no-port.xml'), profile, { side: 'src' }, BUILT_IN_BINARIES, true);
  if (!('migratable' in parsed)) return t.fail('not modelled');
  const dom = parsed.def;
  dom.numa.cells.push({ ...structuredClone(dom.numa.cells[0] ?? {}), distances: new Map([[0, 10]]) } as never);
  const info = dom.devices.inputs[0].info;
  dom.devices.controllers[0].info = info;
  const copy = deepCopy(dom);
  t.deepEqual(copy, structuredClone(dom));
  t.not(copy.devices.inputs[0].info, info);
  t.is(copy.devices.controllers[0].info, copy.devices.inputs[0].info);
});

test("a rejected source says whose rules rejected it: the QEMU driver's once it took the guest, else the generic parser's", (t) => {
  const qemuCase = 'gen--cachetune-extra-tunes--00';
  const src = readFileSync(join(SET, 'src', `${qemuCase}.xml`), 'utf8');
  const byQemu = checkXmlPair(qemuCase, 'src', 'dst', src, src, { profile, skipVolatile: true, driver: 'qemu' });
  t.is(byQemu.error?.message, 'unsupported configuration: cachetune is only supported for KVM domains');
  t.is(byQemu.driver, 'qemu');
  const malformed = read('plain.xml').replace('</domain>', '');
  const byGeneric = checkXmlPair('malformed', 'src', 'dst', malformed, malformed, { profile, skipVolatile: true, driver: 'qemu' });
  t.is(byGeneric.status, 'error');
  t.is(byGeneric.driver, 'generic');
});
