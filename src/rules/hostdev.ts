// Owned by the storage helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import { HOSTDEV_MODES, HOSTDEV_SUBSYS_TYPES, SUBSYS, type HostdevDef } from '../model/hostdev.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainHostdevDefCheckABIStability';
const subsysName = (v: number) => HOSTDEV_SUBSYS_TYPES[v];
const pciOrMdev = (t: number) => t === SUBSYS.pci || t === SUBSYS.mdev;

export const hostdevCountRule = rule<readonly HostdevDef[]>({
  id: 'hostdev/count', family: 'hostdev', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/hostdev',
  format: 'Target domain host device count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

const hostdevRules: Step<HostdevDef>[] = [
  rule<HostdevDef>({
    id: 'hostdev/mode', family: 'hostdev', libvirtFunction: FN, where: '@mode',
    format: 'Target host device mode %1$s does not match source %2$s',
    check: (s, d) => differ(s.mode, d.mode, (v) => HOSTDEV_MODES[v]),
  }),
  rule<HostdevDef>({
    id: 'hostdev/subsys-type', family: 'hostdev', libvirtFunction: FN, where: '@type', until: '11.0.0',
    format: 'Target host device subsystem %1$s does not match source %2$s',
    check: (s, d) => (s.mode === 0 ? differ(s.type, d.type, subsysName) : undefined),
  }),
  rule<HostdevDef>({
    // 11.0.0 lets a vGPU move between an mdev and an SR-IOV VF
    id: 'hostdev/subsys-type-compatible', family: 'hostdev', libvirtFunction: FN, where: '@type', since: '11.0.0',
    format: 'Target host device subsystem type %1$s is not compatible with source subsystem type %2$s',
    check: (s, d) => (s.mode === 0 && s.type !== d.type && !(pciOrMdev(s.type) && pciOrMdev(d.type))
      ? [subsysName(d.type), subsysName(s.type)] : undefined),
  }),
  ...deviceInfoSteps,
];

export const hostdevSteps: Step<Domain>[] = [
  list<Domain, HostdevDef>({
    id: 'hostdev/list', select: (dom) => dom.devices.hostdevs, itemPath: (i, h) => devicePath(h.parentNet ? 'interface' : 'hostdev')(i, h),
    count: hostdevCountRule, each: hostdevRules,
  }),
];
