// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { RNG_MODELS, type RngDef } from '../model/platform-devices.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

export const rngSteps: Step<Domain>[] = [
  list<Domain, RngDef>({
    id: 'rng/list', select: (d) => d.devices.rngs, itemPath: devicePath('rng'),
    count: rule<readonly RngDef[]>({
      id: 'rng/count', family: 'rng', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/rng',
      format: 'Target domain RNG device count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<RngDef>({
        id: 'rng/model', family: 'rng', libvirtFunction: 'virDomainRNGDefCheckABIStability', where: '@model',
        format: "Target RNG model '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.model, d.model, (m) => RNG_MODELS[m]),
      }),
      ...virtioSteps,
      ...deviceInfoSteps,
    ],
  }),
];
