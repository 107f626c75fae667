// Hub rules (virDomainHubDefCheckABIStability) and <hub> parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const pair = (src: string, dst: string) => ({ src: domainXml({ devices: src }), dst: domainXml({ devices: dst }) });
const HUB = "<hub type='usb'/>";
const hubAt = (port: string) => `<hub type='usb'><address type='usb' bus='0' port='${port}'/></hub>`;
const valid = (dev: string) => pair(HUB, dev);

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair(HUB, HUB), expect: null },
  { name: 'usb port is not compared', profiles: ALL, ...pair(hubAt('1'), hubAt('2')), expect: null },
  { name: 'hub count', profiles: ALL, ...pair(HUB, HUB + HUB),
    expect: 'unsupported configuration: Target domain hub device count 2 does not match source 1', rule: 'hub/count' },
  { name: 'address added', profiles: ALL, ...pair(HUB, hubAt('1')),
    expect: 'unsupported configuration: Target device address type usb does not match source none', rule: 'deviceinfo/address-type' },

  // parse errors
  { name: 'missing type', profiles: ALL, ...valid('<hub/>'), expect: { error: 'internal error: missing hub device type' } },
  { name: 'unknown type', profiles: ALL, ...valid("<hub type='pci'/>"), expect: { error: "unsupported configuration: unknown hub device type 'pci'" } },
  { name: 'usb hub with USB disabled', profiles: ALL, ...valid("<controller type='usb' model='none'/><hub type='usb'/>"),
    expect: { error: "unsupported configuration: Can't add USB hub: USB is disabled for this domain" } },
];

ruleTable('hub', cases);
