// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { SoundDef } from '../model/peripherals.js';
import { boolName } from '../parse/values.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainSoundDefCheckABIStability';

export const soundCountRule = rule<readonly SoundDef[]>({
  id: 'sound/count', family: 'sound', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/sound',
  format: 'Target domain sound card count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

export const soundModelRule = rule<SoundDef>({
  id: 'sound/model', family: 'sound', libvirtFunction: FN, where: '@model',
  format: 'Target sound card model %1$s does not match source %2$s',
  check: (s, d) => differ(s.model, d.model),
});

export const soundMultichannelRule = rule<SoundDef>({
  id: 'sound/multichannel', family: 'sound', libvirtFunction: FN, where: '@multichannel', since: '9.4.0',
  format: "Target sound card multichannel setting '%1$s' does not match source '%2$s'",
  check: (s, d) => differ(s.multichannel, d.multichannel, boolName),
});

export const soundSteps: Step<Domain>[] = [
  list<Domain, SoundDef>({
    id: 'sound/list', select: (dom) => dom.devices.sounds, itemPath: devicePath('sound'),
    count: soundCountRule,
    each: [soundModelRule, soundMultichannelRule, ...deviceInfoSteps],
  }),
];
