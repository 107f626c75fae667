/**
 * --live keeps device aliases; user aliases (ua-...) must then be unique, with libvirt's
 * exceptions for the serial console and for interface hostdevs. Verdicts from libvirt 9.0.0,
 * 11.3.0 and 12.8.0 parsing live XML.
 */
import { domainXml, ruleTable, type RuleCase } from './helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];

/** A running guest's XML with these devices (the same file on both sides). */
function running(devices: string): string {
  return domainXml({ devices }).replace("<domain type='kvm'>", "<domain type='kvm' id='5'>");
}

const serial = (alias: string) => `<serial type='pty'><source path='/dev/pts/1'/><target type='isa-serial' port='0'/><alias name='${alias}'/></serial>`;
const serialConsole = (alias: string) => `<console type='pty'><source path='/dev/pts/1'/><target type='serial' port='0'/><alias name='${alias}'/></console>`;
const disk = (alias: string) => `<disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/><alias name='${alias}'/></disk>`;
const channel = (alias: string) => `<channel type='pty'><target type='virtio' name='org.example.0'/><alias name='${alias}'/></channel>`;
const input = (type: string, alias: string) => `<input type='${type}' bus='ps2'><alias name='${alias}'/></input>`;

function same(name: string, devices: string, expect: RuleCase['expect'], live = true): RuleCase {
  const xml = running(devices);
  return { name, src: xml, dst: xml, profiles: ALL, live, expect };
}

const duplicated = (alias: string) => ({ error: `unsupported configuration: non unique alias detected: ${alias}`, side: 'src' as const });

ruleTable('live aliases', [
  same('a user alias used twice', input('mouse', 'ua-in') + input('keyboard', 'ua-in'), duplicated('ua-in')),
  same('without --live aliases are dropped, duplicates too', input('mouse', 'ua-in') + input('keyboard', 'ua-in'), null, false),
  same('libvirt\'s own aliases may repeat', input('mouse', 'input0') + input('keyboard', 'input0'), null),
  same('a disk and a controller sharing a user alias', `<controller type='scsi' index='0' model='virtio-scsi'><alias name='ua-x'/></controller>${disk('ua-x')}`, duplicated('ua-x')),
  // controllers are visited before inputs, whatever the order in the file
  same('of two duplicated aliases, the first in libvirt\'s device order is reported',
    input('mouse', 'ua-z') + input('keyboard', 'ua-z') + "<controller type='usb' index='0' model='qemu-xhci'><alias name='ua-a'/></controller><controller type='sata' index='0'><alias name='ua-a'/></controller>",
    duplicated('ua-a')),
  same('a serial console shares the first serial port\'s alias', serial('ua-s') + serialConsole('ua-s'), null),
  same('a console without a serial port becomes that port', serialConsole('ua-s') + disk('ua-s'), null),
  // the first serial port behind a serial console is not counted at all
  same('the first serial port of a serial console and a channel', serial('ua-s') + channel('ua-s'), null),
  same('a virtio console and an ISA serial port (libvirt adds a serial console)', serial('ua-s') + "<console type='pty'><target type='virtio' port='0'/><alias name='ua-s'/></console>", null),
  same('a PCI serial port has no serial console: its alias counts',
    `<serial type='pty'><target type='pci-serial' port='0'/><alias name='ua-s'/></serial>${channel('ua-s')}`, duplicated('ua-s')),
  same('the hostdev of an interface type hostdev shares its alias',
    "<interface type='hostdev' managed='yes'><mac address='52:54:00:6d:90:02'/><source><address type='pci' domain='0x0000' bus='0x3b' slot='0x10' function='0x2'/></source><alias name='ua-vf'/></interface>", null),
]);
