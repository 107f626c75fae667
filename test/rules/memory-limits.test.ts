/**
 * Memory sizes at libvirt's limits, labelled by the real libvirt 9.0.0, 11.3.0, 12.8.0 and 12.9.0
 * (../shared/oracle): the largest size is LLONG_MAX bytes, 2^53 - 1 KiB. libvirt 12.9.0's new
 * messages `the maximum/current memory value too large: %1$llu` come from the ESX driver's
 * esxDomainGetInfo (src/esx/esx_driver.c, found in 12.9.0's libvirt.so), which the generic parser
 * and the ABI check never run: no profile prints them, and these pairs get 12.8.0's verdicts.
 */
import { ruleTable, domainXml } from '../helpers/rule-table.js';

const memory = (unit: string, value: string) => `<memory unit='${unit}'>${value}</memory>`;
const current = (value: string) => `<memory unit='KiB'>1048576</memory><currentMemory unit='KiB'>${value}</currentMemory>`;
const overflow = (text: string) => ({ error: `numerical overflow: ${text}` });

ruleTable('memory sizes at libvirt\'s limits', [
  { name: 'max memory 2^53 - 1 KiB, the largest', src: domainXml(), dst: domainXml({ memory: memory('KiB', '9007199254740991') }), expect: { '9.0.0': 'unsupported configuration: Target domain max memory 9007199254740991 does not match source 1048576' }, rule: 'memtune/initial-memory' },
  { name: 'max memory 2^53 KiB', src: domainXml(), dst: domainXml({ memory: memory('KiB', '9007199254740992') }), expect: { '9.0.0': overflow('value too large: 9007199254740992KiB') } },
  { name: 'max memory LLONG_MAX bytes, rounded up past the limit', src: domainXml(), dst: domainXml({ memory: memory('b', '9223372036854775807') }), expect: { '9.0.0': overflow('size value too large') } },
  { name: 'max memory LLONG_MAX - 1023 bytes', src: domainXml(), dst: domainXml({ memory: memory('b', '9223372036854774784') }), expect: { '9.0.0': 'unsupported configuration: Target domain max memory 9007199254740991 does not match source 1048576' } },
  { name: 'max memory 2^64 - 1 bytes', src: domainXml(), dst: domainXml({ memory: memory('b', '18446744073709551615') }), expect: { '9.0.0': overflow('value too large: 18446744073709551615b') } },
  { name: 'max memory 16 EiB in TiB', src: domainXml(), dst: domainXml({ memory: memory('TiB', '16777216') }), expect: { '9.0.0': overflow('value too large: 16777216TiB') } },
  { name: 'current memory 2^53 - 1 KiB is cut to max memory', src: domainXml(), dst: domainXml({ memory: current('9007199254740991') }), expect: { '9.0.0': null } },
  { name: 'current memory 2^53 KiB', src: domainXml(), dst: domainXml({ memory: current('9007199254740992') }), expect: { '9.0.0': overflow('value too large: 9007199254740992KiB') } },
]);
