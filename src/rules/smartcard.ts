// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { SmartcardDef } from '../model/peripherals.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

export const smartcardCountRule = rule<readonly SmartcardDef[]>({
  id: 'smartcard/count', family: 'smartcard', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/smartcard',
  format: 'Target domain smartcard count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

/** virDomainSmartcardDefCheckABIStability compares the device info only. */
export const smartcardSteps: Step<Domain>[] = [
  list<Domain, SmartcardDef>({
    id: 'smartcard/list', select: (dom) => dom.devices.smartcards, itemPath: devicePath('smartcard'),
    count: smartcardCountRule,
    each: [...deviceInfoSteps],
  }),
];
