// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { SHMEM_MODELS, SHMEM_ROLES, type ShmemDef } from '../model/platform-devices.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainShmemDefCheckABIStability';

export const shmemSteps: Step<Domain>[] = [
  list<Domain, ShmemDef>({
    id: 'shmem/list', select: (d) => d.devices.shmems, itemPath: devicePath('shmem'),
    count: rule<readonly ShmemDef[]>({
      id: 'shmem/count', family: 'shmem', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/shmem',
      format: 'Target domain shared memory device count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<ShmemDef>({
        id: 'shmem/role', family: 'shmem', libvirtFunction: FN, where: '@role',
        format: "Target shared memory role '%1$s' does not match source role '%2$s'",
        check: (s, d) => differ(s.role, d.role, (r) => SHMEM_ROLES[r]),
      }),
      rule<ShmemDef>({
        id: 'shmem/model', family: 'shmem', libvirtFunction: FN, where: 'model/@type',
        format: "Target shared memory model '%1$s' does not match source model '%2$s'",
        check: (s, d) => differ(s.model, d.model, (m) => SHMEM_MODELS[m]),
      }),
      rule<ShmemDef>({
        id: 'shmem/size', family: 'shmem', libvirtFunction: FN, where: 'size',
        format: "Target shared memory size '%1$llu' does not match source size '%2$llu'",
        check: (s, d) => differ(s.size, d.size),
      }),
      rule<ShmemDef>({
        id: 'shmem/server', family: 'shmem', libvirtFunction: FN, where: 'server',
        format: "Target shared memory server usage doesn't match source",
        check: (s, d) => (s.server !== d.server ? [] : undefined),
      }),
      rule<ShmemDef>({
        id: 'shmem/msi', family: 'shmem', libvirtFunction: FN, where: 'msi',
        format: "Target shared memory MSI configuration doesn't match source",
        check: (s, d) => (s.msi.vectors !== d.msi.vectors || s.msi.enabled !== d.msi.enabled ||
          s.msi.ioeventfd !== d.msi.ioeventfd ? [] : undefined),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
