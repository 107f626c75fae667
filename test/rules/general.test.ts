import test from 'ava';
import { resolveProfile } from '../../src/model/profile.js';
import { parseDomain } from '../../src/parse/domain.js';
import { ruleTable, domainXml } from '../helpers/rule-table.js';

ruleTable("general: virt type, uuid, genid, name and top-level validation", [
  { name: "identical", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml(), expect: null },
  { name: "virt type kvm -> qemu", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ type: "qemu" }), expect: "unsupported configuration: Target domain virt type qemu does not match source kvm", rule: 'general/virt-type' },
  { name: "virt type kvm -> hvf", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ type: "hvf" }), expect: "unsupported configuration: Target domain virt type hvf does not match source kvm", rule: 'general/virt-type' },
  { name: "virt type unknown", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ type: "ch" }), expect: { error: "unsupported configuration: invalid domain type ch" } },
  { name: "virt type missing is rejected", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ type: "" }), expect: { error: "internal error: missing domain type attribute" } },
  { name: "uuid re-spelled upper case without dashes", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ uuid: "C7A5FDBDEDAF9455926AD65C16DB1809" }), expect: null },
  { name: "uuid re-spelled with spaces", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ uuid: " c7a5fdbd edaf 9455 926a d65c16db1809 " }), expect: null },
  { name: "uuid digit changed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ uuid: "c7a5fdbd-edaf-9455-926a-d65c16db1808" }), expect: "unsupported configuration: Target domain uuid c7a5fdbd-edaf-9455-926a-d65c16db1808 does not match source c7a5fdbd-edaf-9455-926a-d65c16db1809", rule: 'general/uuid' },
  { name: "uuid malformed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ uuid: "c7a5fdbd-edaf-9455-926a-d65c16db18" }), expect: { error: "internal error: malformed uuid element" } },
  { name: "uuid too long", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ uuid: "c7a5fdbd-edaf-9455-926a-d65c16db18090" }), expect: { error: "internal error: malformed uuid element" } },
  { name: "genid added", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0e0f</genid>" }), expect: "unsupported configuration: Target domain requested genid does not match source", rule: 'general/genid-requested' },
  { name: "genid removed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0e0f</genid>" }), dst: domainXml(), expect: "unsupported configuration: Target domain requested genid does not match source", rule: 'general/genid-requested' },
  { name: "genid re-spelled", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0e0f</genid>" }), dst: domainXml({ head: "<genid>000102030405460788090A0B0C0D0E0F</genid>" }), expect: null },
  { name: "genid changed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0e0f</genid>" }), dst: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0e0e</genid>" }), expect: "unsupported configuration: Target domain genid 00010203-0405-4607-8809-0a0b0c0d0e0e does not match source 00010203-0405-4607-8809-0a0b0c0d0e0f", rule: 'general/genid' },
  { name: "genid malformed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<genid>00010203-0405-4607-8809-0a0b0c0d0x0f</genid>" }), expect: { error: "internal error: malformed genid element" } },
  { name: "genid twice", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<genid/><genid/>" }), expect: { error: "XML error: element 'genid' can only appear once" } },
  { name: "name changed", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ name: "other" }), expect: "unsupported configuration: Target domain name 'other' does not match source 'guest'", rule: 'general/name' },
  { name: "name missing", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ name: "" }), expect: { error: "missing name information" } },
  { name: "name with slash", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ name: "a/b" }), expect: { error: "XML error: name a/b cannot contain '/'" } },
  { name: "name of spaces is a name", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml({ name: " " }), dst: domainXml({ name: " " }), expect: null },
  { name: "title with newline", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<title>a\nb</title>" }), expect: { error: "XML error: Domain title can't contain newlines" } },
  { name: "title and description are not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<title>t</title><description>d</description>" }), expect: null },
  { name: "lifecycle actions are not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_poweroff>restart</on_poweroff><on_crash>coredump-destroy</on_crash>" }), expect: null },
  { name: "unknown on_reboot action", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_reboot>restxrt</on_reboot>" }), expect: { error: "unsupported configuration: unknown on_reboot action: restxrt" } },
  { name: "coredump action on poweroff", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_poweroff>coredump-destroy</on_poweroff>" }), expect: { error: "unsupported configuration: Lifecycle event 'poweroff' doesn't support 'coredump-destroy' action" } },
  { name: "preserve-running on crash", profiles: ["9.0.0", "11.3.0"], src: domainXml(), dst: domainXml({ body: "<on_crash>preserve-running</on_crash>" }), expect: { error: "unsupported configuration: unknown on_crash action: preserve-running" } },
  { name: "preserve-running on crash", profiles: ["12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_crash>preserve-running</on_crash>" }), expect: null },
  { name: "preserve-running on poweroff", profiles: ["9.0.0", "11.3.0"], src: domainXml(), dst: domainXml({ body: "<on_poweroff>preserve-running</on_poweroff>" }), expect: { error: "unsupported configuration: unknown on_poweroff action: preserve-running" } },
  { name: "preserve-running on poweroff", profiles: ["12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_poweroff>preserve-running</on_poweroff>" }), expect: { error: "unsupported configuration: Lifecycle event 'poweroff' doesn't support 'preserve-running' action" } },
  { name: "hwuuid is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ head: "<hwuuid>c7a5fdbd-edaf-9455-926a-d65c16db1808</hwuuid>" }), expect: null },
  { name: "hwuuid malformed", profiles: ["9.0.0", "11.3.0"], src: domainXml(), dst: domainXml({ head: "<hwuuid>zz</hwuuid>" }), expect: null },
  { name: "hwuuid malformed", profiles: ["12.8.0"], src: domainXml(), dst: domainXml({ head: "<hwuuid>zz</hwuuid>" }), expect: { error: "internal error: malformed hwuuid element" } },
  { name: "sysinfo uuid checked against hwuuid", profiles: ["9.0.0", "11.3.0"], src: domainXml({ body: "<sysinfo type='smbios'><system><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system></sysinfo>" }), dst: domainXml({ head: "<hwuuid>c7a5fdbd-edaf-9455-926a-d65c16db1808</hwuuid>", body: "<sysinfo type='smbios'><system><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system></sysinfo>" }), expect: null },
  { name: "sysinfo uuid checked against hwuuid", profiles: ["12.8.0"], src: domainXml({ body: "<sysinfo type='smbios'><system><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system></sysinfo>" }), dst: domainXml({ head: "<hwuuid>c7a5fdbd-edaf-9455-926a-d65c16db1808</hwuuid>", body: "<sysinfo type='smbios'><system><entry name='uuid'>c7a5fdbd-edaf-9455-926a-d65c16db1809</entry></system></sysinfo>" }), expect: { error: "UUID mismatch between <hwuuid> and <sysinfo>" } },
  { name: "throttle group without name", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<throttlegroups><throttlegroup><total_bytes_sec>1</total_bytes_sec></throttlegroup></throttlegroups>" }), expect: null },
  { name: "throttle group without name", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<throttlegroups><throttlegroup><total_bytes_sec>1</total_bytes_sec></throttlegroup></throttlegroups>" }), expect: { error: "XML error: missing group name" } },
  { name: "duplicate throttle group", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<throttlegroups><throttlegroup><group_name>a</group_name></throttlegroup><throttlegroup><group_name>a</group_name></throttlegroup></throttlegroups>" }), expect: null },
  { name: "duplicate throttle group", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<throttlegroups><throttlegroup><group_name>a</group_name></throttlegroup><throttlegroup><group_name>a</group_name></throttlegroup></throttlegroups>" }), expect: { error: "XML error: duplicate group name 'a' found" } },
  { name: "unknown on_crash action", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<on_crash>dextroy</on_crash>" }), expect: { error: "unsupported configuration: unknown on_crash action: dextroy" } },
  { name: "clock offset timezone without timezone", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<clock offset='timezone'/>" }), expect: { error: "internal error: missing 'timezone' attribute for clock with offset='timezone'" } },
  { name: "clock offset absolute without start", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<clock offset='absolute'/>" }), expect: { error: "internal error: missing 'start' attribute for clock with offset='absolute'" } },
  { name: "clock offset is not compared", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<clock offset='localtime'/>" }), expect: null },
  { name: "seclabel dynamic without relabel", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<seclabel type='dynamic' model='selinux' relabel='no'/>" }), expect: { error: "unsupported configuration: dynamic label type must use resource relabeling" } },
  { name: "seclabel static without label", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<seclabel type='static' model='selinux'/>" }), expect: { error: "XML error: security label is missing" } },
  { name: "seclabel none with relabel", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<seclabel type='none' relabel='yes'/>" }), expect: { error: "unsupported configuration: resource relabeling is not compatible with 'none' label type" } },
  { name: "keywrap cipher without state", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<keywrap><cipher name='aes'/></keywrap>" }), expect: { error: "XML error: Missing required attribute 'state' in element 'cipher'" } },
  { name: "launchSecurity without type", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<launchSecurity/>" }), expect: { error: "XML error: Missing required attribute 'type' in element 'launchSecurity'" } },
  { name: "launchSecurity sev-snp", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<launchSecurity type='sev-snp'><policy>0x30000</policy></launchSecurity>" }), expect: { error: "XML error: Invalid value for attribute 'type' in element 'launchSecurity': 'sev-snp'." } },
  { name: "launchSecurity sev-snp", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<launchSecurity type='sev-snp'><policy>0x30000</policy></launchSecurity>" }), expect: null },
  { name: "iothread pool min above unset max", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<iothreadids><iothread id='1' thread_pool_min='2'/></iothreadids>" }), expect: { error: "unsupported configuration: thread_pool_min must be smaller or equal to thread_pool_max" } },
  { name: "numatune static placement without nodeset", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<numatune><memory mode='strict' placement='static'/></numatune>" }), expect: { error: "unsupported configuration: nodeset for NUMA memory tuning must be set if 'placement' is 'static'" } },
  { name: "memnode without cellid", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<cpu><numa><cell id='0' cpus='0-1' memory='1048576'/></numa></cpu><numatune><memory nodeset='0'/><memnode nodeset='0'/></numatune>" }), expect: { error: "XML error: Missing required attribute 'cellid' in element 'memnode'" } },
  { name: "restrictive memnode under strict memory", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<cpu><numa><cell id='0' cpus='0-1' memory='1048576'/></numa></cpu><numatune><memory nodeset='0'/><memnode cellid='0' mode='restrictive' nodeset='0'/></numatune>" }), expect: "unsupported configuration: Target NUMA node count '1' doesn't match source '0'" },
  { name: "restrictive memnode under strict memory", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<cpu><numa><cell id='0' cpus='0-1' memory='1048576'/></numa></cpu><numatune><memory nodeset='0'/><memnode cellid='0' mode='restrictive' nodeset='0'/></numatune>" }), expect: { error: "XML error: 'restrictive' mode is required in memory element when mode is 'restrictive' in memnode element" } },
  { name: "resource without content", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<resource/>" }), expect: { error: "unknown parse failure" } },
  { name: "idmap uid without gid", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<idmap><uid start='0' target='1000' count='10'/></idmap>" }), expect: { error: "unsupported configuration: uid and gid should be mapped both" } },
  { name: "cputune period out of range", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<cputune><period>999</period></cputune>" }), expect: { error: "unsupported configuration: Value of cputune 'period' must be in range [1000, 1000000]" } },
  { name: "cputune shares below 2", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<cputune><shares>1</shares></cputune>" }), expect: { error: "unsupported configuration: Value of cputune 'shares' must be in range [2, 262144]" } },
  { name: "cputune shares below 2", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<cputune><shares>1</shares></cputune>" }), expect: null },
  { name: "maxMemory is not supported by the generic parser", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<maxMemory slots='16' unit='KiB'>4194304</maxMemory>" }), expect: { error: "unsupported configuration: memory hotplug tunables <maxMemory> are not supported by this hypervisor driver" } },
  { name: "maxMemory without slots", profiles: ["9.0.0"], src: domainXml(), dst: domainXml({ body: "<maxMemory unit='KiB'>4194304</maxMemory>" }), expect: { error: "XML error: both maximum memory size and memory slot count must be specified" } },
  { name: "maxMemory without slots", profiles: ["11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<maxMemory unit='KiB'>4194304</maxMemory>" }), expect: { error: "unsupported configuration: memory hotplug tunables <maxMemory> are not supported by this hypervisor driver" } },
]);

ruleTable("general: resource element", [
  { name: "fibrechannel appid from a second <fibrechannel>", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<resource><fibrechannel/><fibrechannel appid='app'/></resource>" }), expect: null },
  { name: "resource without partition or appid", profiles: ["9.0.0", "11.3.0", "12.8.0"], src: domainXml(), dst: domainXml({ body: "<resource><fibrechannel/></resource>" }), expect: { error: "unknown parse failure" } },
]);

// Domain seclabels as libvirt keeps them (model, relabel): the relabel values were checked against
// libvirt 9.0.0 through its disk check "label overrides require relabeling to be enabled at the
// domain level", which rejects exactly the labels with relabel=false.
const seclabelCases: [string, string, { model: string | undefined; relabel: boolean }[]][] = [
  ['none', '', []],
  ['dynamic selinux', "<seclabel type='dynamic' model='selinux'/>", [{ model: 'selinux', relabel: true }]],
  ['static selinux', "<seclabel type='static' model='selinux'><label>x</label></seclabel>", [{ model: 'selinux', relabel: false }]],
  ['static selinux relabelled', "<seclabel type='static' model='selinux' relabel='yes'><label>x</label></seclabel>", [{ model: 'selinux', relabel: true }]],
  ['type none', "<seclabel type='none' model='selinux'/>", [{ model: 'selinux', relabel: false }]],
  ['model none', "<seclabel model='none'/>", [{ model: 'none', relabel: false }]],
  ['model none with relabel=yes', "<seclabel type='dynamic' model='none' relabel='yes'/>", [{ model: 'none', relabel: false }]],
  ['without model', "<seclabel type='dynamic'/>", [{ model: undefined, relabel: true }]],
  ['empty model', "<seclabel type='none' model=''/>", [{ model: '', relabel: false }]],
  ['two models', "<seclabel type='dynamic' model='selinux'/><seclabel type='none' model='dac'/>", [{ model: 'selinux', relabel: true }, { model: 'dac', relabel: false }]],
];
for (const [name, xml, want] of seclabelCases) {
  for (const profile of ['9.0.0', '11.3.0', '12.8.0']) {
    test(`general: domain seclabels, ${name} [${profile}]`, (t) => {
      const dom = parseDomain(domainXml({ body: xml }), resolveProfile(profile));
      t.deepEqual(dom.seclabels, want);
    });
  }
}
