// Parse and validation steps whose release comes from libvirt's NEWS and formatdomain.rst rather
// than from the measured releases: each case is checked on both sides of its boundary and at the
// measured releases, where the expectation is real libvirt's (../shared/oracle: 9.0, 11.3, 12.8
// and 12.9 label each case below as given). The same document is both sides of the pair, so an
// input error is the source's.
import test from 'ava';
import { resolveProfile } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';
import { atRelease, releasesToCheck, type ByRelease } from '../helpers/releases.js';

type Outcome = string | null;
const err = (table: ByRelease<Outcome>) =>
  Object.fromEntries(Object.entries(table).map(([v, e]) => [v, e === null ? null : { error: e, side: 'src' as const }]));

const devices = (xml: string, more: Parameters<typeof domainXml>[0] = {}) => domainXml({ devices: xml, ...more });
const fileDisk = (extra: string, target = "<target dev='vda' bus='virtio'/>", source = "<source file='/var/lib/a.img'/>") =>
  `<disk type='file' device='disk'>${source}${target}${extra}</disk>`;
const netDisk = (protocol: string, name: string, inner = '') =>
  `<disk type='network' device='disk'><driver name='qemu' type='raw'/><source protocol='${protocol}' name='${name}'><host name='example.org'/>${inner}</source><target dev='vda' bus='virtio'/></disk>`;
const dataStore = (inner: string) => fileDisk("<driver name='qemu' type='qcow2'/>", undefined, `<source file='/var/lib/a.qcow2'>${inner}</source>`);
const os = (inner: string, arch = 'x86_64', machine = 'pc-q35-9.0') => domainXml({ os: `<os><type arch='${arch}' machine='${machine}'>hvm</type>${inner}</os>` });
const tpm = (backend: string) => `<tpm model='tpm-crb'>${backend}</tpm>`;
const CODE = "<loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>";
const virtiofs = (inner: string) => devices(`<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/>${inner}<source dir='/s'/><target dir='t'/></filesystem>`);

const X = 'XML error: ';
const invalid = (attr: string, el: string, v: string, integer = false) =>
  `${X}Invalid value for attribute '${attr}' in element '${el}': '${v}'.${integer ? ' Expected non-negative integer value' : ''}`;

const CASES: [name: string, xml: string, expect: ByRelease<Outcome>][] = [
  // <os>
  ['loongarch64 (NEWS 10.2.0)', os('', 'loongarch64', 'virt'), { '9.0.0': 'unsupported configuration: Unknown architecture loongarch64', '10.2.0': null }],
  ['loader format (9.2.0)', os("<loader readonly='yes' type='pflash' format='bogus'>/usr/share/OVMF/OVMF_CODE.fd</loader>"), { '9.0.0': null, '9.2.0': invalid('format', 'loader', 'bogus') }],
  ['nvram format (9.2.0)', os(`${CODE}<nvram format='bogus'>/var/lib/v.fd</nvram>`), { '9.0.0': null, '9.2.0': invalid('format', 'nvram', 'bogus') }],
  ['nvram templateFormat (10.10.0)', os(`${CODE}<nvram templateFormat='bogus'>/var/lib/v.fd</nvram>`), { '9.0.0': null, '10.10.0': invalid('templateFormat', 'nvram', 'bogus') }],
  ['acpi tables of several types (11.2.0)', os("<acpi><table type='raw'>/a.dat</table><table type='slic'>/b.dat</table></acpi>"), { '9.0.0': `${X}Only one acpi table is supported`, '11.2.0': null }],
  ['varstore (NEWS 12.1.0)', os(`${CODE}<nvram>/var/lib/v.fd</nvram><varstore/>`), { '9.0.0': null, '12.1.0': `${X}Cannot have both <nvram> and <varstore>` }],
  // domain-wide
  ['iothread poll (9.4.0)', domainXml({ head: "<iothreads>1</iothreads><iothreadids><iothread id='1'><poll max='x'/></iothread></iothreadids>" }), { '9.0.0': null, '9.4.0': invalid('max', 'poll', 'x', true) }],
  ['restrictive memnode (NEWS 9.4.0)', domainXml({ body: "<numatune><memory mode='strict' nodeset='0'/><memnode cellid='0' mode='restrictive' nodeset='0'/></numatune><cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'/></numa></cpu>" }),
    { '9.0.0': null, '9.4.0': `${X}'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element` }],
  ['maxMemory without slots (NEWS 9.5.0)', domainXml({ head: "<maxMemory unit='KiB'>4194304</maxMemory>" }),
    { '9.0.0': `${X}both maximum memory size and memory slot count must be specified`, '9.5.0': 'unsupported configuration: memory hotplug tunables <maxMemory> are not supported by this hypervisor driver' }],
  ['memory bandwidth above 100 (NEWS 10.8.0)', domainXml({ body: "<cputune><memorytune vcpus='0'><node id='0' bandwidth='200'/></memorytune></cputune>" }), { '9.0.0': `${X}Memory Bandwidth value exceeding 100 is invalid.`, '10.8.0': null }],
  ['memorytune without vcpus (NEWS 12.4.0)', domainXml({ body: "<cputune><memorytune><node id='0' bandwidth='20'/></memorytune></cputune>" }), { '9.0.0': `${X}Missing memorytune attribute 'vcpus'`, '12.4.0': null }],
  ['throttle group without a name (11.2.0)', domainXml({ body: '<throttlegroups><throttlegroup><total_bytes_sec>10</total_bytes_sec></throttlegroup></throttlegroups>' }), { '9.0.0': null, '11.2.0': `${X}missing group name` }],
  ['sev-snp (NEWS 10.5.0)', domainXml({ body: "<launchSecurity type='sev-snp'><policy>0x00030000</policy></launchSecurity>" }), { '9.0.0': invalid('type', 'launchSecurity', 'sev-snp'), '10.5.0': null }],
  ['tdx (libvirt commit e919a4dd, by 11.6.0)', domainXml({ body: "<launchSecurity type='tdx'><policy>0x10000000</policy></launchSecurity>" }), { '9.0.0': invalid('type', 'launchSecurity', 'tdx'), '11.6.0': null }],
  // disks
  ['nbd reconnect delay (NEWS 9.2.0)', devices(netDisk('nbd', 'exp', "<reconnect delay='x'/>")), { '9.0.0': null, '9.2.0': invalid('delay', 'reconnect', 'x', true) }],
  ['discard_no_unref on raw (9.5.0)', devices(fileDisk("<driver name='qemu' type='raw' discard_no_unref='on'/>")), { '9.0.0': null, '9.5.0': "unsupported configuration: 'discard_no_unref' only works with qcow2 disk format" }],
  ['removable on scsi (9.6.0)', devices(fileDisk('', "<target dev='sda' bus='scsi' removable='on'/>")), { '9.0.0': `${X}removable is only valid for usb disks`, '9.6.0': null }],
  ['vhostvdpa disk (9.8.0)', devices("<disk type='vhostvdpa' device='disk'><driver name='qemu' type='raw' cache='none' io='native'/><source dev='/dev/vhost-vdpa-0'/><target dev='vda' bus='virtio'/></disk>"),
    { '9.0.0': invalid('type', 'disk', 'vhostvdpa'), '9.8.0': null }],
  ['ssh knownHosts without path (9.8.0)', devices(netDisk('ssh', 'img', '<knownHosts/>')), { '9.0.0': null, '9.8.0': `${X}Missing required attribute 'path' in element 'knownHosts'` }],
  ['disk iothread and iothreads (10.0.0)', devices(fileDisk("<driver name='qemu' type='raw' iothread='1'><iothreads><iothread id='1'/></iothreads></driver>"), { head: '<iothreads>2</iothreads>' }),
    { '9.0.0': null, '10.0.0': `${X}disk driver 'iothread' attribute can't be used together with 'iothreads' subelement` }],
  ['dataStore without type (10.10.0)', devices(dataStore("<dataStore><format type='raw'/><source file='/var/lib/d'/></dataStore>")), { '9.0.0': null, '10.10.0': `${X}Missing required attribute 'type' in element 'dataStore'` }],
  ['dataStore without format (10.10.0)', devices(dataStore("<dataStore type='file'><source file='/var/lib/d'/></dataStore>")), { '9.0.0': null, '10.10.0': `${X}missing data file store format` }],
  ['dataStore without source (10.10.0)', devices(dataStore("<dataStore type='file'><format type='raw'/></dataStore>")), { '9.0.0': null, '10.10.0': `${X}missing disk data file store source` }],
  ['sata product of 20 characters (11.1.0)', devices(fileDisk('<product>ABCDEFGHIJKLMNOPQRST</product>', "<target dev='sda' bus='sata'/>")), { '9.0.0': 'unsupported configuration: disk product is more than 16 characters', '11.1.0': null }],
  ['nvme disk (NEWS 11.5.0)', devices(fileDisk('<serial>abc</serial>', "<target dev='nvme0n1' bus='nvme'/>")), { '9.0.0': invalid('bus', 'target', 'nvme'), '11.5.0': null }],
  ['rbd name without a pool (NEWS 11.6.0)', devices(netDisk('rbd', 'image')),
    { '9.0.0': `${X}can't split path 'image' into pool name and image name`, '11.6.0': `${X}failed to split path 'image' into 'pool/image' or 'pool/namespace/image' components` }],
  ['dpofua off the scsi bus (11.10.0)', devices(fileDisk('', "<target dev='vda' bus='virtio' dpofua='on'/>")), { '9.0.0': null, '11.10.0': "unsupported configuration: 'dpofua' option is available only for SCSI disks" }],
  ['ctl disk (NEWS 12.0.0)', devices("<disk type='ctl' device='disk'><source dev='/dev/cam/ctl'/><target dev='sda' bus='scsi'/></disk>"), { '9.0.0': invalid('type', 'disk', 'ctl'), '12.0.0': null }],
  ['reservations migration (12.1.0)', devices("<disk type='block' device='lun'><source dev='/dev/sdb'><reservations managed='yes' migration='bogus'/></source><target dev='sda' bus='scsi'/></disk>"),
    { '9.0.0': null, '12.1.0': invalid('migration', 'reservations', 'bogus') }],
  // controllers, hostdevs, filesystems
  ['memReserve (10.3.0)', devices("<controller type='pci' index='0' model='pcie-root'/><controller type='pci' index='1' model='pcie-root-port'><target memReserve='x'/></controller>"),
    { '9.0.0': null, '10.3.0': invalid('memReserve', 'target', 'x', true) }],
  ['virtio-scsi iothread and iothreads (11.2.0)', devices("<controller type='scsi' index='0' model='virtio-scsi'><driver iothread='1'><iothreads><iothread id='1'/></iothreads></driver></controller>", { head: '<iothreads>1</iothreads>' }),
    { '9.0.0': null, '11.2.0': `${X}controller driver 'iothread' attribute can't be used together with 'iothreads' subelement` }],
  ['nvme controller (NEWS 11.5.0)', devices("<controller type='nvme' index='0'/>"), { '9.0.0': invalid('type', 'controller', 'nvme'), '11.5.0': null }],
  ['pci hostdev ramfb (10.3.0)', devices("<hostdev mode='subsystem' type='pci' managed='yes' ramfb='bogus'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source></hostdev>"),
    { '9.0.0': null, '10.3.0': invalid('ramfb', 'hostdev', 'bogus') }],
  ['virtiofs idmap (10.0.0)', virtiofs("<idmap><uid start='x' target='1000' count='10'/></idmap>"), { '9.0.0': null, '10.0.0': `${X}invalid idmap start/target/count settings` }],
  ['filesystem driver mtp (NEWS 10.2.0)', devices("<filesystem type='mount' accessmode='passthrough'><driver type='mtp'/><source dir='/s'/><target dir='t'/></filesystem>"),
    { '9.0.0': invalid('type', 'driver', 'mtp'), '10.2.0': null }],
  ['virtiofs openfiles (10.6.0)', virtiofs("<binary><openfiles max='x'/></binary>"), { '9.0.0': null, '10.6.0': `${X}cannot parse openfiles 'x' for virtiofs` }],
  // Boundaries read from libvirt's sources (Debian's packaged 9.8.0, 10.4.0 and 10.7.0 beside the
  // measured releases) and NEWS/formatdomain.rst; the newer side is labelled by 11.3, 12.8 and 12.9.
  ['pipewire audio (NEWS 9.10.0)', devices("<audio id='1' type='pipewire'/>"), { '9.0.0': invalid('type', 'audio', 'pipewire'), '9.10.0': null }],
  ['tpm emulator debug (10.6.0)', devices(tpm("<backend type='emulator' version='2.0' debug='x'/>")), { '9.0.0': null, '10.6.0': invalid('debug', 'backend', 'x', true) }],
  ['tpm profile (NEWS 10.10.0)', devices(tpm("<backend type='emulator' version='2.0'><profile source='default-v1' removeDisabled='bogus'/></backend>")),
    { '9.0.0': null, '10.10.0': invalid('removeDisabled', 'profile', 'bogus') }],
  ['tpm state source (10.10.0)', devices(tpm("<backend type='emulator' version='2.0'><source type='bogus' path='/var/lib/t'/></backend>")), { '9.0.0': null, '10.10.0': invalid('type', 'source', 'bogus') }],
  ['external tpm without source type (by 9.8.0)', devices(tpm("<backend type='external'><source/></backend>")),
    { '9.0.0': `${X}missing external TPM backend type`, '9.8.0': `${X}missing external TPM backend source type` }],
  ['external tpm in bind mode (by 9.8.0)', devices(tpm("<backend type='external'><source type='unix' mode='bind' path='/tmp/s'/></backend>")),
    { '9.0.0': `${X}only 'client' mode is supported for external TPM device`, '9.8.0': `${X}only 'connect' mode is supported for external TPM device` }],
  ['disk seclabel relabel without label (by 9.8.0)', devices(fileDisk('', undefined, "<source file='/var/lib/a.img'><seclabel model='dac' relabel='yes'/></source>")),
    { '9.0.0': null, '9.8.0': `${X}Cannot specify relabel if label is missing. model=dac` }],
  ['chardev seclabel relabel without label (by 9.8.0)', devices("<serial type='file'><source path='/var/log/s.log'><seclabel model='dac' relabel='yes'/></source><target port='0'/></serial>"),
    { '9.0.0': null, '9.8.0': `${X}Cannot specify relabel if label is missing. model=dac` }],
  ['hostdev mode (by 9.8.0)', devices("<hostdev mode='bogus' type='pci'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source></hostdev>"),
    { '9.0.0': "unsupported configuration: unknown hostdev mode 'bogus'", '9.8.0': invalid('mode', 'hostdev', 'bogus') }],
  ['scsi hostdev protocol (by 9.8.0)', devices("<hostdev mode='subsystem' type='scsi'><source protocol='bogus' name='iqn.2014-08.com.example:storage/1'><host name='example.org'/></source></hostdev>"),
    { '9.0.0': "unsupported configuration: Unknown SCSI subsystem protocol 'bogus'", '9.8.0': invalid('protocol', 'source', 'bogus') }],
  ['scsi_host hostdev protocol (by 9.8.0)', devices("<hostdev mode='subsystem' type='scsi_host'><source protocol='bogus' wwpn='naa.5123456789abcde0'/></hostdev>"),
    { '9.0.0': "unsupported configuration: Unknown scsi_host subsystem protocol 'bogus'", '9.8.0': invalid('protocol', 'source', 'bogus') }],
  ['capabilities hostdev type (by 9.8.0)', devices("<hostdev mode='capabilities' type='bogus'><source><block>/dev/sdf1</block></source></hostdev>"),
    { '9.0.0': "unsupported configuration: unknown host device source address type 'bogus'", '9.8.0': invalid('type', 'hostdev', 'bogus') }],
  ['cputune shares of 1 (range checked from 7.2.0, dropped by 9.8.0)', domainXml({ body: '<cputune><shares>1</shares></cputune>' }),
    { '7.0.0': null, '7.2.0': "unsupported configuration: Value of cputune 'shares' must be in range [2, 262144]", '9.8.0': null }],
  ['NUMA cache without level (by 9.8.0)', domainXml({ vcpu: '<vcpu>2</vcpu>', body: "<cpu><numa><cell id='0' cpus='0-1' memory='1048576' unit='KiB'><cache associativity='direct' policy='writeback'><size value='10' unit='KiB'/><line value='8' unit='B'/></cache></cell></numa></cpu>" }),
    { '9.0.0': `${X}Missing 'level' attribute in cache element for NUMA node 0`, '9.8.0': `${X}Missing required attribute 'level' in element 'cache'` }],
  ['video model type (by 9.8.0)', devices("<video><model type='bogus'/></video>"), { '9.0.0': "unsupported configuration: unknown video model 'bogus'", '9.8.0': invalid('type', 'model', 'bogus') }],
  ['chardev tcp protocol (after 10.7.0, by 11.3.0)', devices("<serial type='tcp'><source mode='connect' host='127.0.0.1' service='4555'/><protocol type='bogus'/><target port='0'/></serial>"),
    { '9.0.0': "unsupported configuration: Unknown protocol 'bogus'", '11.3.0': invalid('type', 'protocol', 'bogus') }],
  ['network disk host transport (by 9.8.0)', devices(netDisk('nbd', 'exp').replace("<host name='example.org'/>", "<host name='example.org' transport='bogus'/>")),
    { '9.0.0': "unsupported configuration: unknown protocol transport type 'bogus'", '9.8.0': invalid('transport', 'host', 'bogus') }],
  ['network disk host transport fd (after 10.7.0, by 11.3.0)', devices(netDisk('nbd', 'exp').replace("<host name='example.org'/>", "<host transport='fd'/>")),
    { '9.0.0': "unsupported configuration: unknown protocol transport type 'fd'", '9.8.0': invalid('transport', 'host', 'fd'), '11.3.0': `${X}transport 'fd' is now allowed` }],
  // virtio <driver> options: 7.0.0 words its own message (and refuses 'default'); 7.3.0 moved to
  // virXMLPropTristateSwitch, whose message ended "Expected 'on' or 'off'" in 7.3.0 only
  ...(([['disk', fileDisk("<driver name='qemu' type='raw' iommu='x'/>"), 'iommu', 'x'],
    ['interface', "<interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/><model type='virtio'/><driver ats='x'/></interface>", 'ats', 'x'],
    ['controller', "<controller type='scsi' index='0' model='virtio-scsi'><driver packed='x'/></controller>", 'packed', 'x'],
    ['disk default', fileDisk("<driver name='qemu' type='raw' iommu='default'/>"), 'iommu', 'default']] as const).map(([dev, xml, attr, v]): (typeof CASES)[number] =>
    [`virtio ${attr}='${v}' on a ${dev} (7.3.0, 7.4.0)`, devices(xml),
      { '7.0.0': `${X}invalid ${attr} value`, '7.3.0': `${invalid(attr, 'driver', v)} Expected 'on' or 'off'`, '7.4.0': invalid(attr, 'driver', v) }])),
  ['virtio page_per_vq (NEWS 7.9.0)', devices("<controller type='scsi' index='0' model='virtio-scsi'><driver page_per_vq='bogus'/></controller>"),
    { '7.0.0': null, '7.9.0': invalid('page_per_vq', 'driver', 'bogus') }],
  ['vds source without portid (10.7.0)', devices("<interface type='vds'><mac address='52:54:00:00:00:01'/><source switchid='12345678-1234-1234-1234-123456789abc'/></interface>"),
    { '9.0.0': `${X}Missing required attribute 'portid' in element 'source'`, '10.7.0': null }],
  ['address type (by 9.8.0)', devices("<sound model='ich9'><address type='bogus'/></sound>"), { '9.0.0': "unsupported configuration: unknown address type 'bogus'", '9.8.0': invalid('type', 'address', 'bogus') }],
  ['first zpci taken (by 9.8.0)', devices("<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source><address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'><zpci uid='x' fid='0x1'/><zpci uid='0x1' fid='0x1'/></address></hostdev>"),
    { '9.0.0': null, '9.8.0': `${invalid('uid', 'zpci', 'x')} Expected non-negative integer value` }],
  ['volume disk pool mode (9.10.0)', devices("<disk type='volume' device='disk'><source pool='p' volume='v' mode='bogus'/><target dev='vda' bus='virtio'/></disk>"),
    { '9.0.0': "unsupported configuration: unknown source mode 'bogus' for volume type disk", '9.10.0': invalid('mode', 'source', 'bogus') }],
  ['nvme disk namespace (by 9.8.0)', devices("<disk type='nvme' device='disk'><source type='pci' managed='yes' namespace='x'><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source><target dev='vda' bus='virtio'/></disk>"),
    { '9.0.0': `${X}malformed namespace 'x'`, '9.8.0': invalid('namespace', 'source', 'x', true) }],
  ['queues off the virtio bus (by 9.8.0, moved to the qemu driver by 12.8.0)', devices(fileDisk("<driver name='qemu' type='raw' queues='4'/>", "<target dev='sda' bus='sata'/>")),
    { '9.0.0': 'unsupported configuration: queues attribute in disk driver element is only supported by virtio-blk', '9.8.0': 'unsupported configuration: queues attribute in disk driver element is only supported for virtio bus', '12.8.0': null }],
  ['queue_size off the virtio bus (by 9.8.0, moved to the qemu driver by 12.8.0)', devices(fileDisk("<driver name='qemu' type='raw' queue_size='256'/>", "<target dev='sda' bus='sata'/>")),
    { '9.0.0': null, '9.8.0': 'unsupported configuration: queue_size attribute in disk driver is only supported for virtio bus', '12.8.0': null }],
  ['vhostuser disk discard_granularity (by 9.8.0)', devices("<disk type='vhostuser' device='disk'><driver name='qemu' type='raw'/><source type='unix' path='/tmp/vhost.sock'><reconnect enabled='yes' timeout='10'/></source><target dev='vda' bus='virtio'/><blockio discard_granularity='4096'/></disk>"),
    { '9.0.0': null, '9.8.0': 'unsupported configuration: blockio is not supported with vhostuser disk' }],
  ['vhostuser disk zero discard_granularity (NEWS 11.6.0)', devices("<disk type='vhostuser' device='disk'><driver name='qemu' type='raw'/><source type='unix' path='/tmp/vhost.sock'><reconnect enabled='yes' timeout='10'/></source><target dev='vda' bus='virtio'/><blockio discard_granularity='0'/></disk>"),
    { '9.0.0': null, '11.6.0': 'unsupported configuration: blockio is not supported with vhostuser disk' }],
  ['virtiofs target twice, checked per device (by 9.8.0)', devices(`${['a', 'b'].map((d) => `<filesystem type='mount' accessmode='passthrough'><driver type='virtiofs'/><source dir='/${d}'/><target dir='t'/></filesystem>`).join('')}<filesystem type='mount' accessmode='passthrough'><driver type='path'/><source dir='/c'/><target dir='u'/><boot order='1'/></filesystem>`),
    { '9.0.0': 'unsupported configuration: boot order is only supported for virtiofs', '9.8.0': "unsupported configuration: filesystem target 't' specified twice" }],
  // Read from libvirt's own commit e919a4dd (TDX, by 11.6.0): absent from the measured 11.3.0.
  ['chardev target port (by 11.6.0)', devices("<serial type='pty'><target port='x'/></serial>"),
    { '9.0.0': `${X}Invalid port number: x`, '11.6.0': `${invalid('port', 'target', 'x')} Expected integer value` }],
  ['vnc port (by 11.6.0)', devices("<graphics type='vnc' port='x'/>"),
    { '9.0.0': 'internal error: cannot parse vnc port x', '11.6.0': `${invalid('port', 'graphics', 'x')} Expected integer value` }],
  ['mdev uuid (by 11.6.0)', devices("<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source><address uuid='bogus'/></source></hostdev>"),
    { '9.0.0': 'internal error: Cannot parse uuid attribute of element <address>', '11.6.0': `${X}Invalid value for attribute 'uuid' in element 'address': 'bogus'. Expected UUID` }],
];

const cases: RuleCase[] = CASES.map(([name, xml, expect]) => ({ name, src: xml, dst: xml, expect: err(expect) }));

ruleTable('parse boundaries', cases);

// An all-zero <mac address> is replaced by a generated one (in Debian's 9.8.0 source, not in 9.0.0):
// each side then draws its own MAC, so the same document no longer matches itself.
const zeroMac = devices("<interface type='user'><mac address='00:00:00:00:00:00'/><model type='virtio'/></interface>");
const zeroMacGenerated: ByRelease<boolean> = { '9.0.0': false, '9.8.0': true };
for (const v of releasesToCheck(zeroMacGenerated)) {
  test(`parse boundaries: zero mac generated (by 9.8.0) [${v}]`, (t) => {
    const r = checkXmlPair('zero mac', 'src.xml', 'dst.xml', zeroMac, zeroMac, { profile: resolveProfile(v), skipVolatile: false });
    if (atRelease(zeroMacGenerated, v)) t.is(r.mismatches[0]?.rule, 'net/mac');
    else t.is(r.status, 'compatible', JSON.stringify(r.mismatches[0] ?? r.error));
  });
}
