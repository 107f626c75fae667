/**
 * virCPUDefIsEqual(src, dst, true) (cpu_conf.c): presence, then type, mode, check, arch, model,
 * vendor, vendor_id, topology, maxphysaddr, features (count, then name and policy of each in
 * order) and cache. Messages print the destination first.
 */
import {
  CPU_CHECKS, CPU_FEATURE_POLICIES, CPU_MODES, CPU_TYPES,
  type CpuDef, type CpuFeatureDef,
} from '../model/cpu.js';
import type { Domain } from '../model/domain.js';
import { differ, list, rule, sub, type Step } from './framework.js';

const FAMILY = 'cpu';
const FN = 'virCPUDefIsEqual';

/** NULLSTR(): a NULL string prints as <null>. */
const nullstr = (v: string | undefined): string => v ?? '<null>';
/** %d of an unsigned int field. */
const int32 = (v: number): number => v | 0;

const cpuRule = (id: string, format: string, where: string | undefined, check: (s: CpuDef, d: CpuDef) => ReturnType<typeof differ>, since?: string) =>
  rule<CpuDef>({ id: `cpu/${id}`, family: FAMILY, libvirtFunction: FN, format, where, since, check });

const topologyRule = (field: 'sockets' | 'dies' | 'clusters' | 'cores' | 'threads', since?: string) =>
  cpuRule(field, `Target CPU ${field} %1$d does not match source %2$d`, `topology/@${field}`,
    (s, d) => differ(s[field], d[field], int32), since);

const sameMaxPhysAddr = (s: CpuDef, d: CpuDef): boolean => {
  const a = s.maxPhysAddr;
  const b = d.maxPhysAddr;
  if (!a || !b) return a === b;
  return a.mode === b.mode && a.bits === b.bits;
};

const sameCache = (s: CpuDef, d: CpuDef): boolean => {
  const a = s.cache;
  const b = d.cache;
  if (!a || !b) return a === b;
  return a.level === b.level && a.mode === b.mode;
};

const cpuSubSteps: Step<CpuDef>[] = [
  cpuRule('type', 'Target CPU type %1$s does not match source %2$s', undefined, (s, d) => differ(s.type, d.type, (v) => CPU_TYPES[v])),
  cpuRule('mode', 'Target CPU mode %1$s does not match source %2$s', '@mode', (s, d) => differ(s.mode, d.mode, (v) => CPU_MODES[v])),
  cpuRule('check', 'Target CPU check %1$s does not match source %2$s', '@check', (s, d) => differ(s.check, d.check, (v) => CPU_CHECKS[v])),
  cpuRule('arch', 'Target CPU arch %1$s does not match source %2$s', 'arch', (s, d) => differ(s.arch, d.arch)),
  cpuRule('model', 'Target CPU model %1$s does not match source %2$s', 'model', (s, d) => differ(s.model, d.model, nullstr)),
  cpuRule('vendor', 'Target CPU vendor %1$s does not match source %2$s', 'vendor', (s, d) => differ(s.vendor, d.vendor, nullstr)),
  cpuRule('vendor-id', 'Target CPU vendor id %1$s does not match source %2$s', 'model/@vendor_id', (s, d) => differ(s.vendorId, d.vendorId, nullstr)),
  topologyRule('sockets'),
  topologyRule('dies'),
  topologyRule('clusters', '10.1.0'),
  topologyRule('cores'),
  topologyRule('threads'),
  cpuRule('maxphysaddr', 'Target CPU maxphysaddr does not match source', 'maxphysaddr', (s, d) => sameMaxPhysAddr(s, d) ? undefined : []),
  list<CpuDef, CpuFeatureDef>({
    id: 'cpu/features',
    select: (c) => c.features,
    itemPath: (i) => `feature[${i + 1}]`,
    count: rule<readonly CpuFeatureDef[]>({
      id: 'cpu/feature-count', family: FAMILY, libvirtFunction: FN, where: 'feature',
      format: 'Target CPU feature count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<CpuFeatureDef>({
        id: 'cpu/feature-name', family: FAMILY, libvirtFunction: FN, where: '@name',
        format: 'Target CPU feature %1$s does not match source %2$s',
        check: (s, d) => differ(s.name, d.name),
      }),
      rule<CpuFeatureDef>({
        id: 'cpu/feature-policy', family: FAMILY, libvirtFunction: FN, where: '@policy',
        format: 'Target CPU feature policy %1$s does not match source %2$s',
        check: (s, d) => differ(s.policy, d.policy, (v) => CPU_FEATURE_POLICIES[v]),
      }),
    ],
  }),
  cpuRule('cache', 'Target CPU cache does not match source', 'cache', (s, d) => sameCache(s, d) ? undefined : []),
];

export const cpuSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'cpu/presence', family: FAMILY, libvirtFunction: FN, where: 'cpu',
    format: 'Target CPU does not match source',
    check: (s, d) => (s.cpu === undefined) !== (d.cpu === undefined) ? [] : undefined,
  }),
  sub<Domain, CpuDef>({ id: 'cpu', select: (d) => d.cpu, where: 'cpu', steps: cpuSubSteps }),
];
