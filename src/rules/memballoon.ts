// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { MEMBALLOON_MODELS, type MemballoonDef } from '../model/platform-devices.js';
import { switchName } from '../parse/values.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { differ, rule, sub, type Step } from './framework.js';

const FN = 'virDomainMemballoonDefCheckABIStability';

export const memballoonSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'memballoon/count', family: 'memballoon', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/memballoon',
    format: 'Target domain memory balloon count %1$d does not match source %2$d',
    check: (s, d) => differ(s.devices.memballoon ? 1 : 0, d.devices.memballoon ? 1 : 0),
  }),
  sub<Domain, MemballoonDef>({
    id: 'memballoon/device', where: 'devices/memballoon', select: (d) => d.devices.memballoon,
    steps: [
      rule<MemballoonDef>({
        id: 'memballoon/model', family: 'memballoon', libvirtFunction: FN, where: '@model',
        format: 'Target balloon model %1$s does not match source %2$s',
        check: (s, d) => differ(s.model, d.model, (m) => MEMBALLOON_MODELS[m]),
      }),
      rule<MemballoonDef>({
        id: 'memballoon/autodeflate', family: 'memballoon', libvirtFunction: FN, where: '@autodeflate',
        format: "Target balloon autodeflate attribute value '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.autodeflate, d.autodeflate, switchName),
      }),
      rule<MemballoonDef>({
        id: 'memballoon/free-page-reporting', family: 'memballoon', libvirtFunction: FN, where: '@freePageReporting',
        format: "Target balloon freePageReporting attribute value '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.freePageReporting, d.freePageReporting, switchName),
      }),
      ...virtioSteps,
      ...deviceInfoSteps,
    ],
  }),
];
