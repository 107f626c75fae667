/**
 * Owned by the features family: libvirt's hypervisor `<features>` as the generic parser
 * stores them (def->features[] and the per-feature side fields), enums in libvirt's order
 * so that indexes are libvirt's enum values.
 */
import type { Tristate } from './tristate.js';

/** virDomainFeature, in enum order (later additions appended by libvirt). */
export const FEATURE_NAMES = [
  'acpi', 'apic', 'pae', 'hap', 'viridian', 'privnet', 'hyperv', 'kvm', 'pvspinlock',
  'capabilities', 'pmu', 'vmport', 'gic', 'smm', 'ioapic', 'hpt', 'vmcoreinfo', 'htm',
  'nested-hv', 'msrs', 'ccf-assist', 'xen', 'cfpc', 'sbbc', 'ibs', 'tcg',
  'async-teardown', 'ras', 'ps2', 'aia', 'virtualization',
] as const;
export type FeatureName = typeof FEATURE_NAMES[number];

/** First libvirt release knowing each feature appended after 9.0.0 (older ones reject it). */
export const FEATURE_SINCE: Partial<Record<FeatureName, string>> = {
  // tcg: formatdomain.rst (since 8.0.0), not measured
  tcg: '8.0.0', 'async-teardown': '9.6.0', ras: '10.4.0', ps2: '10.7.0', aia: '11.1.0', virtualization: '12.1.0',
};

/** Feature name -> libvirt enum value. */
export const Feature = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>;

/** virDomainHyperVMode: what state.hyperv holds. */
export const HYPERV_MODES = ['none', 'custom', 'passthrough', 'host-model'] as const;
export const HYPERV_MODE_NONE = 0;
export const HYPERV_MODE_CUSTOM = 1;
export const HYPERV_MODE_PASSTHROUGH = 2;
export const HYPERV_MODE_HOST_MODEL = 3;

/** virDomainHyperv enlightenments, in enum order. */
export const HYPERV_NAMES = [
  'relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id',
  'frequencies', 'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic', 'emsr_bitmap', 'xmm_input',
] as const;
export type HypervName = typeof HYPERV_NAMES[number];
// avic: formatdomain.rst (since 8.10.0), not measured
export const HYPERV_SINCE: Partial<Record<HypervName, string>> = { avic: '8.10.0', emsr_bitmap: '10.7.0', xmm_input: '10.7.0' };
export const Hyperv = Object.fromEntries(HYPERV_NAMES.map((n, i) => [n, i])) as Record<HypervName, number>;

export const KVM_NAMES = ['hidden', 'hint-dedicated', 'poll-control', 'pv-ipi', 'dirty-ring'] as const;
/** formatdomain.rst: pv-ipi since 7.10.0, dirty-ring since 8.0.0 (not measured) */
export const KVM_SINCE: Partial<Record<(typeof KVM_NAMES)[number], string>> = { 'pv-ipi': '7.10.0', 'dirty-ring': '8.0.0' };
export const XEN_NAMES = ['e820_host', 'passthrough'] as const;
export const XEN_PASSTHROUGH_MODES = ['default', 'sync_pt', 'share_pt'] as const;
export const MSRS_UNKNOWN = ['ignore', 'fault'] as const;
export const CAPABILITIES_POLICIES = ['default', 'allow', 'deny'] as const;
export const PROCESS_CAPS = [
  'audit_control', 'audit_write', 'block_suspend', 'chown', 'dac_override', 'dac_read_search',
  'fowner', 'fsetid', 'ipc_lock', 'ipc_owner', 'kill', 'lease', 'linux_immutable', 'mac_admin',
  'mac_override', 'mknod', 'net_admin', 'net_bind_service', 'net_broadcast', 'net_raw', 'setgid',
  'setfcap', 'setpcap', 'setuid', 'sys_admin', 'sys_boot', 'sys_chroot', 'sys_module', 'sys_nice',
  'sys_pacct', 'sys_ptrace', 'sys_rawio', 'sys_resource', 'sys_time', 'sys_tty_config', 'syslog',
  'wake_alarm',
] as const;
/** virGICVersion */
export const GIC_VERSIONS = ['none', 'host', '2', '3'] as const;
/** virDomainIOAPIC: state.ioapic (0 = none/absent, 1 = qemu, 2 = kvm) */
export const IOAPIC_DRIVERS = ['none', 'qemu', 'kvm'] as const;
export const IOAPIC_QEMU = 1;
export const HPT_RESIZING = ['none', 'enabled', 'disabled', 'required'] as const;
export const CFPC_VALUES = ['none', 'broken', 'workaround', 'fixed'] as const;
export const SBBC_VALUES = ['none', 'broken', 'workaround', 'fixed'] as const;
export const IBS_VALUES = ['none', 'broken', 'workaround', 'fixed-ibs', 'fixed-ccd', 'fixed-na'] as const;
export const AIA_VALUES = ['default', 'none', 'aplic', 'aplic-imsic'] as const;

export interface HypervDef {
  /** per HYPERV_NAMES: 0 absent, 1 on, 2 off */
  features: Tristate[];
  /** `<spinlocks retries=>` when spinlocks is on (0 otherwise; UINT_MAX when omitted, 11.9.0+) */
  spinlocks: number;
  /** `<vendor_id value=>` when vendor_id is on */
  vendorId: string | undefined;
  stimerDirect: Tristate;
  tlbflushDirect: Tristate;
  tlbflushExtended: Tristate;
}

export interface KvmDef {
  /** per KVM_NAMES */
  features: Tristate[];
  dirtyRingSize: number;
}

// A type alias (not an interface) so that generic readers may view it as a plain record.
export type FeaturesDef = {
  /**
   * def->features[] by feature name: a tristate (0 absent, 1 on, 2 off) for most features;
   * the Hyper-V mode for hyperv; the policy for capabilities; the enum value (0 = absent) for
   * ioapic, cfpc, sbbc, ibs, aia; TristateBool for async-teardown.
   */
  state: Record<FeatureName, number>;
  apicEoi: Tristate;
  /** GIC_VERSIONS index */
  gicVersion: number;
  /** HPT_RESIZING index */
  hptResizing: number;
  hptMaxPageSizeKiB: bigint;
  /** MSRS_UNKNOWN index */
  msrsUnknown: number;
  hyperv: HypervDef;
  /** present once a `<kvm>` element was seen */
  kvm: KvmDef | undefined;
  /** per XEN_NAMES */
  xen: Tristate[];
  /** XEN_PASSTHROUGH_MODES index */
  xenPassthroughMode: number;
  /** per PROCESS_CAPS */
  capsFeatures: Tristate[];
  tsegSpecified: boolean;
  /** bytes */
  tsegSize: bigint;
  /** KiB, when `<tcg><tb-cache>` is non-zero */
  tcgTbCacheKiB: bigint | undefined;
};

/** def->features[name] */
export function featureValue(f: FeaturesDef, name: FeatureName): number {
  return f.state[name];
}
