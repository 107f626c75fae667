/** qemuValidateDomainChrTargetDef and the serial part of qemuValidateDomainChrDef, for x86 guests. */
import { CHR_SERIAL_TARGET_MODELS, CHR_SERIAL_TARGET_TYPES, type ChrDef } from '../model/platform-devices.js';
import { unsupportedConfig } from '../parse/errors.js';

type TargetType = typeof CHR_SERIAL_TARGET_TYPES[number];
type TargetModel = typeof CHR_SERIAL_TARGET_MODELS[number];

// target model -> the target type it plugs into, and that type's default model (qemuDomainChrDefPostParse)
const MODEL_TYPE: Record<Exclude<TargetModel, 'none'>, TargetType> = {
  'isa-serial': 'isa-serial', 'usb-serial': 'usb-serial', 'pci-serial': 'pci-serial', 'spapr-vty': 'spapr-vio-serial',
  pl011: 'system-serial', '16550a': 'system-serial', sclpconsole: 'sclp-serial', sclplmconsole: 'sclp-serial', 'isa-debugcon': 'isa-debug',
};
const DEFAULT_MODEL: Partial<Record<TargetType, TargetModel>> = {
  'isa-serial': 'isa-serial', 'usb-serial': 'usb-serial', 'pci-serial': 'pci-serial', 'spapr-vio-serial': 'spapr-vty',
  'system-serial': 'pl011', 'sclp-serial': 'sclpconsole', 'isa-debug': 'isa-debugcon',
};
const ADDRESS_OF: Partial<Record<TargetType, string>> = {
  'isa-serial': 'isa', 'isa-debug': 'isa', 'usb-serial': 'usb', 'pci-serial': 'pci', 'spapr-vio-serial': 'spapr-vio',
};

export function validateSerial(chr: ChrDef): void {
  const address = chr.info.address.type;
  let type = CHR_SERIAL_TARGET_TYPES[chr.targetType];
  // post-parse: isa-serial is the x86 default and is spelled as none first
  if (type === 'isa-serial') type = 'none';
  if (type === 'none') {
    // the default by address is post-parse's business; only the plain ISA case is certain
    if (address !== 'none' && address !== 'isa') return;
    type = 'isa-serial';
  }
  const given = CHR_SERIAL_TARGET_MODELS[chr.targetModel];
  const model = given === 'none' ? DEFAULT_MODEL[type] : given;
  const expectedAddress = ADDRESS_OF[type];
  if (expectedAddress === undefined && address !== 'none') {
    throw unsupportedConfig(`Target type '${type}' cannot have an associated address`);
  }
  if (expectedAddress !== undefined && address !== 'none' && address !== expectedAddress) {
    throw unsupportedConfig(`Target type '${type}' requires address type '${expectedAddress}'`);
  }
  if (model === undefined || model === 'none') return;
  if (MODEL_TYPE[model] !== type) throw unsupportedConfig(`Target model '${model}' requires target type '${MODEL_TYPE[model]}'`);
  // x86 machines are neither ARM/RISC-V virt, pSeries nor s390
  if (type === 'system-serial' || type === 'spapr-vio-serial' || type === 'sclp-serial') {
    throw unsupportedConfig(`Serial device with target type '${type}' and target model '${model}' not compatible with guest architecture or machine type`);
  }
}
