/**
 * The normalised domain model: everything the ABI rules read, built once per file by
 * src/parse/domain.ts with libvirt's parse-time normalisations and post-parse defaults.
 * Each family's types live in their own module.
 */
import type { GeneralDef } from './general.js';
import type { FeaturesDef } from './features.js';
import type { CpuDef } from './cpu.js';
import type { DiskDef } from './disk.js';
import type { ControllerDef } from './controller.js';
import type { FilesystemDef } from './filesystem.js';
import type { HostdevDef } from './hostdev.js';
import type { NetDef, InputDef, SoundDef, VideoDef, GraphicsDef, SmartcardDef, HubDef, RedirdevDef, RedirFilterDef } from './peripherals.js';
import type { ChrDef, WatchdogDef, MemballoonDef, RngDef, PanicDef, ShmemDef, TpmDef, MemoryDeviceDef, IommuDef, VsockDef, PstoreDef } from './platform-devices.js';

export interface DevicesDef {
  disks: DiskDef[];
  controllers: ControllerDef[];
  filesystems: FilesystemDef[];
  nets: NetDef[];
  inputs: InputDef[];
  sounds: SoundDef[];
  videos: VideoDef[];
  graphics: GraphicsDef[];
  hostdevs: HostdevDef[];
  smartcards: SmartcardDef[];
  serials: ChrDef[];
  parallels: ChrDef[];
  channels: ChrDef[];
  consoles: ChrDef[];
  hubs: HubDef[];
  redirdevs: RedirdevDef[];
  redirfilter: RedirFilterDef | undefined;
  watchdogs: WatchdogDef[];
  memballoon: MemballoonDef | undefined;
  rngs: RngDef[];
  panics: PanicDef[];
  shmems: ShmemDef[];
  tpms: TpmDef[];
  memories: MemoryDeviceDef[];
  iommus: IommuDef[];
  vsock: VsockDef | undefined;
  pstore: PstoreDef | undefined;
}

export interface Domain extends GeneralDef {
  features: FeaturesDef;
  cpu: CpuDef | undefined;
  devices: DevicesDef;
}
