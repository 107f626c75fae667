// Owned by the platform helper: rules of this family in libvirt's evaluation order.
/**
 * The IOMMU list check of virDomainDefCheckABIStabilityFlags and
 * virDomainIOMMUDefCheckABIStability, per libvirt version.
 */
import type { Domain } from '../model/domain.js';
import { IOMMU_MODELS, type IommuDef } from '../model/platform-devices.js';
import { switchName } from '../parse/values.js';
import { deviceInfoSteps } from './deviceinfo.js';
import { devicePath, differ, list, rule, type RuleMessage, type Step } from './framework.js';

const FN = 'virDomainIOMMUDefCheckABIStability';
/** Multiple IOMMUs (and the count message) replaced the single-IOMMU presence check. */
export const MULTI_IOMMU_SINCE = '12.0.0';
const MULTI_NUMBER = 12_000_000;

/** virDomainIOMMUGranuleModeTypeToString: -1 is 'host', anything else a KiB size (absent prints 0KiB). */
export const granuleName = (g: number): string => (g === -1 ? 'host' : `${g}KiB`);

function switchRule(key: keyof IommuDef, attr: string, what: string, since?: string, messages?: RuleMessage[]) {
  return rule<IommuDef>({
    id: `iommu/${attr.replace(/_/g, '-')}`, family: 'iommu', libvirtFunction: FN, where: `driver/@${attr}`, since,
    messages: messages ?? [{ since: since ?? '9.0.0', format: `Target domain IOMMU device ${what} '%1$s' does not match source '%2$s'` }],
    check: (s, d) => differ(s[key] as number, d[key] as number, switchName),
  });
}

function numberRule(key: keyof IommuDef, attr: string, what: string, since: string) {
  return rule<IommuDef>({
    id: `iommu/${attr.toLowerCase()}`, family: 'iommu', libvirtFunction: FN, where: `driver/@${attr}`, since,
    format: `Target domain IOMMU device ${what} value '%1$d' does not match source '%2$d'`,
    check: (s, d) => differ(s[key] as number, d[key] as number),
  });
}

const DMA_TRANSLATION = "Target domain IOMMU device dma translation '%1$s' does not match source '%2$s'";

export const iommuDeviceSteps: Step<IommuDef>[] = [
  rule<IommuDef>({
    id: 'iommu/model', family: 'iommu', libvirtFunction: FN, where: '@model',
    format: "Target domain IOMMU device model '%1$s' does not match source '%2$s'",
    check: (s, d) => differ(s.model, d.model, (m) => IOMMU_MODELS[m]),
  }),
  switchRule('intremap', 'intremap', 'intremap value'),
  switchRule('cachingMode', 'caching_mode', 'caching mode'),
  switchRule('eim', 'eim', 'eim value'),
  switchRule('iotlb', 'iotlb', 'iotlb value'),
  rule<IommuDef>({
    id: 'iommu/aw-bits', family: 'iommu', libvirtFunction: FN, where: 'driver/@aw_bits',
    messages: [
      { since: '9.0.0', format: "Target domain IOMMU device aw_bits value '%1$d' does not match source '%2$d'" },
      { since: MULTI_IOMMU_SINCE, format: "Target domain IOMMU device aw_bits value '%1$u' does not match source '%2$u'" },
    ],
    // %d of the unsigned field before the %u fix
    check: (s, d, ctx) => differ(s.awBits, d.awBits, (v) => (ctx.profile.number < MULTI_NUMBER ? v | 0 : v)),
  }),
  numberRule('pciBus', 'pciBus', 'pci_bus', '11.10.0'),
  numberRule('accel', 'accel', 'accel', '12.7.0'),
  numberRule('cmdqv', 'cmdqv', 'cmdqv', '12.7.0'),
  numberRule('ats', 'ats', 'ATS', '12.7.0'),
  numberRule('ril', 'ril', 'ril', '12.7.0'),
  numberRule('ssidSize', 'ssidsize', 'ssid_size', '12.7.0'),
  numberRule('oas', 'oas', 'oas', '12.7.0'),
  switchRule('dmaTranslation', 'dma_translation', 'dma translation', '10.7.0',
    [{ since: '10.7.0', format: DMA_TRANSLATION }]),
  // 11.5 shipped both with the dma_translation wording (a copy-paste slip), fixed later
  switchRule('passthrough', 'passthrough', 'passthrough', '11.5.0', [
    { since: '11.5.0', format: DMA_TRANSLATION },
    { since: MULTI_IOMMU_SINCE, format: "Target domain IOMMU device passthrough '%1$s' does not match source '%2$s'" },
  ]),
  switchRule('xtsup', 'xtsup', 'xtsup', '11.5.0', [
    { since: '11.5.0', format: DMA_TRANSLATION },
    { since: MULTI_IOMMU_SINCE, format: "Target domain IOMMU device xtsup '%1$s' does not match source '%2$s'" },
  ]),
  rule<IommuDef>({
    id: 'iommu/granule', family: 'iommu', libvirtFunction: FN, where: 'driver/granule', since: '12.1.0',
    format: "Target domain IOMMU device granule '%1$s' does not match source '%2$s'",
    check: (s, d) => differ(s.granule, d.granule, granuleName),
  }),
  // the device's address came with virtio-iommu: before, neither side has one to compare
  ...deviceInfoSteps,
];

export const iommuSteps: Step<Domain>[] = [
  list<Domain, IommuDef>({
    id: 'iommu/list', select: (d) => d.devices.iommus, itemPath: devicePath('iommu'),
    count: rule<readonly IommuDef[]>({
      id: 'iommu/count', family: 'iommu', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/iommu',
      messages: [
        // one IOMMU at most: presence only
        { since: '9.0.0', format: 'Target domain IOMMU device count does not match source' },
        { since: MULTI_IOMMU_SINCE, format: 'Target domain IOMMU device count %1$zu does not match source %2$zu' },
      ],
      check: (s, d) => differ(s.length, d.length),
    }),
    each: iommuDeviceSteps,
  }),
];
