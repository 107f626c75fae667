// Input rules (virDomainInputDefCheckABIStability) and <input> parsing/validation.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const NEW = ['11.3.0', '12.8.0'];
type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });
const valid = (dev: string, opts: Opts = {}) => pair("<input type='mouse'/>", dev, opts);
const AARCH64 = "<os><type arch='aarch64' machine='virt'>hvm</type></os>";
const XEN: Opts = { type: 'xen', os: "<os><type arch='x86_64'>xen</type></os>" };

const cases: RuleCase[] = [
  { name: 'identical', profiles: ALL, ...pair("<input type='tablet' bus='usb'/>", "<input type='tablet' bus='usb'/>"), expect: null },
  { name: 'x86 mouse defaults to ps2', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='mouse' bus='ps2'/>"), expect: null },
  { name: 'x86 mouse default bus vs usb', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='mouse' bus='usb'/>"),
    expect: 'unsupported configuration: Target input device bus usb does not match source ps2', rule: 'input/bus' },
  { name: 'tablet defaults to usb', profiles: ALL, ...pair("<input type='tablet'/>", "<input type='tablet' bus='usb'/>"), expect: null },
  { name: 'aarch64 keyboard defaults to usb', profiles: ALL,
    ...pair("<input type='keyboard'/>", "<input type='keyboard' bus='usb'/>", { os: AARCH64 }), expect: null },
  { name: 'passthrough defaults to virtio', profiles: ALL,
    ...pair("<input type='passthrough'><source evdev='/dev/input/event1'/></input>", "<input type='passthrough' bus='virtio'><source evdev='/dev/input/event1'/></input>"), expect: null },
  { name: 'xen guests default to the xen bus', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='mouse' bus='xen'/>", XEN), expect: null },
  { name: 'input count', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='mouse'/><input type='keyboard'/>"),
    expect: 'unsupported configuration: Target domain input device count 2 does not match source 1', rule: 'input/count' },
  { name: 'input type', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='keyboard'/>"),
    expect: 'unsupported configuration: Target input device type keyboard does not match source mouse', rule: 'input/type' },
  { name: 'model printed through the 9.0.0 bus enum', profiles: ['9.0.0'],
    ...pair("<input type='mouse' bus='virtio' model='virtio'/>", "<input type='mouse' bus='virtio' model='virtio-transitional'/>"),
    expect: 'unsupported configuration: Target input model xen does not match source usb', rule: 'input/model' },
  { name: 'model printed through the newer bus enum', profiles: NEW,
    ...pair("<input type='mouse' bus='virtio' model='virtio'/>", "<input type='mouse' bus='virtio' model='virtio-transitional'/>"),
    expect: 'unsupported configuration: Target input model usb does not match source ps2', rule: 'input/model' },
  { name: 'model added (9.0.0)', profiles: ['9.0.0'],
    ...pair("<input type='mouse' bus='virtio'/>", "<input type='mouse' bus='virtio' model='virtio-non-transitional'/>"),
    expect: 'unsupported configuration: Target input model parallels does not match source ps2' },
  { name: 'model added', profiles: NEW,
    ...pair("<input type='mouse' bus='virtio'/>", "<input type='mouse' bus='virtio' model='virtio-non-transitional'/>"),
    expect: 'unsupported configuration: Target input model xen does not match source default' },
  { name: 'virtio options on a usb input are compared', profiles: ALL,
    ...pair("<input type='mouse' bus='usb'><driver iommu='on'/></input>", "<input type='mouse' bus='usb'><driver iommu='off'/></input>"),
    expect: "unsupported configuration: Target device iommu option 'off' does not match source 'on'" },
  { name: 'address added', profiles: ALL, ...pair("<input type='mouse' bus='usb'/>", "<input type='mouse' bus='usb'><address type='usb' bus='0' port='1'/></input>"),
    expect: 'unsupported configuration: Target device address type usb does not match source none' },

  // parse and validation errors
  { name: 'missing type', profiles: ALL, ...valid("<input bus='usb'/>"), expect: { error: 'internal error: missing input device type' } },
  { name: 'unknown type', profiles: ALL, ...valid("<input type='joystick'/>"), expect: { error: "unsupported configuration: unknown input device type 'joystick'" } },
  { name: 'unknown bus', profiles: ALL, ...valid("<input type='mouse' bus='default'/>"), expect: { error: "unsupported configuration: unknown input bus type 'default'" } },
  { name: 'unknown model', profiles: ALL, ...valid("<input type='mouse' model='default'/>"), expect: { error: "unsupported configuration: unknown input model 'default'" } },
  { name: 'tablet on ps2', profiles: ALL, ...valid("<input type='tablet' bus='ps2'/>"), expect: { error: 'internal error: ps2 bus does not support tablet input device' } },
  { name: 'xen bus on an hvm guest', profiles: ALL, ...valid("<input type='mouse' bus='xen'/>"), expect: { error: 'internal error: unsupported input bus xen' } },
  { name: 'ps2 bus on a xen guest', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='mouse' bus='ps2'/>", XEN),
    expect: { error: 'internal error: unsupported input bus ps2' } },
  { name: 'tablet on a xen guest', profiles: ALL, ...pair("<input type='mouse'/>", "<input type='tablet'/>", XEN),
    expect: { error: 'internal error: xen bus does not support tablet input device' } },
  { name: 'evdev with a bus', profiles: ALL, ...valid("<input type='evdev' bus='usb'><source dev='/dev/input/event1'/></input>"),
    expect: { error: "unsupported configuration: input evdev doesn't support bus element" } },
  { name: 'passthrough on ps2', profiles: ALL, ...valid("<input type='passthrough' bus='ps2'><source evdev='/dev/input/event1'/></input>"),
    expect: { error: 'internal error: ps2 bus does not support passthrough input device' } },
  { name: 'passthrough without evdev path', profiles: ALL, ...valid("<input type='passthrough'><source/></input>"),
    expect: { error: 'XML error: Missing evdev path for input device' } },
  { name: 'virtio model on a usb bus', profiles: ALL, ...valid("<input type='mouse' bus='usb' model='virtio'/>"),
    expect: { error: "unsupported configuration: only bus 'virtio' is supported for input model 'virtio'" } },
  { name: 'usb input with a pci address', profiles: ALL, ...valid("<input type='tablet' bus='usb'><address type='pci' bus='0' slot='5'/></input>"),
    expect: { error: 'XML error: Invalid address for a USB device' } },
  { name: 'usb input with USB disabled', profiles: ALL, ...valid("<controller type='usb' model='none'/><input type='tablet' bus='usb'/>"),
    expect: { error: "unsupported configuration: Can't add USB input device. USB bus is disabled" } },
  { name: 'inputs in a container', profiles: ALL,
    ...pair('', "<input type='mouse'/>", { type: 'lxc', os: '<os><type>exe</type><init>/sbin/init</init></os>' }),
    expect: { error: 'internal error: Input devices are not supported by this virtualization driver.' } },
  { name: 'ps2 input with the ps2 feature off', profiles: NEW,
    ...pair("<input type='mouse' bus='usb'/>", "<input type='mouse'/>", { body: "<features><ps2 state='off'/></features>" }),
    expect: { error: 'unsupported configuration: ps2 bus inputs require the ps2 feature not to be disabled' } },
];

ruleTable('input', cases);
