/**
 * virCPUDefParseXML for the domain's `./cpu[1]` (type guest): mode/match/check, model with
 * fallback and vendor_id, vendor, topology, features and policies, cache and maxphysaddr.
 * `<numa>` is left to the NUMA family.
 */
import {
  CPU_CACHE_MODES, CPU_CHECKS, CPU_FALLBACKS, CPU_FEATURE_POLICIES, CPU_FEATURE_REQUIRE, CPU_MATCHES,
  CPU_MAXPHYSADDR_MODES, CPU_MAXPHYSADDR_PASSTHROUGH, CPU_MODE_CUSTOM, CPU_MODE_HOST_PASSTHROUGH,
  CPU_MODE_MAXIMUM, CPU_MODES, CPU_TYPE_GUEST,
  type CpuCacheDef, type CpuDef, type CpuFeatureDef, type CpuMaxPhysAddrDef,
} from '../model/cpu.js';
import type { ParseContext } from './context.js';
import { atElement, unsupportedConfig, xmlError } from './errors.js';
import { NONNEGATIVE, NONZERO, propEnum, propInt, propTristateSwitch, propUInt, REQUIRED, REQUIRED_NONZERO } from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

const VENDOR_ID_LENGTH = 12;

export const CPU_SINCE = {
  /** `<cpu mode='maximum'>` (formatdomain: since 7.1.0) */
  maximum: '7.1.0',
  /** `<maxphysaddr limit=>` (NEWS 9.3.0: maximum physical address handling) */
  maxPhysAddrLimit: '9.3.0',
  /** `<topology clusters=>` (NEWS 10.1.0) */
  clusters: '10.1.0',
  /**
   * `<cpu deprecated_features=>`: absent from 9.0.0, parsed by 11.3.0; exact release not
   * pinned (libvirt commit "conf: add deprecated_features attribute").
   */
  deprecatedFeatures: '11.0.0',
} as const;

/** virXPathString: text, or undefined when the element is missing or the text empty. */
function xpathString(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function parseTopology(cpu: CpuDef, topology: XmlElement, ctx: ParseContext): void {
  cpu.sockets = propUInt(topology, 'sockets', 10, REQUIRED_NONZERO);
  cpu.dies = propUInt(topology, 'dies', 10, NONZERO, 1);
  if (ctx.atLeast(CPU_SINCE.clusters)) cpu.clusters = propUInt(topology, 'clusters', 10, NONZERO, 1);
  cpu.cores = propUInt(topology, 'cores', 10, REQUIRED_NONZERO);
  cpu.threads = propUInt(topology, 'threads', 10, REQUIRED_NONZERO);
}

function parseFeatureList(cpu: CpuDef, nodes: XmlElement[]): void {
  if (nodes.length && !cpu.model && cpu.mode === CPU_MODE_CUSTOM) {
    throw xmlError('Non-empty feature list specified without CPU model');
  }
  const seen = new Set<string>();
  const out: CpuFeatureDef[] = [];
  for (const node of nodes) {
    const raw = node.attrs.policy;
    const policy = raw === undefined ? CPU_FEATURE_REQUIRE : (CPU_FEATURE_POLICIES as readonly string[]).indexOf(raw);
    if (policy < 0) throw atElement(node, unsupportedConfig('Invalid CPU feature policy'));
    const name = node.attrs.name;
    if (!name) throw xmlError('Invalid CPU feature name');
    if (seen.has(name)) throw xmlError(`CPU feature '${name}' specified more than once`);
    seen.add(name);
    out.push({ name, policy });
  }
  cpu.features = out;
}

function parseCache(node: XmlElement): CpuCacheDef {
  const level = propInt(node, 'level', 10, NONNEGATIVE, -1);
  if (node.attrs.level !== undefined && (level < 1 || level > 3)) {
    throw xmlError('invalid CPU cache level, must be in range [1,3]');
  }
  const mode = propEnum(node, 'mode', CPU_CACHE_MODES, REQUIRED);
  return { level, mode };
}

function parseMaxPhysAddr(node: XmlElement, ctx: ParseContext): CpuMaxPhysAddrDef {
  const mode = propEnum(node, 'mode', CPU_MAXPHYSADDR_MODES, REQUIRED);
  const bits = propInt(node, 'bits', 10, NONNEGATIVE, -1);
  let limit = 0;
  if (ctx.atLeast(CPU_SINCE.maxPhysAddrLimit)) {
    limit = propUInt(node, 'limit', 10);
    if (node.attrs.limit !== undefined && mode !== CPU_MAXPHYSADDR_PASSTHROUGH) {
      throw unsupportedConfig("attribute 'limit' is only supported for maxphysaddr mode 'passthrough'");
    }
  }
  return { mode, bits, limit };
}

export function parseCpuXml(root: XmlElement, ctx: ParseContext): CpuDef | undefined {
  const node = child(root, 'cpu');
  if (!node) return undefined;
  const cpu: CpuDef = {
    type: CPU_TYPE_GUEST, mode: CPU_MODE_CUSTOM, match: 0, check: 0, fallback: 0, migratable: 0,
    deprecatedFeatures: 0, arch: 'none', model: undefined, vendor: undefined, vendorId: undefined,
    sockets: 0, dies: 0, clusters: 0, cores: 0, threads: 0, features: [], cache: undefined, maxPhysAddr: undefined,
  };

  const mode = node.attrs.mode;
  if (mode !== undefined) {
    cpu.mode = (CPU_MODES as readonly string[]).indexOf(mode);
    if (cpu.mode === CPU_MODE_MAXIMUM && !ctx.atLeast(CPU_SINCE.maximum)) cpu.mode = -1;
    if (cpu.mode < 0) throw unsupportedConfig(`Invalid mode attribute '${mode}'`);
  }
  const passthroughLike = cpu.mode === CPU_MODE_HOST_PASSTHROUGH || cpu.mode === CPU_MODE_MAXIMUM;

  cpu.migratable = propTristateSwitch(node, 'migratable');
  if (node.attrs.migratable !== undefined && !passthroughLike) {
    throw unsupportedConfig("Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
  }
  if (ctx.atLeast(CPU_SINCE.deprecatedFeatures)) cpu.deprecatedFeatures = propTristateSwitch(node, 'deprecated_features');

  cpu.match = propEnum(node, 'match', CPU_MATCHES);
  cpu.check = propEnum(node, 'check', CPU_CHECKS);

  const modelEl = child(node, 'model');
  cpu.model = xpathString(modelEl?.text);

  if (!passthroughLike && modelEl) {
    const fallback = xpathString(modelEl.attrs.fallback);
    if (fallback !== undefined) {
      cpu.fallback = (CPU_FALLBACKS as readonly string[]).indexOf(fallback);
      if (cpu.fallback < 0) throw unsupportedConfig('Invalid fallback attribute');
    }
    const vendorId = xpathString(modelEl.attrs.vendor_id);
    if (vendorId !== undefined) {
      if (Buffer.byteLength(vendorId, 'utf8') !== VENDOR_ID_LENGTH) {
        throw xmlError(`vendor_id must be exactly ${VENDOR_ID_LENGTH} characters long`);
      }
      if (vendorId.includes(',')) throw xmlError('vendor id is invalid');
      cpu.vendorId = vendorId;
    }
  }

  cpu.vendor = xpathString(child(node, 'vendor')?.text);
  if (cpu.vendor !== undefined && cpu.model === undefined) throw xmlError('CPU vendor specified without CPU model');

  const topology = child(node, 'topology');
  if (topology) parseTopology(cpu, topology, ctx);

  parseFeatureList(cpu, childrenNamed(node, 'feature'));

  const caches = childrenNamed(node, 'cache');
  if (caches.length > 1) throw xmlError('at most one CPU cache element may be specified');
  if (caches.length) cpu.cache = parseCache(caches[0]);

  const maxPhysAddr = child(node, 'maxphysaddr');
  if (maxPhysAddr) cpu.maxPhysAddr = parseMaxPhysAddr(maxPhysAddr, ctx);

  return cpu;
}
