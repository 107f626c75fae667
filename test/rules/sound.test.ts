// Sound rules (virDomainSoundDefCheckABIStability) and <sound>/<audio> parsing/validation.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const NEW = ['11.3.0', '12.8.0'];
const pair = (src: string, dst: string) => ({ src: domainXml({ devices: src }), dst: domainXml({ devices: dst }) });
const valid = (dev: string) => pair("<sound model='ich9'/>", dev);

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair("<sound model='ich9'><codec type='duplex'/></sound>", "<sound model='ich9'><codec type='duplex'/></sound>"), expect: null },
  { name: 'codecs and audio backends are not compared', profiles: ALL,
    ...pair("<sound model='ich9'><codec type='duplex'/></sound>", "<sound model='ich9'><codec type='micro'/><audio id='1'/></sound><audio id='1' type='none'/>"), expect: null },
  { name: 'sound count', profiles: ALL, ...pair("<sound model='ich9'/>", "<sound model='ich9'/><sound model='usb'/>"),
    expect: 'unsupported configuration: Target domain sound card count 2 does not match source 1', rule: 'sound/count' },
  { name: 'model', profiles: ALL, ...pair("<sound model='ich9'/>", "<sound model='ac97'/>"),
    expect: 'unsupported configuration: Target sound card model ac97 does not match source ich9', rule: 'sound/model' },
  { name: 'multichannel is not ABI before 9.4.0', profiles: ['9.0.0'], ...pair("<sound model='usb' multichannel='yes'/>", "<sound model='usb'/>"), expect: null },
  { name: 'multichannel', profiles: NEW, ...pair("<sound model='usb' multichannel='yes'/>", "<sound model='usb'/>"),
    expect: "unsupported configuration: Target sound card multichannel setting 'default' does not match source 'yes'", rule: 'sound/multichannel' },
  { name: 'multichannel only exists on usb sound', profiles: NEW, ...pair("<sound model='ich9' multichannel='bogus'/>", "<sound model='ich9'/>"), expect: null },
  { name: 'virtio sound', profiles: NEW, ...pair("<sound model='virtio'/>", "<sound model='ich9'/>"),
    expect: 'unsupported configuration: Target sound card model ich9 does not match source virtio' },
  { name: 'sound virtio options are not compared', profiles: NEW,
    ...pair("<sound model='ich9'><driver iommu='on'/></sound>", "<sound model='ich9'/>"), expect: null },
  { name: 'PCI address', profiles: NEW,
    ...pair("<sound model='ich9'><address type='pci' domain='0' bus='0' slot='4' function='0'/></sound>", "<sound model='ich9'><address type='pci' domain='0' bus='0' slot='5' function='0'/></sound>"),
    expect: 'unsupported configuration: Target device PCI address 0000:00:05.0 does not match source 0000:00:04.0' },

  // parse and validation errors
  { name: 'missing model', profiles: ALL, ...valid('<sound/>'), expect: { error: "XML error: Missing required attribute 'model' in element 'sound'" } },
  { name: 'virtio sound unknown to 9.0.0', profiles: ['9.0.0'], ...valid("<sound model='virtio'/>"),
    expect: { error: "XML error: Invalid value for attribute 'model' in element 'sound': 'virtio'." } },
  { name: 'bad multichannel', profiles: NEW, ...valid("<sound model='usb' multichannel='on'/>"),
    expect: { error: "XML error: Invalid value for attribute 'multichannel' in element 'sound': 'on'." } },
  { name: 'unknown codec', profiles: ALL, ...valid("<sound model='ich6'><codec type='stereo'/></sound>"),
    expect: { error: "unsupported configuration: unknown codec type 'stereo'" } },
  { name: 'reference to a missing audio backend', profiles: ALL, ...valid("<sound model='ich9'><audio id='2'/></sound><audio id='1' type='none'/>"),
    expect: { error: 'XML error: no audio device with ID 2' } },
  { name: 'duplicate audio id', profiles: ALL, ...valid("<audio id='1' type='none'/><audio id='1' type='spice'/>"),
    expect: { error: 'XML error: audio ID 1 is used multiple times' } },
  { name: 'audio without type', profiles: ALL, ...valid("<audio id='1'/>"),
    expect: { error: "XML error: Missing required attribute 'type' in element 'audio'" } },
  { name: 'audio without id', profiles: ALL, ...valid("<audio type='none'/>"),
    expect: { error: "XML error: Missing required attribute 'id' in element 'audio'" } },
  { name: 'audio settings without fixedSettings', profiles: ALL,
    ...valid("<audio id='1' type='pulseaudio'><input mixingEngine='yes'><settings frequency='44100'/></input></audio>"),
    expect: { error: 'unsupported configuration: audio settings specified without fixed settings flag' } },
];

ruleTable('sound', cases);
