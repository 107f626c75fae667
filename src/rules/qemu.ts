/**
 * The QEMU driver's hook (qemuDomainABIStabilityCheck, xmlopt->abi.domain), run after every
 * generic rule when the definitions belong to the QEMU driver. The generic parser of the
 * labelled corpora has no such hook, so these run only with `--driver qemu`.
 */
import type { Domain } from '../model/domain.js';
import { differ, rule, sub, type Step } from './framework.js';

const FN = 'qemuDomainABIStabilityCheck';
const MEMORY_SOURCES = ['none', 'file', 'anonymous', 'memfd'];

const memoryBackingSource = rule<Domain>({
  id: 'qemu/memory-backing-source', family: 'qemu', libvirtFunction: FN, where: 'memoryBacking/source/@type',
  // libvirt's text has no space before the second quote
  format: "Target memoryBacking source '%1$s' doesn't match source memoryBacking source'%2$s'",
  check: (s, d) => differ(s.mem.source, d.mem.source, (v) => MEMORY_SOURCES[v]),
});

const memoryDeviceAlias = rule<Domain>({
  id: 'qemu/memory-device-alias', family: 'qemu', libvirtFunction: FN, where: 'devices/memory/alias/@name',
  format: "Target memory device alias '%1$s' doesn't match source alias '%2$s'",
  check: (s, d) => {
    // loops over the source's devices (the generic count rule compared the lengths) and passes
    // the source alias first, so libvirt's labels come out swapped
    for (let i = 0; i < s.devices.memories.length && i < d.devices.memories.length; i++) {
      const a = s.devices.memories[i].info.alias;
      const b = d.devices.memories[i].info.alias;
      // NULLSTR(): a missing alias prints <null>
      if (a !== b) return [a ?? '<null>', b ?? '<null>'];
    }
    return undefined;
  },
});

export const qemuSteps: Step<Domain>[] = [
  sub<Domain, Domain>({
    id: 'qemu/hook', select: (d) => d, when: (_s, _d, ctx) => ctx.driver === 'qemu',
    condition: "only with `--driver qemu` (the QEMU driver's own check, qemuDomainABIStabilityCheck)",
    steps: [
      memoryBackingSource,
      memoryDeviceAlias,
    ],
  }),
];
