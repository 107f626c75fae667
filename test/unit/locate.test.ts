import test from 'ava';
import { lineOfPath, linesOfPaths } from '../../src/parse/locate.js';

const xml = `<domain type='kvm'>
  <!-- <devices><disk/></devices> in a comment does not count -->
  <name>g</name>
  <devices>
    <disk type='file'>
      <target dev='vda'/>
    </disk>
    <interface type='user'/>
    <disk type='file'>
      <source file='/a'/>
      <target dev='vdb'
              bus='virtio'/>
    </disk>
  </devices>
</domain>`;

test('an element path resolves to its start tag line, by position among same-named siblings', (t) => {
  t.is(lineOfPath(xml, '/domain/name'), 3);
  t.is(lineOfPath(xml, '/domain/devices/disk[1]/target/@dev'), 6);
  t.is(lineOfPath(xml, '/domain/devices/disk[2]'), 9);
  t.is(lineOfPath(xml, '/domain/devices/disk[2]/target/@bus'), 11);
  t.is(lineOfPath(xml, '/domain/devices/interface[1]'), 8);
});

test('a path the document lacks resolves to its nearest existing ancestor', (t) => {
  t.is(lineOfPath(xml, '/domain/devices/disk[2]/driver/@queues'), 9);
  t.is(lineOfPath(xml, '/domain/devices/disk[3]'), 4);
  t.is(lineOfPath(xml, '/domain/cpu/topology'), 1);
});

test('one scan locates several paths, present and absent, in the order given', (t) => {
  t.deepEqual(linesOfPaths(xml, ['/domain/devices/disk[2]/target/@bus', '/domain/cpu', '/domain/devices/disk[1]', '/domain/name', '/domain/devices/disk[2]']), [11, 1, 5, 3, 9]);
  t.deepEqual(linesOfPaths(xml, []), []);
});

test('element names are not looked up on an object prototype', (t) => {
  const doc = `<domain>\n  <constructor/>\n  <devices>\n    <__proto__/>\n  </devices>\n</domain>`;
  t.deepEqual(linesOfPaths(doc, ['/domain/constructor', '/domain/devices/__proto__', '/domain/devices/toString']), [2, 4, 3]);
});

test('quoted attribute values may hold > and comments and CDATA may hold tags', (t) => {
  const doc = `<domain>\n  <a x='>' y=">"/>\n  <![CDATA[<b>]]>\n  <!-- <b> -->\n  <b/>\n</domain>`;
  t.deepEqual(linesOfPaths(doc, ['/domain/b', '/domain/a[1]']), [5, 2]);
});
