// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { RedirFilterDef, RedirFilterUsbDevDef } from '../model/peripherals.js';
import { differ, list, rule, sub, type Step } from './framework.js';

const FN = 'virDomainRedirFilterDefCheckABIStability';

export const redirfilterPresenceRule = rule<Domain>({
  id: 'redirfilter/count', family: 'redirfilter', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/redirfilter',
  format: 'Target domain USB redirection filter count %1$d does not match source %2$d',
  check: (s, d) => differ(s.devices.redirfilter ? 1 : 0, d.devices.redirfilter ? 1 : 0),
});

export const redirfilterRuleCountRule = rule<readonly RedirFilterUsbDevDef[]>({
  id: 'redirfilter/rule-count', family: 'redirfilter', libvirtFunction: FN, where: 'usbdev',
  format: 'Target USB redirection filter rule count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

function same(id: string, key: 'usbClass' | 'vendor' | 'product' | 'version', attr: string, format: string) {
  return rule<RedirFilterUsbDevDef>({
    id: `redirfilter/${id}`, family: 'redirfilter', libvirtFunction: FN, where: `@${attr}`, format,
    check: (s, d) => (s[key] !== d[key] ? [] : undefined),
  });
}

export const redirfilterAllowRule = rule<RedirFilterUsbDevDef>({
  id: 'redirfilter/allow', family: 'redirfilter', libvirtFunction: FN, where: '@allow',
  format: "Target USB allow '%1$s' does not match source '%2$s'",
  check: (s, d) => differ(s.allow, d.allow, (v) => (v ? 'yes' : 'no')),
});

export const redirfilterSteps: Step<Domain>[] = [
  redirfilterPresenceRule,
  sub<Domain, RedirFilterDef>({
    id: 'redirfilter/filter', where: 'devices/redirfilter', select: (dom) => dom.devices.redirfilter,
    steps: [
      list<RedirFilterDef, RedirFilterUsbDevDef>({
        id: 'redirfilter/usbdevs', select: (f) => f.usbdevs, itemPath: (i) => `usbdev[${i + 1}]`,
        count: redirfilterRuleCountRule,
        each: [
          same('class', 'usbClass', 'class', 'Target USB Class code does not match source'),
          same('vendor', 'vendor', 'vendor', 'Target USB vendor ID does not match source'),
          same('product', 'product', 'product', 'Target USB product ID does not match source'),
          same('version', 'version', 'version', 'Target USB version does not match source'),
          redirfilterAllowRule,
        ],
      }),
    ],
  }),
];
