// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { Tristate } from './tristate.js';
import type { DeviceInfo, VirtioOptions } from './device.js';

export const HOSTDEV_MODES = ['subsystem', 'capabilities'] as const;
export const HOSTDEV_SUBSYS_TYPES = ['usb', 'pci', 'scsi', 'scsi_host', 'mdev'] as const;
export const HOSTDEV_CAPS_TYPES = ['storage', 'misc', 'net'] as const;
export const SUBSYS = { usb: 0, pci: 1, scsi: 2, scsiHost: 3, mdev: 4 } as const;

/** What libvirt's virDomainHostdevMatch compares to find duplicates. */
export type HostdevSource =
  | { kind: 'usb'; bus: number; device: number; vendor: number; product: number }
  | { kind: 'pci'; domain: number; bus: number; slot: number; function: number }
  | { kind: 'scsi-host'; adapter: string; bus: number; target: number; unit: bigint }
  | { kind: 'scsi-iscsi'; host: string; port: number; path: string }
  | { kind: 'scsi_host'; protocol: number; wwpn: string | undefined }
  | { kind: 'mdev'; uuid: string }
  | { kind: 'caps'; value: string | undefined };

export interface HostdevDef {
  /** 0 subsystem, 1 capabilities */
  mode: number;
  /** subsystem type for mode subsystem, caps type for capabilities */
  type: number;
  source: HostdevSource;
  /** mdev `ramfb` (and pci `ramfb` since 11.x) */
  ramfb: Tristate;
  mdevModel: number;
  sgio: number;
  /** part of an `<interface type='hostdev'>` (shares the interface's address) */
  parentNet: boolean;
  teaming: { type: number; persistent: boolean } | undefined;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
