/**
 * Counts a definition declares that the QEMU driver's address assignment turns into arrays
 * (virtio-serial controller ports, PCI buses): a huge one is the pair's error, never an
 * array V8 cannot hold, which would end the process (found by the fuzzer: a virtio-serial
 * controller with ports='2147483647' took the run down).
 */
import test from 'ava';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

const guest = (devices: string) => `<domain type='kvm'>
  <name>g</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='KiB'>1048576</memory><vcpu>2</vcpu>
  <os><type arch='x86_64' machine='pc-q35-11.1'>hvm</type></os>
  <devices>${devices}</devices>
</domain>`;

const CASES = [
  { name: 'virtio-serial ports', devices: "<controller type='virtio-serial' index='0' ports='2147483647'/><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>" },
  { name: 'a PCI controller index', devices: "<controller type='pci' index='0' model='pcie-root'/><controller type='pci' index='2147483647' model='pcie-root-port'/>" },
];

for (const c of CASES) {
  test(`--driver qemu: a huge ${c.name} is the pair's error`, (t) => {
    const xml = guest(c.devices);
    const r = checkXmlPair('p', 'src.xml', 'dst.xml', xml, xml, { profile: resolveProfile('12.8.0'), skipVolatile: true, driver: 'qemu' });
    t.is(r.status, 'error');
    t.regex(r.error?.message ?? '', /^abi-diff does not check this definition: .* \(abi-diff stops at 262144\)$/, JSON.stringify(r));
  });
}
