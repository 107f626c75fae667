// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { Tristate } from './tristate.js';
import type { DeviceInfo, VirtioOptions } from './device.js';

/** libvirt's enum string tables, in enum order (index = libvirt's number). */
export const DISK_DEVICES = ['disk', 'cdrom', 'floppy', 'lun'] as const;
/** 'nvme' arrived after 11.3.0 */
export const DISK_BUSES = ['none', 'ide', 'fdc', 'scsi', 'virtio', 'xen', 'usb', 'uml', 'sata', 'sd', 'nvme'] as const;
/** usb-storage and usb-bot arrived after 11.3.0 */
export const DISK_MODELS = ['default', 'virtio', 'virtio-transitional', 'virtio-non-transitional', 'usb-storage', 'usb-bot'] as const;
/** vhostvdpa arrived after 9.0.0, ctl after 11.3.0 */
export const STORAGE_TYPES = ['none', 'file', 'block', 'dir', 'network', 'volume', 'nvme', 'vhostuser', 'vhostvdpa', 'ctl'] as const;
export const STORAGE_FORMATS = ['none', 'raw', 'dir', 'bochs', 'cloop', 'dmg', 'iso', 'vpc', 'vdi', 'fat', 'vhd', 'ploop',
  'cow', 'qcow', 'qcow2', 'qed', 'vmdk'] as const;
export const NET_PROTOCOLS = ['none', 'nbd', 'rbd', 'sheepdog', 'gluster', 'iscsi', 'http', 'https', 'ftp', 'ftps', 'tftp',
  'ssh', 'vxhs', 'nfs'] as const;

export const DISK_DEVICE = { disk: 0, cdrom: 1, floppy: 2, lun: 3 } as const;
export const DISK_BUS = { none: 0, ide: 1, fdc: 2, scsi: 3, virtio: 4, xen: 5, usb: 6, uml: 7, sata: 8, sd: 9, nvme: 10 } as const;
export const STORAGE_TYPE = { none: 0, file: 1, block: 2, dir: 3, network: 4, volume: 5, nvme: 6, vhostuser: 7, vhostvdpa: 8, ctl: 9 } as const;

/** virStorageSource: only what validation and duplicate checks look at. */
export interface StorageSourceDef {
  type: number;
  path: string | undefined;
  protocol: number;
  format: number;
  pool: { pool: string | undefined; volume: string | undefined } | undefined;
  /** `<reservations>` present */
  pr: boolean;
  auth: { secretType: string | undefined } | undefined;
  encryption: { format: number; cipher: boolean } | undefined;
  backingStore: StorageSourceDef | undefined;
  slice: boolean;
  snapshot: string | undefined;
  configFile: string | undefined;
  fdgroup: string | undefined;
  nvmeNamespace: bigint | undefined;
  metadataCacheMaxSize: bigint;
  readonly: boolean;
  shared: boolean;
  /** seclabel models with their relabel flag, for the domain-level relabel check */
  seclabels: { model: string | undefined; relabel: boolean }[];
}

export interface DiskDef {
  device: number;
  bus: number;
  /** `<target dev>` */
  dst: string | undefined;
  serial: string | undefined;
  wwn: string | undefined;
  vendor: string | undefined;
  product: string | undefined;
  /** `<disk model>` */
  model: number;
  rotationRate: number;
  removable: Tristate;
  dpofua: Tristate;
  queues: number;
  queueSize: number;
  /** `<source><reservations migration>`; undefined without `<reservations>` */
  reservationsMigration: Tristate | undefined;
  /** discardGranularitySet: the attribute was given (12.x tells an explicit 0 from absence) */
  blockio: { logical: number; physical: number; discardGranularity: number; discardGranularitySet: boolean };
  src: StorageSourceDef;
  snapshot: number;
  rawio: Tristate;
  sgio: number;
  startupPolicy: number;
  tray: number;
  cachemode: number;
  errorPolicy: number;
  rerrorPolicy: number;
  iomode: number;
  ioeventfd: Tristate;
  eventIdx: Tristate;
  copyOnRead: Tristate;
  discard: number;
  iothread: number;
  /** `<driver><iothreads>` present (11.x) */
  iothreads: boolean;
  detectZeroes: number;
  discardNoUnref: Tristate;
  transient: boolean;
  geometry: { cylinders: number; heads: number; sectors: number; trans: number };
  /** `<iotune>`: any limit set, its group, and virDomainDiskIoTuneValidate's error if any */
  iotune: { any: boolean; groupName: string | undefined; conflict: string | undefined };
  /** `<throttlefilters>` group names (11.2+); undefined for a filter without `group` */
  throttleFilters: (string | undefined)[];
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
