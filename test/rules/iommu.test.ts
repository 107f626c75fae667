// IOMMU rules (count, virDomainIOMMUDefCheckABIStability) and IOMMU parsing/validation, per libvirt version.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "cmdqv on vs off", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv on vs off", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '2' does not match source '1'", rule: "iommu/cmdqv" });
cases.push({ name: "cmdqv absent vs on", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv absent vs on", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '1' does not match source '0'", rule: "iommu/cmdqv" });
cases.push({ name: "cmdqv on vs absent", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv on vs absent", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '0' does not match source '1'", rule: "iommu/cmdqv" });
cases.push({ name: "cmdqv equal", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv is checked after accel and before ATS", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver accel='on' cmdqv='on' ats='on'/></iommu>",
    "<iommu model='smmuv3'><driver accel='on' cmdqv='off' ats='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv is checked after accel and before ATS", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver accel='on' cmdqv='on' ats='on'/></iommu>",
    "<iommu model='smmuv3'><driver accel='on' cmdqv='off' ats='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '2' does not match source '1'", rule: "iommu/cmdqv" });
cases.push({ name: "cmdqv on another model", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver cmdqv='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: null });
cases.push({ name: "cmdqv on another model", profiles: ["12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver cmdqv='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: iommu model 'intel' doesn't support some additional attributes" } });
cases.push({ name: "cmdqv without accel", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' cmdqv='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv without accel", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' cmdqv='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: accel must be enabled for iommu model 'smmuv3' when setting ats, ril, ssidsize, oas, or cmdqv" } });
cases.push({ name: "cmdqv with accel off", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver accel='off'/></iommu>",
    "<iommu model='smmuv3'><driver accel='off' cmdqv='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv with accel off", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver accel='off'/></iommu>",
    "<iommu model='smmuv3'><driver accel='off' cmdqv='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: accel must be enabled for iommu model 'smmuv3' when setting ats, ril, ssidsize, oas, or cmdqv" } });
cases.push({ name: "cmdqv='auto'", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='auto'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "cmdqv='auto'", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' cmdqv='auto'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: Invalid value for attribute 'cmdqv' in element 'driver': 'auto'." } });
cases.push({ name: "NVIDIA data domain: identical", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: identical", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "NVIDIA data domain: first cmdqv off", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='off' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: first cmdqv off", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='off' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '2' does not match source '1'", rule: "iommu/cmdqv" });
cases.push({ name: "NVIDIA data domain: first cmdqv removed", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: first cmdqv removed", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device cmdqv value '0' does not match source '1'", rule: "iommu/cmdqv" });
cases.push({ name: "NVIDIA data domain: ssidSize spelling is ignored, ssidsize is read", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidsize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: ssidSize spelling is ignored, ssidsize is read", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidsize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device ssid_size value '20' does not match source '-1'", rule: "iommu/ssidsize" });
cases.push({ name: "NVIDIA data domain: second IOMMU removed", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: second IOMMU removed", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device count 1 does not match source 2", rule: "iommu/count" });
cases.push({ name: "NVIDIA data domain: pciBus differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "NVIDIA data domain: pciBus differs", profiles: ["12.8.0"],
  ...pair("<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='2' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>",
    "<emulator>/usr/bin/qemu-system-aarch64</emulator>\n<controller type='usb' model='none'/>\n<memballoon model='none'/>\n<controller type='pci' index='0' model='pcie-root'/>\n<controller type='pci' index='1' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='252'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n</controller>\n<controller type='pci' index='2' model='pcie-expander-bus'>\n<model name='pxb-pcie'/>\n<target busNr='248'/>\n<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n</controller>\n<controller type='pci' index='3' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='21' port='0x0'/>\n<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n</controller>\n<controller type='pci' index='4' model='pcie-root-port'>\n<model name='pcie-root-port'/>\n<target chassis='22' port='0xa8'/>\n<address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>\n</controller>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n</rng>\n<rng model='virtio'>\n<backend model='random'>/dev/urandom</backend>\n<address type='pci' domain='0x0000' bus='0x04' slot='0x00' function='0x0'/>\n</rng>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>\n<iommu model='smmuv3'>\n<driver pciBus='1' accel='on' cmdqv='on' ats='on' ril='on' ssidSize='20' oas='44'/>\n</iommu>", { type: "qemu", os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device pci_bus value '1' does not match source '2'", rule: "iommu/pcibus" });
cases.push({ name: "accel on vs off", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver accel='on'/></iommu>",
    "<iommu model='smmuv3'><driver accel='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "accel on vs off", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver accel='on'/></iommu>",
    "<iommu model='smmuv3'><driver accel='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device accel value '2' does not match source '1'", rule: "iommu/accel" });
cases.push({ name: "ats differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ats='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ats='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "ats differs", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ats='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ats='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device ATS value '2' does not match source '1'", rule: "iommu/ats" });
cases.push({ name: "ril differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ril='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ril='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "ril differs", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ril='on'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ril='off'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device ril value '2' does not match source '1'", rule: "iommu/ril" });
cases.push({ name: "ssidsize differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ssidsize='20'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ssidsize='10'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "ssidsize differs", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' ssidsize='20'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' ssidsize='10'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device ssid_size value '10' does not match source '20'", rule: "iommu/ssidsize" });
cases.push({ name: "oas differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='44'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='48'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "oas differs", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='44'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='48'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device oas value '48' does not match source '44'", rule: "iommu/oas" });
cases.push({ name: "oas is decimal only", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='44'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='0x30'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "oas is decimal only", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='44'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='0x30'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: Invalid value for attribute 'oas' in element 'driver': '0x30'. Expected integer value" } });
cases.push({ name: "oas with a leading zero", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='49'/></iommu>",
    "<iommu model='smmuv3'><driver pciBus='1' accel='on' oas='049'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "oas without accel", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver oas='44'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "oas without accel", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver oas='44'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: accel must be enabled for iommu model 'smmuv3' when setting ats, ril, ssidsize, oas, or cmdqv" } });
cases.push({ name: "pciBus added", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver pciBus='2'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "pciBus added", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver pciBus='2'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: "unsupported configuration: Target domain IOMMU device pci_bus value '2' does not match source '-1'", rule: "iommu/pcibus" });
cases.push({ name: "explicit pciBus -1 equals absent", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver pciBus='-1'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "aw_bits on smmuv3", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver aw_bits='48'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: iommu model 'smmuv3' doesn't support additional attributes" } });
cases.push({ name: "aw_bits on smmuv3", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver aw_bits='48'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: iommu model 'smmuv3' doesn't support some additional attributes" } });
cases.push({ name: "passthrough on smmuv3", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver passthrough='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "passthrough on smmuv3", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver passthrough='on'/></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: iommu model 'smmuv3' doesn't support some additional attributes" } });
cases.push({ name: "granule on smmuv3", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver><granule mode='host'/></driver></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: null });
cases.push({ name: "granule on smmuv3", profiles: ["12.8.0"],
  ...pair("<iommu model='smmuv3'><driver /></iommu>",
    "<iommu model='smmuv3'><driver><granule mode='host'/></driver></iommu>", { os: "<os><type arch='aarch64' machine='virt'>hvm</type></os>" }),
  expect: { error: "XML error: iommu model 'smmuv3' doesn't support some additional attributes" } });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='virtio'/>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device model 'virtio' does not match source 'intel'", rule: "iommu/model" });
cases.push({ name: "intremap differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver intremap='on'/></iommu>",
    "<iommu model='intel'><driver intremap='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device intremap value 'off' does not match source 'on'", rule: "iommu/intremap" });
cases.push({ name: "caching_mode differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver caching_mode='on'/></iommu>",
    "<iommu model='intel'><driver caching_mode='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device caching mode 'off' does not match source 'on'", rule: "iommu/caching-mode" });
cases.push({ name: "eim differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver intremap='on' eim='on'/></iommu>",
    "<iommu model='intel'><driver intremap='on' eim='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device eim value 'off' does not match source 'on'", rule: "iommu/eim" });
cases.push({ name: "iotlb removed", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver iotlb='on'/></iommu>",
    "<iommu model='intel'><driver /></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device iotlb value 'default' does not match source 'on'", rule: "iommu/iotlb" });
cases.push({ name: "aw_bits differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver aw_bits='48'/></iommu>",
    "<iommu model='intel'><driver aw_bits='39'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device aw_bits value '39' does not match source '48'", rule: "iommu/aw-bits" });
cases.push({ name: "aw_bits as unsigned", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='intel'><driver aw_bits='48'/></iommu>",
    "<iommu model='intel'><driver aw_bits='4294967295'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device aw_bits value '-1' does not match source '48'", rule: "iommu/aw-bits" });
cases.push({ name: "aw_bits as unsigned", profiles: ["12.8.0"],
  ...pair("<iommu model='intel'><driver aw_bits='48'/></iommu>",
    "<iommu model='intel'><driver aw_bits='4294967295'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device aw_bits value '4294967295' does not match source '48'", rule: "iommu/aw-bits" });
cases.push({ name: "dma_translation differs (10.7.0+)", profiles: ["9.0.0"],
  ...pair("<iommu model='intel'><driver dma_translation='on'/></iommu>",
    "<iommu model='intel'><driver dma_translation='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: null });
cases.push({ name: "dma_translation differs (10.7.0+)", profiles: ["11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver dma_translation='on'/></iommu>",
    "<iommu model='intel'><driver dma_translation='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device dma translation 'off' does not match source 'on'", rule: "iommu/dma-translation" });
cases.push({ name: "iommu removed", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device count does not match source", rule: "iommu/count" });
cases.push({ name: "iommu removed", profiles: ["12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device count 0 does not match source 1", rule: "iommu/count" });
cases.push({ name: "second iommu", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver /></iommu><iommu model='intel'><driver /></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: only a single IOMMU device is supported" } });
cases.push({ name: "second iommu", profiles: ["12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver /></iommu><iommu model='intel'><driver /></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device count 2 does not match source 1" });
cases.push({ name: "intremap needs the split I/O APIC", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver intremap='on'/></iommu>"),
  expect: { error: "unsupported configuration: IOMMU interrupt remapping requires split I/O APIC (ioapic driver='qemu')" } });
cases.push({ name: "eim needs intremap", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver eim='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "unsupported configuration: IOMMU eim requires interrupt remapping to be enabled" } });
cases.push({ name: "intel address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><address type='pci' domain='0' bus='0' slot='5' function='0'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: iommu model 'intel' can't have address" } });
cases.push({ name: "passthrough on intel", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver passthrough='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: null });
cases.push({ name: "passthrough on intel", profiles: ["12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu model='intel'><driver passthrough='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: iommu model 'intel' doesn't support some additional attributes" } });
cases.push({ name: "missing model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='intel'><driver /></iommu>",
    "<iommu><driver/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: Missing required attribute 'model' in element 'iommu'" } });
cases.push({ name: "virtio aw_bits", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver aw_bits='48'/></iommu>"),
  expect: { error: "XML error: iommu model 'virtio' doesn't support additional attributes" } });
cases.push({ name: "virtio aw_bits", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver aw_bits='48'/></iommu>"),
  expect: "unsupported configuration: Target domain IOMMU device aw_bits value '48' does not match source '0'" });
cases.push({ name: "virtio aw_bits out of range", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver aw_bits='16'/></iommu>"),
  expect: { error: "XML error: iommu model 'virtio' doesn't support additional attributes" } });
cases.push({ name: "virtio aw_bits out of range", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver aw_bits='16'/></iommu>"),
  expect: { error: "XML error: aw-bits must be within [32,64]" } });
cases.push({ name: "virtio intremap", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver intremap='on'/></iommu>"),
  expect: { error: "XML error: iommu model 'virtio' doesn't support additional attributes" } });
cases.push({ name: "virtio intremap", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver intremap='on'/></iommu>"),
  expect: { error: "XML error: iommu model 'virtio' doesn't support some additional attributes" } });
cases.push({ name: "granule host vs absent (12.1.0+)", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='host'/></driver></iommu>"),
  expect: null });
cases.push({ name: "granule host vs absent (12.1.0+)", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='host'/></driver></iommu>"),
  expect: "unsupported configuration: Target domain IOMMU device granule 'host' does not match source '0KiB'", rule: "iommu/granule" });
cases.push({ name: "granule sizes differ", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver><granule size='4' unit='KiB'/></driver></iommu>",
    "<iommu model='virtio'><driver><granule size='64' unit='KiB'/></driver></iommu>"),
  expect: null });
cases.push({ name: "granule sizes differ", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver><granule size='4' unit='KiB'/></driver></iommu>",
    "<iommu model='virtio'><driver><granule size='64' unit='KiB'/></driver></iommu>"),
  expect: "unsupported configuration: Target domain IOMMU device granule '64KiB' does not match source '4KiB'", rule: "iommu/granule" });
cases.push({ name: "granule size in bytes", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<iommu model='virtio'><driver><granule size='4096' unit='b'/></driver></iommu>",
    "<iommu model='virtio'><driver><granule size='4' unit='KiB'/></driver></iommu>"),
  expect: null });
cases.push({ name: "granule mode and size", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='host' size='4'/></driver></iommu>"),
  expect: null });
cases.push({ name: "granule mode and size", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='host' size='4'/></driver></iommu>"),
  expect: { error: "XML error: 'mode' and 'size' can't be specified at the same time for 'granule'" } });
cases.push({ name: "granule bad mode", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='guest'/></driver></iommu>"),
  expect: null });
cases.push({ name: "granule bad mode", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'><driver></driver></iommu>",
    "<iommu model='virtio'><driver><granule mode='guest'/></driver></iommu>"),
  expect: { error: "XML error: Invalid value for attribute 'mode' in element 'granule': 'guest'." } });
cases.push({ name: "virtio address differs", profiles: ["9.0.0"],
  ...pair("<iommu model='virtio'><address type='pci' domain='0' bus='0' slot='4' function='0'/></iommu>",
    "<iommu model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></iommu>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:05.0does not match source 0000:00:04.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "virtio address differs", profiles: ["11.3.0", "12.8.0"],
  ...pair("<iommu model='virtio'><address type='pci' domain='0' bus='0' slot='4' function='0'/></iommu>",
    "<iommu model='virtio'><address type='pci' domain='0' bus='0' slot='5' function='0'/></iommu>"),
  expect: "unsupported configuration: Target device PCI address 0000:00:05.0 does not match source 0000:00:04.0", rule: "deviceinfo/pci-address" });
cases.push({ name: "two virtio iommus, second differs", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='virtio'/><iommu model='virtio'/>",
    "<iommu model='virtio'/><iommu model='smmuv3'/>"),
  expect: { error: "XML error: only a single IOMMU device is supported", side: 'src' } });
cases.push({ name: "two virtio iommus, second differs", profiles: ["12.8.0"],
  ...pair("<iommu model='virtio'/><iommu model='virtio'/>",
    "<iommu model='virtio'/><iommu model='smmuv3'/>"),
  expect: "unsupported configuration: Target domain IOMMU device model 'smmuv3' does not match source 'virtio'" });
cases.push({ name: "amd passthrough differs (11.5.0+)", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='amd'><driver passthrough='on'/></iommu>",
    "<iommu model='amd'><driver passthrough='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'iommu': 'amd'.", side: 'src' } });
cases.push({ name: "amd passthrough differs (11.5.0+)", profiles: ["12.8.0"],
  ...pair("<iommu model='amd'><driver passthrough='on'/></iommu>",
    "<iommu model='amd'><driver passthrough='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device passthrough 'off' does not match source 'on'", rule: "iommu/passthrough" });
cases.push({ name: "amd xtsup differs (11.5.0+)", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='amd'><driver xtsup='on'/></iommu>",
    "<iommu model='amd'><driver xtsup='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'iommu': 'amd'.", side: 'src' } });
cases.push({ name: "amd xtsup differs (11.5.0+)", profiles: ["12.8.0"],
  ...pair("<iommu model='amd'><driver xtsup='on'/></iommu>",
    "<iommu model='amd'><driver xtsup='off'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: "unsupported configuration: Target domain IOMMU device xtsup 'off' does not match source 'on'", rule: "iommu/xtsup" });
cases.push({ name: "amd eim", profiles: ["9.0.0", "11.3.0"],
  ...pair("<iommu model='amd'><driver /></iommu>",
    "<iommu model='amd'><driver eim='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'iommu': 'amd'.", side: 'src' } });
cases.push({ name: "amd eim", profiles: ["12.8.0"],
  ...pair("<iommu model='amd'><driver /></iommu>",
    "<iommu model='amd'><driver eim='on'/></iommu>", { body: "<features><acpi/><apic/><ioapic driver='qemu'/></features>" }),
  expect: { error: "XML error: iommu model 'amd' doesn't support some additional attributes" } });

ruleTable("iommu", cases);
