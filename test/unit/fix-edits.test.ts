/** abi-diff fix's textual edits: one value changes, every other byte of the destination stays. */
import test from 'ava';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignLists } from '../../src/fix/align.js';
import { unifiedDiff } from '../../src/fix/diff.js';
import { applyEdits, attributeEdit, insertElement, removeElement, replaceElement } from '../../src/fix/edits.js';
import { elementAt, scanSpans, stepsOf, type ElementSpan } from '../../src/fix/spans.js';
import { outName } from '../../src/fix/run-fix.js';
import { tempDir } from '../helpers/temp.js';

const SRC = `<domain type='kvm'>
  <name>guest</name>
  <devices>
    <disk type='file' device='disk'>
      <source file='/src/a.img'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <input type='tablet' bus='usb'/>
    <input type='mouse' bus='ps2'/>
  </devices>
</domain>
`;

// host-side spellings of the same guest: double quotes, a comment, another attribute order,
// another disk image, tabs
const DST = `<domain type="kvm">
  <!-- moved to host B -->
  <name>guest</name>
  <devices>
\t<disk device="disk" type="file">
\t  <source file="/dst/a.img" />
\t  <target bus="sata"   dev="vda" />
\t</disk>
\t<input type="tablet" bus="usb" />
  </devices>
</domain>
`;

const at = (xml: string, path: string): ElementSpan => {
  const el = elementAt(xml, scanSpans(xml)!, stepsOf(path)!);
  if (!el) throw new Error(`no ${path}`);
  return el;
};

test('an attribute takes the source value in place: quotes, order, spacing and comments stay', (t) => {
  const edit = attributeEdit(SRC, at(SRC, '/domain/devices/disk/target'), DST, at(DST, '/domain/devices/disk/target'), 'bus')!;
  t.is(applyEdits(DST, [edit]), DST.replace('bus="sata"', 'bus="virtio"'));
});

test('an attribute the destination lacks is added after its last one, one it has alone is removed', (t) => {
  const src = "<domain><os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
  const dst = '<domain><os><type arch="x86_64"  >hvm</type></os></domain>';
  const added = applyEdits(dst, [attributeEdit(src, at(src, '/domain/os/type'), dst, at(dst, '/domain/os/type'), 'machine')!]);
  t.is(added, `<domain><os><type arch="x86_64" machine='pc'  >hvm</type></os></domain>`);
  const removed = applyEdits(added, [attributeEdit(dst, at(dst, '/domain/os/type'), added, at(added, '/domain/os/type'), 'machine')!]);
  t.is(removed, dst);
});

test("a value holding the destination's quote keeps the source's quoting", (t) => {
  const src = `<domain><name a='say "hi"'/></domain>`;
  const dst = '<domain><name a="x"/></domain>';
  t.is(applyEdits(dst, [attributeEdit(src, at(src, '/domain/name'), dst, at(dst, '/domain/name'), 'a')!]), `<domain><name a='say "hi"'/></domain>`);
});

test('an element replaced, removed or added keeps the lines around it and the destination indentation', (t) => {
  const replaced = applyEdits(DST, [replaceElement(SRC, at(SRC, '/domain/devices/disk'), DST, at(DST, '/domain/devices/disk'))]);
  t.true(replaced.includes("\t<disk type='file' device='disk'>\n\t  <source file='/src/a.img'/>\n\t  <target dev='vda' bus='virtio'/>\n\t</disk>"), replaced);
  t.true(replaced.startsWith('<domain type="kvm">\n  <!-- moved to host B -->'));
  const dstInputs = at(DST, '/domain/devices');
  const added = applyEdits(DST, [insertElement(SRC, at(SRC, '/domain/devices/input[2]'), DST, dstInputs, { after: at(DST, '/domain/devices/input') })!]);
  t.is(added, DST.replace('\t<input type="tablet" bus="usb" />\n', `\t<input type="tablet" bus="usb" />\n\t<input type='mouse' bus='ps2'/>\n`));
  t.is(applyEdits(added, [removeElement(added, at(added, '/domain/devices/input[2]'))]), DST);
});

test('paths with positions and attribute predicates find their element; a missing one is undefined', (t) => {
  const xml = "<domain><vcpus><vcpu id='0'/><vcpu id='1' enabled='no'/></vcpus><!-- <vcpus/> --></domain>";
  t.is(at(xml, "/domain/vcpus/vcpu[@id='1']").start, xml.indexOf("<vcpu id='1'"));
  t.is(at(xml, '/domain/vcpus/vcpu[2]').start, xml.indexOf("<vcpu id='1'"));
  t.is(elementAt(xml, scanSpans(xml)!, stepsOf('/domain/vcpus/vcpu[3]')!), undefined);
});

test('list alignment removes the extra item and keeps the one a host edited in place', (t) => {
  const src = ["<disk><source file='/a'/><target dev='vda'/></disk>", "<disk><source file='/b'/><target dev='vdb'/></disk>"];
  // dst: a new disk in the middle, and vdb's image moved
  const dst = [src[0], "<disk><source file='/new'/><target dev='vdx' bus='sata'/></disk>", "<disk><source file='/moved/b'/><target dev='vdb'/></disk>"];
  t.deepEqual(alignLists(src, dst), { removed: [1], added: [] });
  t.deepEqual(alignLists(['a', 'b', 'c'], ['a', 'c']), { removed: [], added: [{ src: 1, after: 0 }] });
  t.deepEqual(alignLists(src, [src[1]]), { removed: [], added: [{ src: 0, after: -1 }] });
});

test('the diff is the one diff -u prints, and patch applies it', async (t) => {
  const fixed = DST.replace('bus="sata"', 'bus="virtio"');
  const patch = unifiedDiff(DST, fixed, 'old.xml', 'new.xml');
  const dir = await tempDir('abi-diff-fix-diff-');
  writeFileSync(join(dir, 'd.xml'), DST);
  writeFileSync(join(dir, 'f.xml'), fixed);
  writeFileSync(join(dir, 'p.diff'), patch);
  // diff -u's own hunks (its header lines carry timestamps)
  const hunks = (d: string) => d.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++')).join('\n');
  t.is(hunks(patch), hunks(spawnSync('diff', ['-u', join(dir, 'd.xml'), join(dir, 'f.xml')], { encoding: 'utf8' }).stdout));
  t.true(patch.startsWith('--- old.xml\n+++ new.xml\n@@ -4,7 +4,7 @@\n'));
  execFileSync('patch', ['-s', join(dir, 'd.xml'), join(dir, 'p.diff')]);
  t.is(readFileSync(join(dir, 'd.xml'), 'utf8'), fixed);
  t.is(unifiedDiff(DST, DST, 'a', 'b'), '');
  t.is(unifiedDiff('a\nb', 'a\nc', 'x', 'y'), '--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
});

test("a pair id (a manifest's, say) never names a file outside OUT", (t) => {
  t.is(outName('host-a/guest.xml'), 'host-a/guest.xml');
  t.is(outName('../../etc/passwd'), '_/_/etc/passwd');
  t.is(outName('/abs//x.xml'), 'abs/x.xml');
  t.is(outName('..'), '_');
  t.is(outName(''), '_');
});
