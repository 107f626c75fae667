// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { WATCHDOG_MODELS, type WatchdogDef } from '../model/platform-devices.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

export const watchdogSteps: Step<Domain>[] = [
  list<Domain, WatchdogDef>({
    id: 'watchdog/list', select: (d) => d.devices.watchdogs, itemPath: devicePath('watchdog'),
    count: rule<readonly WatchdogDef[]>({
      id: 'watchdog/count', family: 'watchdog', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/watchdog',
      messages: [
        // 9.0.0 allows one watchdog and compares its presence
        { since: '9.0.0', format: 'Target domain watchdog count %d does not match source %d' },
        { since: '9.1.0', format: 'Target domain watchdog device count %1$zu does not match source %2$zu' },
      ],
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<WatchdogDef>({
        id: 'watchdog/model', family: 'watchdog', libvirtFunction: 'virDomainWatchdogDefCheckABIStability', where: '@model',
        format: 'Target watchdog model %1$s does not match source %2$s',
        check: (s, d) => differ(s.model, d.model, (m) => WATCHDOG_MODELS[m]),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
