// Owned by the general helper: rules of this family in libvirt's evaluation order.
// Sysinfo count (virDomainDefCheckABIStabilityFlags), then virSysinfoIsEqual (virsysinfo.c) per element.
import type { Domain } from '../model/domain.js';
import {
  SYSINFO_TYPES, type SysinfoBaseBoardDef, type SysinfoBiosDef, type SysinfoChassisDef, type SysinfoDef, type SysinfoSystemDef,
} from '../model/general.js';
import { differ, list, rule, sub, type CheckResult, type Step } from './framework.js';

const FN = 'virSysinfoIsEqual';
const FIELD_FORMAT = 'Target sysinfo %1$s %2$s does not match source %3$s';

/** CHECK_FIELD: NULL-safe string compare; NULL prints as "<null>" (NULLSTR). */
function field<T>(key: keyof T, desc: string, fn: string, where: string) {
  return rule<T>({
    id: `sysinfo/${desc.replace(/ /g, '-').toLowerCase()}`, family: 'sysinfo', libvirtFunction: fn, where,
    format: FIELD_FORMAT,
    check: (s, d): CheckResult => {
      const a = s[key] as unknown as string | undefined;
      const b = d[key] as unknown as string | undefined;
      return a === b ? undefined : [desc, b ?? '<null>', a ?? '<null>'];
    },
  });
}

const entry = (name: string) => `entry[@name='${name}']`;

/** Presence of an optional block: one side only fails with `format`. */
function presence<P>(id: string, select: (p: P) => unknown, format: string, fn: string, where: string) {
  return rule<P>({
    id, family: 'sysinfo', libvirtFunction: fn, where, format,
    check: (s, d) => ((select(s) === undefined) !== (select(d) === undefined) ? [] : undefined),
  });
}

export const sysinfoSteps: Step<Domain>[] = [
  list<Domain, SysinfoDef>({
    id: 'sysinfo/list', select: (d) => d.sysinfo, itemPath: (i) => `sysinfo[${i + 1}]`,
    count: rule<readonly SysinfoDef[]>({
      id: 'sysinfo/count', family: 'sysinfo', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'sysinfo',
      format: 'Target domain count of sysinfo does not match source',
      check: (s, d) => (s.length !== d.length ? [] : undefined),
    }),
    each: [
      rule<SysinfoDef>({
        id: 'sysinfo/type', family: 'sysinfo', libvirtFunction: FN, where: '@type',
        format: 'Target sysinfo %1$s does not match source %2$s',
        check: (s, d) => differ(s.type, d.type, (t) => SYSINFO_TYPES[t]),
      }),
      presence<SysinfoDef>('sysinfo/bios-presence', (x) => x.bios, 'Target sysinfo does not match source', 'virSysinfoBIOSIsEqual', 'bios'),
      sub<SysinfoDef, SysinfoBiosDef>({
        id: 'sysinfo/bios', select: (x) => x.bios, where: 'bios',
        steps: [
          field<SysinfoBiosDef>('vendor', 'BIOS vendor', 'virSysinfoBIOSIsEqual', entry('vendor')),
          field<SysinfoBiosDef>('version', 'BIOS version', 'virSysinfoBIOSIsEqual', entry('version')),
          field<SysinfoBiosDef>('date', 'BIOS date', 'virSysinfoBIOSIsEqual', entry('date')),
          field<SysinfoBiosDef>('release', 'BIOS release', 'virSysinfoBIOSIsEqual', entry('release')),
        ],
      }),
      presence<SysinfoDef>('sysinfo/system-presence', (x) => x.system, 'Target sysinfo does not match source', 'virSysinfoSystemIsEqual', 'system'),
      sub<SysinfoDef, SysinfoSystemDef>({
        id: 'sysinfo/system', select: (x) => x.system, where: 'system',
        steps: [
          field<SysinfoSystemDef>('manufacturer', 'system vendor', 'virSysinfoSystemIsEqual', entry('manufacturer')),
          field<SysinfoSystemDef>('product', 'system product', 'virSysinfoSystemIsEqual', entry('product')),
          field<SysinfoSystemDef>('version', 'system version', 'virSysinfoSystemIsEqual', entry('version')),
          field<SysinfoSystemDef>('serial', 'system serial', 'virSysinfoSystemIsEqual', entry('serial')),
          field<SysinfoSystemDef>('uuid', 'system uuid', 'virSysinfoSystemIsEqual', entry('uuid')),
          field<SysinfoSystemDef>('sku', 'system sku', 'virSysinfoSystemIsEqual', entry('sku')),
          field<SysinfoSystemDef>('family', 'system family', 'virSysinfoSystemIsEqual', entry('family')),
        ],
      }),
      list<SysinfoDef, SysinfoBaseBoardDef>({
        id: 'sysinfo/base-boards', select: (x) => x.baseBoards, itemPath: (i) => `baseBoard[${i + 1}]`,
        count: rule<readonly SysinfoBaseBoardDef[]>({
          id: 'sysinfo/base-board-count', family: 'sysinfo', libvirtFunction: FN, where: 'baseBoard',
          format: "Target sysinfo base board count '%1$zu' does not match source '%2$zu'",
          check: (s, d) => differ(s.length, d.length),
        }),
        each: [
          field<SysinfoBaseBoardDef>('manufacturer', 'base board vendor', 'virSysinfoBaseBoardIsEqual', entry('manufacturer')),
          field<SysinfoBaseBoardDef>('product', 'base board product', 'virSysinfoBaseBoardIsEqual', entry('product')),
          field<SysinfoBaseBoardDef>('version', 'base board version', 'virSysinfoBaseBoardIsEqual', entry('version')),
          field<SysinfoBaseBoardDef>('serial', 'base board serial', 'virSysinfoBaseBoardIsEqual', entry('serial')),
          field<SysinfoBaseBoardDef>('asset', 'base board asset', 'virSysinfoBaseBoardIsEqual', entry('asset')),
          field<SysinfoBaseBoardDef>('location', 'base board location', 'virSysinfoBaseBoardIsEqual', entry('location')),
        ],
      }),
      presence<SysinfoDef>('sysinfo/chassis-presence', (x) => x.chassis, 'Target chassis does not match source', 'virSysinfoChassisIsEqual', 'chassis'),
      sub<SysinfoDef, SysinfoChassisDef>({
        id: 'sysinfo/chassis', select: (x) => x.chassis, where: 'chassis',
        steps: [
          field<SysinfoChassisDef>('manufacturer', 'chassis vendor', 'virSysinfoChassisIsEqual', entry('manufacturer')),
          field<SysinfoChassisDef>('version', 'chassis version', 'virSysinfoChassisIsEqual', entry('version')),
          field<SysinfoChassisDef>('serial', 'chassis serial', 'virSysinfoChassisIsEqual', entry('serial')),
          field<SysinfoChassisDef>('asset', 'chassis asset', 'virSysinfoChassisIsEqual', entry('asset')),
          field<SysinfoChassisDef>('sku', 'chassis sku', 'virSysinfoChassisIsEqual', entry('sku')),
        ],
      }),
    ],
  }),
];
