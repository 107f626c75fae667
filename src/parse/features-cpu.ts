/**
 * Owned by the features/cpu helper: `<features>` and `<cpu>` parsing (features-xml.ts,
 * cpu-xml.ts), the generic post-parse check on the CPU and the validation of its topology.
 */
import type { Domain } from '../model/domain.js';
import type { FeaturesDef } from '../model/features.js';
import { CPU_CHECK_DEFAULT, CPU_MODE_CUSTOM, type CpuDef } from '../model/cpu.js';
import type { ParseContext } from './context.js';
import { CPU_SINCE, parseCpuXml } from './cpu-xml.js';
import { rejectedAtPath, unsupportedConfig, within } from './errors.js';
import { parseFeaturesXml } from './features-xml.js';
import { child, type XmlElement } from './xml-tree.js';

export function parseFeatures(root: XmlElement, ctx: ParseContext): FeaturesDef {
  return within(child(root, 'features'), () => parseFeaturesXml(root, ctx));
}

export function parseCpu(root: XmlElement, ctx: ParseContext): CpuDef | undefined {
  return within(child(root, 'cpu'), () => parseCpuXml(root, ctx));
}

/** virDomainDefPostParseCPU (the generic post-parse's last step). */
export function postParseFeaturesCpu(dom: Domain, _ctx: ParseContext): void {
  const cpu = dom.cpu;
  if (cpu && cpu.mode === CPU_MODE_CUSTOM && !cpu.model && cpu.check !== CPU_CHECK_DEFAULT) {
    throw rejectedAtPath('/domain/cpu', unsupportedConfig('check attribute specified for CPU with no model'));
  }
}

const UINT_MAX = 0xffffffffn;

/**
 * virDomainDefGetVcpusTopology: the vCPU count of `<topology>`, undefined without one, or
 * 'overflow' past UINT_MAX at any step (where libvirt reports its error).
 */
export function vcpusTopology(cpu: CpuDef | undefined, profile: { atLeast(v: string): boolean }): number | undefined | 'overflow' {
  if (!cpu || cpu.sockets === 0) return undefined;
  const factors = profile.atLeast(CPU_SINCE.clusters)
    ? [cpu.dies, cpu.clusters, cpu.cores, cpu.threads]
    : [cpu.dies, cpu.cores, cpu.threads];
  let total = BigInt(cpu.sockets);
  for (const f of factors) {
    total *= BigInt(f);
    if (total > UINT_MAX) return 'overflow';
  }
  return Number(total);
}

/** virDomainDefGetVcpusTopology as run by virDomainDefValidateInternal. */
export function validateFeaturesCpu(dom: Domain, ctx: ParseContext): void {
  if (vcpusTopology(dom.cpu, ctx) === 'overflow') throw unsupportedConfig('cpu topology results in more than 4294967295 cpus');
}
