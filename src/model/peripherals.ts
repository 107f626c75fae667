// Owned by the peripherals (net, input, sound, video, graphics, smartcard, hub, redirdev, redirfilter) family.
import type { DeviceInfo, VirtioOptions } from './device.js';

export interface NetDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface InputDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface SoundDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface VideoDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface GraphicsDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface SmartcardDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface HubDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RedirdevDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RedirFilterDef {
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
