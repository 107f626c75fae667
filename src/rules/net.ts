// Owned by the peripherals helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { NetDef } from '../model/peripherals.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainNetDefCheckABIStability';
const VIRTIO_MODELS = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);

export const netCountRule = rule<readonly NetDef[]>({
  id: 'net/count', family: 'net', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/interface',
  format: 'Target domain net card count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

export const netMacRule = rule<NetDef>({
  id: 'net/mac', family: 'net', libvirtFunction: FN, where: 'mac/@address',
  format: 'Target network card mac %1$s does not match source %2$s',
  check: (s, d) => differ(s.mac, d.mac),
});

/** Free-form model strings (NULLSTR prints `<null>`); unreachable in practice: post-parse rejects them. */
export const netModelStrRule = rule<NetDef>({
  id: 'net/model-string', family: 'net', libvirtFunction: FN, where: 'model/@type',
  format: 'Target network card model %1$s does not match source %2$s',
  check: (s, d) => differ(s.modelstr, d.modelstr, (v) => v ?? '<null>'),
});

export const netModelRule = rule<NetDef>({
  id: 'net/model', family: 'net', libvirtFunction: FN, where: 'model/@type',
  format: 'Target network card model %1$s does not match source %2$s',
  check: (s, d) => differ(s.model, d.model),
});

export const netMtuRule = rule<NetDef>({
  id: 'net/mtu', family: 'net', libvirtFunction: FN, where: 'mtu/@size',
  format: 'Target network card MTU %1$d does not match source %2$d',
  // an unsigned int printed with %d
  check: (s, d) => differ(s.mtu, d.mtu, (v) => v | 0),
});

/** 11.4.0: queues are guest ABI for virtio models (of the source). */
export const netQueuesRule = rule<NetDef>({
  id: 'net/queues', family: 'net', libvirtFunction: FN, where: 'driver/@queues', since: '11.4.0',
  format: "Target virtio network queue count '%1$d' does not match source '%2$d'",
  check: (s, d) => (VIRTIO_MODELS.has(s.model) ? differ(s.queues, d.queues, (v) => v | 0) : undefined),
});

export const netSteps: Step<Domain>[] = [
  list<Domain, NetDef>({
    id: 'net/list', select: (dom) => dom.devices.nets, itemPath: devicePath('interface'),
    count: netCountRule,
    each: [netMacRule, netModelStrRule, netModelRule, netMtuRule, netQueuesRule, ...virtioSteps, ...deviceInfoSteps],
  }),
];
