// Owned by the general helper: rules of this family in libvirt's evaluation order.
// virDomainMemtuneCheckABIStability
import type { Domain } from '../model/domain.js';
import { differ, rule, type Step } from './framework.js';

const FN = 'virDomainMemtuneCheckABIStability';

/** virDomainDefGetMemoryInitial: total memory minus the memory devices (KiB). */
export function initialMemory(d: Domain): bigint {
  let total = d.mem.totalMemory;
  for (const m of d.devices.memories) total -= m.size;
  return total;
}

export const memtuneSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'memtune/initial-memory', family: 'memtune', libvirtFunction: FN, where: 'memory',
    // "max" in the text, but the value is the initial memory
    format: 'Target domain max memory %1$lld does not match source %2$lld',
    check: (s, d) => differ(initialMemory(s), initialMemory(d)),
  }),
  rule<Domain>({
    id: 'memtune/current-memory', family: 'memtune', libvirtFunction: FN, where: 'currentMemory',
    format: 'Target domain current memory %1$lld does not match source %2$lld',
    condition: 'not with `--skip-volatile` (QEMU live migration does not compare current memory)',
    check: (s, d, ctx) => (ctx.skipVolatile ? undefined : differ(s.mem.curBalloon, d.mem.curBalloon)),
  }),
  rule<Domain>({
    id: 'memtune/max-memory', family: 'memtune', libvirtFunction: FN, where: 'maxMemory',
    format: "Target maximum memory size '%1$llu' doesn't match source '%2$llu'",
    check: (s, d) => differ(s.mem.maxMemory, d.mem.maxMemory),
  }),
  rule<Domain>({
    id: 'memtune/memory-slots', family: 'memtune', libvirtFunction: FN, where: 'maxMemory/@slots',
    format: "Target domain memory slots count '%1$u' doesn't match source '%2$u'",
    check: (s, d) => differ(s.mem.memorySlots, d.mem.memorySlots),
  }),
];
