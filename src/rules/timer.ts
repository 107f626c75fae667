// Owned by the general helper: rules of this family in libvirt's evaluation order.
// Timer count (virDomainDefCheckABIStabilityFlags), then virDomainTimerDefCheckABIStability per timer.
import type { Domain } from '../model/domain.js';
import { TIMER_MODES, TIMER_NAMES, type TimerDef } from '../model/general.js';
import { atLeast } from '../model/profile.js';
import { boolName } from '../parse/values.js';
import { differ, HISTORY, list, rule, type Step } from './framework.js';

const FN = 'virDomainTimerDefCheckABIStability';
const TSC = TIMER_NAMES.indexOf('tsc');
/** When `present` became a virTristateBool: libvirt commit 754a7f6c94 (2022-01-26), first released in 8.1.0. */
const TIMER_PRESENT_TRISTATE_SINCE = '8.1.0';
/** The int libvirt kept before: -1 unset, 0 no, 1 yes (our tristate: 0 unset, 1 yes, 2 no). */
const presenceNumber = (t: number) => (t === 0 ? -1 : t === 1 ? 1 : 0);

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
        // libvirt printed the tristate's number (-1/0/1) before it became a virTristateBool
        description: `Up to 8.0.0 libvirt printed \`present\` as a number (-1 unset, 0 no, 1 yes); 8.1.0 prints the tristate's name (libvirt commit 754a7f6c94, "conf: Fix type of @present in _virDomainTimerDef struct"). ${HISTORY}`,
        messages: [
          { since: '7.0.0', format: 'Target timer presence %1$d does not match source %2$d' },
          { since: TIMER_PRESENT_TRISTATE_SINCE, format: "Target timer presence '%1$s' does not match source '%2$s'" },
        ],
        check: (s, d, ctx) => differ(s.present, d.present, atLeast(ctx.profile, TIMER_PRESENT_TRISTATE_SINCE) ? boolName : presenceNumber),
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
