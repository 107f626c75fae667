// Disk rules (virDomainDiskDefCheckABIStability) and disk parsing/validation; messages from libvirt.
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];

function disk(opts: { type?: string; device?: string; attrs?: string; source?: string; target?: string; extra?: string } = {}): string {
  return `<disk type='${opts.type ?? 'block'}' device='${opts.device ?? 'disk'}'${opts.attrs ?? ''}>
      ${opts.source ?? "<source dev='/dev/HostVG/QEMUGuest1'/>"}
      ${opts.target ?? "<target dev='hda' bus='ide'/>"}
      ${opts.extra ?? ''}
    </disk>`;
}

const dom = (...disks: string[]) => domainXml({ devices: disks.join('\n') });
const base = dom(disk());
const vda = (extra = '', target = "<target dev='vda' bus='virtio'/>") => dom(disk({ target, extra }));
const scsi = (targetAttrs = '', device = 'disk') => dom(disk({ device, target: `<target dev='sda' bus='scsi'${targetAttrs}/>` }));
const lun = (reservations: string) => dom(disk({ device: 'lun', source: `<source dev='/dev/sdb'>${reservations}</source>`, target: "<target dev='sda' bus='scsi'/>" }));

const cases: RuleCase[] = [
  { name: 'identical disks', src: base, dst: base, expect: null, profiles: ALL },
  { name: 'bus filled in from the dev name', src: dom(disk({ target: "<target dev='sdb'/>" })), dst: dom(disk({ target: "<target dev='sdb' bus='scsi'/>" })), expect: null, profiles: ALL },
  { name: 'ioemu: prefix stripped', src: dom(disk({ target: "<target dev='ioemu:hda'/>" })), dst: dom(disk({ target: "<target dev='hda'/>" })), expect: null, profiles: ALL },
  { name: 'cdrom is read-only anyway', src: dom(disk({ device: 'cdrom', target: "<target dev='hdc'/>" })), dst: dom(disk({ device: 'cdrom', target: "<target dev='hdc'/>", extra: '<readonly/>' })), expect: null, profiles: ALL },
  { name: 'implicit drive address equals the explicit one', src: base, dst: dom(disk({ extra: "<address type='drive' controller='0' bus='0' target='0' unit='0'/>" })), expect: null, profiles: ALL },
  { name: 'drive target is not compared', src: base, dst: dom(disk({ extra: "<address type='drive' controller='0' bus='0' target='3' unit='0'/>" })), expect: null, profiles: ALL },
  { name: 'disks sorted by drive index per bus', src: dom(disk({ target: "<target dev='vda'/>" }), disk({ source: "<source dev='/dev/b'/>", target: "<target dev='vdb'/>" })), dst: dom(disk({ source: "<source dev='/dev/b'/>", target: "<target dev='vdb'/>" }), disk({ target: "<target dev='vda'/>" })), expect: null, profiles: ALL },
  { name: 'empty serial is no serial', src: base, dst: dom(disk({ extra: '<serial></serial>' })), expect: null, profiles: ALL },
  { name: 'explicit zero discard_granularity', src: vda(), dst: vda("<blockio discard_granularity='0'/>"), expect: null, profiles: ALL },

  { name: 'disk count', src: base, dst: dom(disk(), disk({ source: "<source dev='/dev/b'/>", target: "<target dev='hdb'/>" })), expect: 'unsupported configuration: Target domain disk count 2 does not match source 1', rule: 'disk/count', profiles: ALL },
  { name: 'device', src: base, dst: dom(disk({ device: 'cdrom' })), expect: 'unsupported configuration: Target disk device cdrom does not match source disk', rule: 'disk/device', profiles: ALL },
  { name: 'bus', src: base, dst: dom(disk({ target: "<target dev='hda' bus='sata'/>" })), expect: 'unsupported configuration: Target disk bus sata does not match source ide', rule: 'disk/bus', profiles: ALL },
  { name: 'dev', src: base, dst: dom(disk({ target: "<target dev='hdb' bus='ide'/>" })), expect: 'unsupported configuration: Target disk hdb does not match source hda', rule: 'disk/dev', profiles: ALL },
  { name: 'serial added', src: base, dst: dom(disk({ extra: '<serial>abc</serial>' })), expect: 'unsupported configuration: Target disk serial abc does not match source <null>', rule: 'disk/serial', profiles: ALL },
  { name: 'wwn added', src: base, dst: dom(disk({ extra: '<wwn>0x5000c50015ea71ad</wwn>' })), expect: "unsupported configuration: Target disk wwn '0x5000c50015ea71ad' does not match source '<null>'", rule: 'disk/wwn', profiles: ALL },
  { name: 'readonly', src: base, dst: dom(disk({ extra: '<readonly/>' })), expect: 'unsupported configuration: Target disk access mode does not match source', rule: 'disk/readonly', profiles: ALL },
  { name: 'model', src: vda(), dst: domainXml({ devices: disk({ attrs: " model='virtio-transitional'", target: "<target dev='vda' bus='virtio'/>" }) }), expect: 'unsupported configuration: Target disk model virtio-transitional does not match source default', rule: 'disk/model', profiles: ALL },
  { name: 'rotation rate', src: base, dst: dom(disk({ target: "<target dev='hda' bus='ide' rotation_rate='7200'/>" })), expect: { '7.0.0': null, '7.3.0': 'unsupported configuration: Target disk rotation rate 7200 RPM does not match source 0 RPM' }, rule: 'disk/rotation-rate', profiles: ALL },
  { name: 'removable (11.10+)', src: dom(disk({ target: "<target dev='sda' bus='usb' removable='on'/>" })), dst: dom(disk({ target: "<target dev='sda' bus='usb' removable='off'/>" })), expect: "unsupported configuration: Target disk 'removable' property off does not match source on", rule: 'disk/removable' },
  { name: 'removable not compared before 11.10', src: dom(disk({ target: "<target dev='sda' bus='usb' removable='on'/>" })), dst: dom(disk({ target: "<target dev='sda' bus='usb' removable='off'/>" })), expect: null, profiles: ['9.0.0', '11.3.0'] },
  { name: 'dpofua (11.10+)', src: scsi(" dpofua='on'"), dst: scsi(" dpofua='off'"), expect: "unsupported configuration: Target disk 'dpofua' property off does not match source on", rule: 'disk/dpofua' },
  { name: 'dpofua ignored by older parsers', src: scsi(), dst: scsi(" dpofua='on'"), expect: null, profiles: ['9.0.0', '11.3.0'] },
  { name: 'queue count', src: vda("<driver name='qemu'/>"), dst: vda("<driver name='qemu' queues='4'/>"), expect: { '7.0.0': null, '7.8.0': 'unsupported configuration: Target disk queue count 4 does not match source 0' }, rule: 'disk/queues', profiles: ALL },
  { name: 'queue size prints the queue counts', src: vda("<driver name='qemu'/>"), dst: vda("<driver name='qemu' queue_size='256'/>"), expect: { '7.0.0': null, '7.8.0': 'unsupported configuration: Target disk queue size 0 does not match source 0' }, rule: 'disk/queue-size', profiles: ALL },
  { name: 'reservations migration (12.1+)', src: lun("<reservations managed='yes' migration='yes'/>"), dst: lun("<reservations managed='yes' migration='no'/>"), expect: "unsupported configuration: Target disk reservations 'migration' property no does not match source yes", rule: 'disk/reservations-migration' },
  { name: 'reservations migration added', src: lun("<reservations managed='yes'/>"), dst: lun("<reservations managed='yes' migration='yes'/>"), expect: "unsupported configuration: Target disk reservations 'migration' property yes does not match source default" },
  { name: 'reservations migration ignored before 12.1', src: lun("<reservations managed='yes' migration='yes'/>"), dst: lun("<reservations managed='yes' migration='no'/>"), expect: null, profiles: ['9.0.0', '11.3.0'] },
  { name: 'driver element adds virtio options', src: vda(), dst: vda("<driver name='qemu'/>"), expect: { '7.0.0': null, '7.1.0': "unsupported configuration: Target device virtio options don't match the source" }, rule: 'virtio/presence', profiles: ALL },
  { name: 'virtio iommu option', src: vda("<driver name='qemu'/>"), dst: vda("<driver name='qemu' iommu='on'/>"), expect: "unsupported configuration: Target device iommu option 'on' does not match source 'default'", profiles: ALL },
  { name: 'drive address', src: base, dst: dom(disk({ extra: "<address type='drive' controller='0' bus='1' target='0' unit='0'/>" })), expect: 'unsupported configuration: Target device drive address 0:1:0 does not match source 0:0:0', profiles: ALL },
  { name: 'address type', src: vda(), dst: vda("<address type='pci' slot='3'/>"), expect: 'unsupported configuration: Target device address type pci does not match source none', profiles: ALL },
  { name: 'logical block size (after the address)', src: vda(), dst: vda("<blockio logical_block_size='512'/>"), expect: 'unsupported configuration: Target disk logical_block_size 512 does not match source 0', rule: 'disk/logical-block-size', profiles: ['11.3.0', '12.8.0'] },
  { name: 'blockio not compared by 9.0.0', src: vda(), dst: vda("<blockio logical_block_size='512'/>"), expect: null, profile: '9.0.0' },
  { name: 'physical block size', src: vda(), dst: vda("<blockio physical_block_size='4096'/>"), expect: 'unsupported configuration: Target disk physical_block_size 4096 does not match source 0', rule: 'disk/physical-block-size', profiles: ['11.3.0', '12.8.0'] },
  { name: 'discard granularity', src: vda(), dst: vda("<blockio discard_granularity='4096'/>"), expect: 'unsupported configuration: Target disk discard_granularity 4096 does not match source 0', rule: 'disk/discard-granularity', profiles: ['11.3.0', '12.8.0'] },

  { name: 'missing target', src: base, dst: dom(disk({ target: '' })), expect: { error: 'missing target information for device /dev/HostVG/QEMUGuest1' }, profiles: ALL },
  { name: 'missing source', src: base, dst: dom(disk({ source: '' })), expect: { error: 'missing source information for device hda' }, profiles: ALL },
  { name: 'duplicate target', src: base, dst: dom(disk(), disk({ source: "<source dev='/dev/b'/>" })), expect: { error: "XML error: target 'hda' duplicated for disk sources '/dev/HostVG/QEMUGuest1' and '/dev/b'" }, profiles: ALL },
  { name: 'fdc bus for a disk', src: base, dst: dom(disk({ target: "<target dev='hda' bus='fdc'/>" })), expect: { error: "internal error: Invalid bus type 'fdc' for disk" }, profiles: ALL },
  { name: 'floppy on ide', src: base, dst: dom(disk({ device: 'floppy', target: "<target dev='fda' bus='ide'/>" })), expect: { error: "internal error: Invalid bus type 'ide' for floppy disk" }, profiles: ALL },
  { name: 'unknown bus', src: base, dst: dom(disk({ target: "<target dev='hda' bus='bogus'/>" })), expect: { error: "XML error: Invalid value for attribute 'bus' in element 'target': 'bogus'." }, profiles: ALL },
  { name: 'malformed wwn', src: base, dst: dom(disk({ extra: '<wwn>0x5000c50015ea71</wwn>' })), expect: { error: 'internal error: Malformed wwn: 0x5000c50015ea71' }, profiles: ALL },
  { name: 'queues on a non-virtio disk (9.0.0)', src: base, dst: dom(disk({ extra: "<driver name='qemu' queues='4'/>" })), expect: { error: 'unsupported configuration: queues attribute in disk driver element is only supported by virtio-blk' }, profile: '9.0.0' },
  { name: 'queues on a non-virtio disk (11.3.0)', src: base, dst: dom(disk({ extra: "<driver name='qemu' queues='4'/>" })), expect: { error: 'unsupported configuration: queues attribute in disk driver element is only supported for virtio bus' }, profile: '11.3.0' },
  { name: 'queues on a non-virtio disk (12.8.0 leaves it to the driver)', src: base, dst: dom(disk({ extra: "<driver name='qemu' queues='4'/>" })), expect: 'unsupported configuration: Target disk queue count 4 does not match source 0' },
  { name: 'queue_size on a non-virtio disk (11.3.0)', src: base, dst: dom(disk({ extra: "<driver name='qemu' queue_size='256'/>" })), expect: { error: 'unsupported configuration: queue_size attribute in disk driver is only supported for virtio bus' }, profile: '11.3.0' },
  { name: 'event_idx on a non-virtio disk', src: base, dst: dom(disk({ extra: "<driver name='qemu' event_idx='on'/>" })), expect: { error: 'unsupported configuration: disk event_idx mode supported only for virtio bus' }, profiles: ALL },
  { name: 'virtio option on a non-virtio disk', src: base, dst: dom(disk({ extra: "<driver name='qemu' iommu='on'/>" })), expect: { error: 'unsupported configuration: iommu driver option is only supported for virtio devices' }, profiles: ALL },
  { name: 'removable on a sata disk (9.0.0)', src: base, dst: dom(disk({ target: "<target dev='sda' bus='sata' removable='on'/>" })), expect: { error: 'XML error: removable is only valid for usb disks' }, profile: '9.0.0' },
  { name: 'removable on a sata disk', src: base, dst: dom(disk({ target: "<target dev='sda' bus='sata' removable='on'/>" })), expect: { error: 'XML error: removable is only valid for usb or scsi disks' }, profiles: ['11.3.0', '12.8.0'] },
  { name: 'dpofua on a non-SCSI disk', src: base, dst: dom(disk({ target: "<target dev='hda' bus='ide' dpofua='on'/>" })), expect: { error: "unsupported configuration: 'dpofua' option is available only for SCSI disks" } },
  { name: 'reservations on a plain disk', src: base, dst: dom(disk({ source: "<source dev='/dev/a'><reservations managed='yes'/></source>" })), expect: { error: 'unsupported configuration: <reservations/> allowed only for lun devices' }, profiles: ALL },
  { name: 'reservations need managed', src: lun(''), dst: lun("<reservations migration='yes'/>"), expect: { error: "XML error: Missing required attribute 'managed' in element 'reservations'" }, profiles: ALL },
  { name: 'lun needs a block source', src: base, dst: dom(disk({ type: 'file', device: 'lun', source: "<source file='/tmp/x'/>", target: "<target dev='sda' bus='scsi'/>" })), expect: { error: "unsupported configuration: disk device='lun' is only valid for block type disk source" }, profiles: ALL },
  { name: 'blockio on a lun (12.x)', src: base, dst: domainXml({ devices: disk({ device: 'lun', target: "<target dev='sda' bus='scsi'/>", extra: "<blockio discard_granularity='0'/>" }) }), expect: { error: "unsupported configuration: blockio is not supported with device='lun'" } },
  { name: 'sheepdog dropped after 9.0.0', src: base, dst: dom(disk({ type: 'network', source: "<source protocol='sheepdog' name='image'><host name='example.org' port='6000'/></source>", target: "<target dev='vda' bus='virtio'/>" })), expect: { error: "unsupported configuration: 'sheepdog' protocol is no longer supported by any hypervisor driver" }, profiles: ['11.3.0', '12.8.0'] },
  { name: 'vhostuser disk source needs a path', src: base, dst: dom(disk({ type: 'vhostuser', source: "<source type='unix'/>", target: "<target dev='vda' bus='virtio'/>" })), expect: { error: "XML error: missing 'path' attribute for vhostuser disk source" }, profiles: ALL },
  { name: 'vhostuser disk rejects a serial', src: base, dst: dom(disk({ type: 'vhostuser', source: "<source type='unix' path='/tmp/vhost.sock'/>", target: "<target dev='vda' bus='virtio'/>", extra: "<driver name='qemu' type='raw'/><serial>x</serial>" })), expect: { error: 'unsupported configuration: serial is not supported with vhostuser disk' }, profiles: ALL },
  { name: 'backing store without source', src: base, dst: dom(disk({ extra: "<backingStore type='file'><format type='qcow2'/></backingStore>" })), expect: { error: 'XML error: missing disk backing store source' }, profiles: ALL },
  { name: 'auth without secret', src: base, dst: dom(disk({ type: 'network', source: "<source protocol='iscsi' name='iqn.1992-01.com.example/1'><host name='example.org'/><auth username='u'/></source>", target: "<target dev='vda' bus='virtio'/>" })), expect: { error: 'XML error: Missing <secret> element in auth' }, profiles: ALL },

  // NVMe disks (12.x): nvme<controller>n<namespace> names, bus default, drive address and implicit controller
  { name: 'nvme bus from the dev name', src: dom(disk({ target: "<target dev='nvme0n1'/>" })), dst: dom(disk({ target: "<target dev='nvme0n1' bus='nvme'/>" }), "<controller type='nvme' index='0'/>"), expect: null },
  { name: 'nvme namespace is the drive unit', src: dom(disk({ target: "<target dev='nvme0n2' bus='nvme'/>" })), dst: dom(disk({ target: "<target dev='nvme0n2' bus='nvme'/>", extra: "<address type='drive' controller='0' bus='0' target='0' unit='0'/>" })), expect: 'unsupported configuration: Target device drive address 0:0:0 does not match source 0:0:1' },
  { name: 'nvme controller from the dev name', src: dom(disk({ target: "<target dev='nvme0n1' bus='nvme'/>" })), dst: dom(disk({ target: "<target dev='nvme1n1' bus='nvme'/>" })), expect: 'unsupported configuration: Target disk nvme1n1 does not match source nvme0n1' },
  { name: 'nvme bus', src: dom(disk({ target: "<target dev='sda' bus='sata'/>" })), dst: dom(disk({ target: "<target dev='nvme0n1'/>" })), expect: 'unsupported configuration: Target disk bus nvme does not match source sata' },
  { name: 'nvme bus unknown before 12.x', src: base, dst: dom(disk({ target: "<target dev='sda' bus='nvme'/>" })), expect: { error: "XML error: Invalid value for attribute 'bus' in element 'target': 'nvme'." }, profiles: ['9.0.0', '11.3.0'] },
  { name: 'nvme name without namespace', src: base, dst: dom(disk({ target: "<target dev='nvme0n0' bus='nvme'/>" })), expect: { error: "XML error: Unknown disk name 'nvme0n0' and no address specified" } },
  { name: 'usb-bot model (12.x)', src: dom(disk({ target: "<target dev='sda' bus='usb'/>" })), dst: domainXml({ devices: disk({ attrs: " model='usb-bot'", target: "<target dev='sda' bus='usb'/>" }) }), expect: 'unsupported configuration: Target disk model usb-bot does not match source default' },
  { name: 'tray=closed on a plain disk (12.x)', src: base, dst: dom(disk({ target: "<target dev='hda' bus='ide' tray='closed'/>" })), expect: { error: 'unsupported configuration: tray is only valid for cdrom and floppy' } },
  { name: 'tray=closed on a plain disk is the default before 12.x', src: base, dst: dom(disk({ target: "<target dev='hda' bus='ide' tray='closed'/>" })), expect: null, profiles: ['9.0.0', '11.3.0'] },
  { name: 'rbd name needs a pool (12.x wording)', src: base, dst: dom(disk({ type: 'network', source: "<source protocol='rbd' name='image'><host name='h'/></source>", target: "<target dev='vda' bus='virtio'/>" })), expect: { error: "XML error: failed to split path 'image' into 'pool/image' or 'pool/namespace/image' components" } },
  { name: 'rbd name needs a pool', src: base, dst: dom(disk({ type: 'network', source: "<source protocol='rbd' name='image'><host name='h'/></source>", target: "<target dev='vda' bus='virtio'/>" })), expect: { error: "XML error: can't split path 'image' into pool name and image name" }, profiles: ['9.0.0', '11.3.0'] },
  { name: 'latency histogram bins must be sorted (12.x)', src: vda(), dst: vda("<driver name='qemu'><statistics><latency-histogram><bin start='5'/><bin start='1'/></latency-histogram></statistics></driver>"), expect: { error: "unsupported configuration: the values of 'start' attribute of a 'latency-histogram' 'bin' configuration must be sorted and non-overlapping" } },
];

ruleTable('disk', cases);
