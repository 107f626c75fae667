// Memory balloon rules (virDomainMemballoonDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same balloon", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio'></memballoon>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='xen'></memballoon>"),
  expect: "unsupported configuration: Target balloon model xen does not match source virtio", rule: "memballoon/model" });
cases.push({ name: "none vs virtio", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='none'></memballoon>",
    "<memballoon model='virtio'></memballoon>"),
  expect: "unsupported configuration: Target balloon model virtio does not match source none", rule: "memballoon/model" });
cases.push({ name: "balloon removed (no implicit balloon in the generic parser)", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    ""),
  expect: "unsupported configuration: Target domain memory balloon count 0 does not match source 1", rule: "memballoon/count" });
cases.push({ name: "model none is still a balloon", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='none'></memballoon>",
    ""),
  expect: "unsupported configuration: Target domain memory balloon count 0 does not match source 1", rule: "memballoon/count" });
cases.push({ name: "autodeflate differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio' autodeflate='on'></memballoon>",
    "<memballoon model='virtio' autodeflate='off'></memballoon>"),
  expect: "unsupported configuration: Target balloon autodeflate attribute value 'off' does not match source 'on'", rule: "memballoon/autodeflate" });
cases.push({ name: "freePageReporting added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio' freePageReporting='on'></memballoon>"),
  expect: "unsupported configuration: Target balloon freePageReporting attribute value 'on' does not match source 'default'", rule: "memballoon/free-page-reporting" });
cases.push({ name: "stats period is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'><stats period='10'/></memballoon>",
    "<memballoon model='virtio'><stats period='-5'/></memballoon>"),
  expect: null });
cases.push({ name: "address of model none is ignored", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='none'></memballoon>",
    "<memballoon model='none'><address type='pci' domain='0' bus='0' slot='6' function='0'/></memballoon>"),
  expect: null });
cases.push({ name: "pci address differs", profiles: ["9.0.0"],
  ...pair("<memballoon model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></memballoon>",
    "<memballoon model='virtio'><address type='pci' domain='0' bus='0' slot='6' function='0'/></memballoon>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "pci address differs", profiles: ["11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></memballoon>",
    "<memballoon model='virtio'><address type='pci' domain='0' bus='0' slot='6' function='0'/></memballoon>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0 does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "empty driver element", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio'><driver/></memballoon>"),
  expect: "unsupported configuration: Target device virtio options don't match the source", rule: "virtio/presence" });
cases.push({ name: "driver iommu differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'><driver iommu='off'/></memballoon>",
    "<memballoon model='virtio'><driver iommu='on'/></memballoon>"),
  expect: "unsupported configuration: Target device iommu option 'on' does not match source 'off'", rule: "virtio/iommu" });
cases.push({ name: "two balloons", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio'></memballoon><memballoon model='virtio'></memballoon>"),
  expect: { error: "internal error: only a single memory balloon device is supported" } });
cases.push({ name: "missing model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon ></memballoon>"),
  expect: { error: "XML error: Missing required attribute 'model' in element 'memballoon'" } });
cases.push({ name: "bad autodeflate", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio' autodeflate='yes'></memballoon>"),
  expect: { error: "XML error: Invalid value for attribute 'autodeflate' in element 'memballoon': 'yes'." } });
cases.push({ name: "bad stats period", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<memballoon model='virtio'></memballoon>",
    "<memballoon model='virtio'><stats period='x'/></memballoon>"),
  expect: { error: "XML error: Invalid value for attribute 'period' in element 'stats': 'x'. Expected integer value" } });

ruleTable("memballoon", cases);
