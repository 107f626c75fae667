// Host device rules (virDomainHostdevDefCheckABIStability), hostdev parsing and validation;
// messages from libvirt.
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const dom = (...devs: string[]) => domainXml({ devices: devs.join('\n') });
const hostdev = (attrs: string, inner: string) => `<hostdev ${attrs}>${inner}</hostdev>`;
const pci = (extra = '', fn = '0x5') => hostdev("mode='subsystem' type='pci' managed='yes'", `<source><address domain='0x0000' bus='0x06' slot='0x12' function='${fn}'/></source>${extra}`);
const mdev = (attrs = "model='vfio-pci'", uuid = '53764d0e-85a0-42b4-af5c-2046b460b1dc', extra = '') => hostdev(`mode='subsystem' type='mdev' ${attrs}`, `<source><address uuid='${uuid}'/></source>${extra}`);
const usb = hostdev("mode='subsystem' type='usb'", "<source><vendor id='0x1234'/><product id='0xbeef'/></source>");
const scsi = (extra = '') => hostdev("mode='subsystem' type='scsi'", `<source><adapter name='scsi_host0'/><address bus='0' target='0' unit='0'/></source>${extra}`);
const storage = hostdev("mode='capabilities' type='storage'", '<source><block>/dev/sdf1</block></source>');
const netHostdev = "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:02'/><source><address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/></source></interface>";

const cases: RuleCase[] = [
  { name: 'identical host devices', src: dom(pci()), dst: dom(pci()), expect: null, profiles: ALL },
  { name: 'host-side source address is not compared', src: dom(pci()), dst: dom(pci('', '0x6')), expect: null, profiles: ALL },
  { name: 'pci may become mdev (11.0+)', src: dom(pci()), dst: dom(mdev()), expect: null, profiles: ['11.3.0', '12.8.0'] },
  { name: 'implicit scsi controller and drive address', src: dom(scsi()), dst: dom(scsi("<address type='drive' controller='0' bus='0' target='0' unit='0'/>"), "<controller type='scsi' index='0'/>"), expect: null, profiles: ALL },

  { name: 'host device count', src: dom(pci()), dst: dom(), expect: 'unsupported configuration: Target domain host device count 0 does not match source 1', rule: 'hostdev/count', profiles: ALL },
  { name: 'an interface of type hostdev counts as a host device', src: dom(), dst: dom(netHostdev), expect: 'unsupported configuration: Target domain net card count 1 does not match source 0', profiles: ALL },
  { name: 'mode', src: dom(pci()), dst: dom(storage), expect: 'unsupported configuration: Target host device mode capabilities does not match source subsystem', rule: 'hostdev/mode', profiles: ALL },
  { name: 'subsystem type (9.0.0)', src: dom(pci()), dst: dom(usb), expect: 'unsupported configuration: Target host device subsystem usb does not match source pci', rule: 'hostdev/subsys-type', profile: '9.0.0' },
  { name: 'pci to mdev refused by 9.0.0', src: dom(pci()), dst: dom(mdev()), expect: 'unsupported configuration: Target host device subsystem mdev does not match source pci', profile: '9.0.0' },
  { name: 'subsystem type (11.0+)', src: dom(pci()), dst: dom(usb), expect: 'unsupported configuration: Target host device subsystem type usb is not compatible with source subsystem type pci', rule: 'hostdev/subsys-type-compatible', profiles: ['11.3.0', '12.8.0'] },
  { name: 'guest address', src: dom(pci()), dst: dom(pci("<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>")), expect: 'unsupported configuration: Target device address type pci does not match source none', profiles: ALL },
  { name: 'scsi drive address assigned by post-parse', src: dom(scsi()), dst: dom(scsi("<address type='drive' controller='0' bus='0' target='0' unit='1'/>")), expect: 'unsupported configuration: Target device drive address 0:0:1 does not match source 0:0:0', profiles: ALL },

  { name: 'duplicate host device', src: dom(pci()), dst: dom(pci(), pci()), expect: { error: 'XML error: Hostdev already exists in the domain configuration' }, profiles: ALL },
  { name: 'missing source', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='pci'", '')), expect: { error: 'XML error: Missing <source> element in hostdev device' }, profiles: ALL },
  { name: 'missing type (9.0.0)', src: dom(pci()), dst: dom(hostdev("mode='subsystem'", '<source/>')), expect: { error: 'XML error: missing source address type' }, profile: '9.0.0' },
  { name: 'missing type', src: dom(pci()), dst: dom(hostdev("mode='subsystem'", '<source/>')), expect: { error: "XML error: Missing required attribute 'type' in element 'hostdev'" }, profiles: ['11.3.0', '12.8.0'] },
  { name: 'subsystem type as a capability (9.0.0)', src: dom(pci()), dst: dom(hostdev("mode='capabilities' type='pci'", '<source/>')), expect: { error: "unsupported configuration: unknown host device source address type 'pci'" }, profile: '9.0.0' },
  { name: 'subsystem type as a capability', src: dom(pci()), dst: dom(hostdev("mode='capabilities' type='pci'", '<source/>')), expect: { error: "XML error: Invalid value for attribute 'type' in element 'hostdev': 'pci'." }, profiles: ['11.3.0', '12.8.0'] },
  { name: 'model only for mdev and scsi_host', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='pci' model='vfio-pci'", "<source><address bus='6' slot='1'/></source>")), expect: { error: "XML error: 'model' attribute in <hostdev> is only supported when type='pci'" }, profiles: ALL },
  { name: 'mdev needs a model', src: dom(pci()), dst: dom(mdev('')), expect: { error: "XML error: Missing required attribute 'model' in element 'hostdev'" }, profiles: ALL },
  { name: 'usb source address without device (9.0.0, 11.3.0)', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='usb'", "<source><address bus='14'/></source>")), expect: { error: "XML error: Missing required attribute 'device' in element 'address'" }, profiles: ['9.0.0', '11.3.0'] },
  { name: 'usb source address without device (12.8.0)', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='usb'", "<source><address bus='14'/></source>")), expect: { error: 'internal error: usb address needs either device id or port' } },
  { name: 'scsi source needs an address', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='scsi'", "<source><adapter name='scsi_host0'/></source>")), expect: { error: "XML error: 'address' must be specified for scsi hostdev source" }, profiles: ALL },
  { name: 'misc capability needs a char', src: dom(pci()), dst: dom(hostdev("mode='capabilities' type='misc'", '<source/>')), expect: { error: 'XML error: Missing <char> element in hostdev character device' }, profiles: ALL },
  { name: 'pci host device on a usb address', src: dom(pci()), dst: dom(pci("<address type='usb' bus='0' port='1'/>")), expect: { error: "internal error: PCI host devices must use 'pci' or 'unassigned' address type" }, profiles: ALL },
  { name: 'vfio-ccw mdev on a pci address', src: dom(pci()), dst: dom(mdev("model='vfio-ccw'", undefined, "<address type='pci' slot='3'/>")), expect: { error: "XML error: Unsupported address type 'pci' with mediated device model 'vfio-ccw'" }, profiles: ALL },
  { name: 'two ramfb vgpus', src: dom(pci()), dst: dom(mdev("model='vfio-pci' ramfb='on'"), mdev("model='vfio-pci' ramfb='on'", '63764d0e-85a0-42b4-af5c-2046b460b1dc')), expect: { error: "unsupported configuration: Only one vgpu device can have 'ramfb' enabled" }, profiles: ALL },
  { name: 'rom tuning with rom disabled', src: dom(pci()), dst: dom(pci("<rom enabled='no' bar='off'/>")), expect: { error: 'unsupported configuration: ROM tuning is not supported when ROM is disabled' }, profiles: ALL },
  { name: 'malformed vhost wwpn', src: dom(pci()), dst: dom(hostdev("mode='subsystem' type='scsi_host'", "<source protocol='vhost' wwpn='naa.5123'/>")), expect: { error: "XML error: malformed 'wwpn' value" }, profiles: ALL },
  { name: 'capability net route without gateway', src: dom(pci()), dst: dom(hostdev("mode='capabilities' type='net'", "<source><interface>eth0</interface></source><route family='ipv4' address='0.0.0.0'/>")), expect: { error: 'XML error: Domain hostdev device: Missing required gateway attribute in route definition' }, profiles: ALL },
];

ruleTable('hostdev', cases);
