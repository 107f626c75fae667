// Owned by the storage helper: rules of this family in libvirt's evaluation order.
import { DISK_BUSES, DISK_DEVICES, DISK_MODELS, type DiskDef } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { DISK_SINCE } from '../parse/disk.js';
import { boolName, switchName } from '../parse/values.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { devicePath, differ, HISTORY, list, rule, type Step } from './framework.js';

const FN = 'virDomainDiskDefCheckABIStability';
const BLOCKIO_FN = 'virDomainDiskBlockIoCheckABIStability';
const nullstr = (s: string | undefined) => s ?? '<null>';

export const diskCountRule = rule<readonly DiskDef[]>({
  id: 'disk/count', family: 'disk', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/disk',
  format: 'Target domain disk count %1$zu does not match source %2$zu',
  check: (s, d) => differ(s.length, d.length),
});

const diskRules: Step<DiskDef>[] = [
  rule<DiskDef>({
    id: 'disk/device', family: 'disk', libvirtFunction: FN, where: '@device',
    format: 'Target disk device %1$s does not match source %2$s',
    check: (s, d) => differ(s.device, d.device, (v) => DISK_DEVICES[v]),
  }),
  rule<DiskDef>({
    id: 'disk/bus', family: 'disk', libvirtFunction: FN, where: 'target/@bus',
    format: 'Target disk bus %1$s does not match source %2$s',
    check: (s, d) => differ(s.bus, d.bus, (v) => DISK_BUSES[v]),
  }),
  rule<DiskDef>({
    id: 'disk/dev', family: 'disk', libvirtFunction: FN, where: 'target/@dev',
    format: 'Target disk %1$s does not match source %2$s',
    check: (s, d) => differ(s.dst, d.dst),
  }),
  rule<DiskDef>({
    id: 'disk/serial', family: 'disk', libvirtFunction: FN, where: 'serial',
    format: 'Target disk serial %1$s does not match source %2$s',
    check: (s, d) => differ(s.serial, d.serial, nullstr),
  }),
  rule<DiskDef>({
    id: 'disk/wwn', family: 'disk', libvirtFunction: FN, where: 'wwn',
    format: "Target disk wwn '%1$s' does not match source '%2$s'",
    check: (s, d) => differ(s.wwn, d.wwn, nullstr),
  }),
  rule<DiskDef>({
    id: 'disk/readonly', family: 'disk', libvirtFunction: FN, where: 'readonly',
    format: 'Target disk access mode does not match source',
    check: (s, d) => (s.src.readonly !== d.src.readonly ? [] : undefined),
  }),
  rule<DiskDef>({
    id: 'disk/model', family: 'disk', libvirtFunction: FN, where: '@model',
    format: 'Target disk model %1$s does not match source %2$s',
    check: (s, d) => differ(s.model, d.model, (v) => DISK_MODELS[v]),
  }),
  rule<DiskDef>({
    id: 'disk/rotation-rate', family: 'disk', libvirtFunction: FN, where: 'target/@rotation_rate', since: DISK_SINCE.rotationRate,
    description: `Since 7.3.0, when libvirt learned \`rotation_rate\` (formatdomain.rst); 7.0.0 ignores the attribute. ${HISTORY}`,
    format: 'Target disk rotation rate %1$u RPM does not match source %2$u RPM',
    check: (s, d) => differ(s.rotationRate, d.rotationRate),
  }),
  rule<DiskDef>({
    id: 'disk/removable', family: 'disk', libvirtFunction: FN, where: 'target/@removable', since: '11.10.0',
    format: "Target disk 'removable' property %1$s does not match source %2$s",
    check: (s, d) => differ(s.removable, d.removable, switchName),
  }),
  rule<DiskDef>({
    id: 'disk/dpofua', family: 'disk', libvirtFunction: FN, where: 'target/@dpofua', since: '11.10.0',
    format: "Target disk 'dpofua' property %1$s does not match source %2$s",
    check: (s, d) => differ(s.dpofua, d.dpofua, switchName),
  }),
  rule<DiskDef>({
    id: 'disk/queues', family: 'disk', libvirtFunction: FN, where: 'driver/@queues', since: DISK_SINCE.queueSize,
    description: `Since 7.8.0, with \`queue_size\` (NEWS 7.8.0); 7.0.0 does not compare the queue count. ${HISTORY}`,
    format: 'Target disk queue count %1$u does not match source %2$u',
    check: (s, d) => differ(s.queues, d.queues),
  }),
  rule<DiskDef>({
    id: 'disk/queue-size', family: 'disk', libvirtFunction: FN, where: 'driver/@queue_size', since: DISK_SINCE.queueSize,
    description: `Since 7.8.0, when libvirt learned \`queue_size\` (NEWS 7.8.0); 7.0.0 ignores the attribute. ${HISTORY}`,
    // libvirt prints the queue counts here, not the sizes
    format: 'Target disk queue size %1$u does not match source %2$u',
    check: (s, d) => (s.queueSize !== d.queueSize ? [d.queues, s.queues] : undefined),
  }),
  rule<DiskDef>({
    id: 'disk/reservations-migration', family: 'disk', libvirtFunction: FN, where: 'source/reservations/@migration', since: '12.1.0',
    format: "Target disk reservations 'migration' property %1$s does not match source %2$s",
    check: (s, d) => {
      if (s.reservationsMigration === undefined && d.reservationsMigration === undefined) return undefined;
      return differ(s.reservationsMigration ?? 0, d.reservationsMigration ?? 0, boolName);
    },
  }),
  ...virtioSteps,
  ...deviceInfoSteps,
  rule<DiskDef>({
    id: 'disk/logical-block-size', family: 'disk', libvirtFunction: BLOCKIO_FN, where: 'blockio/@logical_block_size', since: '9.1.0',
    format: 'Target disk logical_block_size %1$u does not match source %2$u',
    check: (s, d) => differ(s.blockio.logical, d.blockio.logical),
  }),
  rule<DiskDef>({
    id: 'disk/physical-block-size', family: 'disk', libvirtFunction: BLOCKIO_FN, where: 'blockio/@physical_block_size', since: '9.1.0',
    format: 'Target disk physical_block_size %1$u does not match source %2$u',
    check: (s, d) => differ(s.blockio.physical, d.blockio.physical),
  }),
  rule<DiskDef>({
    id: 'disk/discard-granularity', family: 'disk', libvirtFunction: BLOCKIO_FN, where: 'blockio/@discard_granularity', since: '9.1.0',
    format: 'Target disk discard_granularity %1$u does not match source %2$u',
    check: (s, d) => differ(s.blockio.discardGranularity, d.blockio.discardGranularity),
  }),
];

export const diskSteps: Step<Domain>[] = [
  list<Domain, DiskDef>({
    id: 'disk/list', select: (dom) => dom.devices.disks, itemPath: devicePath('disk'),
    count: diskCountRule, each: diskRules,
  }),
];
