// Owned by the platform helper: rules of this family in libvirt's evaluation order.
/**
 * virDomainSerialDefCheckABIStability, virDomainParallelDefCheckABIStability,
 * virDomainChannelDefCheckABIStability and virDomainConsoleDefCheckABIStability, each after
 * the device count check of virDomainDefCheckABIStabilityFlags.
 */
import type { Domain } from '../model/domain.js';
import {
  CHR_CHANNEL_TARGET_TYPES, CHR_CONSOLE_TARGET_TYPES, CHR_SERIAL_TARGET_MODELS, CHR_SERIAL_TARGET_TYPES, type ChrDef,
} from '../model/platform-devices.js';
import { CHANNEL_TARGET, CHR } from '../parse/chardev.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, HISTORY, list, rule, type Step } from './framework.js';

const DOMAIN_FN = 'virDomainDefCheckABIStabilityFlags';
const name = (table: readonly string[]) => (i: number): string | undefined => table[i];
/** libvirt's NULLSTR() */
const nullstr = (s: string | undefined): string => s ?? '<null>';

function countRule(family: string, what: string) {
  return rule<readonly ChrDef[]>({
    id: `${family}/count`, family, libvirtFunction: DOMAIN_FN, where: `devices/${family}`,
    format: `Target domain ${what} count %1$zu does not match source %2$zu`,
    check: (s, d) => differ(s.length, d.length),
  });
}

const SERIAL_FN = 'virDomainSerialDefCheckABIStability';

/** The serial target model check: libvirt commit 82be0ffe63 (2022-02-03), first released in 8.1.0. */
const SERIAL_MODEL_CHECK_SINCE = '8.1.0';

export const serialSteps: Step<Domain>[] = [
  list<Domain, ChrDef>({
    id: 'serial/list', select: (d) => d.devices.serials, itemPath: devicePath('serial'),
    count: countRule('serial', 'serial port'),
    each: [
      rule<ChrDef>({
        id: 'serial/target-type', family: 'serial', libvirtFunction: SERIAL_FN, where: 'target/@type',
        format: 'Target serial type %1$s does not match source %2$s',
        check: (s, d) => differ(s.targetType, d.targetType, name(CHR_SERIAL_TARGET_TYPES)),
      }),
      rule<ChrDef>({
        id: 'serial/target-model', family: 'serial', libvirtFunction: SERIAL_FN, where: 'target/model/@name', since: SERIAL_MODEL_CHECK_SINCE,
        description: `Since 8.1.0 (libvirt commit 82be0ffe63, "conf: validate serial port model in ABI checks"); 8.0.0 and older do not compare the model. ${HISTORY}`,
        format: 'Target serial model %1$s does not match source %2$s',
        check: (s, d) => differ(s.targetModel, d.targetModel, name(CHR_SERIAL_TARGET_MODELS)),
      }),
      rule<ChrDef>({
        id: 'serial/port', family: 'serial', libvirtFunction: SERIAL_FN, where: 'target/@port',
        format: 'Target serial port %1$d does not match source %2$d',
        check: (s, d) => differ(s.port, d.port),
      }),
      ...deviceInfoSteps,
    ],
  }),
];

export const parallelSteps: Step<Domain>[] = [
  list<Domain, ChrDef>({
    id: 'parallel/list', select: (d) => d.devices.parallels, itemPath: devicePath('parallel'),
    count: countRule('parallel', 'parallel port'),
    each: [
      rule<ChrDef>({
        id: 'parallel/port', family: 'parallel', libvirtFunction: 'virDomainParallelDefCheckABIStability', where: 'target/@port',
        format: 'Target parallel port %1$d does not match source %2$d',
        check: (s, d) => differ(s.port, d.port),
      }),
      ...deviceInfoSteps,
    ],
  }),
];

const CHANNEL_FN = 'virDomainChannelDefCheckABIStability';
const namedChannel = (c: ChrDef) => c.targetType === CHANNEL_TARGET.virtio || c.targetType === CHANNEL_TARGET.xen;

export const channelSteps: Step<Domain>[] = [
  list<Domain, ChrDef>({
    id: 'channel/list', select: (d) => d.devices.channels, itemPath: devicePath('channel'),
    count: countRule('channel', 'channel'),
    each: [
      rule<ChrDef>({
        id: 'channel/target-type', family: 'channel', libvirtFunction: CHANNEL_FN, where: 'target/@type',
        format: 'Target channel type %1$s does not match source %2$s',
        check: (s, d) => differ(s.targetType, d.targetType, name(CHR_CHANNEL_TARGET_TYPES)),
      }),
      rule<ChrDef>({
        id: 'channel/target-name', family: 'channel', libvirtFunction: CHANNEL_FN, where: 'target/@name',
        format: 'Target channel name %1$s does not match source %2$s',
        check: (s, d) => (namedChannel(s) ? differ(s.targetName, d.targetName, nullstr) : undefined),
      }),
      rule<ChrDef>({
        id: 'channel/spicevmc-name', family: 'channel', libvirtFunction: CHANNEL_FN, where: '@type',
        format: 'Changing device type to/from spicevmc would change default target channel name',
        check: (s, d) => (namedChannel(s) && s.targetName === d.targetName && s.source.type !== d.source.type &&
          (s.source.type === CHR.spicevmc || d.source.type === CHR.spicevmc) && s.targetName === undefined ? [] : undefined),
      }),
      rule<ChrDef>({
        id: 'channel/guestfwd-addr', family: 'channel', libvirtFunction: CHANNEL_FN, where: 'target/@address',
        format: 'Target channel addr %1$s does not match source %2$s',
        check: (s, d) => (s.targetType === CHANNEL_TARGET.guestfwd ? differ(s.targetAddr, d.targetAddr, nullstr) : undefined),
      }),
      ...deviceInfoSteps,
    ],
  }),
];

export const consoleSteps: Step<Domain>[] = [
  list<Domain, ChrDef>({
    id: 'console/list', select: (d) => d.devices.consoles, itemPath: devicePath('console'),
    count: countRule('console', 'console'),
    each: [
      rule<ChrDef>({
        id: 'console/target-type', family: 'console', libvirtFunction: 'virDomainConsoleDefCheckABIStability', where: 'target/@type',
        format: 'Target console type %1$s does not match source %2$s',
        check: (s, d) => differ(s.targetType, d.targetType, name(CHR_CONSOLE_TARGET_TYPES)),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
