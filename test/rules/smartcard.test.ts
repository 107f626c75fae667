// Smartcard rules (virDomainSmartcardDefCheckABIStability: count and device info) and <smartcard> parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const pair = (src: string, dst: string) => ({ src: domainXml({ devices: src }), dst: domainXml({ devices: dst }) });
const HOST = "<smartcard mode='host'/>";
const ccid = (slot: number) => `<smartcard mode='host'><address type='ccid' controller='0' slot='${slot}'/></smartcard>`;
const valid = (dev: string) => pair(HOST, dev);

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair(HOST, HOST), expect: null },
  { name: 'mode is not compared', profiles: ALL,
    ...pair(HOST, "<smartcard mode='passthrough' type='spicevmc'/>"), expect: null },
  { name: 'implicit ccid slot 0', profiles: ALL, ...pair(HOST, ccid(0)), expect: null },
  { name: 'second smartcard gets the next slot', profiles: ALL, ...pair(ccid(0) + HOST, ccid(0) + ccid(1)), expect: null },
  { name: 'smartcards imply a ccid controller', profiles: ALL, ...pair(HOST, ''),
    expect: 'unsupported configuration: Target domain controller count 0 does not match source 1' },
  { name: 'smartcard count', profiles: ALL, ...pair(HOST, HOST + HOST),
    expect: 'unsupported configuration: Target domain smartcard count 2 does not match source 1', rule: 'smartcard/count' },
  { name: 'ccid slot', profiles: ALL, ...pair(HOST, ccid(1)),
    expect: 'unsupported configuration: Target device ccid address 0:1 does not match source 0:0', rule: 'deviceinfo/ccid-address' },

  // parse and validation errors
  { name: 'missing mode', profiles: ALL, ...valid('<smartcard/>'), expect: { error: "XML error: Missing required attribute 'mode' in element 'smartcard'" } },
  { name: 'host-certificates needs three certificates', profiles: ALL,
    ...valid("<smartcard mode='host-certificates'><certificate>a</certificate><certificate>b</certificate></smartcard>"),
    expect: { error: 'XML error: host-certificates mode needs exactly three certificates' } },
  { name: 'relative certificate database', profiles: ALL,
    ...valid("<smartcard mode='host-certificates'><certificate>a</certificate><certificate>b</certificate><certificate>c</certificate><database>db</database></smartcard>"),
    expect: { error: 'XML error: expecting absolute path: db' } },
  { name: 'passthrough without a character device type', profiles: ALL, ...valid("<smartcard mode='passthrough'/>"),
    expect: { error: 'XML error: passthrough mode requires a character device type attribute' } },
  { name: 'passthrough with an unknown character device type', profiles: ALL, ...valid("<smartcard mode='passthrough' type='bogus'/>"),
    expect: { error: 'unsupported configuration: unknown type presented to host for character device: bogus' } },
  { name: 'passthrough tcp without host', profiles: ALL, ...valid("<smartcard mode='passthrough' type='tcp'><source mode='connect' service='2001'/></smartcard>"),
    expect: { error: 'internal error: Missing source host attribute for char device' } },
  { name: 'non-ccid address', profiles: ALL, ...valid("<smartcard mode='host'><address type='usb' bus='0' port='1'/></smartcard>"),
    expect: { error: "unsupported configuration: Controllers must use the 'ccid' address type" } },
];

ruleTable('smartcard', cases);
