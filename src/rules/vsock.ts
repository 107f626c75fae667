// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { VSOCK_MODELS, type VsockDef } from '../model/platform-devices.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { differ, rule, sub, type Step } from './framework.js';

export const vsockSteps: Step<Domain>[] = [
  rule<Domain>({
    id: 'vsock/count', family: 'vsock', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/vsock',
    format: 'Target domain vsock device count does not match source',
    check: (s, d) => (!s.devices.vsock !== !d.devices.vsock ? [] : undefined),
  }),
  sub<Domain, VsockDef>({
    id: 'vsock/device', where: 'devices/vsock', select: (d) => d.devices.vsock,
    steps: [
      rule<VsockDef>({
        id: 'vsock/model', family: 'vsock', libvirtFunction: 'virDomainVsockDefCheckABIStability', where: '@model',
        format: "Target domain vsock device model '%1$s' does not match source '%2$s'",
        check: (s, d) => differ(s.model, d.model, (m) => VSOCK_MODELS[m]),
      }),
      ...virtioSteps,
      ...deviceInfoSteps,
    ],
  }),
];
