// Owned by the general helper: rules of this family in libvirt's evaluation order.
// virDomainNumaCheckABIStability (numa_conf.c): node count, then per node size, CPUs, distances.
import type { Domain } from '../model/domain.js';
import type { NumaCellDef } from '../model/general.js';
import { bitmapsEqual } from '../parse/general-bitmap.js';
import { differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainNumaCheckABIStability';

/** virDomainNumaGetNodeDistance: what is set, else 10 to itself and 20 to the others */
const distance = (c: NumaCellDef, j: number): number => c.distances?.get(j) || (j === c.index ? 10 : 20);

export const numaSteps: Step<Domain>[] = [
  list<Domain, NumaCellDef>({
    id: 'numa/cells', select: (d) => d.numa.cells, itemPath: (i) => `cpu/numa/cell[${i + 1}]`,
    count: rule<readonly NumaCellDef[]>({
      id: 'numa/node-count', family: 'numa', libvirtFunction: FN, where: 'cpu/numa',
      format: "Target NUMA node count '%1$zu' doesn't match source '%2$zu'",
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<NumaCellDef>({
        id: 'numa/cell-memory', family: 'numa', libvirtFunction: FN, where: '@memory',
        format: "Size of target NUMA node %1$zu (%2$llu) doesn't match source (%3$llu)",
        check: (s, d) => (s.memory !== d.memory ? [s.index, d.memory, s.memory] : undefined),
      }),
      rule<NumaCellDef>({
        id: 'numa/cell-cpus', family: 'numa', libvirtFunction: FN, where: '@cpus',
        format: "Processor mask of target NUMA node %1$zu doesn't match source",
        check: (s, d) => (bitmapsEqual(s.cpus, d.cpus) ? undefined : [s.index]),
      }),
      rule<NumaCellDef>({
        id: 'numa/cell-distance', family: 'numa', libvirtFunction: FN, where: 'distances',
        format: "Target NUMA distance from %1$zu to %2$zu doesn't match source",
        check: (s, d) => {
          // only a distance set on either side can differ: the first such j in libvirt's 0..n loop
          const set = [...new Set([...s.distances?.keys() ?? [], ...d.distances?.keys() ?? []])].sort((a, b) => a - b);
          const j = set.find((k) => distance(s, k) !== distance(d, k));
          return j === undefined ? undefined : [s.index, j];
        },
      }),
    ],
  }),
];
