// Owned by the platform devices (chardevs, watchdog, memballoon, rng, panic, shmem, tpm, memory devices, iommu, vsock, pstore) family.
import type { DeviceInfo, VirtioOptions } from './device.js';

export interface ChrDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface WatchdogDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface MemballoonDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RngDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface PanicDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface ShmemDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface TpmDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface MemoryDeviceDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface IommuDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface VsockDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface PstoreDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
