// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { PANIC_MODELS, type PanicDef } from '../model/platform-devices.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

export const panicSteps: Step<Domain>[] = [
  list<Domain, PanicDef>({
    id: 'panic/list', select: (d) => d.devices.panics, itemPath: devicePath('panic'),
    count: rule<readonly PanicDef[]>({
      id: 'panic/count', family: 'panic', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/panic',
      format: 'Target domain panic device count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<PanicDef>({
        id: 'panic/model', family: 'panic', libvirtFunction: 'virDomainPanicDefCheckABIStability', where: '@model',
        format: "Target panic model '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.model, d.model, (m) => PANIC_MODELS[m]),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
