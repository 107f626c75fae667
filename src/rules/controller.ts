// Owned by the storage helper: rules of this family in libvirt's evaluation order.
import { CONTROLLER_TYPE, CONTROLLER_TYPES, type ControllerDef } from '../model/controller.js';
import type { Domain } from '../model/domain.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainControllerDefCheckABIStability';

export const controllerCountRule = rule<readonly ControllerDef[]>({
  id: 'controller/count', family: 'controller', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/controller',
  format: 'Target domain controller count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

const controllerRules: Step<ControllerDef>[] = [
  rule<ControllerDef>({
    id: 'controller/type', family: 'controller', libvirtFunction: FN, where: '@type',
    format: 'Target controller type %1$s does not match source %2$s',
    check: (s, d) => differ(s.type, d.type, (v) => CONTROLLER_TYPES[v]),
  }),
  rule<ControllerDef>({
    id: 'controller/index', family: 'controller', libvirtFunction: FN, where: '@index',
    format: 'Target controller index %1$d does not match source %2$d',
    check: (s, d) => differ(s.idx, d.idx),
  }),
  rule<ControllerDef>({
    id: 'controller/model', family: 'controller', libvirtFunction: FN, where: '@model',
    format: 'Target controller model %1$d does not match source %2$d',
    check: (s, d) => differ(s.model, d.model),
  }),
  rule<ControllerDef>({
    id: 'controller/ports', family: 'controller', libvirtFunction: FN, where: '@ports',
    format: 'Target controller ports %1$d does not match source %2$d',
    check: (s, d) => (s.type === CONTROLLER_TYPE['virtio-serial'] || s.type === CONTROLLER_TYPE.usb ? differ(s.ports, d.ports) : undefined),
  }),
  rule<ControllerDef>({
    id: 'controller/vectors', family: 'controller', libvirtFunction: FN, where: '@vectors',
    format: 'Target controller vectors %1$d does not match source %2$d',
    check: (s, d) => (s.type === CONTROLLER_TYPE['virtio-serial'] ? differ(s.vectors, d.vectors) : undefined),
  }),
  ...virtioSteps,
  ...deviceInfoSteps,
];

export const controllerSteps: Step<Domain>[] = [
  list<Domain, ControllerDef>({
    id: 'controller/list', select: (dom) => dom.devices.controllers, itemPath: devicePath('controller'),
    count: controllerCountRule, each: controllerRules,
  }),
];
