import test from 'ava';
import { lineOfPath } from '../../src/parse/locate.js';

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
