/** Disk label overrides against the domain's <seclabel>s (expectations from the real libvirt). */
import { domainXml, ruleTable } from '../helpers/rule-table.js';

const disk = (label: string) => `<disk type='file' device='disk'><source file='/x.img'>${label}</source><target dev='vda' bus='virtio'/></disk>`;
const src = domainXml({ devices: disk('') });
const dst = (label: string, domainLabel: string) => domainXml({ devices: disk(label), body: domainLabel });
const refused = { error: 'unsupported configuration: label overrides require relabeling to be enabled at the domain level' };

ruleTable('seclabel', [
  { name: 'override turning relabel off under a type=none domain label', profiles: ['9.0.0', '11.3.0'], src, dst: dst("<seclabel model='selinux' relabel='no'/>", "<seclabel type='none' model='selinux'/>"), expect: refused },
  { name: 'override turning relabel off under a type=none domain label', profiles: ['12.8.0'], src, dst: dst("<seclabel model='selinux' relabel='no'/>", "<seclabel type='none' model='selinux'/>"), expect: null },
  { name: 'override with a label under a type=none domain label', profiles: ['9.0.0', '11.3.0', '12.8.0'], src, dst: dst("<seclabel model='selinux' relabel='yes'><label>system_u:object_r:x:s0</label></seclabel>", "<seclabel type='none' model='selinux'/>"), expect: refused },
  { name: 'override under a dynamic domain label', profiles: ['9.0.0', '11.3.0', '12.8.0'], src, dst: dst("<seclabel model='selinux' relabel='no'/>", "<seclabel type='dynamic' model='selinux'/>"), expect: null },
  { name: 'override for another model', profiles: ['9.0.0', '11.3.0', '12.8.0'], src, dst: dst("<seclabel model='dac' relabel='no'/>", "<seclabel type='none' model='selinux'/>"), expect: null },
]);
