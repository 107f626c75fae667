// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { HubDef } from '../model/peripherals.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

export const hubCountRule = rule<readonly HubDef[]>({
  id: 'hub/count', family: 'hub', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/hub',
  format: 'Target domain hub device count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

export const hubTypeRule = rule<HubDef>({
  id: 'hub/type', family: 'hub', libvirtFunction: 'virDomainHubDefCheckABIStability', where: '@type',
  format: 'Target hub device type %1$s does not match source %2$s',
  check: (s, d) => differ(s.type, d.type),
});

export const hubSteps: Step<Domain>[] = [
  list<Domain, HubDef>({
    id: 'hub/list', select: (dom) => dom.devices.hubs, itemPath: devicePath('hub'),
    count: hubCountRule,
    each: [hubTypeRule, ...deviceInfoSteps],
  }),
];
