// Owned by the peripherals (net, input, sound, video, graphics, smartcard, hub, redirdev, redirfilter) family.
import type { Tristate } from './tristate.js';
import type { DeviceInfo, VirtioOptions } from './device.js';

/** virDomainNetDef: the parts the ABI check and validation read. */
export interface NetDef {
  /** `<interface type=>` (virDomainNetType name) */
  type: string;
  /** canonical lower-case `aa:bb:cc:dd:ee:ff`; random when the XML has none */
  mac: string;
  macGenerated: boolean;
  /** virDomainNetModelTypeToString(model): `unknown` when absent */
  model: string;
  /** free-form model string (libvirt rejects it later: no driver supports it) */
  modelstr: string | undefined;
  /** `<mtu size=>`, 0 when absent */
  mtu: number;
  /** virtio `<driver queues=>`, 1 normalised to 0 */
  queues: number;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface InputDef {
  /** virDomainInputType name */
  type: string;
  /** virDomainInputBus name (after the parser's os/arch default) */
  bus: string;
  /** virDomainInputModel number: 0 default, 1 virtio, 2 virtio-transitional, 3 virtio-non-transitional */
  model: number;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface SoundDef {
  /** virDomainSoundModel name */
  model: string;
  /** usb model only (9.4.0+): absent 0, yes 1, no 2 */
  multichannel: Tristate;
  /** `<audio id=>`, 0 when absent */
  audioId: number;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface VideoAccelDef {
  accel2d: Tristate;
  accel3d: Tristate;
  rendernode: string | undefined;
}

export interface VideoDef {
  /** virDomainVideoType name (`default` when the model type is absent) */
  type: string;
  /** its enum number (the edid message prints it read as a tristate) */
  typeIndex: number;
  /** KiB, after the default fill and power-of-two rounding */
  ram: number;
  vram: number;
  vram64: number;
  vgamem: number;
  heads: number;
  accel: VideoAccelDef | undefined;
  /** `<model edid=>` (11.7.0+) */
  edid: Tristate;
  /** `<model blob=>` (parsed since 9.2.0) */
  blob: Tristate;
  primary: boolean;
  /** `<driver name=>`: default, qemu, vhostuser */
  backend: string;
  resolution: { x: number; y: number } | undefined;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface GraphicsDef {
  /** virDomainGraphicsType name */
  type: string;
  /** vnc / dbus `<audio id=>`, 0 when absent */
  audioId: number;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface SmartcardDef {
  /** `mode=`: host, host-certificates, passthrough */
  mode: string;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface HubDef {
  /** virDomainHubType name */
  type: string;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RedirdevDef {
  /** virDomainRedirdevBus name */
  bus: string;
  /** character device type (virDomainChrType name) */
  sourceType: string;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RedirFilterUsbDevDef {
  /** -1 = any */
  usbClass: number;
  vendor: number;
  product: number;
  /** 0xJJMN, -1 = any */
  version: number;
  allow: boolean;
}

export interface RedirFilterDef {
  usbdevs: RedirFilterUsbDevDef[];
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
