/**
 * virDomainDeviceInfoCheckABIStability and virDomainVirtioOptionsCheckABIStability: the address,
 * ACPI index and virtio `<driver>` options that most device rules end with.
 */
import type { Address, HasInfo, HasVirtio, VirtioOptions } from '../model/device.js';
import { ACPI_INDEX_SINCE, PAGE_PER_VQ_SINCE } from '../parse/device-info.js';
import { switchName } from '../parse/values.js';
import { differ, HISTORY, rule, type Step, sub } from './framework.js';

const INFO_FN = 'virDomainDeviceInfoCheckABIStability';
const VIRTIO_FN = 'virDomainVirtioOptionsCheckABIStability';

function same<A extends Address>(src: Address, dst: Address, type: A['type']): [A, A] | undefined {
  return src.type === type && dst.type === type ? [src as A, dst as A] : undefined;
}

type Pci = Extract<Address, { type: 'pci' }>;
type Drive = Extract<Address, { type: 'drive' }>;
type VirtioSerial = Extract<Address, { type: 'virtio-serial' }>;
type Ccid = Extract<Address, { type: 'ccid' }>;
type Isa = Extract<Address, { type: 'isa' }>;
type Dimm = Extract<Address, { type: 'dimm' }>;
type Ccw = Extract<Address, { type: 'ccw' }>;

export const addressTypeRule = rule<Address>({
  id: 'deviceinfo/address-type', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address/@type',
  format: 'Target device address type %1$s does not match source %2$s',
  check: (s, d) => differ(s.type, d.type),
});

export const pciAddressRule = rule<Address>({
  id: 'deviceinfo/pci-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address',
  messages: [
    // 9.0.0's VIR_PCI_DEVICE_ADDRESS_FMT concatenation left out the space before "does"
    { since: '9.0.0', format: 'Target device PCI address %04x:%02x:%02x.%ddoes not match source %04x:%02x:%02x.%d' },
    { since: '9.3.0', format: 'Target device PCI address %1$04x:%2$02x:%3$02x.%4$d does not match source %5$04x:%6$02x:%7$02x.%8$d' },
  ],
  check: (s, d) => {
    const p = same<Pci>(s, d, 'pci');
    if (!p) return undefined;
    const [a, b] = p;
    if (a.domain === b.domain && a.bus === b.bus && a.slot === b.slot && a.function === b.function) return undefined;
    return [b.domain, b.bus, b.slot, b.function, a.domain, a.bus, a.slot, a.function];
  },
});

export const driveAddressRule = rule<Address>({
  id: 'deviceinfo/drive-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address',
  format: 'Target device drive address %1$d:%2$d:%3$d does not match source %4$d:%5$d:%6$d',
  check: (s, d) => {
    const p = same<Drive>(s, d, 'drive');
    if (!p) return undefined;
    const [a, b] = p;
    if (a.controller === b.controller && a.bus === b.bus && a.unit === b.unit) return undefined;
    return [b.controller, b.bus, b.unit, a.controller, a.bus, a.unit];
  },
});

export const virtioSerialAddressRule = rule<Address>({
  id: 'deviceinfo/virtio-serial-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address',
  format: 'Target device virtio serial address %1$d:%2$d:%3$d does not match source %4$d:%5$d:%6$d',
  check: (s, d) => {
    const p = same<VirtioSerial>(s, d, 'virtio-serial');
    if (!p) return undefined;
    const [a, b] = p;
    if (a.controller === b.controller && a.bus === b.bus && a.port === b.port) return undefined;
    return [b.controller, b.bus, b.port, a.controller, a.bus, a.port];
  },
});

export const ccidAddressRule = rule<Address>({
  id: 'deviceinfo/ccid-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address',
  format: 'Target device ccid address %1$d:%2$d does not match source %3$d:%4$d',
  check: (s, d) => {
    const p = same<Ccid>(s, d, 'ccid');
    if (!p) return undefined;
    const [a, b] = p;
    return a.controller === b.controller && a.slot === b.slot ? undefined : [b.controller, b.slot, a.controller, a.slot];
  },
});

export const isaAddressRule = rule<Address>({
  id: 'deviceinfo/isa-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address',
  format: 'Target device isa address %1$d:%2$d does not match source %3$d:%4$d',
  check: (s, d) => {
    const p = same<Isa>(s, d, 'isa');
    if (!p) return undefined;
    const [a, b] = p;
    return a.iobase === b.iobase && a.irq === b.irq ? undefined : [b.iobase, b.irq, a.iobase, a.irq];
  },
});

export const dimmSlotRule = rule<Address>({
  id: 'deviceinfo/dimm-slot', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address/@slot',
  format: 'Target device dimm slot %1$u does not match source %2$u',
  check: (s, d) => {
    const p = same<Dimm>(s, d, 'dimm');
    return p ? differ(p[0].slot, p[1].slot) : undefined;
  },
});

export const dimmBaseRule = rule<Address>({
  id: 'deviceinfo/dimm-base', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address/@base',
  format: "Target device dimm base address '%1$llx' does not match source '%2$llx'",
  check: (s, d) => {
    const p = same<Dimm>(s, d, 'dimm');
    // libvirt returns at the first dimm difference, so base is only reached with equal slots
    return p && p[0].slot === p[1].slot ? differ(p[0].base, p[1].base) : undefined;
  },
});

export const ccwAddressRule = rule<Address>({
  id: 'deviceinfo/ccw-address', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'address', since: '9.10.0',
  format: 'Target device CCW address %1$x.%2$x.%3$04x does not match source %4$x.%5$x.%6$04x',
  check: (s, d) => {
    const p = same<Ccw>(s, d, 'ccw');
    if (!p) return undefined;
    const [a, b] = p;
    if (a.cssid === b.cssid && a.ssid === b.ssid && a.devno === b.devno) return undefined;
    return [b.cssid, b.ssid, b.devno, a.cssid, a.ssid, a.devno];
  },
});

export const acpiIndexRule = rule<HasInfo>({
  id: 'deviceinfo/acpi-index', family: 'deviceinfo', libvirtFunction: INFO_FN, where: 'acpi/@index', since: ACPI_INDEX_SINCE,
  description: `Since 7.3.0, when libvirt learned \`<acpi index>\` (formatdomain.rst); 7.0.0 ignores the element. ${HISTORY}`,
  format: "Target ACPI index '%1$u' does not match source '%2$u'",
  check: (s, d) => differ(s.info.acpiIndex, d.info.acpiIndex),
});

/** Address rules: a type mismatch stops there, as libvirt returns before the per-type compare. */
const addressSteps: Step<Address>[] = [addressTypeRule, pciAddressRule, driveAddressRule, virtioSerialAddressRule,
  ccidAddressRule, isaAddressRule, dimmSlotRule, dimmBaseRule, ccwAddressRule];

/** virDomainDeviceInfoCheckABIStability on a device's `info`. */
export const deviceInfoSteps: Step<HasInfo>[] = [
  sub<HasInfo, Address>({ id: 'deviceinfo/address', select: (x) => x.info.address, steps: addressSteps }),
  acpiIndexRule,
];

/**
 * Before this, libvirt compared virtio options only when both devices had them; a `<driver>` on
 * one side alone passed. libvirt commit 19d4e46770 (2021-01-29), first released in 7.1.0.
 */
const VIRTIO_PRESENCE_SINCE = '7.1.0';

export const virtioPresenceRule = rule<HasVirtio>({
  id: 'virtio/presence', family: 'virtio', libvirtFunction: VIRTIO_FN, where: 'driver', since: VIRTIO_PRESENCE_SINCE,
  description: `Since 7.1.0 (libvirt commit 19d4e46770, "conf: Improve virDomainVirtioOptionsCheckABIStability()"); before, libvirt compared virtio options only when both devices had them. ${HISTORY}`,
  format: "Target device virtio options don't match the source",
  check: (s, d) => (!s.virtio !== !d.virtio ? [] : undefined),
});

function virtioOption(key: Exclude<keyof VirtioOptions, 'withOtherSettings'>, attr: string, since?: string, description?: string) {
  return rule<VirtioOptions>({
    id: `virtio/${attr.replace(/_/g, '-')}`, family: 'virtio', libvirtFunction: VIRTIO_FN, where: `@${attr}`, since, description,
    format: `Target device ${attr} option '%1$s' does not match source '%2$s'`,
    check: (s, d) => differ(s[key], d[key], switchName),
  });
}

/** virDomainVirtioOptionsCheckABIStability on a device's `virtio`. */
export const virtioSteps: Step<HasVirtio>[] = [
  virtioPresenceRule,
  sub<HasVirtio, VirtioOptions>({
    id: 'virtio/options', where: 'driver', select: (x) => x.virtio,
    steps: [virtioOption('iommu', 'iommu'), virtioOption('ats', 'ats'), virtioOption('packed', 'packed'), virtioOption('pagePerVq', 'page_per_vq', PAGE_PER_VQ_SINCE,
      `Since 7.9.0, when libvirt learned \`page_per_vq\` (NEWS 7.9.0). ${HISTORY}`)],
  }),
];
