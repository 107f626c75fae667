// Redirected device rules (virDomainRedirdevDefCheckABIStability) and <redirdev> parsing/validation.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const USB = "<controller type='usb' index='0'/>";
const pair = (src: string, dst: string) => ({ src: domainXml({ devices: USB + src }), dst: domainXml({ devices: USB + dst }) });
const SPICE = "<redirdev bus='usb' type='spicevmc'/>";
const TCP = "<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='4000'/></redirdev>";
const valid = (dev: string) => pair(SPICE, dev);

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair(SPICE, SPICE), expect: null },
  { name: 'usb is the default bus', profiles: ALL, ...pair(SPICE, "<redirdev type='spicevmc'/>"), expect: null },
  { name: 'character device source is not compared', profiles: ALL,
    ...pair(TCP, "<redirdev bus='usb' type='tcp'><source mode='connect' host='otherhost' service='4001'/><protocol type='raw'/></redirdev>"), expect: null },
  { name: 'redirdev count', profiles: ALL, ...pair(SPICE, SPICE + SPICE),
    expect: 'unsupported configuration: Target domain redirected devices count 2 does not match source 1', rule: 'redirdev/count' },
  { name: 'source type', profiles: ALL, ...pair(SPICE, TCP),
    expect: 'unsupported configuration: Target redirected device source type tcp does not match source device source type spicevmc', rule: 'redirdev/source-type' },
  { name: 'usb address added', profiles: ALL, ...pair(SPICE, "<redirdev bus='usb' type='spicevmc'><address type='usb' bus='0' port='3'/></redirdev>"),
    expect: 'unsupported configuration: Target device address type usb does not match source none' },

  // parse and validation errors
  { name: 'unknown bus', profiles: ALL, ...valid("<redirdev bus='pci' type='spicevmc'/>"), expect: { error: "unsupported configuration: unknown redirdev bus 'pci'" } },
  { name: 'missing type', profiles: ALL, ...valid("<redirdev bus='usb'/>"), expect: { error: 'internal error: missing type in redirdev' } },
  { name: 'unknown type', profiles: ALL, ...valid("<redirdev bus='usb' type='bogus'/>"),
    expect: { error: "unsupported configuration: unknown redirdev character device type 'bogus'" } },
  { name: 'tcp without host', profiles: ALL, ...valid("<redirdev bus='usb' type='tcp'><source mode='connect' service='4000'/></redirdev>"),
    expect: { error: 'internal error: Missing source host attribute for char device' } },
  { name: 'unix without path', profiles: ALL, ...valid("<redirdev bus='usb' type='unix'><source mode='connect'/></redirdev>"),
    expect: { error: 'internal error: Missing source path attribute for char device' } },
  { name: 'two sources', profiles: ALL, ...valid("<redirdev bus='usb' type='tcp'><source mode='connect' host='a' service='1'/><source mode='connect' host='b' service='2'/></redirdev>"),
    expect: { error: 'XML error: only one source element is allowed for character device' } },
  { name: 'pci address on a usb redirdev', profiles: ALL, ...valid("<redirdev bus='usb' type='spicevmc'><address type='pci' bus='0' slot='5'/></redirdev>"),
    expect: { error: 'XML error: Invalid address for a USB device' } },
  { name: 'no USB controller', profiles: ALL,
    ...{ src: domainXml({ devices: USB + SPICE }), dst: domainXml({ devices: SPICE }) },
    expect: { error: 'unsupported configuration: cannot add redirected USB device: USB is disabled for this domain' } },
];

ruleTable('redirdev', cases);
