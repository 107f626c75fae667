/**
 * virDomainFeaturesDefParse: every child of `<features>` in document order, with libvirt's
 * per-feature defaults (presence = on, optional or required `state`, enum values) and errors.
 */
import {
  AIA_VALUES, CAPABILITIES_POLICIES, CFPC_VALUES, FEATURE_NAMES, FEATURE_SINCE, GIC_VERSIONS,
  HPT_RESIZING, HYPERV_MODE_CUSTOM, HYPERV_MODE_HOST_MODEL, HYPERV_MODE_PASSTHROUGH, HYPERV_MODES,
  HYPERV_NAMES, HYPERV_SINCE, Hyperv, IBS_VALUES, IOAPIC_DRIVERS, KVM_NAMES, KVM_SINCE, MSRS_UNKNOWN, PROCESS_CAPS,
  SBBC_VALUES, XEN_NAMES, XEN_PASSTHROUGH_MODES,
  type FeatureName, type FeaturesDef, type HypervName, type KvmDef,
} from '../model/features.js';
import type { ParseContext } from './context.js';
import { DomainParseError, unsupportedConfig, xmlError } from './errors.js';
import {
  NONZERO, parseMemoryKiB, parseScaledValue, propEnum, propTristateBool, propTristateSwitch, propUInt, REQUIRED,
  type Tristate,
} from './values.js';
import { childrenNamed, type XmlElement } from './xml-tree.js';

const ULLONG_MAX = (1n << 64n) - 1n;
const UINT_MAX = 0xffffffff;
const HYPERV_VENDOR_ID_MAX = 12;
const ON: Tristate = 1;

/** Version gates for parser behaviour that changed after 9.0.0. */
const SINCE = {
  /** Hyper-V passthrough mode ignores the enlightenment children (NEWS 11.0.0). */
  hypervPassthroughSkipsChildren: '11.0.0',
  /** `<tlbflush>` `<direct>`/`<extended>` children (NEWS 11.0.0). */
  tlbflushChildren: '11.0.0',
  /** host-model mode and optional spinlocks `retries` (NEWS 11.9.0). */
  hypervHostModel: '11.9.0',
  /** host-model children are parsed again (NEWS 12.1.0). */
  hypervHostModelChildren: '12.1.0',
  /**
   * UNPINNED: a repeated `<kvm>` element merges into the earlier one instead of replacing it:
   * Debian's 10.7.0 source still replaces it, 11.3.0 merges (measured); 11.3.0 stands for 10.8.0..11.3.0.
   */
  kvmMerge: '11.3.0',
} as const;

const HYPERV_MODE_VALUES_OLD = HYPERV_MODES.slice(0, HYPERV_MODE_HOST_MODEL);

const NO_FEATURES = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as Record<FeatureName, number>;

export function emptyFeatures(): FeaturesDef {
  return {
    state: { ...NO_FEATURES },
    apicEoi: 0,
    gicVersion: 0,
    hptResizing: 0,
    hptMaxPageSizeKiB: 0n,
    msrsUnknown: 0,
    hyperv: {
      features: new Array(HYPERV_NAMES.length).fill(0),
      spinlocks: 0,
      vendorId: undefined,
      stimerDirect: 0,
      tlbflushDirect: 0,
      tlbflushExtended: 0,
    },
    kvm: undefined,
    xen: new Array(XEN_NAMES.length).fill(0),
    xenPassthroughMode: 0,
    capsFeatures: new Array(PROCESS_CAPS.length).fill(0),
    tsegSpecified: false,
    tsegSize: 0n,
    tcgTbCacheKiB: undefined,
  };
}

function knownFeature(name: string, ctx: ParseContext): FeatureName | undefined {
  const i = (FEATURE_NAMES as readonly string[]).indexOf(name);
  if (i < 0) return undefined;
  const f = FEATURE_NAMES[i];
  const since = FEATURE_SINCE[f];
  return since && !ctx.atLeast(since) ? undefined : f;
}

function knownHyperv(name: string, ctx: ParseContext): number {
  const i = (HYPERV_NAMES as readonly string[]).indexOf(name);
  if (i < 0) return -1;
  const since = HYPERV_SINCE[name as HypervName];
  return since && !ctx.atLeast(since) ? -1 : i;
}


/** Optional `state` that defaults to on when omitted. */
function stateDefaultOn(el: XmlElement): Tristate {
  return propTristateSwitch(el, 'state') || ON;
}

function parseHyperv(f: FeaturesDef, node: XmlElement, ctx: ParseContext): void {
  const modes = ctx.atLeast(SINCE.hypervHostModel) ? HYPERV_MODES : HYPERV_MODE_VALUES_OLD;
  const mode = propEnum(node, 'mode', modes, NONZERO, HYPERV_MODE_CUSTOM);
  f.state.hyperv = mode;
  if (mode === HYPERV_MODE_PASSTHROUGH && ctx.atLeast(SINCE.hypervPassthroughSkipsChildren)) return;
  if (mode === HYPERV_MODE_HOST_MODEL && !ctx.atLeast(SINCE.hypervHostModelChildren)) return;

  const hv = f.hyperv;
  for (const el of node.children) {
    const feature = knownHyperv(el.name, ctx);
    if (feature < 0) throw unsupportedConfig(`unsupported HyperV Enlightenment feature: ${el.name}`);
    const value = propTristateSwitch(el, 'state', REQUIRED);
    hv.features[feature] = value;
    if (value !== ON) continue;

    switch (feature) {
      case Hyperv.stimer:
        for (const c of el.children) {
          if (c.name !== 'direct') throw unsupportedConfig(`unsupported Hyper-V stimer feature: ${c.name}`);
          hv.stimerDirect = propTristateSwitch(c, 'state', REQUIRED);
        }
        break;
      case Hyperv.tlbflush:
        if (!ctx.atLeast(SINCE.tlbflushChildren)) break;
        for (const c of el.children) {
          if (c.name === 'direct') hv.tlbflushDirect = propTristateSwitch(c, 'state', REQUIRED);
          else if (c.name === 'extended') hv.tlbflushExtended = propTristateSwitch(c, 'state', REQUIRED);
          else throw unsupportedConfig(`unsupported Hyper-V tlbflush feature: ${c.name}`);
        }
        break;
      case Hyperv.spinlocks:
        hv.spinlocks = ctx.atLeast(SINCE.hypervHostModel)
          ? propUInt(el, 'retries', 0, {}, UINT_MAX)
          : propUInt(el, 'retries', 0, REQUIRED);
        if (hv.spinlocks < 0xfff) throw xmlError('HyperV spinlock retry count must be at least 4095');
        break;
      case Hyperv.vendor_id: {
        const v = el.attrs.value;
        if (v === undefined) throw xmlError("missing 'value' attribute for HyperV feature 'vendor_id'");
        hv.vendorId = v;
        // STRLIM counts bytes
        if (Buffer.byteLength(v, 'utf8') > HYPERV_VENDOR_ID_MAX) {
          throw xmlError(`HyperV vendor_id value must not be more than ${HYPERV_VENDOR_ID_MAX} characters.`);
        }
        if (v.includes(',')) throw xmlError('HyperV vendor_id value is invalid');
        break;
      }
      default:
        break;
    }
  }
}

function parseKvm(f: FeaturesDef, node: XmlElement, ctx: ParseContext): void {
  const kvm: KvmDef = f.kvm && ctx.atLeast(SINCE.kvmMerge)
    ? f.kvm
    : { features: new Array(KVM_NAMES.length).fill(0), dirtyRingSize: 0 };
  for (const el of node.children) {
    const feature = (KVM_NAMES as readonly string[]).indexOf(el.name);
    const since = KVM_SINCE[el.name as (typeof KVM_NAMES)[number]];
    if (feature < 0 || (since && !ctx.atLeast(since))) throw unsupportedConfig(`unsupported KVM feature: ${el.name}`);
    const value = propTristateSwitch(el, 'state', REQUIRED);
    kvm.features[feature] = value;
    if (el.name === 'dirty-ring' && value === ON) {
      const size = propUInt(el, 'size', 0, REQUIRED);
      kvm.dirtyRingSize = size;
      if ((size & (size - 1)) !== 0 || size < 1024 || size > 65536) {
        throw xmlError('dirty ring must be power of 2 and ranges [1024, 65536]');
      }
    }
  }
  f.state.kvm = ON;
  f.kvm = kvm;
}

function parseXen(f: FeaturesDef, node: XmlElement): void {
  f.state.xen = ON;
  for (const el of node.children) {
    const feature = (XEN_NAMES as readonly string[]).indexOf(el.name);
    if (feature < 0) throw unsupportedConfig(`unsupported Xen feature: ${el.name}`);
    const value = propTristateSwitch(el, 'state', REQUIRED);
    f.xen[feature] = value;
    if (el.name === 'passthrough' && value === ON) {
      f.xenPassthroughMode = propEnum(el, 'mode', XEN_PASSTHROUGH_MODES, NONZERO);
    }
  }
}

function parseCapabilities(f: FeaturesDef, node: XmlElement): void {
  f.state.capabilities = propEnum(node, 'policy', CAPABILITIES_POLICIES);
  for (const el of node.children) {
    const cap = (PROCESS_CAPS as readonly string[]).indexOf(el.name);
    if (cap < 0) throw unsupportedConfig(`unexpected capability feature '${el.name}'`);
    f.capsFeatures[cap] = stateDefaultOn(el);
  }
}

function parseTcg(f: FeaturesDef, node: XmlElement): void {
  const tb = childrenNamed(node, 'tb-cache')[0];
  const kib = parseMemoryKiB(tb?.text, tb?.attrs.unit, './tb-cache', false) ?? 0n;
  if (kib === 0n) return;
  f.tcgTbCacheKiB = kib;
  f.state.tcg = ON;
}

/** First element at features/NAME/CHILD across every `<features>` (XPath string() of a node set). */
function firstNested(featuresEls: readonly XmlElement[], name: string, childName: string): XmlElement | undefined {
  for (const fe of featuresEls) {
    for (const el of fe.children) {
      if (el.name !== name) continue;
      for (const c of el.children) if (c.name === childName) return c;
    }
  }
  return undefined;
}

export function parseFeaturesXml(root: XmlElement, ctx: ParseContext): FeaturesDef {
  const f = emptyFeatures();
  const featuresEls = childrenNamed(root, 'features');
  for (const fe of featuresEls) {
    for (const node of fe.children) {
      const name = knownFeature(node.name, ctx);
      if (name === undefined) throw unsupportedConfig(`unexpected feature '${node.name}'`);
      switch (name) {
        case 'acpi': case 'pae': case 'viridian': case 'privnet': case 'virtualization':
          f.state[name] = ON;
          break;
        case 'apic':
          f.apicEoi = propTristateSwitch(node, 'eoi');
          f.state[name] = ON;
          break;
        case 'msrs':
          f.msrsUnknown = propEnum(node, 'unknown', MSRS_UNKNOWN, REQUIRED);
          f.state[name] = ON;
          break;
        case 'hyperv':
          parseHyperv(f, node, ctx);
          break;
        case 'kvm':
          parseKvm(f, node, ctx);
          break;
        case 'xen':
          parseXen(f, node);
          break;
        case 'capabilities':
          parseCapabilities(f, node);
          break;
        case 'vmcoreinfo': case 'hap': case 'pmu': case 'pvspinlock': case 'vmport':
          f.state[name] = stateDefaultOn(node);
          break;
        case 'smm': {
          const state = stateDefaultOn(node);
          f.state[name] = state;
          if (state === ON) {
            const tseg = firstNested(featuresEls, 'smm', 'tseg');
            const size = parseScaledValue(tseg?.text, tseg?.attrs.unit,
              'string(./features/smm/tseg)', 1024n * 1024n, ULLONG_MAX, false);
            f.tsegSpecified = size !== undefined;
            f.tsegSize = size ?? 0n;
          }
          break;
        }
        case 'gic':
          f.gicVersion = propEnum(node, 'version', GIC_VERSIONS, NONZERO);
          f.state[name] = ON;
          break;
        case 'ioapic':
          f.state[name] = propEnum(node, 'driver', IOAPIC_DRIVERS, NONZERO);
          break;
        case 'hpt': {
          f.hptResizing = propEnum(node, 'resizing', HPT_RESIZING, NONZERO);
          const mps = firstNested(featuresEls, 'hpt', 'maxpagesize');
          let bytes: bigint;
          try {
            bytes = parseScaledValue(mps?.text, mps?.attrs.unit, './features/hpt/maxpagesize', 1024n, ULLONG_MAX, false) ?? 0n;
          } catch (e) {
            if (e instanceof DomainParseError) throw unsupportedConfig('Unable to parse HPT maxpagesize setting');
            throw e;
          }
          f.hptMaxPageSizeKiB = (bytes + 1023n) / 1024n;
          if (f.hptResizing !== 0 || f.hptMaxPageSizeKiB > 0n) f.state[name] = ON;
          break;
        }
        case 'cfpc':
          f.state[name] = propEnum(node, 'value', CFPC_VALUES, NONZERO);
          break;
        case 'sbbc':
          f.state[name] = propEnum(node, 'value', SBBC_VALUES, NONZERO);
          break;
        case 'ibs':
          f.state[name] = propEnum(node, 'value', IBS_VALUES, NONZERO);
          break;
        case 'htm': case 'nested-hv': case 'ccf-assist': case 'ras': case 'ps2':
          f.state[name] = propTristateSwitch(node, 'state', REQUIRED);
          break;
        case 'aia':
          f.state[name] = propEnum(node, 'value', AIA_VALUES, NONZERO);
          break;
        case 'tcg':
          parseTcg(f, node);
          break;
        case 'async-teardown':
          f.state[name] = propTristateBool(node, 'enabled') || ON;
          break;
      }
    }
  }
  return f;
}
