// Panic rules (virDomainPanicDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same panic", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic>",
    "<panic model='isa'></panic>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic>",
    "<panic model='hyperv'></panic>"),
  expect: "unsupported configuration: Target panic model 'hyperv' does not match source 'isa'", rule: "panic/model" });
cases.push({ name: "default model vs isa", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic></panic>",
    "<panic model='isa'></panic>"),
  expect: "unsupported configuration: Target panic model 'isa' does not match source 'default'", rule: "panic/model" });
cases.push({ name: "pvpanic (9.1.0+)", profiles: ["9.0.0"],
  ...pair("<panic model='isa'></panic>",
    "<panic model='pvpanic'></panic>"),
  expect: { error: "unsupported configuration: unknown panic model 'pvpanic'" } });
cases.push({ name: "pvpanic (9.1.0+)", profiles: ["11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic>",
    "<panic model='pvpanic'></panic>"),
  expect: "unsupported configuration: Target panic model 'pvpanic' does not match source 'isa'" });
cases.push({ name: "second device model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic><panic model='hyperv'></panic>",
    "<panic model='isa'></panic><panic model='s390'></panic>"),
  expect: "unsupported configuration: Target panic model 's390' does not match source 'hyperv'", rule: "panic/model" });
cases.push({ name: "count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic>",
    ""),
  expect: "unsupported configuration: Target domain panic device count 0 does not match source 1", rule: "panic/count" });
cases.push({ name: "isa address differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'><address type='isa' iobase='0x505'/></panic>",
    "<panic model='isa'><address type='isa' iobase='0x506'/></panic>"),
  expect: "unsupported configuration: Target device isa address 1286:0 does not match source 1285:0", rule: "deviceinfo/isa-address" });
cases.push({ name: "unknown model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic></panic>",
    "<panic model='foo'></panic>"),
  expect: { error: "unsupported configuration: unknown panic model 'foo'" } });
cases.push({ name: "duplicate model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic model='isa'></panic>",
    "<panic model='isa'></panic><panic model='isa'></panic>"),
  expect: { error: "XML error: Multiple panic devices with model 'isa'" } });
cases.push({ name: "duplicate default model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<panic></panic>",
    "<panic></panic><panic></panic>"),
  expect: { error: "XML error: Multiple panic devices with model 'default'" } });

ruleTable("panic", cases);
