// Memory devices: the generic parser rejects them after parsing (rules kept for completeness).
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "dimm rejected by the generic parser", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>"),
  expect: { error: "unsupported configuration: memory devices are not supported by this driver" } });
cases.push({ name: "rejected on both sides", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>",
    "<memory model='dimm'><target><size unit='KiB'>131072</size><node>0</node></target></memory>"),
  expect: { error: "unsupported configuration: memory devices are not supported by this driver", side: 'src' } });
cases.push({ name: "missing target", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory model='dimm'/>"),
  expect: { error: "XML error: missing <target> element for <memory> device" } });
cases.push({ name: "missing model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory><target><size unit='KiB'>1024</size></target></memory>"),
  expect: { error: "XML error: Missing required attribute 'model' in element 'memory'" } });
cases.push({ name: "negative node", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory model='dimm'><target><size unit='KiB'>131072</size><node>-1</node></target></memory>"),
  expect: { error: "XML error: invalid value of memory device node" } });
cases.push({ name: "missing size", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory model='dimm'><target/></memory>"),
  expect: { error: "XML error: missing element or attribute './size'" } });
cases.push({ name: "small nvdimm label", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("",
    "<memory model='nvdimm'><source><path>/a</path></source><target><size unit='KiB'>131072</size><label><size unit='KiB'>64</size></label></target></memory>"),
  expect: { error: "XML error: nvdimm label must be at least 128KiB" } });

ruleTable("memory-device", cases);
