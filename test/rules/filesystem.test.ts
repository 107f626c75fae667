// Filesystem rules (virDomainFsDefCheckABIStability) and filesystem validation; messages from libvirt.
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const dom = (...devs: string[]) => domainXml({ devices: devs.join('\n') });
const fs = (attrs: string, inner: string) => `<filesystem ${attrs}>${inner}</filesystem>`;
const mount = (inner = "<source dir='/export/to/guest'/><target dir='/import/from/host'/>", attrs = "type='mount'") => fs(attrs, inner);
const mtp = mount("<driver type='mtp'/><source dir='/export/to/guest'/><target dir='/import/from/host'/>");
const SINCE_MTP = ['11.3.0', '12.8.0', '12.9.0'];
const virtiofs = (target: string, extra = '') => fs("type='mount'", `<driver type='virtiofs'/><source dir='/x${target}'/><target dir='${target}'/>${extra}`);

const cases: RuleCase[] = [
  { name: 'identical filesystems', src: dom(mount()), dst: dom(mount()), expect: null, profiles: ALL },
  { name: 'default access mode is passthrough', src: dom(mount()), dst: dom(mount(undefined, "type='mount' accessmode='passthrough'")), expect: null, profiles: ALL },
  { name: 'source is not compared', src: dom(mount()), dst: dom(mount("<source dir='/elsewhere'/><target dir='/import/from/host'/>")), expect: null, profiles: ALL },

  { name: 'filesystem count', src: dom(mount()), dst: dom(), expect: 'unsupported configuration: Target domain filesystem count 0 does not match source 1', rule: 'fs/count', profiles: ALL },
  { name: 'guest target', src: dom(mount()), dst: dom(mount("<source dir='/export/to/guest'/><target dir='/mnt'/>")), expect: 'unsupported configuration: Target filesystem guest target /mnt does not match source /import/from/host', rule: 'fs/target', profiles: ALL },
  { name: 'positional: swapped filesystems', src: dom(mount(), virtiofs('/b')), dst: dom(virtiofs('/b'), mount()), expect: 'unsupported configuration: Target filesystem guest target /b does not match source /import/from/host', profiles: ALL },
  { name: 'readonly', src: dom(mount()), dst: dom(mount("<source dir='/export/to/guest'/><target dir='/import/from/host'/><readonly/>")), expect: 'unsupported configuration: Target filesystem access mode does not match source', rule: 'fs/readonly', profiles: ALL },
  { name: 'model', src: dom(mount()), dst: dom(mount(undefined, "type='mount' model='virtio'")), expect: 'unsupported configuration: Target filesystem model does not match source', rule: 'fs/model', profiles: ALL },
  { name: 'virtio options', src: dom(mount()), dst: dom(mount("<driver type='path'/><source dir='/export/to/guest'/><target dir='/import/from/host'/>")), expect: "unsupported configuration: Target device virtio options don't match the source", profiles: ALL },
  // libvirt 10.2.0's usb-mtp driver: the driver type is not compared, a <driver> element's presence is (virtio options)
  { name: 'mtp and path drivers', src: dom(mtp), dst: dom(mount("<driver type='path'/><source dir='/export/to/guest'/><target dir='/import/from/host'/>")), expect: null, profiles: SINCE_MTP },
  { name: 'mtp driver against none', src: dom(mtp), dst: dom(mount()), expect: "unsupported configuration: Target device virtio options don't match the source", profiles: SINCE_MTP },
  { name: 'mtp with a usb address', src: dom(mtp), dst: dom(mount("<driver type='mtp'/><source dir='/export/to/guest'/><target dir='/import/from/host'/><address type='usb' bus='0' port='1'/>")), expect: 'unsupported configuration: Target device address type usb does not match source none', profiles: SINCE_MTP },
  { name: 'address', src: dom(mount()), dst: dom(mount("<source dir='/export/to/guest'/><target dir='/import/from/host'/><address type='pci' slot='4'/>")), expect: 'unsupported configuration: Target device address type pci does not match source none', profiles: ALL },

  { name: 'missing target', src: dom(mount()), dst: dom(mount("<source dir='/x'/>")), expect: { error: 'missing target information for device /x' }, profiles: ALL },
  { name: 'missing source', src: dom(mount()), dst: dom(mount("<target dir='/y'/>")), expect: { error: 'missing source information for device /y' }, profiles: ALL },
  { name: 'ram filesystem needs usage', src: dom(mount()), dst: dom(fs("type='ram'", "<source/><target dir='/y'/>")), expect: { error: "XML error: missing 'usage' attribute for RAM filesystem" }, profiles: ALL },
  { name: 'fmode is octal', src: dom(mount()), dst: dom(mount("<source dir='/x'/><target dir='/y'/>", "type='mount' fmode='0844'")), expect: { error: "XML error: Invalid value for attribute 'fmode' in element 'filesystem': '0844'. Expected non-negative integer value" }, profiles: ALL },
  { name: 'fmode above 0777', src: dom(mount()), dst: dom(mount("<source dir='/x'/><target dir='/y'/>", "type='mount' fmode='1000'")), expect: { error: "XML error: invalid fmode: '01000'" }, profiles: ALL },
  { name: 'boot order without virtiofs', src: dom(mount()), dst: dom(mount("<source dir='/x'/><target dir='/y'/><boot order='1'/>")), expect: { error: 'unsupported configuration: boot order is only supported for virtiofs' }, profiles: ALL },
  { name: 'virtiofs target twice', src: dom(mount()), dst: dom(virtiofs('/y'), virtiofs('/y')), expect: { error: "unsupported configuration: filesystem target '/y' specified twice" }, profiles: ALL },
  { name: 'virtiofs thread pool size', src: dom(mount()), dst: dom(virtiofs('/y', "<binary><thread_pool size='x'/></binary>")), expect: { error: "XML error: cannot parse thread pool size 'x' for virtiofs" }, profiles: ALL },
  { name: 'mtp: boot order', src: dom(mount()), dst: dom(mount("<driver type='mtp'/><source dir='/x'/><target dir='/y'/><boot order='1'/>")), expect: { error: 'unsupported configuration: boot order is only supported for virtiofs' }, profiles: SINCE_MTP },
  { name: 'mtp: missing source', src: dom(mount()), dst: dom(mount("<driver type='mtp'/><target dir='/y'/>")), expect: { error: 'missing source information for device /y' }, profiles: SINCE_MTP },
  { name: 'model default is not a value', src: dom(mount()), dst: dom(mount(undefined, "type='mount' model='default'")), expect: { error: "XML error: Invalid value for attribute 'model' in element 'filesystem': 'default'." }, profiles: ALL },
];

ruleTable('filesystem', cases);

// usb-mtp under the QEMU driver (labelled with ../shared/oracle-qemu, 12.8.0, migrate): a USB
// device, so define gives it a port rather than a PCI slot, and only passthrough access is valid
const mtpFs = (attrs = "accessmode='passthrough'", inner = '') => `<filesystem type='mount' ${attrs}><driver type='mtp'/><source dir='/s'/><target dir='t'/>${inner}</filesystem>`;
const path9p = "<filesystem type='mount' accessmode='passthrough'><driver type='path'/><source dir='/s2'/><target dir='t2'/></filesystem>";
const qemu = (c: Omit<RuleCase, 'driver' | 'profile'>): RuleCase => ({ ...c, driver: 'qemu', profile: '12.8.0' });
ruleTable('filesystem, QEMU driver', [
  qemu({ name: 'mtp gets a USB port on define only', src: dom(mtpFs()), dst: dom(mtpFs()), expect: 'unsupported configuration: Target device address type none does not match source usb' }),
  qemu({ name: 'mtp on the port define picks', src: dom(mtpFs()), dst: dom(mtpFs(undefined, "<address type='usb' bus='0' port='1'/>")), expect: null }),
  qemu({ name: 'mtp beside a 9p filesystem', src: dom(mtpFs(), path9p), dst: dom(path9p), expect: 'unsupported configuration: Target domain filesystem count 1 does not match source 2' }),
  qemu({ name: 'mtp with mapped access', src: dom(mtpFs("accessmode='mapped'")), dst: dom(mtpFs()), expect: { error: 'unsupported configuration: mtp only supports passthrough accessmode', side: 'src' } }),
]);

// libvirt 7.0.0's filesystem parser: its own messages, the driver's attributes read as its
// children come, the target required at parse time (labelled by the 7.0, 9.0, 11.3, 12.8 and
// 12.9 oracles; the release in between that switched to the generic helpers is not pinned)
const U = 'unsupported configuration: ';
const X = 'XML error: ';
const invalid = (attr: string, el: string, v: string) => `${X}Invalid value for attribute '${attr}' in element '${el}': '${v}'.`;
const at70 = (name: string, xml: string, old: string | null, now: string | null, more: Record<string, string | null> = {}): RuleCase => {
  const e = (m: string | null) => (m === null ? null : { error: m, side: 'src' as const });
  return { name, src: xml, dst: xml, expect: { '7.0.0': e(old), '9.0.0': e(now), ...Object.fromEntries(Object.entries(more).map(([v, m]) => [v, e(m)])) } };
};
const S = "<source dir='/s'/><target dir='/t'/>";
const vfs = (inner: string, driver = '') => dom(fs("type='mount'", `<driver type='virtiofs'${driver}/>${inner}${S}`));
ruleTable('filesystem, 7.0.0 parser', [
  at70('driver mtp', dom(fs("type='mount'", `<driver type='mtp'/>${S}`)), `${U}unknown fs driver type 'mtp'`, invalid('type', 'driver', 'mtp'), { '10.2.0': null }),
  at70('driver default', dom(fs("type='mount'", `<driver type='default'/>${S}`)), `${U}unknown fs driver type 'default'`, null),
  at70('the first driver type', dom(fs("type='mount'", `<driver/><driver type='bogus'/>${S}`)), `${U}unknown fs driver type 'bogus'`, null),
  at70('type', dom(fs("type='bogus'", S)), `${U}unknown filesystem type 'bogus'`, invalid('type', 'filesystem', 'bogus')),
  at70('accessmode default', dom(fs("type='mount' accessmode='default'", S)), `${U}unknown accessmode 'default'`, invalid('accessmode', 'filesystem', 'default')),
  at70('accessmode empty', dom(fs("type='mount' accessmode=''", S)), `${U}unknown accessmode ''`, null),
  at70('model default', dom(fs("type='mount' model='default'", S)), `${U}unknown model 'default'`, invalid('model', 'filesystem', 'default')),
  at70('multidevs', dom(fs("type='mount' multidevs='bogus'", S)), `${U}unknown multidevs 'bogus'`, invalid('multidevs', 'filesystem', 'bogus')),
  at70('fmode before model', dom(fs("type='mount' model='bogus' fmode='999'", S)), `${X}invalid fmode: '999'`, invalid('fmode', 'filesystem', '999') + ' Expected non-negative integer value'),
  at70('wrpolicy default', dom(fs("type='mount'", `<driver type='path' wrpolicy='default'/>${S}`)), `${U}unknown filesystem write policy 'default'`, null),
  at70('format before wrpolicy', dom(fs("type='file'", "<driver type='loop' wrpolicy='bogus' format='bogus'/><source file='/s'/><target dir='/t'/>")),
    `${U}unknown driver format value 'bogus'`, invalid('wrpolicy', 'driver', 'bogus')),
  at70('virtiofs queue before wrpolicy', vfs('', " queue='x' wrpolicy='bogus'"), `${X}cannot parse queue size 'x' for virtiofs`, invalid('wrpolicy', 'driver', 'bogus')),
  at70('virtiofs xattr', vfs("<binary xattr='bogus'/>"), `${U}unknown xattr value 'bogus'`, invalid('xattr', 'binary', 'bogus')),
  at70('virtiofs cache mode', vfs("<binary><cache mode='default'/></binary>"), `${X}cannot parse cache mode 'default' for virtiofs`, invalid('mode', 'cache', 'default')),
  at70('virtiofs flock', vfs("<binary><lock flock='default'/></binary>"), `${U}unknown flock value 'default'`, invalid('flock', 'lock', 'default')),
  at70('target checked at parse time', dom(fs("type='ram'", '<source/>')), 'missing target information for device', `${X}missing 'usage' attribute for RAM filesystem`),
]);
