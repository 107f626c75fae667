// Controller rules (virDomainControllerDefCheckABIStability), implicit controllers and controller
// validation; messages from libvirt.
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const dom = (...devs: string[]) => domainXml({ devices: devs.join('\n') });
const ctl = (attrs: string, inner = '') => `<controller ${attrs}>${inner}</controller>`;
const scsiDisk = (dev: string, extra = '') => `<disk type='block' device='disk'><source dev='/dev/${dev}'/><target dev='${dev}' bus='scsi'/>${extra}</disk>`;
const usb = ctl("type='usb' index='0' model='piix3-uhci'");
const vserial = ctl("type='virtio-serial' index='0'");
const channel = (addr = '') => `<channel type='pty'><target type='virtio' name='org.example.0'/>${addr}</channel>`;
const ehci = ctl("type='usb' index='0' model='ich9-ehci1'");
const uhci1 = ctl("type='usb' index='0' model='ich9-uhci1'", "<master startport='0'/>");

const cases: RuleCase[] = [
  { name: 'identical controllers', src: dom(usb), dst: dom(usb), expect: null, profiles: ALL },
  { name: 'implicit scsi controller for a scsi disk', src: dom(scsiDisk('sda')), dst: dom(scsiDisk('sda'), ctl("type='scsi' index='0'")), expect: null, profiles: ALL },
  { name: 'implicit virtio-serial controller for a virtio channel', src: dom(channel()), dst: dom(channel(), vserial), expect: null, profiles: ALL },
  { name: 'missing index gets the lowest free one', src: dom(ctl("type='ide' index='0'")), dst: dom(ctl("type='ide'")), expect: null, profiles: ALL },
  { name: 'companion controllers sorted after their master', src: dom(ehci, uhci1), dst: dom(uhci1, ehci), expect: null, profiles: ALL },
  { name: 'usb2 companions without index join the master', src: dom(ehci, uhci1), dst: dom(ctl("type='usb' model='ich9-ehci1'"), ctl("type='usb' model='ich9-uhci1'")), expect: null, profiles: ALL },

  { name: 'controller count', src: dom(usb), dst: dom(usb, ctl("type='ide' index='0'")), expect: 'unsupported configuration: Target domain controller count 2 does not match source 1', rule: 'controller/count', profiles: ALL },
  { name: 'type', src: dom(usb), dst: dom(ctl("type='ide' index='0'")), expect: 'unsupported configuration: Target controller type ide does not match source usb', rule: 'controller/type', profiles: ALL },
  { name: 'index', src: dom(vserial), dst: dom(ctl("type='virtio-serial' index='1'")), expect: 'unsupported configuration: Target controller index 1 does not match source 0', rule: 'controller/index', profiles: ALL },
  { name: 'model printed as the raw enum number', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='qemu-xhci'")), expect: 'unsupported configuration: Target controller model 12 does not match source 0', rule: 'controller/model', profiles: ALL },
  { name: 'default model is -1', src: dom(usb), dst: dom(ctl("type='usb' index='0'")), expect: 'unsupported configuration: Target controller model -1 does not match source 0', profiles: ALL },
  { name: 'implicit scsi controller has the default model', src: dom(scsiDisk('sda')), dst: dom(ctl("type='scsi' index='0' model='virtio-scsi'"), scsiDisk('sda')), expect: 'unsupported configuration: Target controller model 6 does not match source -1', profiles: ALL },
  { name: 'virtio-serial ports', src: dom(vserial), dst: dom(ctl("type='virtio-serial' index='0' ports='4'")), expect: 'unsupported configuration: Target controller ports 4 does not match source -1', rule: 'controller/ports', profiles: ALL },
  { name: 'virtio-serial vectors', src: dom(vserial), dst: dom(ctl("type='virtio-serial' index='0' vectors='4'")), expect: 'unsupported configuration: Target controller vectors 4 does not match source -1', rule: 'controller/vectors', profiles: ALL },
  { name: 'usb ports', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='piix3-uhci' ports='8'")), expect: 'unsupported configuration: Target controller ports 8 does not match source -1', profiles: ALL },
  { name: 'virtio options', src: dom(ctl("type='scsi' index='0' model='virtio-scsi'")), dst: dom(ctl("type='scsi' index='0' model='virtio-scsi'", "<driver queues='2'/>")), expect: "unsupported configuration: Target device virtio options don't match the source", profiles: ALL },
  { name: 'implicit controller index from a drive address', src: dom(scsiDisk('sda')), dst: dom(scsiDisk('sda', "<address type='drive' controller='1' bus='0' target='0' unit='0'/>")), expect: 'unsupported configuration: Target device drive address 1:0:0 does not match source 0:0:0', profiles: ALL },
  { name: 'channel on another virtio-serial controller', src: dom(channel()), dst: dom(channel("<address type='virtio-serial' controller='1' bus='0' port='1'/>")), expect: 'unsupported configuration: Target controller index 1 does not match source 0', profiles: ALL },

  { name: 'unknown model for the type', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='bogus'")), expect: { error: "unsupported configuration: Unknown model type 'bogus'" }, profiles: ALL },
  { name: 'fdc has no models', src: dom(usb), dst: dom(ctl("type='fdc' index='0' model='x'")), expect: { error: "unsupported configuration: Unknown model type 'x'" }, profiles: ALL },
  { name: 'negative index', src: dom(usb), dst: dom(ctl("type='usb' index='-1'")), expect: { error: "XML error: Invalid value for attribute 'index' in element 'controller': '-1'. Expected non-negative value" }, profiles: ALL },
  { name: 'duplicate index', src: dom(usb), dst: dom(ctl("type='ide' index='0'"), ctl("type='ide' index='0'")), expect: { error: "XML error: Multiple 'ide' controllers with index '0'" }, profiles: ALL },
  { name: 'usb controllers may share an index', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='ehci'"), ctl("type='usb' index='0' model='ehci'")), expect: 'unsupported configuration: Target domain controller count 2 does not match source 1', profiles: ALL },
  { name: 'companion without master', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='ich9-uhci1'")), expect: { error: 'No master USB controller specified' }, profiles: ALL },
  { name: 'usb none plus another usb controller', src: dom(usb), dst: dom(usb, ctl("type='usb' index='0' model='none'")), expect: { error: "Can't add another USB controller: USB is disabled for this domain" }, profiles: ALL },
  { name: 'pci target index 0 off the root', src: dom(usb), dst: dom(ctl("type='pci' index='1' model='pci-bridge'", "<target index='0'/>")), expect: { error: 'unsupported configuration: Only the PCI controller with index 0 can have target index 0, and vice versa' }, profiles: ALL },
  { name: 'pci-root with an address', src: dom(usb), dst: dom(ctl("type='pci' index='0' model='pci-root'", "<address type='pci' slot='1'/>")), expect: { error: 'unsupported configuration: pci-root and pcie-root controllers should not have an address' }, profiles: ALL },
  { name: 'pci index above 255', src: dom(usb), dst: dom(ctl("type='pci' index='300' model='pci-bridge'")), expect: { error: 'unsupported configuration: PCI controller index 300 too high, maximum is 255' }, profiles: ALL },
  { name: 'bad NUMA node', src: dom(usb), dst: dom(ctl("type='pci' index='0' model='pci-root'", '<target><node>x</node></target>')), expect: { error: 'XML error: invalid NUMA node in target' }, profiles: ALL },
  { name: 'iothread on a non virtio-scsi controller', src: dom(usb), dst: dom(ctl("type='scsi' index='0' model='lsilogic'", "<driver iothread='1'/>")), expect: { error: "XML error: 'iothread' attribute only supported for virtio scsi controllers" }, profiles: ALL },
  { name: 'unassigned address', src: dom(usb), dst: dom(ctl("type='scsi' index='0' model='virtio-scsi'", "<address type='unassigned'/>")), expect: { error: "unsupported configuration: address of type 'unassigned' is supported only for hostdevs" }, profiles: ALL },
  { name: 'address without type', src: dom(usb), dst: dom(ctl("type='usb' index='0' model='piix3-uhci'", "<address bus='0' slot='1'/>")), expect: { error: 'internal error: No type specified for device address' }, profile: '9.0.0' },
  { name: 'nvme controller serial is not compared (12.x)', src: dom(ctl("type='nvme' index='0'", '<serial>abc</serial>')), dst: dom(ctl("type='nvme' index='0'", '<serial>abd</serial>')), expect: null },
  { name: 'nvme controller unknown before 12.x', src: dom(usb), dst: dom(ctl("type='nvme' index='0'")), expect: { error: "XML error: Invalid value for attribute 'type' in element 'controller': 'nvme'." }, profiles: ['9.0.0', '11.3.0'] },
  { name: 'implicit controllers appended (9.0.0)', src: dom(scsiDisk('sda'), ctl("type='scsi' index='1' model='virtio-scsi'")), dst: dom(scsiDisk('sda'), ctl("type='scsi' index='1' model='virtio-scsi'"), ctl("type='scsi' index='0'")), expect: 'unsupported configuration: Target controller index 0 does not match source 1', profile: '9.0.0' },
  { name: 'implicit controllers sorted in (11.x+)', src: dom(scsiDisk('sda'), ctl("type='scsi' index='1' model='virtio-scsi'")), dst: dom(scsiDisk('sda'), ctl("type='scsi' index='1' model='virtio-scsi'"), ctl("type='scsi' index='0'")), expect: null, profiles: ['11.3.0', '12.8.0'] },
];

ruleTable('controller', cases);
