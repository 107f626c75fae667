// Owned by the general family (virt type, uuid, genid, name, memory, NUMA, vCPUs, OS, clock, sysinfo).
import type { Tristate } from './tristate.js';

/** libvirt enum string tables, in enum order (index = libvirt's enum value). */
export const VIRT_TYPES = ['none', 'qemu', 'kqemu', 'kvm', 'xen', 'lxc', 'uml', 'openvz', 'test', 'vmware',
  'hyperv', 'vbox', 'phyp', 'parallels', 'bhyve', 'vz', 'hvf'] as const;
export const OS_TYPES = ['hvm', 'xen', 'linux', 'exe', 'uml', 'xenpvh'] as const;
export const SMBIOS_MODES = ['none', 'emulate', 'host', 'sysinfo'] as const;
export const TIMER_NAMES = ['platform', 'pit', 'rtc', 'hpet', 'tsc', 'kvmclock', 'hypervclock', 'armvtimer'] as const;
export const TIMER_TRACKS = ['none', 'boot', 'guest', 'wall', 'realtime'] as const;
export const TIMER_TICKPOLICIES = ['none', 'delay', 'catchup', 'merge', 'discard'] as const;
export const TIMER_MODES = ['none', 'auto', 'native', 'emulate', 'paravirt', 'smpsafe'] as const;
export const CLOCK_OFFSETS = ['utc', 'localtime', 'variable', 'timezone', 'absolute'] as const;
export const SYSINFO_TYPES = ['smbios', 'fwcfg'] as const;
export const LIFECYCLE_ACTIONS = ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart'] as const;

/**
 * A CPU/node bitmap (virBitmap) as the sorted list of set bits; `key` is a canonical text for
 * equality (libvirt compares set bits, not spellings).
 */
export interface Bitmap {
  readonly bits: readonly number[];
  readonly key: string;
}

export interface GenidDef {
  /** `<genid>` present */
  requested: boolean;
  /** canonical value; a fresh random one when `<genid/>` is empty (libvirt generates it) */
  value: string | undefined;
  generated: boolean;
}

export interface HugepageDef {
  /** KiB, 0 when unset */
  size: bigint;
  nodemask: Bitmap | undefined;
}

/** virDomainMemtune plus the memory sizes of virDomainDef (all sizes in KiB). */
export interface MemoryDef {
  /** def->mem.total_memory after post-parse (NUMA total + memory devices when <memory> is absent) */
  totalMemory: bigint;
  /** def->mem.cur_balloon after post-parse (defaults to total) */
  curBalloon: bigint;
  maxMemory: bigint;
  memorySlots: number;
  dumpCore: Tristate;
  hugepages: HugepageDef[];
  nosharepages: boolean;
  locked: boolean;
  /** memoryBacking source/access/allocation enum numbers, 0 when absent */
  source: number;
  access: number;
  allocation: number;
  discard: Tristate;
}

export interface NumaCacheDef { level: number }

export interface NumaCellDef {
  /** cell id = position in the cell list */
  index: number;
  /** KiB */
  memory: bigint;
  /** undefined when `cpus` is absent or empty */
  cpus: Bitmap | undefined;
  memAccess: number;
  discard: Tristate;
  /**
   * The distances set toward cell j (never 0); undefined when the cell has no distances. Sparse,
   * not libvirt's array per cell: n cells with one sibling each would be n^2 numbers.
   */
  distances: Map<number, number> | undefined;
  caches: NumaCacheDef[];
}

export interface NumatuneDef {
  /** `<numatune><memory>` given (or placement auto derived) */
  specified: boolean;
  /** mode enum (strict, preferred, interleave, restrictive), -1 unset */
  mode: number;
  /** placement enum (default, static, auto) */
  placement: number;
  nodeset: Bitmap | undefined;
  /** per cell id: memnode mode and nodeset */
  memnodes: ({ mode: number; nodeset: Bitmap } | undefined)[];
}

export interface NumaDef {
  cells: NumaCellDef[];
  numatune: NumatuneDef;
}

export interface VcpuDef {
  /** vCPU id = position in the list */
  id: number;
  online: boolean;
  /** `<vcpus><vcpu order=>`, 0 when unset */
  order: number;
  hotpluggable: Tristate;
}

export interface VcpusDef {
  /** `<vcpu>` text: the maximum vCPU count */
  max: number;
  /** one entry per vCPU id (0 .. max-1) */
  list: VcpuDef[];
  /** `<vcpus>` given */
  individual: boolean;
  /** 'static' | 'auto' */
  placement: string;
  cpuset: Bitmap | undefined;
}

export interface LoaderDef {
  readonly: Tristate;
  /** loader type enum: 0 none, 1 rom, 2 pflash */
  type: number;
  path: string | undefined;
  secure: Tristate;
  stateless: Tristate;
  /** loader format enum (12.x), 0 when absent */
  format: number;
  nvram: boolean;
  nvramTemplate: string | undefined;
  nvramFormat: number;
  /** `<varstore>` (12.x), the alternative to `<nvram>` */
  varstore: boolean;
}

export interface OsDef {
  /** `<os><type>` name (hvm, xen, linux, exe, uml, xenpvh); 'linux' on xen becomes 'xen' */
  type: string;
  /** `<type arch=>`, the host arch (x86_64) when absent */
  arch: string;
  /** `<type machine=>` */
  machine: string | undefined;
  /** SMBIOS mode enum number, 0 (none) when absent */
  smbiosMode: number;
  /** firmware enum number: 0 none, 1 bios, 2 efi */
  firmware: number;
  loader: LoaderDef | undefined;
  bootDevs: string[];
  init: string | undefined;
  kernel: string | undefined;
  bootloader: string | undefined;
}

export interface TimerDef {
  /** TIMER_NAMES index */
  name: number;
  present: Tristate;
  tickpolicy: number;
  track: number;
  frequency: bigint;
  /** TIMER_MODES index, 0 when absent */
  mode: number;
  catchup: boolean;
}

export interface ClockDef {
  offset: string;
  timers: TimerDef[];
}

export interface SysinfoBiosDef { vendor?: string; version?: string; date?: string; release?: string }
export interface SysinfoSystemDef { manufacturer?: string; product?: string; version?: string; serial?: string; uuid?: string; sku?: string; family?: string }
export interface SysinfoBaseBoardDef { manufacturer?: string; product?: string; version?: string; serial?: string; asset?: string; location?: string }
export interface SysinfoChassisDef { manufacturer?: string; version?: string; serial?: string; asset?: string; sku?: string }

export interface SysinfoDef {
  /** SYSINFO_TYPES index */
  type: number;
  bios: SysinfoBiosDef | undefined;
  system: SysinfoSystemDef | undefined;
  baseBoards: SysinfoBaseBoardDef[];
  chassis: SysinfoChassisDef | undefined;
}

/** A domain-level `<seclabel>` as libvirt keeps it after an inactive parse (virSecurityLabelDef). */
export interface SeclabelDef {
  /** `model=`, undefined when absent (or longer than libvirt's buffer) */
  model: string | undefined;
  /** resource relabeling: yes by default, no for static/none labels and model 'none', else `relabel=` */
  relabel: boolean;
}

export interface GeneralDef {
  /** `<domain type=>` (one of VIRT_TYPES) */
  virtType: string;
  /** canonical uuid; a fresh random one when `<uuid>` is absent (unless sysinfo supplies it) */
  uuid: string;
  genid: GenidDef;
  name: string;
  title: string | undefined;
  description: string | undefined;
  mem: MemoryDef;
  numa: NumaDef;
  vcpus: VcpusDef;
  /** iothread ids after libvirt's fill-in (`<iothreads>` count plus `<iothreadids>`) */
  iothreadIds: number[];
  os: OsDef;
  clock: ClockDef;
  sysinfo: SysinfoDef[];
  /** `<throttlegroups>` group names (11.2+; empty before) */
  throttleGroups: string[];
  /** `<on_poweroff>`/`<on_reboot>`/`<on_crash>` action names */
  onPoweroff: string;
  onReboot: string;
  onCrash: string;
  /** `<launchSecurity type=>`, undefined when absent */
  launchSecurity: string | undefined;
  /** domain-level `<seclabel>`s in document order */
  seclabels: SeclabelDef[];
}
