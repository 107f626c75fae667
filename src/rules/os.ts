// Owned by the general helper: rules of this family in libvirt's evaluation order.
// virDomainDefCheckABIStabilityFlags: OS type, architecture, machine type, SMBIOS mode.
import type { Domain } from '../model/domain.js';
import { SMBIOS_MODES } from '../model/general.js';
import { differ, rule, type Step } from './framework.js';

const FN = 'virDomainDefCheckABIStabilityFlags';

export const osSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'os/type', family: 'os', libvirtFunction: FN, where: 'os/type',
    format: 'Target domain OS type %1$s does not match source %2$s',
    check: (s, d) => differ(s.os.type, d.os.type),
  }),
  rule<Domain>({
    id: 'os/arch', family: 'os', libvirtFunction: FN, where: 'os/type/@arch',
    format: 'Target domain architecture %1$s does not match source %2$s',
    check: (s, d) => differ(s.os.arch, d.os.arch),
  }),
  rule<Domain>({
    id: 'os/machine', family: 'os', libvirtFunction: FN, where: 'os/type/@machine',
    format: 'Target domain machine type %1$s does not match source %2$s',
    check: (s, d) => differ(s.os.machine, d.os.machine),
  }),
  rule<Domain>({
    id: 'os/smbios-mode', family: 'os', libvirtFunction: FN, where: 'os/smbios/@mode',
    format: 'Target domain SMBIOS mode %1$s does not match source %2$s',
    check: (s, d) => differ(s.os.smbiosMode, d.os.smbiosMode, (m) => SMBIOS_MODES[m]),
  }),
];
