// RNG rules (virDomainRNGDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same rng", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio-transitional'><backend model='random'>/dev/urandom</backend></rng>"),
  expect: "unsupported configuration: Target RNG model 'virtio-transitional' does not match source 'virtio'", rule: "rng/model" });
cases.push({ name: "backend is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='builtin'/></rng>"),
  expect: null });
cases.push({ name: "count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng><rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>"),
  expect: "unsupported configuration: Target domain RNG device count 2 does not match source 1", rule: "rng/count" });
cases.push({ name: "driver added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend><driver iommu='on'/></rng>"),
  expect: "unsupported configuration: Target device virtio options don't match the source", rule: "virtio/presence" });
cases.push({ name: "address differs", profiles: ["9.0.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0' bus='0' slot='5' function='0'/></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0' bus='0' slot='6' function='0'/></rng>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "address differs", profiles: ["11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0' bus='0' slot='5' function='0'/></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend><address type='pci' domain='0' bus='0' slot='6' function='0'/></rng>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:06.0 does not match source 0000:00:05.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "missing model", profiles: ["9.0.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng><backend model='random'/></rng>"),
  expect: { error: "XML error: missing RNG device model" } });
cases.push({ name: "missing model", profiles: ["11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng><backend model='random'/></rng>"),
  expect: { error: "XML error: Missing required attribute 'model' in element 'rng'" } });
cases.push({ name: "unknown model", profiles: ["9.0.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='foo'><backend model='random'>/dev/urandom</backend></rng>"),
  expect: { error: "unsupported configuration: unknown RNG model 'foo'" } });
cases.push({ name: "unknown model", profiles: ["11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='foo'><backend model='random'>/dev/urandom</backend></rng>"),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'rng': 'foo'." } });
cases.push({ name: "no backend", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'></rng>"),
  expect: { error: "XML error: only one RNG backend is supported" } });
cases.push({ name: "two backends", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'/><backend model='random'/></rng>"),
  expect: { error: "XML error: only one RNG backend is supported" } });
cases.push({ name: "backend without model", profiles: ["9.0.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend/></rng>"),
  expect: { error: "XML error: missing RNG device backend model" } });
cases.push({ name: "backend without model", profiles: ["11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend/></rng>"),
  expect: { error: "XML error: Missing required attribute 'model' in element 'backend'" } });
cases.push({ name: "egd without type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='egd'/></rng>"),
  expect: { error: "XML error: missing EGD backend type" } });
cases.push({ name: "egd tcp without host", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='egd' type='tcp'><source mode='connect' service='1'/></backend></rng>"),
  expect: { error: "internal error: Missing source host attribute for char device" } });
cases.push({ name: "egd tcp", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='egd' type='tcp'><source mode='connect' host='a' service='1'/></backend></rng>"),
  expect: null });
cases.push({ name: "bad rate bytes", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend><rate bytes='x'/></rng>"),
  expect: { error: "XML error: invalid RNG rate bytes value" } });
cases.push({ name: "bad rate period", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
    "<rng model='virtio'><backend model='random'>/dev/urandom</backend><rate bytes='10' period='x'/></rng>"),
  expect: { error: "XML error: invalid RNG rate period value" } });

ruleTable("rng", cases);
