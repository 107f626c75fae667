// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { atLeast } from '../model/profile.js';
import { VSOCK_MODELS, type VsockDef } from '../model/platform-devices.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { differ, rule, sub, type Step } from './framework.js';

/** vsock's virtio options compared: libvirt commit bd112c9e0f (2021-01-29), first released in 7.1.0. */
const VSOCK_VIRTIO_SINCE = '7.1.0';

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
      sub<VsockDef, VsockDef>({
        id: 'vsock/virtio', select: (v) => v, steps: virtioSteps,
        when: (_s, _d, ctx) => atLeast(ctx.profile, VSOCK_VIRTIO_SINCE), condition: `from libvirt ${VSOCK_VIRTIO_SINCE} on (libvirt's history: commit bd112c9e0f "qemu: Add virtio related options to vsock"; 7.0.0 without, 9.0.0 with it measured)`,
      }),
      ...deviceInfoSteps,
    ],
  }),
];
