// Serial, parallel, channel and console rules (virDomain{Serial,Parallel,Channel,Console}DefCheckABIStability) and chardev parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "serial: identical", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'/>"),
  expect: null });
cases.push({ name: "serial: port differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target port='0'/></serial>",
    "<serial type='pty'><target port='1'/></serial>"),
  expect: "unsupported configuration: Target serial port 1 does not match source 0", rule: "serial/port" });
cases.push({ name: "serial: octal-looking port is decimal", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target port='10'/></serial>",
    "<serial type='pty'><target port='010'/></serial>"),
  expect: null });
cases.push({ name: "serial: negative port", profiles: ["9.0.0", "11.3.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target port='-1'/></serial>"),
  expect: null });
cases.push({ name: "serial: negative port", profiles: ["12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target port='-1'/></serial>"),
  expect: { error: "XML error: Invalid value for attribute 'port' in element 'target': '-1'. Expected non-negative value" } });
cases.push({ name: "serial: hex port", profiles: ["9.0.0", "11.3.0"],
  ...pair("<serial type='pty'><target port='16'/></serial>",
    "<serial type='pty'><target port='0x10'/></serial>"),
  expect: { error: "XML error: Invalid port number: 0x10" } });
cases.push({ name: "serial: hex port", profiles: ["12.8.0"],
  ...pair("<serial type='pty'><target port='16'/></serial>",
    "<serial type='pty'><target port='0x10'/></serial>"),
  expect: { error: "XML error: Invalid value for attribute 'port' in element 'target': '0x10'. Expected integer value" } });
cases.push({ name: "serial: port beyond INT_MAX wraps in 9.0.0/11.3.0", profiles: ["9.0.0", "11.3.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target port='2147483648'/></serial>"),
  expect: "unsupported configuration: Target serial port -2147483648 does not match source 0" });
cases.push({ name: "serial: port beyond INT_MAX wraps in 9.0.0/11.3.0", profiles: ["12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target port='2147483648'/></serial>"),
  expect: { error: "XML error: Invalid value for attribute 'port' in element 'target': '2147483648'. Expected integer value" } });
cases.push({ name: "serial: target type differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target type='isa-serial'/></serial>",
    "<serial type='pty'><target type='pci-serial'/></serial>"),
  expect: "unsupported configuration: Target serial type pci-serial does not match source isa-serial", rule: "serial/target-type" });
cases.push({ name: "serial: no target type vs isa-serial", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='isa-serial'/></serial>"),
  expect: "unsupported configuration: Target serial type isa-serial does not match source none", rule: "serial/target-type" });
cases.push({ name: "serial: unknown target type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='foo'/></serial>"),
  expect: { error: "unsupported configuration: unknown target type 'foo' specified for character device" } });
cases.push({ name: "serial: target model differs", ...pair("<serial type='pty'><target type='isa-serial'><model name='isa-serial'/></target></serial>",
    "<serial type='pty'><target type='isa-serial'><model name='16550a'/></target></serial>"),
  expect: { '7.0.0': null, '8.1.0': "unsupported configuration: Target serial model 16550a does not match source isa-serial" }, rule: "serial/target-model" });
cases.push({ name: "serial: unknown target model", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target><model name='bogus'/></target></serial>"),
  expect: { error: "unsupported configuration: unknown target model 'bogus' specified for character device" } });
cases.push({ name: "serial: isa-serial port auto-assignment", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target type='isa-serial' port='0'/></serial><serial type='pty'><target type='isa-serial'/></serial>",
    "<serial type='pty'><target type='isa-serial'/></serial><serial type='pty'><target type='isa-serial' port='0'/></serial>"),
  expect: "unsupported configuration: Target serial port 1 does not match source 0", rule: "serial/port" });
cases.push({ name: "serial: untyped ports follow the highest one", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target port='5'/></serial><serial type='pty'/>",
    "<serial type='pty'><target port='5'/></serial><serial type='pty'><target port='6'/></serial>"),
  expect: null });
cases.push({ name: "serial: five isa-serial ports", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='isa-serial'/></serial><serial type='pty'><target type='isa-serial'/></serial><serial type='pty'><target type='isa-serial'/></serial><serial type='pty'><target type='isa-serial'/></serial><serial type='pty'><target type='isa-serial'/></serial>"),
  expect: { error: "internal error: Maximum supported number of ISA serial ports is '4'" } });
cases.push({ name: "serial: duplicate isa-serial port", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='isa-serial' port='1'/></serial><serial type='pty'><target type='isa-serial' port='1'/></serial>"),
  expect: { error: "internal error: target port '1' already allocated" } });
cases.push({ name: "serial: isa-debug off x86", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='isa-debug'/></serial>", { os: "<os><type arch='ppc64' machine='pseries'>hvm</type></os>" }),
  expect: { error: "unsupported configuration: isa-debug serial type only valid on x86 architecture" } });
cases.push({ name: "serial: usb-serial with a PCI address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><target type='usb-serial'/><address type='pci' domain='0' bus='0' slot='3' function='0'/></serial>"),
  expect: { error: "unsupported configuration: usb-serial requires address of usb type" } });
cases.push({ name: "serial: isa address differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><address type='isa' iobase='0x3f8' irq='4'/></serial>",
    "<serial type='pty'><address type='isa' iobase='0x2f8' irq='3'/></serial>"),
  expect: "unsupported configuration: Target device isa address 760:3 does not match source 1016:4", rule: "deviceinfo/isa-address" });
cases.push({ name: "serial: count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'/><serial type='pty'/>"),
  expect: "unsupported configuration: Target domain serial port count 2 does not match source 1", rule: "serial/count" });
cases.push({ name: "serial: host side is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='file'><source path='/tmp/log'/></serial>"),
  expect: null });
cases.push({ name: "serial: spicevmc needs virtio", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='spicevmc'/>"),
  expect: { error: "unsupported configuration: spicevmc device type only supports virtio" } });
cases.push({ name: "serial: unknown host type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='foo'/>"),
  expect: { error: "unsupported configuration: unknown type presented to host for character device: foo" } });
cases.push({ name: "serial: unassigned address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='pty'><address type='unassigned'/></serial>"),
  expect: { error: "unsupported configuration: address of type 'unassigned' is supported only for hostdevs" } });
cases.push({ name: "chardev source: file without path", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='file'/>"),
  expect: { error: "internal error: Missing source path attribute for char device" } });
cases.push({ name: "chardev source: tcp without host", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='tcp'><source service='1'/></serial>"),
  expect: { error: "internal error: Missing source host attribute for char device" } });
cases.push({ name: "chardev source: tcp without service", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='tcp'><source host='a'/></serial>"),
  expect: { error: "internal error: Missing source service attribute for char device" } });
cases.push({ name: "chardev source: udp without connect service", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='udp'><source mode='bind' host='a' service='1'/></serial>"),
  expect: { error: "internal error: Missing source service attribute for char device" } });
cases.push({ name: "chardev source: unknown tcp protocol", profiles: ["9.0.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='tcp'><source host='a' service='1'/><protocol type='ssh'/></serial>"),
  expect: { error: "unsupported configuration: Unknown protocol 'ssh'" } });
cases.push({ name: "chardev source: unknown tcp protocol", profiles: ["11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='tcp'><source host='a' service='1'/><protocol type='ssh'/></serial>"),
  expect: { error: "XML error: Invalid value for attribute 'type' in element 'protocol': 'ssh'." } });
cases.push({ name: "chardev source: reconnect in bind mode", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='tcp'><source mode='bind' host='a' service='1'><reconnect enabled='no'/></source></serial>"),
  expect: { error: "internal error: chardev reconnect is possible only for connect mode" } });
cases.push({ name: "chardev source: two sources", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='file'><source path='/a'/><source path='/b'/></serial>"),
  expect: { error: "XML error: only one source element is allowed for character device" } });
cases.push({ name: "chardev source: spiceport channel name", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='spiceport'><source channel='a b'/></serial>"),
  expect: { error: "invalid argument: Invalid character in source channel for char device" } });
cases.push({ name: "chardev source: nmdm needs both paths", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='nmdm'><source master='/a'/></serial>"),
  expect: { error: "internal error: Should define both master and slave path attributes for nmdm device" } });
cases.push({ name: "chardev source: relabel without label", profiles: ["9.0.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='file'><source path='/a'><seclabel model='selinux' relabel='yes'/></source></serial>"),
  expect: null });
cases.push({ name: "chardev source: relabel without label", profiles: ["11.3.0", "12.8.0"],
  ...pair("<serial type='pty'/>",
    "<serial type='file'><source path='/a'><seclabel model='selinux' relabel='yes'/></source></serial>"),
  expect: { error: "XML error: Cannot specify relabel if label is missing. model=selinux" } });
cases.push({ name: "console: implicit console mirrors the serial port", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'/>",
    "<serial type='pty'/>"),
  expect: null });
cases.push({ name: "console: console only vs serial plus console", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'/>",
    "<serial type='pty'/><console type='pty'/>"),
  expect: null });
cases.push({ name: "console: target type differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'><target type='virtio'/></console>",
    "<console type='pty'><target type='serial'/></console>"),
  expect: "unsupported configuration: Target domain controller count 0 does not match source 1" });
cases.push({ name: "console: xen console type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'><target type='xen'/></console>",
    "<console type='pty'><target type='serial'/></console>", { type: "xen", os: "<os><type>linux</type></os>" }),
  expect: "unsupported configuration: Target console type serial does not match source xen", rule: "console/target-type" });
cases.push({ name: "console: only the first console can be a serial port", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'/>",
    "<console type='pty'/><console type='pty'/>"),
  expect: { error: "unsupported configuration: Only the first console can be a serial port" } });
cases.push({ name: "console: the moved console keeps its address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'><address type='isa' iobase='0x3f8' irq='4'/></console>",
    "<console type='pty'><address type='isa' iobase='0x2f8' irq='4'/></console>"),
  expect: "unsupported configuration: Target device isa address 760:4 does not match source 1016:4", rule: "deviceinfo/isa-address" });
cases.push({ name: "console: pci-serial gets no console alias", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target type='pci-serial'/></serial>",
    "<serial type='pty'><target type='isa-serial'/></serial>"),
  expect: "unsupported configuration: Target serial type isa-serial does not match source pci-serial" });
cases.push({ name: "console: sclp console count", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<serial type='pty'><target type='sclp-serial'/></serial>",
    "<serial type='pty'><target type='sclp-serial'/></serial><console type='pty'><target type='sclp'/></console>"),
  expect: "unsupported configuration: Target domain console count 2 does not match source 1", rule: "console/count" });
cases.push({ name: "console: unknown target type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<console type='pty'/>",
    "<console type='pty'><target type='foo'/></console>"),
  expect: { error: "unsupported configuration: unknown target type 'foo' specified for character device" } });
cases.push({ name: "parallel: port differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<parallel type='pty'/>",
    "<parallel type='pty'><target port='1'/></parallel>"),
  expect: "unsupported configuration: Target parallel port 1 does not match source 0", rule: "parallel/port" });
cases.push({ name: "parallel: ports auto-assigned at parse", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<parallel type='pty'><target port='3'/></parallel><parallel type='pty'/>",
    "<parallel type='pty'><target port='3'/></parallel><parallel type='pty'><target port='4'/></parallel>"),
  expect: null });
cases.push({ name: "parallel: count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<parallel type='pty'/>",
    ""),
  expect: "unsupported configuration: Target domain parallel port count 0 does not match source 1", rule: "parallel/count" });
cases.push({ name: "channel: name differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio' name='a'/></channel>",
    "<channel type='pty'><target type='virtio' name='b'/></channel>"),
  expect: "unsupported configuration: Target channel name b does not match source a", rule: "channel/target-name" });
cases.push({ name: "channel: name absent", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio'/></channel>",
    "<channel type='pty'><target type='virtio' name='b'/></channel>"),
  expect: "unsupported configuration: Target channel name b does not match source <null>", rule: "channel/target-name" });
cases.push({ name: "channel: to/from spicevmc without a name", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio'/></channel>",
    "<channel type='spicevmc'><target type='virtio'/></channel>"),
  expect: "unsupported configuration: Changing device type to/from spicevmc would change default target channel name", rule: "channel/spicevmc-name" });
cases.push({ name: "channel: spicevmc with a name", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio' name='a'/></channel>",
    "<channel type='spicevmc'><target type='virtio' name='a'/></channel>"),
  expect: null });
cases.push({ name: "channel: guestfwd port differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4601'/></channel>"),
  expect: "unsupported configuration: Target channel addr 10.0.2.1:4601 does not match source 10.0.2.1:4600", rule: "channel/guestfwd-addr" });
cases.push({ name: "channel: guestfwd address differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='10.0.2.2' port='4600'/></channel>"),
  expect: "unsupported configuration: Target channel addr 10.0.2.2:4600 does not match source 10.0.2.1:4600", rule: "channel/guestfwd-addr" });
cases.push({ name: "channel: guestfwd short IPv4 form", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='10.0.513' port='4600'/></channel>"),
  expect: null });
cases.push({ name: "channel: guestfwd port wraps at 16 bits", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='0'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='65536'/></channel>"),
  expect: null });
cases.push({ name: "channel: guestfwd IPv6", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='::1' port='4600'/></channel>"),
  expect: { error: "unsupported configuration: guestfwd channel only supports IPv4 addresses" } });
cases.push({ name: "channel: guestfwd bad address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' address='foo' port='4600'/></channel>"),
  expect: { error: "Cannot parse socket address 'foo': Name or service not known" } });
cases.push({ name: "channel: guestfwd without address", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='guestfwd' port='4600'/></channel>"),
  expect: { error: "XML error: guestfwd channel does not define a target address" } });
cases.push({ name: "channel: target type differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='pty'><target type='xen' name='a'/></channel>"),
  expect: "unsupported configuration: Target channel type xen does not match source guestfwd", rule: "channel/target-type" });
cases.push({ name: "channel: no target", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio' name='a'/></channel>",
    "<channel type='pty'/>"),
  expect: { error: "XML error: target type must be specified for channel device" } });
cases.push({ name: "channel: target without type", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio' name='a'/></channel>",
    "<channel type='pty'><target name='a'/></channel>"),
  expect: { error: "unsupported configuration: unknown target type '(null)' specified for character device" } });
cases.push({ name: "channel: unix virtio channel needs no path", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='unix'><target type='virtio' name='a'/></channel>",
    "<channel type='unix'><source mode='bind'/><target type='virtio' name='a'/></channel>"),
  expect: null });
cases.push({ name: "channel: unix guestfwd channel needs a path", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>",
    "<channel type='unix'><source mode='bind'/><target type='guestfwd' address='10.0.2.1' port='4600'/></channel>"),
  expect: { error: "internal error: Missing source path attribute for char device" } });
cases.push({ name: "channel: count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><target type='virtio' name='a'/></channel>",
    "<channel type='pty'><target type='virtio' name='a'/></channel><channel type='pty'><target type='virtio' name='b'/></channel>"),
  expect: "unsupported configuration: Target domain channel count 2 does not match source 1", rule: "channel/count" });
cases.push({ name: "channel: virtio-serial address differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<channel type='pty'><address type='virtio-serial' controller='0' bus='0' port='1'/><target type='virtio' name='a'/></channel>",
    "<channel type='pty'><address type='virtio-serial' controller='0' bus='0' port='2'/><target type='virtio' name='a'/></channel>"),
  expect: "unsupported configuration: Target device virtio serial address 0:0:2 does not match source 0:0:1", rule: "deviceinfo/virtio-serial-address" });

ruleTable("chardev", cases);
