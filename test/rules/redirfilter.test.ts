// USB redirection filter rules (virDomainRedirFilterDefCheckABIStability) and <redirfilter> parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const pair = (src: string, dst: string) => ({ src: domainXml({ devices: src }), dst: domainXml({ devices: dst }) });
const filter = (...rules: string[]) => `<redirfilter>${rules.map((r) => `<usbdev ${r}/>`).join('')}</redirfilter>`;
const RULE = "class='0x08' vendor='0x1234' product='0xbeef' version='2.0' allow='yes'";
const BASE = filter(RULE, "allow='no'");
const valid = (dev: string) => pair(BASE, dev);

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair(BASE, BASE), expect: null },
  { name: 'numbers re-spelled', profiles: ALL,
    ...pair(BASE, filter("class='8' vendor='4660' product='48879' version='2.00' allow='yes'", "class='-1' version='-1' allow='no'")), expect: null },
  { name: 'filter removed', profiles: ALL, ...pair(BASE, ''),
    expect: 'unsupported configuration: Target domain USB redirection filter count 0 does not match source 1', rule: 'redirfilter/count' },
  { name: 'rule count', profiles: ALL, ...pair(BASE, filter(RULE)),
    expect: 'unsupported configuration: Target USB redirection filter rule count 1 does not match source 2', rule: 'redirfilter/rule-count' },
  { name: 'class', profiles: ALL, ...pair(BASE, filter(RULE.replace('0x08', '0x09'), "allow='no'")),
    expect: 'unsupported configuration: Target USB Class code does not match source', rule: 'redirfilter/class' },
  { name: 'vendor', profiles: ALL, ...pair(BASE, filter(RULE.replace('0x1234', '0x1235'), "allow='no'")),
    expect: 'unsupported configuration: Target USB vendor ID does not match source', rule: 'redirfilter/vendor' },
  { name: 'product', profiles: ALL, ...pair(BASE, filter(RULE.replace('0xbeef', '0xbeee'), "allow='no'")),
    expect: 'unsupported configuration: Target USB product ID does not match source', rule: 'redirfilter/product' },
  { name: 'version JJ.M is JJ.M0', profiles: ALL, ...pair(BASE, filter(RULE.replace('2.0', '2.01'), "allow='no'")),
    expect: 'unsupported configuration: Target USB version does not match source', rule: 'redirfilter/version' },
  { name: 'allow', profiles: ALL, ...pair(BASE, filter(RULE, "allow='yes'")),
    expect: "unsupported configuration: Target USB allow 'yes' does not match source 'no'", rule: 'redirfilter/allow' },

  // parse errors
  { name: 'two filters', profiles: ALL, ...valid(BASE + BASE), expect: { error: 'internal error: only one set of redirection filter rule is supported' } },
  { name: 'class above 0xff', profiles: ALL, ...valid(filter("class='0x100' allow='yes'")), expect: { error: 'internal error: Invalid USB Class code 0x100' } },
  { name: 'malformed version', profiles: ALL, ...valid(filter("version='2' allow='yes'")), expect: { error: 'XML error: Cannot parse USB device version 2' } },
  { name: 'missing allow', profiles: ALL, ...valid(filter("class='0x08'")), expect: { error: "XML error: Missing required attribute 'allow' in element 'usbdev'" } },
  { name: 'non-numeric vendor', profiles: ALL, ...valid(filter("vendor='abc' allow='yes'")),
    expect: { error: "XML error: Invalid value for attribute 'vendor' in element 'usbdev': 'abc'. Expected integer value" } },
];

ruleTable('redirfilter', cases);
