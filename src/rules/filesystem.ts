// Owned by the storage helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { FilesystemDef } from '../model/filesystem.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type Step } from './framework.js';

const FN = 'virDomainFsDefCheckABIStability';

export const filesystemCountRule = rule<readonly FilesystemDef[]>({
  id: 'fs/count', family: 'fs', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/filesystem',
  format: 'Target domain filesystem count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

const filesystemRules: Step<FilesystemDef>[] = [
  rule<FilesystemDef>({
    id: 'fs/target', family: 'fs', libvirtFunction: FN, where: 'target/@dir',
    format: 'Target filesystem guest target %1$s does not match source %2$s',
    check: (s, d) => differ(s.dst, d.dst),
  }),
  rule<FilesystemDef>({
    id: 'fs/readonly', family: 'fs', libvirtFunction: FN, where: 'readonly',
    format: 'Target filesystem access mode does not match source',
    check: (s, d) => (s.readonly !== d.readonly ? [] : undefined),
  }),
  rule<FilesystemDef>({
    id: 'fs/model', family: 'fs', libvirtFunction: FN, where: '@model',
    format: 'Target filesystem model does not match source',
    check: (s, d) => (s.model !== d.model ? [] : undefined),
  }),
  ...virtioSteps,
  ...deviceInfoSteps,
];

export const filesystemSteps: Step<Domain>[] = [
  list<Domain, FilesystemDef>({
    id: 'fs/list', select: (dom) => dom.devices.filesystems, itemPath: devicePath('filesystem'),
    count: filesystemCountRule, each: filesystemRules,
  }),
];
