/**
 * Parse-time behaviour and validation that libvirt changed after 7.0.0 (Debian 11), each case
 * labelled by libvirt 7.0.0 and 9.0.0 themselves (../shared/oracle). Where the boundary between
 * the two is taken from libvirt's history (NEWS, formatdomain.rst, the commit that made the change
 * and the first release tag containing it), the case keys it there.
 */
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const dom = (devices: string, more: { os?: string; body?: string } = {}) => domainXml({ devices, ...more });
const hostdev = "<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x06' slot='0x12' function='0x5'/></source></hostdev>";
/** Two ISA serials, the first on port 1; `port` is the second's port attribute. */
const serials = (port: string) => dom(`<serial type='pty'><target type='isa-serial' port='1'/></serial><serial type='pty'><target type='isa-serial'${port}/></serial>`);
const smmu = (driver: string) => dom('', { body: `<features><acpi/></features>` }).replace('</devices>', `<iommu model='smmuv3'>${driver}</iommu></devices>`);
const loaderless = (os: string) => domainXml({ os });
const VIDEO = "<video><model type='cirrus'/></video>";
const OSS = "<audio id='1' type='oss'><input dev='/dev/dsp0'/><output dev='/dev/dsp0'/></audio>";
const TPM = (bank: string) => `<tpm model='tpm-crb'><backend type='emulator' version='2.0'><active_pcr_banks><${bank}/></active_pcr_banks></backend></tpm>`;
const keyboard = (source: string) => dom(`<input type='keyboard' bus='usb'>${source}</input>`);

const cases: RuleCase[] = [
  // ISA serial post-parse (first free port) versus the parser's max + 1 before it
  { name: 'a serial without port after port 1', src: serials(''), dst: serials(" port='2'"),
    expect: { '7.0.0': null, '8.1.0': 'unsupported configuration: Target serial port 2 does not match source 0' } },
  { name: 'two serials on port 1', src: serials(" port='1'"), dst: serials(" port='1'"),
    expect: { '7.0.0': null, '8.1.0': { error: "internal error: target port '1' already allocated", side: 'src' } } },
  { name: 'the same hostdev twice', src: dom(hostdev), dst: dom(hostdev + hostdev),
    expect: { '7.0.0': 'unsupported configuration: Target domain host device count 2 does not match source 1', '7.6.0': { error: 'XML error: Hostdev already exists in the domain configuration' } } },
  { name: 'unfiltered sgio on a lun', src: dom("<disk type='block' device='lun'><source dev='/dev/sdb'/><target dev='sda' bus='scsi'/></disk>"),
    dst: dom("<disk type='block' device='lun' sgio='unfiltered'><source dev='/dev/sdb'/><target dev='sda' bus='scsi'/></disk>"),
    expect: { '7.0.0': null, '8.1.0': { error: 'unsupported configuration: unfiltered sgio is no longer supported' } } },
  { name: 'smmuv3 with aw_bits', src: smmu(''), dst: smmu("<driver aw_bits='48'/>"),
    expect: { '7.0.0': "unsupported configuration: Target domain IOMMU device aw_bits value '48' does not match source '0'", '8.3.0': { error: "XML error: iommu model 'smmuv3' doesn't support additional attributes" },
      '12.7.0': { error: "XML error: iommu model 'smmuv3' doesn't support some additional attributes" } } },
  { name: 'an OSS audio without its input', src: dom(''), dst: dom("<audio id='1' type='oss'><output dev='/dev/dsp0'/></audio>"),
    expect: { '7.0.0': { error: 'unsupported configuration: Audio type OSS requires to have <input> and <output> specified' }, '7.2.0': null } },
  { name: 'virtio-iommu', src: dom(''), dst: dom("<iommu model='virtio'/>"),
    expect: { '7.0.0': { error: 'XML error: unknown IOMMU model: virtio' }, '7.4.0': { error: "XML error: Invalid value for attribute 'model' in element 'iommu': 'virtio'." }, '8.3.0': 'unsupported configuration: Target domain IOMMU device count does not match source',
      '12.0.0': 'unsupported configuration: Target domain IOMMU device count 1 does not match source 0' } },
  { name: 'an unknown IOMMU model', src: dom(''), dst: dom("<iommu model='bogus'/>"),
    expect: { '7.0.0': { error: 'XML error: unknown IOMMU model: bogus' }, '7.4.0': { error: "XML error: Invalid value for attribute 'model' in element 'iommu': 'bogus'." } } },
  { name: 'listen type network without a network', src: dom(`<graphics type='vnc'/>${VIDEO}`), dst: dom(`<graphics type='vnc'><listen type='network'/></graphics>${VIDEO}`),
    expect: { '7.0.0': null, '8.4.0': { error: "XML error: 'network' attribute is required for listen type 'network'" } } },
  { name: 'ramfb with an address', src: dom("<video><model type='ramfb'/></video>"), dst: dom("<video><model type='ramfb'/><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></video>"),
    expect: { '7.0.0': 'unsupported configuration: Target device address type pci does not match source none', '7.2.0': { error: 'unsupported configuration: address not supported for video type ramfb' } } },
  { name: 'evdev source on a keyboard', src: keyboard(''), dst: keyboard("<source evdev='/dev/input/event1'/>"),
    expect: { '7.0.0': { error: 'unsupported configuration: setting source evdev path only supported for passthrough input devices' }, '7.4.0': null } },
  { name: 'input type evdev', src: dom(''), dst: dom("<input type='evdev'><source dev='/dev/input/event1'/></input>"),
    expect: { '7.0.0': { error: "unsupported configuration: unknown input device type 'evdev'" }, '7.4.0': 'unsupported configuration: Target domain input device count 1 does not match source 0' } },
  { name: 'passthrough input without a source', src: dom(''), dst: dom("<input type='passthrough' bus='virtio'/>"),
    expect: { '7.0.0': { error: 'XML error: Missing evdev path for input device passthrough' }, '7.4.0': 'unsupported configuration: Target domain input device count 1 does not match source 0' } },
  { name: "cpu mode 'maximum'", src: domainXml({ body: "<cpu mode='maximum'/>" }), dst: domainXml({ body: "<cpu mode='maximum'/>" }),
    expect: { '7.0.0': { error: "unsupported configuration: Invalid mode attribute 'maximum'", side: 'src' }, '7.1.0': null } },
  { name: 'a sound card naming a missing audio', src: dom(`<sound model='ich9'/>${OSS}`), dst: dom(`<sound model='ich9'><audio id='2'/></sound>${OSS}`),
    expect: { '7.0.0': null, '7.2.0': { error: 'XML error: no audio device with ID 2' } } },
  { name: 'firmware autoselection without a loader', src: loaderless("<os><type arch='x86_64' machine='pc-q35-9.0'>hvm</type></os>"), dst: loaderless("<os firmware='efi'><type arch='x86_64' machine='pc-q35-9.0'>hvm</type></os>"),
    expect: { '7.0.0': null, '8.6.0': { error: 'firmware auto selection not implemented for this driver' } } },
  { name: 'nvram without a loader', src: loaderless("<os><type arch='x86_64' machine='pc-q35-9.0'>hvm</type></os>"), dst: loaderless("<os><type arch='x86_64' machine='pc-q35-9.0'>hvm</type><nvram template='/usr/share/OVMF/OVMF_VARS.fd'/></os>"),
    expect: { '7.0.0': null, '8.6.0': { error: 'no loader path specified and firmware auto selection disabled' } } },
  { name: 'kvm pv-ipi', src: domainXml({ body: '<features><kvm><hidden state="on"/></kvm></features>' }), dst: domainXml({ body: '<features><kvm><hidden state="on"/><pv-ipi state="on"/></kvm></features>' }),
    expect: { '7.0.0': { error: 'unsupported configuration: unsupported KVM feature: pv-ipi' }, '7.10.0': "unsupported configuration: State of KVM feature 'pv-ipi' differs: source: 'default', destination: 'on'" } },
  { name: 'kvm dirty-ring', src: domainXml({ body: '<features><kvm><hidden state="on"/></kvm></features>' }), dst: domainXml({ body: '<features><kvm><hidden state="on"/><dirty-ring state="on" size="4096"/></kvm></features>' }),
    expect: { '7.0.0': { error: 'unsupported configuration: unsupported KVM feature: dirty-ring' }, '8.0.0': "unsupported configuration: State of KVM feature 'dirty-ring' differs: source: 'default', destination: 'on'" } },
  { name: 'the tcg feature', src: domainXml({ type: 'qemu' }), dst: domainXml({ type: 'qemu', body: "<features><tcg><tb-cache unit='MiB'>128</tb-cache></tcg></features>" }),
    expect: { '7.0.0': { error: "unsupported configuration: unexpected feature 'tcg'" }, '8.0.0': null } },
  { name: 'hyperv avic', src: domainXml({ body: "<features><hyperv><relaxed state='on'/></hyperv></features>" }), dst: domainXml({ body: "<features><hyperv><relaxed state='on'/><avic state='on'/></hyperv></features>" }),
    expect: { '7.0.0': { error: 'unsupported configuration: unsupported HyperV Enlightenment feature: avic' }, '8.10.0': "unsupported configuration: State of HyperV enlightenment feature 'avic' differs: source: 'default', destination: 'on'" } },
  { name: 'a virtio-mem device', src: dom(''), dst: dom("<memory model='virtio-mem'><target><size unit='KiB'>524288</size><node>0</node><block unit='KiB'>2048</block><requested unit='KiB'>524288</requested></target></memory>"),
    expect: { '7.0.0': { error: "XML error: invalid memory model 'virtio-mem'" }, '7.4.0': { error: "XML error: Invalid value for attribute 'model' in element 'memory': 'virtio-mem'." }, '7.9.0': { error: 'unsupported configuration: memory devices are not supported by this driver' } } },
  { name: 'active PCR banks differ', src: dom(TPM('sha256')), dst: dom(TPM('sha1')),
    expect: { '7.0.0': null, '7.10.0': "unsupported configuration: Target active PCR banks doesn't match source" } },
];

ruleTable('since 7.0.0', cases);
