// Owned by the general helper: rules of this family in libvirt's evaluation order.
// Timer count (virDomainDefCheckABIStabilityFlags), then virDomainTimerDefCheckABIStability per timer.
import type { Domain } from '../model/domain.js';
import { TIMER_MODES, TIMER_NAMES, type TimerDef } from '../model/general.js';
import { boolName } from '../parse/values.js';
import { differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainTimerDefCheckABIStability';
const TSC = TIMER_NAMES.indexOf('tsc');

export const timerSteps: Step<Domain>[] = [
  list<Domain, TimerDef>({
    id: 'timer/list', select: (d) => d.clock.timers, itemPath: (i) => `clock/timer[${i + 1}]`,
    count: rule<readonly TimerDef[]>({
      id: 'timer/count', family: 'timer', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'clock/timer',
      format: 'Target domain timers do not match source',
      check: (s, d) => (s.length !== d.length ? [] : undefined),
    }),
    each: [
      rule<TimerDef>({
        id: 'timer/name', family: 'timer', libvirtFunction: FN, where: '@name',
        format: 'Target timer %1$s does not match source %2$s',
        check: (s, d) => differ(s.name, d.name, (n) => TIMER_NAMES[n]),
      }),
      rule<TimerDef>({
        id: 'timer/present', family: 'timer', libvirtFunction: FN, where: '@present',
        format: "Target timer presence '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.present, d.present, boolName),
      }),
      rule<TimerDef>({
        id: 'timer/tsc-frequency', family: 'timer', libvirtFunction: FN, where: '@frequency',
        format: 'Target TSC frequency %1$llu does not match source %2$llu',
        check: (s, d) => (s.name === TSC ? differ(s.frequency, d.frequency) : undefined),
      }),
      rule<TimerDef>({
        id: 'timer/tsc-mode', family: 'timer', libvirtFunction: FN, where: '@mode',
        format: 'Target TSC mode %1$s does not match source %2$s',
        check: (s, d) => (s.name === TSC ? differ(s.mode, d.mode, (m) => TIMER_MODES[m]) : undefined),
      }),
    ],
  }),
];
