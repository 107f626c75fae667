// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { RedirdevDef } from '../model/peripherals.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainRedirdevDefCheckABIStability';

export const redirdevCountRule = rule<readonly RedirdevDef[]>({
  id: 'redirdev/count', family: 'redirdev', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/redirdev',
  format: 'Target domain redirected devices count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

export const redirdevBusRule = rule<RedirdevDef>({
  id: 'redirdev/bus', family: 'redirdev', libvirtFunction: FN, where: '@bus',
  format: 'Target redirected device bus %1$s does not match source %2$s',
  check: (s, d) => differ(s.bus, d.bus),
});

/** USB redirection: the character device type is guest-visible. */
export const redirdevSourceTypeRule = rule<RedirdevDef>({
  id: 'redirdev/source-type', family: 'redirdev', libvirtFunction: FN, where: '@type',
  format: 'Target redirected device source type %1$s does not match source device source type %2$s',
  check: (s, d) => (s.bus === 'usb' ? differ(s.sourceType, d.sourceType) : undefined),
});

export const redirdevSteps: Step<Domain>[] = [
  list<Domain, RedirdevDef>({
    id: 'redirdev/list', select: (dom) => dom.devices.redirdevs, itemPath: devicePath('redirdev'),
    count: redirdevCountRule,
    each: [redirdevBusRule, redirdevSourceTypeRule, ...deviceInfoSteps],
  }),
];
