// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { DeviceInfo, VirtioOptions } from './device.js';

export const FS_TYPES = ['mount', 'block', 'file', 'template', 'ram', 'bind', 'volume'] as const;
export const FS_TYPE = { mount: 0, block: 1, file: 2, template: 3, ram: 4, bind: 5, volume: 6 } as const;
export const FS_ACCESS_MODES = ['', 'passthrough', 'mapped', 'squash'] as const;
export const FS_MODELS = ['default', 'virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;
export const FS_DRIVERS = ['default', 'path', 'handle', 'loop', 'nbd', 'ploop', 'virtiofs', 'mtp'] as const;
export const FS_DRIVER_VIRTIOFS = 6;
/** QEMU's usb-mtp device: a USB device, never on PCI */
export const FS_DRIVER_MTP = 7;

export interface FilesystemDef {
  type: number;
  /** `<target dir>` */
  dst: string | undefined;
  readonly: boolean;
  model: number;
  fsdriver: number;
  accessmode: number;
  /** source path (dir/file/dev/name by type) */
  path: string | undefined;
  sock: string | undefined;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
