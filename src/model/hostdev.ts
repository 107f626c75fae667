// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { DeviceInfo, VirtioOptions } from './device.js';

export interface HostdevDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
