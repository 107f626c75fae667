// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { PSTORE_BACKENDS, type PstoreDef } from '../model/platform-devices.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { differ, rule, sub, type Step } from './framework.js';

const SINCE = '10.6.0';
const FN = 'virDomainPstoreDefCheckABIStability';

export const pstoreSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'pstore/count', family: 'pstore', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/pstore', since: SINCE,
    format: 'Target domain pstore device count does not match source',
    check: (s, d) => (!s.devices.pstore !== !d.devices.pstore ? [] : undefined),
  }),
  sub<Domain, PstoreDef>({
    id: 'pstore/device', where: 'devices/pstore', select: (d) => d.devices.pstore,
    when: (_s, _d, ctx) => ctx.profile.number >= 10_006_000, condition: 'libvirt 10.6.0 and later',
    steps: [
      rule<PstoreDef>({
        id: 'pstore/backend', family: 'pstore', libvirtFunction: FN, where: '@backend', since: SINCE,
        format: "Target pstore device backend '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.backend, d.backend, (b) => PSTORE_BACKENDS[b]),
      }),
      rule<PstoreDef>({
        id: 'pstore/size', family: 'pstore', libvirtFunction: FN, where: 'size', since: SINCE,
        format: "Target pstore size '%1$llu' does not match source '%2$llu'",
        check: (s, d) => differ(s.size, d.size),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
