// vsock rules (virDomainVsockDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same vsock", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio'></vsock>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio-transitional'></vsock>"),
  expect: "unsupported configuration: Target domain vsock device model 'virtio-transitional' does not match source 'virtio'", rule: "vsock/model" });
cases.push({ name: "model absent vs virtio", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock ></vsock>",
    "<vsock model='virtio'></vsock>"),
  expect: "unsupported configuration: Target domain vsock device model 'virtio' does not match source 'default'", rule: "vsock/model" });
cases.push({ name: "cid is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'><cid auto='no' address='3'/></vsock>",
    "<vsock model='virtio'><cid auto='no' address='4'/></vsock>"),
  expect: null });
cases.push({ name: "vsock removed", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    ""),
  expect: "unsupported configuration: Target domain vsock device count does not match source", rule: "vsock/count" });
cases.push({ name: "driver added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio'><driver iommu='on'/></vsock>"),
  expect: "unsupported configuration: Target device virtio options don't match the source", rule: "virtio/presence" });
cases.push({ name: "virtio option differs (not compared by 7.0.0)",
  ...pair("<vsock model='virtio'><driver iommu='on'/></vsock>",
    "<vsock model='virtio'><driver iommu='off'/></vsock>"),
  expect: { '7.0.0': null, '7.1.0': "unsupported configuration: Target device iommu option 'off' does not match source 'on'" } });
cases.push({ name: "address differs", profiles: ["9.0.0"],
  ...pair("<vsock model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></vsock>",
    "<vsock model='virtio'><address type='pci' domain='0' bus='0' slot='6' function='0'/></vsock>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "address differs", profiles: ["11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></vsock>",
    "<vsock model='virtio'><address type='pci' domain='0' bus='0' slot='6' function='0'/></vsock>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0 does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "guest cid 2", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio'><cid address='2'/></vsock>"),
  expect: { error: "unsupported configuration: guest CIDs must be >= 3" } });
cases.push({ name: "guest cid 0", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio'><cid address='0'/></vsock>"),
  expect: { error: "XML error: Invalid value for attribute 'address' in element 'cid': Zero is not permitted" } });
cases.push({ name: "two vsocks", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock model='virtio'></vsock>",
    "<vsock model='virtio'></vsock><vsock model='virtio'></vsock>"),
  expect: { error: "XML error: only a single vsock device is supported" } });
cases.push({ name: "virtio options on the default model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock ></vsock>",
    "<vsock ><driver iommu='on'/></vsock>"),
  expect: { error: "unsupported configuration: iommu driver option is only supported for virtio devices" } });
cases.push({ name: "unknown model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<vsock ></vsock>",
    "<vsock model='foo'></vsock>"),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'vsock': 'foo'." } });

ruleTable("vsock", cases);
