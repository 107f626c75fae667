// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { InputDef } from '../model/peripherals.js';
import { INPUT_BUS_DEFAULT_SINCE, INPUT_BUS_TABLE_9, INPUT_BUS_TABLE_NEW } from '../parse/input.js';
import { atLeast } from '../model/profile.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainInputDefCheckABIStability';

export const inputCountRule = rule<readonly InputDef[]>({
  id: 'input/count', family: 'input', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/input',
  format: 'Target domain input device count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

export const inputTypeRule = rule<InputDef>({
  id: 'input/type', family: 'input', libvirtFunction: FN, where: '@type',
  format: 'Target input device type %1$s does not match source %2$s',
  check: (s, d) => differ(s.type, d.type),
});

export const inputBusRule = rule<InputDef>({
  id: 'input/bus', family: 'input', libvirtFunction: FN, where: '@bus',
  format: 'Target input device bus %1$s does not match source %2$s',
  check: (s, d) => differ(s.bus, d.bus),
});

/** libvirt prints the model numbers through the bus enum's strings. */
export const inputModelRule = rule<InputDef>({
  id: 'input/model', family: 'input', libvirtFunction: FN, where: '@model',
  format: 'Target input model %1$s does not match source %2$s',
  check: (s, d, ctx) => {
    const table = atLeast(ctx.profile, INPUT_BUS_DEFAULT_SINCE) ? INPUT_BUS_TABLE_NEW : INPUT_BUS_TABLE_9;
    return differ(s.model, d.model, (m) => table[m] ?? '(null)');
  },
});

export const inputSteps: Step<Domain>[] = [
  list<Domain, InputDef>({
    id: 'input/list', select: (dom) => dom.devices.inputs, itemPath: devicePath('input'),
    count: inputCountRule,
    each: [inputTypeRule, inputBusRule, inputModelRule, ...virtioSteps, ...deviceInfoSteps],
  }),
];
