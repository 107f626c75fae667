// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { DeviceInfo, VirtioOptions } from './device.js';

export interface ControllerDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
