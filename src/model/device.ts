import type { Tristate } from './tristate.js';

/** libvirt's virDomainDeviceAddressType strings, in enum order (index = enum value). */
export const ADDRESS_TYPES = ['none', 'pci', 'drive', 'virtio-serial', 'ccid', 'usb', 'spapr-vio',
  'virtio-s390', 'ccw', 'virtio-mmio', 'isa', 'dimm', 'unassigned'] as const;
export type AddressType = typeof ADDRESS_TYPES[number];

export type Address =
  | { type: 'none' }
  | { type: 'pci'; domain: number; bus: number; slot: number; function: number; multifunction: Tristate }
  | { type: 'drive'; controller: number; bus: number; target: number; unit: number }
  | { type: 'virtio-serial'; controller: number; bus: number; port: number }
  | { type: 'ccid'; controller: number; slot: number }
  | { type: 'usb'; bus: number; port: string | undefined }
  | { type: 'spapr-vio'; reg: bigint | undefined }
  | { type: 'ccw'; cssid: number; ssid: number; devno: number }
  | { type: 'isa'; iobase: number; irq: number }
  | { type: 'dimm'; slot: number; base: bigint }
  | { type: 'virtio-s390' | 'virtio-mmio' | 'unassigned' };

/** virDomainDeviceInfo: the guest-side placement every device shares. */
export interface DeviceInfo {
  address: Address;
  /** `<acpi index=>`, 0 when absent */
  acpiIndex: number;
  /** `<alias name=>` (kept only where libvirt keeps it) */
  alias?: string;
  /** `<boot order=>`, 0 when absent */
  bootIndex: number;
  /** Position of the device element among its same-named siblings; absent for implicit devices. */
  xmlIndex?: number;
  /** The device element's name (`disk`, `interface`, ...): with xmlIndex, where an error about the device points. */
  xmlTag?: string;
}

/** virDomainVirtioOptions, present when the device has a `<driver>` element. */
export interface VirtioOptions {
  iommu: Tristate;
  ats: Tristate;
  packed: Tristate;
  pagePerVq: Tristate;
  /**
   * The `<driver>` also holds settings of the device's own that libvirt writes back (queues, a
   * driver name, ...). Without them, a copy formatted and parsed again (the QEMU driver's
   * migratable copy) has no `<driver>` when every option is default, so no options at all.
   */
  withOtherSettings?: boolean;
}

export interface HasInfo { info: DeviceInfo }
export interface HasVirtio { virtio: VirtioOptions | undefined }
