/**
 * Owned by the cpu family: virCPUDef as the generic domain parser builds it from `<cpu>`
 * (`<numa>` cells are the NUMA family's). Enum numbers are libvirt's.
 */
import type { Tristate } from './tristate.js';

/** virCPUType */
export const CPU_TYPES = ['host', 'guest', 'auto'] as const;
export const CPU_TYPE_GUEST = 1;
/** virCPUMode */
export const CPU_MODES = ['custom', 'host-model', 'host-passthrough', 'maximum'] as const;
export const CPU_MODE_CUSTOM = 0;
export const CPU_MODE_HOST_PASSTHROUGH = 2;
export const CPU_MODE_MAXIMUM = 3;
/** virCPUMatch */
export const CPU_MATCHES = ['exact', 'minimum', 'strict'] as const;
/** virCPUCheck */
export const CPU_CHECKS = ['default', 'none', 'partial', 'full'] as const;
export const CPU_CHECK_DEFAULT = 0;
/** virCPUFallback */
export const CPU_FALLBACKS = ['allow', 'forbid'] as const;
/** virCPUFeaturePolicy */
export const CPU_FEATURE_POLICIES = ['force', 'require', 'optional', 'disable', 'forbid'] as const;
export const CPU_FEATURE_REQUIRE = 1;
/** virCPUCacheMode */
export const CPU_CACHE_MODES = ['emulate', 'passthrough', 'disable'] as const;
/** virCPUMaxPhysAddrMode */
export const CPU_MAXPHYSADDR_MODES = ['emulate', 'passthrough'] as const;
export const CPU_MAXPHYSADDR_PASSTHROUGH = 1;

export interface CpuFeatureDef {
  name: string;
  /** CPU_FEATURE_POLICIES index (require when omitted) */
  policy: number;
}

export interface CpuCacheDef {
  /** -1 when omitted */
  level: number;
  /** CPU_CACHE_MODES index */
  mode: number;
}

export interface CpuMaxPhysAddrDef {
  /** CPU_MAXPHYSADDR_MODES index */
  mode: number;
  /** -1 when omitted */
  bits: number;
  /** 0 when omitted */
  limit: number;
}

// A type alias (not an interface) so that generic readers may view it as a plain record.
export type CpuDef = {
  /** CPU_TYPES index; always guest for a domain's CPU */
  type: number;
  /** CPU_MODES index */
  mode: number;
  /** CPU_MATCHES index (not compared) */
  match: number;
  /** CPU_CHECKS index */
  check: number;
  /** CPU_FALLBACKS index (not compared) */
  fallback: number;
  migratable: Tristate;
  deprecatedFeatures: Tristate;
  /** virArch name; the generic parser never sets it for a guest CPU */
  arch: string;
  /** `<model>` text, undefined when absent or empty */
  model: string | undefined;
  vendor: string | undefined;
  /** `<model vendor_id=>` */
  vendorId: string | undefined;
  /** topology counts; all 0 without `<topology>` (dies and clusters default to 1 inside it) */
  sockets: number;
  dies: number;
  clusters: number;
  cores: number;
  threads: number;
  features: CpuFeatureDef[];
  cache: CpuCacheDef | undefined;
  maxPhysAddr: CpuMaxPhysAddrDef | undefined;
};
