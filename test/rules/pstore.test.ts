// pstore rules (virDomainPstoreDefCheckABIStability, 10.6.0+) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same pstore", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "size differs (10.6.0+)", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>16</size></pstore>"),
  expect: null });
cases.push({ name: "size differs (10.6.0+)", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>16</size></pstore>"),
  expect: "unsupported configuration: Target pstore size '16' does not match source '8'", rule: "pstore/size" });
cases.push({ name: "size in bytes", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='b'>8192</size></pstore>"),
  expect: null });
cases.push({ name: "pstore added", profiles: ["9.0.0"],
  ...pair("",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "pstore added", profiles: ["11.3.0", "12.8.0"],
  ...pair("",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: "unsupported configuration: Target domain pstore device count does not match source", rule: "pstore/count" });
cases.push({ name: "address added", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size><address type='pci' domain='0' bus='0' slot='5' function='0'/></pstore>"),
  expect: null });
cases.push({ name: "address added", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size><address type='pci' domain='0' bus='0' slot='5' function='0'/></pstore>"),
  expect: "unsupported configuration: Target device address type pci does not match source none" });
cases.push({ name: "two pstores", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore><pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "two pstores", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore><pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: { error: "XML error: only a single pstore device is supported" } });
cases.push({ name: "missing backend", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore ><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "missing backend", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore ><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: { error: "XML error: Missing required attribute 'backend' in element 'pstore'" } });
cases.push({ name: "unknown backend", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='x'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "unknown backend", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='x'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>"),
  expect: { error: "XML error: Invalid value for attribute 'backend' in element 'pstore': 'x'." } });
cases.push({ name: "missing path", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><size unit='KiB'>8</size></pstore>"),
  expect: null });
cases.push({ name: "missing path", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><size unit='KiB'>8</size></pstore>"),
  expect: { error: "XML error: missing path for ACPI ERST pstore device" } });
cases.push({ name: "missing size", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path></pstore>"),
  expect: null });
cases.push({ name: "missing size", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path></pstore>"),
  expect: { error: "XML error: missing element or attribute './size'" } });
cases.push({ name: "size not a power of two", profiles: ["9.0.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>6</size></pstore>"),
  expect: null });
cases.push({ name: "size not a power of two", profiles: ["11.3.0", "12.8.0"],
  ...pair("<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>8</size></pstore>",
    "<pstore backend='acpi-erst'><path>/tmp/p</path><size unit='KiB'>6</size></pstore>"),
  expect: { error: "XML error: invalid size of ACPI ERST pstore device" } });

ruleTable("pstore", cases);
