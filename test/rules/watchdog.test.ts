// Watchdog rules (count or presence, virDomainWatchdogDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb' />"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='ib700' />"),
  expect: "unsupported configuration: Target watchdog model ib700 does not match source i6300esb", rule: "watchdog/model" });
cases.push({ name: "itco model (9.1.0+)", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='itco' />"),
  expect: { error: "unsupported configuration: unknown watchdog model 'itco'" } });
cases.push({ name: "itco model (9.1.0+)", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='itco' />"),
  expect: "unsupported configuration: Target watchdog model itco does not match source i6300esb" });
cases.push({ name: "action is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' action='reset'/>",
    "<watchdog model='i6300esb' action='poweroff'/>"),
  expect: null });
cases.push({ name: "watchdog added", profiles: ["9.0.0"],
  ...pair("",
    "<watchdog model='i6300esb' />"),
  expect: "unsupported configuration: Target domain watchdog count 1 does not match source 0", rule: "watchdog/count" });
cases.push({ name: "watchdog added", profiles: ["11.3.0", "12.8.0"],
  ...pair("",
    "<watchdog model='i6300esb' />"),
  expect: "unsupported configuration: Target domain watchdog device count 1 does not match source 0", rule: "watchdog/count" });
cases.push({ name: "watchdog removed", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    ""),
  expect: "unsupported configuration: Target domain watchdog count 0 does not match source 1", rule: "watchdog/count" });
cases.push({ name: "watchdog removed", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    ""),
  expect: "unsupported configuration: Target domain watchdog device count 0 does not match source 1", rule: "watchdog/count" });
cases.push({ name: "second watchdog", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb' /><watchdog model='ib700' />"),
  expect: { error: "internal error: only a single watchdog device is supported" } });
cases.push({ name: "second watchdog", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb' /><watchdog model='ib700' />"),
  expect: "unsupported configuration: Target domain watchdog device count 2 does not match source 1" });
cases.push({ name: "second watchdog model differs", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' /><watchdog model='ib700' />",
    "<watchdog model='i6300esb' /><watchdog model='diag288' />"),
  expect: { error: "internal error: only a single watchdog device is supported", side: 'src' } });
cases.push({ name: "second watchdog model differs", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' /><watchdog model='ib700' />",
    "<watchdog model='i6300esb' /><watchdog model='diag288' />"),
  expect: "unsupported configuration: Target watchdog model diag288 does not match source ib700" });
cases.push({ name: "address added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb'><address type='pci' domain='0' bus='0' slot='7' function='0'/></watchdog>"),
  expect: "unsupported configuration: Target device address type pci does not match source none", rule: "deviceinfo/address-type" });
cases.push({ name: "missing model", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog/>"),
  expect: { error: "internal error: watchdog must contain model name" } });
cases.push({ name: "missing model", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog/>"),
  expect: { error: "XML error: Missing required attribute 'model' in element 'watchdog'" } });
cases.push({ name: "unknown model", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='foo' />"),
  expect: { error: "unsupported configuration: unknown watchdog model 'foo'" } });
cases.push({ name: "unknown model", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='foo' />"),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'watchdog': 'foo'." } });
cases.push({ name: "unknown action", profiles: ["9.0.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb' action='explode'/>"),
  expect: { error: "unsupported configuration: unknown watchdog action 'explode'" } });
cases.push({ name: "unknown action", profiles: ["11.3.0", "12.8.0"],
  ...pair("<watchdog model='i6300esb' />",
    "<watchdog model='i6300esb' action='explode'/>"),
  expect: { error: "XML error: Invalid value for attribute 'action' in element 'watchdog': 'explode'." } });

ruleTable("watchdog", cases);
