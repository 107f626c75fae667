// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { TpmDef } from '../model/platform-devices.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { PCR_BANKS_SINCE } from '../parse/tpm.js';
import { devicePath, differ, HISTORY, list, rule, type Step } from './framework.js';

const FN = 'virDomainTPMDefCheckABIStability';
const EMULATOR = 1;
const banksKey = (b: number[] | undefined) => (b ? b.join(',') : undefined);

export const tpmSteps: Step<Domain>[] = [
  list<Domain, TpmDef>({
    id: 'tpm/list', select: (d) => d.devices.tpms, itemPath: devicePath('tpm'),
    count: rule<readonly TpmDef[]>({
      id: 'tpm/count', family: 'tpm', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/tpm',
      format: 'Target domain TPM device count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<TpmDef>({
        id: 'tpm/type', family: 'tpm', libvirtFunction: FN, where: 'backend/@type',
        format: "Target TPM device type doesn't match source",
        check: (s, d) => (s.type !== d.type ? [] : undefined),
      }),
      rule<TpmDef>({
        id: 'tpm/model', family: 'tpm', libvirtFunction: FN, where: '@model',
        format: "Target TPM device model doesn't match source",
        check: (s, d) => (s.model !== d.model ? [] : undefined),
      }),
      rule<TpmDef>({
        id: 'tpm/version', family: 'tpm', libvirtFunction: FN, where: 'backend/@version',
        format: "Target TPM version doesn't match source",
        check: (s, d) => (s.type === EMULATOR && s.version !== d.version ? [] : undefined),
      }),
      rule<TpmDef>({
        id: 'tpm/active-pcr-banks', family: 'tpm', libvirtFunction: FN, where: 'backend/active_pcr_banks', since: PCR_BANKS_SINCE,
        description: `Since 7.10.0, when libvirt learned \`<active_pcr_banks>\` (formatdomain.rst); older releases ignore it. ${HISTORY}`,
        format: "Target active PCR banks doesn't match source",
        check: (s, d) => (s.type === EMULATOR && banksKey(s.activePcrBanks) !== banksKey(d.activePcrBanks) ? [] : undefined),
      }),
      ...deviceInfoSteps,
    ],
  }),
];
