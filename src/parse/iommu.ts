/**
 * `<iommu>` devices: virDomainIOMMUDefParseXML, virDomainIOMMUDefValidate and
 * virDomainDefIOMMUValidate, for each libvirt version reproduced.
 */
import { IOMMU_MODELS, type IommuDef } from '../model/platform-devices.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { unsupportedConfig, xmlError, atElement, parseEach } from './errors.js';
import { parseMemoryKiB, propEnum, propInt, propTristateSwitch, propUInt, REQUIRED } from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

export const IOMMU_MODEL = { intel: 0, smmuv3: 1, virtio: 2, amd: 3 } as const;

/**
 * Accepted `cmdqv` values and the numbers libvirt stores (and prints in the ABI message);
 * absent is 0. Accepting another value (e.g. 'auto') is a change to this table only.
 */
export const CMDQV_VALUES: readonly { readonly name: string; readonly value: number }[] = [
  { name: 'on', value: 1 },
  { name: 'off', value: 2 },
];

/** Versions in which the IOMMU parser learned each attribute. */
export const IOMMU_SINCE = {
  /** model 'virtio' (NEWS 8.3.0), which brought the device's `<address>` and the model-attribute validation */
  virtio: '8.3.0',
  /** the model's messages from the generic enum helper: libvirt commit b127e50290 (2021-05-20), first in 7.4.0 */
  propEnum: '7.4.0',
  dmaTranslation: '10.7.0',
  amd: '11.5.0',
  passthrough: '11.5.0',
  xtsup: '11.5.0',
  pciBus: '11.10.0',
  multiple: '12.0.0',
  granule: '12.1.0',
  /** accel, cmdqv, ats, ril, ssidsize, oas */
  accel: '12.7.0',
} as const;

/** A value-table attribute: absent 0, else the table's number; libvirt's enum error otherwise. */
function propValueTable(el: XmlElement, name: string, table: readonly { name: string; value: number }[]): number {
  const raw = el.attrs[name];
  if (raw === undefined) return 0;
  const hit = table.find((v) => v.name === raw);
  if (!hit) throw atElement(el, xmlError(`Invalid value for attribute '${name}' in element '${el.name}': '${raw}'.`));
  return hit.value;
}

function parseGranule(driver: XmlElement): number {
  const granule = child(driver, 'granule');
  if (!granule) return 0;
  const mode = granule.attrs.mode;
  const size = granule.attrs.size;
  const kib = parseMemoryKiB(size, granule.attrs.unit, './driver/granule/@size', false);
  if (kib !== undefined) {
    if (mode !== undefined) throw xmlError("'mode' and 'size' can't be specified at the same time for 'granule'");
    if (kib > 0x7fffffffn) throw xmlError('size value too large');
    return Number(kib);
  }
  if (mode === 'host') return -1;
  if (mode !== undefined) throw xmlError(`Invalid value for attribute 'mode' in element 'granule': '${mode}'.`);
  return 0;
}

/** The model as libvirt read it before its generic enum-attribute helper, with its own messages. */
function legacyModel(el: XmlElement, models: readonly string[]): number {
  const model = el.attrs.model;
  if (model === undefined) throw xmlError('missing model for IOMMU device');
  const i = models.indexOf(model);
  if (i < 0) throw xmlError(`unknown IOMMU model: ${model}`);
  return i;
}

export function parseIommu(el: XmlElement, ctx: ParseContext): IommuDef {
  const models = IOMMU_MODELS.slice(0, ctx.atLeast(IOMMU_SINCE.amd) ? 4 : ctx.atLeast(IOMMU_SINCE.virtio) ? 3 : 2);
  const def: IommuDef = {
    model: ctx.atLeast(IOMMU_SINCE.propEnum) ? propEnum(el, 'model', models, REQUIRED) : legacyModel(el, models),
    intremap: 0, cachingMode: 0, eim: 0, iotlb: 0, awBits: 0, dmaTranslation: 0, passthrough: 0, xtsup: 0,
    pciBus: -1, accel: 0, cmdqv: 0, ats: 0, ril: 0, ssidSize: -1, oas: -1, granule: 0,
    info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 },
  };
  const driver = child(el, 'driver');
  if (driver) {
    def.intremap = propTristateSwitch(driver, 'intremap');
    def.cachingMode = propTristateSwitch(driver, 'caching_mode');
    def.iotlb = propTristateSwitch(driver, 'iotlb');
    def.eim = propTristateSwitch(driver, 'eim');
    def.awBits = propUInt(driver, 'aw_bits', 10);
    if (ctx.atLeast(IOMMU_SINCE.dmaTranslation)) def.dmaTranslation = propTristateSwitch(driver, 'dma_translation');
    if (ctx.atLeast(IOMMU_SINCE.xtsup)) def.xtsup = propTristateSwitch(driver, 'xtsup');
    if (ctx.atLeast(IOMMU_SINCE.passthrough)) def.passthrough = propTristateSwitch(driver, 'passthrough');
    if (ctx.atLeast(IOMMU_SINCE.pciBus)) def.pciBus = propInt(driver, 'pciBus', 10, {}, -1);
    if (ctx.atLeast(IOMMU_SINCE.accel)) {
      def.accel = propTristateSwitch(driver, 'accel');
      def.cmdqv = propValueTable(driver, 'cmdqv', CMDQV_VALUES);
      def.ats = propTristateSwitch(driver, 'ats');
      def.ril = propTristateSwitch(driver, 'ril');
      // upstream spells it 'ssidsize'; NVIDIA's 'ssidSize' is an unknown attribute here
      def.ssidSize = propInt(driver, 'ssidsize', 10, {}, -1);
      def.oas = propInt(driver, 'oas', 10, {}, -1);
    }
    if (ctx.atLeast(IOMMU_SINCE.granule)) def.granule = parseGranule(driver);
  }
  if (ctx.atLeast(IOMMU_SINCE.virtio)) def.info = parseDeviceInfo(el, ctx);
  return def;
}

/** The `<iommu>` list: one device at most before multi-IOMMU support. */
export function parseIommus(devices: XmlElement | undefined, ctx: ParseContext): IommuDef[] {
  const nodes = childrenNamed(devices, 'iommu');
  if (nodes.length > 1 && !ctx.atLeast(IOMMU_SINCE.multiple)) throw atElement(nodes[1], xmlError('only a single IOMMU device is supported'));
  return parseEach(nodes, ctx, parseIommu);
}

/** virDomainIOMMUDefValidate (per device, in the device iteration). */
export function validateIommu(iommu: IommuDef, ctx: ParseContext): void {
  if (!ctx.atLeast(IOMMU_SINCE.virtio)) return;
  const model = IOMMU_MODELS[iommu.model];
  const upstream = ctx.atLeast(IOMMU_SINCE.accel);
  const extra = () => xmlError(upstream
    ? `iommu model '${model}' doesn't support some additional attributes`
    : `iommu model '${model}' doesn't support additional attributes`);
  const intelOnly = iommu.intremap || iommu.cachingMode || iommu.eim || iommu.iotlb;
  const smmuAccel = iommu.accel || iommu.cmdqv || iommu.ats || iommu.ril || iommu.ssidSize >= 0 || iommu.oas >= 0;
  if (!upstream) {
    if ((iommu.model === IOMMU_MODEL.smmuv3 || iommu.model === IOMMU_MODEL.virtio) &&
      (intelOnly || iommu.awBits !== 0 || iommu.dmaTranslation)) throw extra();
  } else {
    switch (iommu.model) {
      case IOMMU_MODEL.smmuv3:
        if (intelOnly || iommu.awBits !== 0 || iommu.dmaTranslation || iommu.xtsup || iommu.passthrough || iommu.granule !== 0) throw extra();
        if (iommu.accel !== 1 && (iommu.ats || iommu.ril || iommu.ssidSize >= 0 || iommu.oas >= 0 || iommu.cmdqv)) {
          throw xmlError(`accel must be enabled for iommu model '${model}' when setting ats, ril, ssidsize, oas, or cmdqv`);
        }
        break;
      case IOMMU_MODEL.virtio:
        if (intelOnly || iommu.dmaTranslation || iommu.pciBus >= 0 || smmuAccel) throw extra();
        if (iommu.awBits !== 0 && (iommu.awBits < 32 || iommu.awBits > 64)) throw xmlError('aw-bits must be within [32,64]');
        break;
      case IOMMU_MODEL.amd:
        if (iommu.cachingMode || iommu.eim || iommu.awBits !== 0 || iommu.dmaTranslation || iommu.pciBus >= 0 ||
          smmuAccel || iommu.granule !== 0) throw extra();
        break;
      case IOMMU_MODEL.intel:
        if (iommu.passthrough || iommu.xtsup || iommu.pciBus >= 0 || smmuAccel || iommu.granule !== 0) throw extra();
        break;
      default:
        break;
    }
  }
  if ((iommu.model === IOMMU_MODEL.smmuv3 || iommu.model === IOMMU_MODEL.intel) && iommu.info.address.type !== 'none') {
    throw xmlError(`iommu model '${model}' can't have address`);
  }
}

/**
 * virDomainDefIOMMUValidate (domain-level, after the device iteration). `ioapicQemu` tells
 * whether `<features><ioapic driver='qemu'/>` is set.
 */
export function validateIommusDomain(iommus: readonly IommuDef[], ioapicQemu: boolean): void {
  for (const iommu of iommus) {
    if (iommu.intremap === 1 && !ioapicQemu) {
      throw unsupportedConfig("IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')");
    }
    if (iommu.eim === 1 && iommu.intremap !== 1) throw unsupportedConfig('IOMMU eim requires interrupt remapping to be enabled');
  }
}
