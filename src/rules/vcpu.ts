// Owned by the general helper: rules of this family in libvirt's evaluation order.
// virDomainDefVcpuCheckAbiStability: maximum, then each vCPU's state and enable order.
import type { Domain } from '../model/domain.js';
import type { VcpuDef } from '../model/general.js';
import { differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainDefVcpuCheckAbiStability';

export const vcpuSteps: Step<Domain>[] = [
  list<Domain, VcpuDef>({
    id: 'vcpu/list', select: (d) => d.vcpus.list, itemPath: (i) => `vcpus/vcpu[@id='${i}']`,
    count: rule<readonly VcpuDef[]>({
      id: 'vcpu/max', family: 'vcpu', libvirtFunction: FN, where: 'vcpu',
      format: 'Target domain vCPU max %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<VcpuDef>({
        id: 'vcpu/online', family: 'vcpu', libvirtFunction: FN, where: '@enabled',
        format: "State of vCPU '%1$zu' differs between source and destination definitions",
        check: (s, d) => (s.online !== d.online ? [s.id] : undefined),
      }),
      rule<VcpuDef>({
        id: 'vcpu/order', family: 'vcpu', libvirtFunction: FN, where: '@order',
        format: "vcpu enable order of vCPU '%1$zu' differs between source and destination definitions",
        check: (s, d) => (s.order !== d.order ? [s.id] : undefined),
      }),
    ],
  }),
];
