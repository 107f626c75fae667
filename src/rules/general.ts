// Owned by the general helper: rules of this family in libvirt's evaluation order.
// virDomainDefCheckABIStabilityFlags: virt type, uuid, genid, name.
import type { Domain } from '../model/domain.js';
import { differ, rule, type Step } from './framework.js';

const FN = 'virDomainDefCheckABIStabilityFlags';

export const generalSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'general/virt-type', family: 'virtType', libvirtFunction: FN, where: '@type',
    format: 'Target domain virt type %1$s does not match source %2$s',
    check: (s, d) => differ(s.virtType, d.virtType),
  }),
  rule<Domain>({
    id: 'general/uuid', family: 'uuid', libvirtFunction: FN, where: 'uuid',
    format: 'Target domain uuid %1$s does not match source %2$s',
    check: (s, d) => differ(s.uuid, d.uuid),
  }),
  rule<Domain>({
    id: 'general/genid-requested', family: 'genid', libvirtFunction: FN, where: 'genid',
    format: 'Target domain requested genid does not match source',
    check: (s, d) => (s.genid.requested !== d.genid.requested ? [] : undefined),
  }),
  rule<Domain>({
    id: 'general/genid', family: 'genid', libvirtFunction: FN, where: 'genid',
    format: 'Target domain genid %1$s does not match source %2$s',
    check: (s, d) => (s.genid.requested ? differ(s.genid.value, d.genid.value) : undefined),
  }),
  rule<Domain>({
    id: 'general/name', family: 'name', libvirtFunction: FN, where: 'name',
    format: "Target domain name '%1$s' does not match source '%2$s'",
    check: (s, d) => differ(s.name, d.name),
  }),
];
