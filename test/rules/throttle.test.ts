// Disk <throttlefilters> and domain <throttlegroups> (libvirt 11.2.0): what libvirt rejects at
// parse time and what only at validation (virDomainDiskDefValidate, then the end of
// virDomainDefValidateInternal), so that a file with several errors reports libvirt's first.
// Every expectation is real libvirt's (../shared/oracle: 9.0, 11.3, 12.8 and 12.9 label each case
// below as given); the same document is both sides, so an input error is the source's.
import { domainXml, ruleTable, type Expectation, type RuleCase } from '../helpers/rule-table.js';
import { isByRelease, type ByRelease } from '../helpers/releases.js';

const err = (error: string): Expectation => ({ error, side: 'src' });
const X = 'XML error: ';
const OP = 'Operation not supported: ';

const groups = (...gs: string[]) => `<throttlegroups>${gs.map((g) => `<throttlegroup>${g}</throttlegroup>`).join('')}</throttlegroups>`;
const G = groups('<group_name>g</group_name><total_bytes_sec>10</total_bytes_sec>');
const GH = groups('<group_name>g</group_name><total_bytes_sec>10</total_bytes_sec>', '<group_name>h</group_name><total_iops_sec>10</total_iops_sec>');
/** a group setting a total and a read limit: rejected only at the end of validation */
const G_TOTAL_AND_READ = groups('<group_name>g</group_name><total_bytes_sec>10</total_bytes_sec><read_bytes_sec>5</read_bytes_sec>');

const filters = (...names: (string | undefined)[]) =>
  `<throttlefilters>${names.map((n) => (n === undefined ? '<throttlefilter/>' : `<throttlefilter group='${n}'/>`)).join('')}</throttlefilters>`;
const disk = (inner: string, o: { dev?: string; device?: string; bus?: string; driver?: string; target?: string } = {}) =>
  `<disk type='file' device='${o.device ?? 'disk'}'><driver name='qemu' type='raw'${o.driver ?? ''}/><source file='/var/lib/a.img'/>` +
  `<target dev='${o.dev ?? 'vda'}' bus='${o.bus ?? 'virtio'}'${o.target ?? ''}/>${inner}</disk>`;
const cdrom = (inner: string) => disk(inner, { dev: 'sda', device: 'cdrom', bus: 'sata' });
const BAD_FS = "<filesystem type='bogus'><source dir='/x'/><target dir='/y'/></filesystem>";
const FS_BOOT = "<filesystem type='mount'><source dir='/x'/><target dir='/y'/><boot order='1'/></filesystem>";
const DISCARD_ON_RAW = { driver: " discard_no_unref='on'" };

const doc = (throttlegroups: string, devices: string, more = '') => domainXml({ body: throttlegroups + more, devices });

const NOT_FOUND_X = err(`${X}throttle group 'x' not found`);
const DISCARD = err("unsupported configuration: 'discard_no_unref' only works with qcow2 disk format");
/** before throttling: discard_no_unref is checked from 9.5.0 */
const DISCARD_SINCE_9_5 = { '9.0.0': null, '9.5.0': DISCARD };
const TOTAL_AND_READ = err(`${X}total and read/write bytes_sec cannot be set at the same time`);
const MISSING_GROUP = err(`${X}Missing required attribute 'group' in element 'throttlefilter'`);

// [name, document, before 11.2.0 (no throttling elements: ignored), 11.2.0 on]
const CASES: [string, string, Expectation | ByRelease<Expectation>, Expectation][] = [
  ['filter of a defined group', doc(G, disk(filters('g'))), null, null],
  ['two filters in two blocks', doc(GH, disk(filters('g') + filters('h'))), null, null],
  ['empty throttlefilters', doc('', disk(filters())), null, null],
  ['group not defined', doc(G, disk(filters('x'))), null, NOT_FOUND_X],
  ['no throttlegroups', doc('', disk(filters('g'))), null, err(`${X}throttle group 'g' not found`)],
  ['second filter not defined', doc(GH, disk(filters('g', 'x'))), null, NOT_FOUND_X],
  ['empty group name', doc(G, disk(filters(''))), null, err(`${X}throttle group '' not found`)],
  // the missing attribute is reported and parsing goes on: validation then looks the NULL name up
  ['filter without group', doc('', disk(filters(undefined))), null, err(`${X}throttle group '(null)' not found`)],
  // libvirt crashes (SIGSEGV) comparing the NULL name with a group or another filter: the error it reported first stands
  ['filter without group beside groups', doc(G, disk(filters(undefined))), null, MISSING_GROUP],
  ['filter without group before another', doc(G, disk(filters(undefined, 'g'))), null, MISSING_GROUP],
  ['filter without group after another', doc(G, disk(filters('g', undefined))), null, MISSING_GROUP],
  ['filter without group, a later parse error', doc('', disk(filters(undefined)) + BAD_FS), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`)],
  ['duplicate filter', doc(G, disk(filters('g', 'g'))), null, err(`${X}duplicate filter name 'g' found`)],
  ['duplicate filter of no group (a parse error)', doc(G, disk(filters('x', 'x'))), null, err(`${X}duplicate filter name 'x' found`)],
  ['duplicate filter across blocks', doc(G, disk(filters('g') + filters('g'))), null, err(`${X}duplicate filter name 'g' found`)],
  ['with an iotune limit', doc(G, disk('<iotune><total_bytes_sec>5</total_bytes_sec></iotune>' + filters('g'))), null, err(`${OP}block 'throttlefilters' can't be used together with 'iotune' for disk 'vda'`)],
  ['with an iotune group', doc(G, disk('<iotune><group_name>q</group_name></iotune>' + filters('g'))), null, err(`${OP}block 'throttlefilters' can't be used together with 'iotune' for disk 'vda'`)],
  ['with iotune limits of zero', doc(G, disk('<iotune><total_bytes_sec>0</total_bytes_sec></iotune>' + filters('g'))), null, null],
  ['disk iotune conflict first', doc(G, disk('<iotune><total_bytes_sec>5</total_bytes_sec><read_bytes_sec>1</read_bytes_sec></iotune>' + filters('x'))), TOTAL_AND_READ, TOTAL_AND_READ],
  ['cdrom', doc(G, cdrom(filters('g'))), null, err(`${OP}cdrom device with throttle filters isn't supported`)],
  ['cdrom with iotune', doc(G, cdrom('<iotune><total_bytes_sec>5</total_bytes_sec></iotune>' + filters('g'))), null, err(`${OP}block 'throttlefilters' can't be used together with 'iotune' for disk 'sda'`)],
  ['cdrom of an undefined group', doc(G, cdrom(filters('x'))), null, err(`${OP}cdrom device with throttle filters isn't supported`)],
  // order among the other checks
  ['discard_no_unref first', doc(G, disk(filters('x'), DISCARD_ON_RAW)), DISCARD_SINCE_9_5, DISCARD],
  ['first disk before the second', doc(G, disk(filters('x')) + disk('', { dev: 'vdb', ...DISCARD_ON_RAW })), DISCARD_SINCE_9_5, NOT_FOUND_X],
  ['disks before filesystems', doc(G, disk(filters('x')) + FS_BOOT), err('unsupported configuration: boot order is only supported for virtiofs'), NOT_FOUND_X],
  ['devices before duplicate targets', doc(G, disk(filters('x')) + disk('')), err(`${X}target 'vda' duplicated for disk sources '/var/lib/a.img' and '/var/lib/a.img'`), NOT_FOUND_X],
  ['a later parse error first', doc(G, disk(filters('x')) + BAD_FS), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`)],
  // <throttlegroups> limits: checked by the last step of virDomainDefValidateInternal
  ['group with total and read limits', doc(G_TOTAL_AND_READ, disk('')), null, TOTAL_AND_READ],
  ['second group with total and write limits', doc(groups('<group_name>g</group_name>', '<group_name>h</group_name><total_iops_sec>10</total_iops_sec><write_iops_sec>5</write_iops_sec>'), disk('')),
    null, err(`${X}total and read/write iops_sec cannot be set at the same time`)],
  ['group limits after a device error', doc(G_TOTAL_AND_READ, disk('', DISCARD_ON_RAW)), DISCARD_SINCE_9_5, DISCARD],
  ['group limits after a filter error', doc(G_TOTAL_AND_READ, disk(filters('x'))), null, NOT_FOUND_X],
  ['group limits after a later parse error', doc(G_TOTAL_AND_READ, disk('') + BAD_FS), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`), err(`${X}Invalid value for attribute 'type' in element 'filesystem': 'bogus'.`)],
  ['group limits after duplicate targets', doc(G_TOTAL_AND_READ, disk('') + disk('')),
    err(`${X}target 'vda' duplicated for disk sources '/var/lib/a.img' and '/var/lib/a.img'`), err(`${X}target 'vda' duplicated for disk sources '/var/lib/a.img' and '/var/lib/a.img'`)],
  ['group limits after the CPU topology', doc(G_TOTAL_AND_READ, disk(''), "<cpu><topology sockets='65536' dies='65536' cores='1' threads='2'/></cpu>"),
    err('unsupported configuration: cpu topology results in more than 4294967295 cpus'), err('unsupported configuration: cpu topology results in more than 4294967295 cpus')],
  ['duplicate group name before group limits', doc(groups('<group_name>g</group_name><total_bytes_sec>10</total_bytes_sec><read_bytes_sec>5</read_bytes_sec>', '<group_name>g</group_name>'), disk('')),
    null, err(`${X}duplicate group name 'g' found`)],
];

const cases: RuleCase[] = CASES.map(([name, xml, old, now]) => ({ name, src: xml, dst: xml, expect: { ...(isByRelease(old) ? old : { '9.0.0': old }), '11.2.0': now } }));

// the filters take no part in the ABI check
const plain = doc(G, disk(''));
cases.push(
  { name: 'ABI: a filter added', src: plain, dst: doc(G, disk(filters('g'))), expect: { '9.0.0': null } },
  { name: 'ABI: a filter of another group', src: doc(G, disk(filters('g'))), dst: doc(groups('<group_name>h</group_name>'), disk(filters('h'))), expect: { '9.0.0': null } },
);

ruleTable('throttle', cases);
