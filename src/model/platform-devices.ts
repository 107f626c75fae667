// Owned by the platform devices (chardevs, watchdog, memballoon, rng, panic, shmem, tpm, memory devices, iommu, vsock, pstore) family.
import type { Tristate } from './tristate.js';
import type { DeviceInfo, VirtioOptions } from './device.js';

/** libvirt enum string tables, in enum order (index = libvirt's enum value). */
export const CHR_DEVICE_TYPES = ['parallel', 'serial', 'console', 'channel'] as const;
export type ChrDeviceType = typeof CHR_DEVICE_TYPES[number];
export const CHR_TYPES = ['null', 'vc', 'pty', 'dev', 'file', 'pipe', 'stdio', 'udp', 'tcp', 'unix',
  'spicevmc', 'spiceport', 'nmdm', 'qemu-vdagent', 'dbus'] as const;
export const CHR_SERIAL_TARGET_TYPES = ['none', 'isa-serial', 'usb-serial', 'pci-serial', 'spapr-vio-serial',
  'system-serial', 'sclp-serial', 'isa-debug'] as const;
export const CHR_CHANNEL_TARGET_TYPES = ['none', 'guestfwd', 'virtio', 'xen'] as const;
export const CHR_CONSOLE_TARGET_TYPES = ['none', 'serial', 'xen', 'uml', 'virtio', 'lxc', 'openvz', 'sclp', 'sclplm'] as const;
export const CHR_SERIAL_TARGET_MODELS = ['none', 'isa-serial', 'usb-serial', 'pci-serial', 'spapr-vty', 'pl011',
  'sclpconsole', 'sclplmconsole', '16550a', 'isa-debugcon'] as const;
export const CHR_TCP_PROTOCOLS = ['raw', 'telnet', 'telnets', 'tls'] as const;
export const CHR_SPICEVMC_NAMES = ['vdagent', 'smartcard', 'usbredir'] as const;
export const MOUSE_MODES = ['default', 'server', 'client'] as const;

export const WATCHDOG_MODELS = ['i6300esb', 'ib700', 'diag288', 'itco'] as const;
export const WATCHDOG_ACTIONS = ['reset', 'shutdown', 'poweroff', 'pause', 'dump', 'none', 'inject-nmi'] as const;
export const MEMBALLOON_MODELS = ['virtio', 'xen', 'none', 'virtio-transitional', 'virtio-non-transitional'] as const;
export const RNG_MODELS = ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;
export const RNG_BACKENDS = ['random', 'egd', 'builtin'] as const;
export const PANIC_MODELS = ['default', 'isa', 'pseries', 'hyperv', 's390', 'pvpanic'] as const;
export const SHMEM_MODELS = ['ivshmem', 'ivshmem-plain', 'ivshmem-doorbell'] as const;
export const SHMEM_ROLES = ['default', 'master', 'peer'] as const;
export const TPM_MODELS = ['default', 'tpm-tis', 'tpm-crb', 'tpm-spapr', 'spapr-tpm-proxy'] as const;
export const TPM_BACKENDS = ['passthrough', 'emulator', 'external'] as const;
export const TPM_VERSIONS = ['default', '1.2', '2.0'] as const;
export const TPM_PCR_BANKS = ['sha1', 'sha256', 'sha384', 'sha512'] as const;
export const TPM_SOURCE_TYPES = ['default', 'file', 'dir'] as const;
export const TPM_PROFILE_REMOVE_DISABLED = ['none', 'check', 'fips-host'] as const;
export const MEMORY_MODELS = ['', 'dimm', 'nvdimm', 'virtio-pmem', 'virtio-mem', 'sgx-epc'] as const;
export const MEMORY_ACCESS = ['default', 'shared', 'private'] as const;
export const IOMMU_MODELS = ['intel', 'smmuv3', 'virtio', 'amd'] as const;
export const VSOCK_MODELS = ['default', 'virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;
export const PSTORE_BACKENDS = ['acpi-erst'] as const;
export const CRYPTO_MODELS = ['virtio'] as const;
export const CRYPTO_TYPES = ['qemu'] as const;
export const CRYPTO_BACKENDS = ['builtin', 'lkcf'] as const;

/** virDomainChrSourceDef: the host side of a character device (only what libvirt compares or validates). */
export interface ChrSourceDef {
  /** CHR_TYPES index */
  type: number;
  /** file, dev, pipe, unix (pty only from live XML) */
  path: string | undefined;
  append: Tristate;
  /** tcp */
  host: string | undefined;
  service: string | undefined;
  /** tcp/unix: mode='bind' */
  listen: boolean;
  protocol: number;
  reconnectEnabled: Tristate;
  reconnectTimeout: number;
  /** udp */
  bindHost: string | undefined;
  bindService: string | undefined;
  connectHost: string | undefined;
  connectService: string | undefined;
  /** spiceport, dbus */
  channel: string | undefined;
  /** nmdm */
  master: string | undefined;
  slave: string | undefined;
  /** spicevmc: CHR_SPICEVMC_NAMES index */
  spicevmc: number;
  /** qemu-vdagent */
  clipboard: Tristate;
  mouse: number;
}

/** virDomainChrDef: serial, parallel, console or channel. */
export interface ChrDef {
  deviceType: ChrDeviceType;
  /** index into the device type's target type table (parallel: always 0) */
  targetType: number;
  /** CHR_SERIAL_TARGET_MODELS index (serial only) */
  targetModel: number;
  /** `<target port=>`, -1 until assigned */
  port: number;
  /** channel xen/virtio `<target name=>` */
  targetName: string | undefined;
  /** channel guestfwd: the IPv4 socket address, `ip:port` canonical text (compared as bytes by libvirt) */
  targetAddr: string | undefined;
  source: ChrSourceDef;
  info: DeviceInfo;
}

export interface WatchdogDef {
  /** WATCHDOG_MODELS index */
  model: number;
  action: number;
  info: DeviceInfo;
}

export interface MemballoonDef {
  /** MEMBALLOON_MODELS index */
  model: number;
  autodeflate: Tristate;
  freePageReporting: Tristate;
  period: number;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface RngDef {
  /** RNG_MODELS index */
  model: number;
  backend: number;
  /** egd backend chardev */
  chardev: ChrSourceDef | undefined;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface PanicDef {
  /** PANIC_MODELS index */
  model: number;
  info: DeviceInfo;
}

export interface ShmemDef {
  name: string;
  /** SHMEM_MODELS index */
  model: number;
  /** SHMEM_ROLES index */
  role: number;
  /** bytes */
  size: bigint;
  server: boolean;
  msi: { enabled: boolean; vectors: number; ioeventfd: Tristate };
  info: DeviceInfo;
}

export interface TpmDef {
  /** TPM_MODELS index */
  model: number;
  /** TPM_BACKENDS index */
  type: number;
  /** emulator: TPM_VERSIONS index */
  version: number;
  /** emulator: sorted PCR bank indexes, undefined without `<active_pcr_banks>` children */
  activePcrBanks: number[] | undefined;
  /** emulator `<profile source=>` */
  profileSource: string | undefined;
  /** external backend chardev */
  external: ChrSourceDef | undefined;
  info: DeviceInfo;
}

export interface MemoryDeviceDef {
  /** MEMORY_MODELS index */
  model: number;
  access: number;
  discard: Tristate;
  /** `<target><node>`, -1 when absent */
  targetNode: number;
  /** KiB */
  size: bigint;
  blockSize: bigint;
  requestedSize: bigint;
  labelSize: bigint;
  alignSize: bigint;
  pmem: boolean;
  readonly: boolean;
  uuid: string | undefined;
  /** virtio-pmem / virtio-mem `<target><address base=>` */
  address: bigint;
  dynamicMemslots: Tristate;
  path: string | undefined;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface IommuDef {
  /** IOMMU_MODELS index */
  model: number;
  intremap: Tristate;
  cachingMode: Tristate;
  eim: Tristate;
  iotlb: Tristate;
  /** 0 when absent */
  awBits: number;
  dmaTranslation: Tristate;
  passthrough: Tristate;
  xtsup: Tristate;
  /** -1 when absent */
  pciBus: number;
  accel: Tristate;
  /** a CMDQV_VALUES number; 0 when absent */
  cmdqv: number;
  ats: Tristate;
  ril: Tristate;
  /** -1 when absent */
  ssidSize: number;
  /** -1 when absent */
  oas: number;
  /** KiB; -1 = mode 'host'; 0 when absent */
  granule: number;
  info: DeviceInfo;
}

export interface VsockDef {
  /** VSOCK_MODELS index */
  model: number;
  guestCid: number;
  autoCid: Tristate;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}

export interface PstoreDef {
  /** PSTORE_BACKENDS index */
  backend: number;
  path: string | undefined;
  /** KiB */
  size: bigint;
  info: DeviceInfo;
}
