// Hypervisor features (virDomainDefFeaturesCheckABIStability) and <features> parsing; every
// expectation below is the real libvirt's answer (abi-oracle 9.0.0 / 11.3.0 / 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const NEWER = ['11.3.0', '12.8.0'];
const U = 'unsupported configuration: ';

const f = (inner: string) => domainXml({ body: `<features>${inner}</features>` });
const hv = (mode: string, inner = '') => f(`<hyperv mode='${mode}'>${inner}</hyperv>`);
const none = f('');

function incompat(name: string, src: string, dst: string, message: string, rule: string, profiles = ALL): RuleCase {
  return { name, src, dst, expect: U + message, rule, profiles };
}
function compat(name: string, src: string, dst: string, profiles = ALL): RuleCase {
  return { name, src, dst, expect: null, profiles };
}
function invalid(name: string, dst: string, error: string, profiles = ALL, src = none): RuleCase {
  return { name, src, dst, expect: { error }, profiles };
}

const cases: RuleCase[] = [
  // what the generic parser normalises away
  compat('no features on either side', domainXml(), none),
  compat('acpi ignores a state attribute', f('<acpi/>'), f("<acpi state='off'/>")),
  compat("vmport without state is on", f("<vmport state='on'/>"), f('<vmport/>')),
  compat('ioapic without driver equals no ioapic', none, f('<ioapic/>')),
  compat('empty hpt is no hpt', none, f('<hpt/>')),
  compat('hpt maxpagesize compared in KiB', f("<hpt resizing='enabled'><maxpagesize unit='MiB'>16</maxpagesize></hpt>"), f("<hpt resizing='enabled'><maxpagesize unit='KiB'>16384</maxpagesize></hpt>")),
  compat('hpt maxpagesize rounded up to KiB', f("<hpt resizing='enabled'><maxpagesize unit='b'>1025</maxpagesize></hpt>"), f("<hpt resizing='enabled'><maxpagesize unit='KiB'>2</maxpagesize></hpt>")),
  compat('smm tseg defaults to MiB', f("<smm state='on'><tseg>48</tseg></smm>"), f("<smm state='on'><tseg unit='MiB'>48</tseg></smm>")),
  compat('smm off: tseg not parsed', f("<smm state='off'/>"), f("<smm state='off'><tseg>48</tseg></smm>")),
  compat('empty tseg is not specified', f("<smm state='on'/>"), f("<smm state='on'><tseg></tseg></smm>")),
  compat('msrs not compared', f("<msrs unknown='ignore'/>"), f("<msrs unknown='fault'/>")),
  compat('tcg not compared', f("<tcg><tb-cache unit='MiB'>128</tb-cache></tcg>"), none),
  compat('capability states not compared', f("<capabilities policy='allow'><mknod state='on'/></capabilities>"), f("<capabilities policy='allow'><mknod state='off'/></capabilities>")),
  compat("capabilities policy='default' equals absent", f("<capabilities policy='default'/>"), none),
  compat('kvm dirty-ring size is base 0', f("<kvm><dirty-ring state='on' size='4096'/></kvm>"), f("<kvm><dirty-ring state='on' size='0x1000'/></kvm>")),
  compat('kvm dirty-ring size ignored when off', f("<kvm><dirty-ring state='off' size='4096'/></kvm>"), f("<kvm><dirty-ring state='off'/></kvm>")),
  compat('hyperv without mode is custom', hv('custom'), f('<hyperv/>')),
  compat('spinlocks retries is base 0', hv('custom', "<spinlocks state='on' retries='0x1000'/>"), hv('custom', "<spinlocks state='on' retries='4096'/>")),
  compat('spinlocks retries ignored when off', hv('custom', "<spinlocks state='off' retries='5000'/>"), hv('custom', "<spinlocks state='off'/>")),
  compat('tlbflush direct/extended not compared', hv('custom', "<tlbflush state='on'><direct state='on'/></tlbflush>"), hv('custom', "<tlbflush state='on'/>")),
  compat('repeated hyperv elements accumulate', hv('custom', "<relaxed state='on'/>"), f(`<hyperv mode='custom'><relaxed state='on'/></hyperv><hyperv mode='custom'/>`)),
  compat('xen passthrough mode ignored when off', f("<xen><passthrough state='off' mode='sync_pt'/></xen>"), f("<xen><passthrough state='off'/></xen>")),
  compat('async-teardown ignored (9.6+)', none, f("<async-teardown enabled='yes'/>"), NEWER),
  compat('virtualization is presence-only (12.1+)', f("<virtualization state='on'/>"), f("<virtualization state='off'/>"), ['12.8.0']),
  compat('hyperv passthrough ignores its children (11.0+)', hv('passthrough', "<relaxed state='on'/>"), hv('passthrough'), NEWER),
  compat('repeated kvm elements merge (by 11.3)', f("<kvm><hidden state='on'/></kvm>"), f("<kvm><hidden state='on'/></kvm><kvm/>"), NEWER),

  // the per-feature loop, in enum order
  incompat('pae removed', f('<pae/>'), none, "State of feature 'pae' differs: source: 'on', destination: 'default'", 'features/state-pae'),
  incompat('hap off', f('<hap/>'), f("<hap state='off'/>"), "State of feature 'hap' differs: source: 'on', destination: 'off'", 'features/state-hap'),
  incompat('pmu off removed', f("<pmu state='off'/>"), none, "State of feature 'pmu' differs: source: 'off', destination: 'default'", 'features/state-pmu'),
  incompat('pvspinlock', f("<pvspinlock state='on'/>"), f("<pvspinlock state='off'/>"), "State of feature 'pvspinlock' differs: source: 'on', destination: 'off'", 'features/state-pvspinlock'),
  incompat('vmcoreinfo', f("<vmcoreinfo state='on'/>"), f("<vmcoreinfo state='off'/>"), "State of feature 'vmcoreinfo' differs: source: 'on', destination: 'off'", 'features/state-vmcoreinfo'),
  incompat('htm', f("<htm state='on'/>"), f("<htm state='off'/>"), "State of feature 'htm' differs: source: 'on', destination: 'off'", 'features/state-htm'),
  incompat('nested-hv', f("<nested-hv state='on'/>"), none, "State of feature 'nested-hv' differs: source: 'on', destination: 'default'", 'features/state-nested-hv'),
  incompat('ccf-assist', f("<ccf-assist state='on'/>"), f("<ccf-assist state='off'/>"), "State of feature 'ccf-assist' differs: source: 'on', destination: 'off'", 'features/state-ccf-assist'),
  incompat('apic eoi', f("<apic eoi='on'/>"), f('<apic/>'), "State of feature 'apic' differs: source: 'on,eoi=on', destination: 'on,eoi=default'", 'features/apic'),
  incompat('apic removed', f("<apic eoi='on'/>"), none, "State of feature 'apic' differs: source: 'on,eoi=on', destination: 'default,eoi=default'", 'features/apic'),
  incompat('gic version', f("<gic version='2'/>"), f("<gic version='3'/>"), "State of feature 'gic' differs: source: 'on,version=2', destination: 'on,version=3'", 'features/gic'),
  incompat('gic version dropped', f("<gic version='2'/>"), f('<gic/>'), "State of feature 'gic' differs: source: 'on,version=2', destination: 'on,version=none'", 'features/gic'),
  incompat('second gic resets the version', f("<gic version='2'/>"), f("<gic version='2'/><gic/>"), "State of feature 'gic' differs: source: 'on,version=2', destination: 'on,version=none'", 'features/gic'),
  incompat('gic added', none, f("<gic version='host'/>"), "State of feature 'gic' differs: source: 'default,version=none', destination: 'on,version=host'", 'features/gic'),
  incompat('ioapic driver', f("<ioapic driver='qemu'/>"), f("<ioapic driver='kvm'/>"), "State of feature 'ioapic' differs: source: 'driver=qemu', destination: 'driver=kvm'", 'features/ioapic'),
  incompat('ioapic removed', f("<ioapic driver='qemu'/>"), none, "State of feature 'ioapic' differs: source: 'driver=qemu', destination: 'driver=none'", 'features/ioapic'),
  incompat('hpt resizing', f("<hpt resizing='enabled'/>"), f("<hpt resizing='required'/>"), "State of feature 'hpt' differs: source: 'on,resizing=enabled,maxpagesize=0', destination: 'on,resizing=required,maxpagesize=0'", 'features/hpt'),
  incompat('hpt maxpagesize', f("<hpt resizing='enabled'><maxpagesize unit='MiB'>16</maxpagesize></hpt>"), f("<hpt resizing='enabled'><maxpagesize unit='MiB'>64</maxpagesize></hpt>"), "State of feature 'hpt' differs: source: 'on,resizing=enabled,maxpagesize=16384', destination: 'on,resizing=enabled,maxpagesize=65536'", 'features/hpt'),
  incompat('hpt maxpagesize default unit KiB', f("<hpt resizing='enabled'><maxpagesize>16</maxpagesize></hpt>"), f("<hpt resizing='enabled'><maxpagesize unit='KiB'>32</maxpagesize></hpt>"), "State of feature 'hpt' differs: source: 'on,resizing=enabled,maxpagesize=16', destination: 'on,resizing=enabled,maxpagesize=32'", 'features/hpt'),
  incompat('hpt with only maxpagesize', none, f('<hpt><maxpagesize>16</maxpagesize></hpt>'), "State of feature 'hpt' differs: source: 'default,resizing=none,maxpagesize=0', destination: 'on,resizing=none,maxpagesize=16'", 'features/hpt'),
  incompat('capabilities policy', f("<capabilities policy='allow'/>"), f("<capabilities policy='deny'/>"), "State of feature 'capabilities' differs: source: 'policy=allow', destination: 'policy=deny'", 'features/capabilities'),
  incompat('cfpc', f("<cfpc value='workaround'/>"), f("<cfpc value='fixed'/>"), "State of feature 'cfpc' differs: source: 'value=workaround', destination: 'value=fixed'", 'features/cfpc'),
  incompat('cfpc without value', f("<cfpc value='workaround'/>"), f('<cfpc/>'), "State of feature 'cfpc' differs: source: 'value=workaround', destination: 'value=none'", 'features/cfpc'),
  incompat('sbbc', f("<sbbc value='broken'/>"), none, "State of feature 'sbbc' differs: source: 'value=broken', destination: 'value=none'", 'features/sbbc'),
  incompat('ibs', f("<ibs value='fixed-ccd'/>"), f("<ibs value='fixed-na'/>"), "State of feature 'ibs' differs: source: 'value=fixed-ccd', destination: 'value=fixed-na'", 'features/ibs'),
  incompat('xen removed', f('<xen/>'), none, "State of feature 'xen' differs: source: 'on', destination: 'default'", 'features/state-xen'),
  incompat('kvm added', none, f("<kvm><hidden state='on'/></kvm>"), "State of feature 'kvm' differs: source: 'default', destination: 'on'", 'features/state-kvm'),
  incompat('hyperv added', none, hv('custom', "<relaxed state='on'/>"), "State of feature 'hyperv' differs: source: 'default', destination: 'on'", 'features/state-hyperv'),
  incompat('hyperv mode printed as a tristate', hv('passthrough'), hv('custom'), "State of feature 'hyperv' differs: source: 'off', destination: 'on'", 'features/state-hyperv'),
  incompat('hyperv host-model prints (null) (11.9+)', hv('custom'), hv('host-model'), "State of feature 'hyperv' differs: source: 'on', destination: '(null)'", 'features/state-hyperv', ['12.8.0']),
  incompat('acpi is checked before apic', f('<acpi/>'), f('<apic/>'), "State of feature 'acpi' differs: source: 'on', destination: 'default'", 'features/state-acpi'),
  incompat('ras (10.4+)', f("<ras state='on'/>"), f("<ras state='off'/>"), "State of feature 'ras' differs: source: 'on', destination: 'off'", 'features/state-ras', NEWER),
  incompat('ps2 (10.7+)', f("<ps2 state='on'/>"), f("<ps2 state='off'/>"), "State of feature 'ps2' differs: source: 'on', destination: 'off'", 'features/state-ps2', NEWER),
  incompat('aia (11.1+)', f("<aia value='aplic'/>"), f("<aia value='aplic-imsic'/>"), "State of feature 'aia' differs: source: 'value=aplic', destination: 'value=aplic-imsic'", 'features/aia', NEWER),
  incompat('aia removed', f("<aia value='none'/>"), none, "State of feature 'aia' differs: source: 'value=none', destination: 'value=default'", 'features/aia', NEWER),
  incompat('virtualization added (12.1+)', none, f('<virtualization/>'), "State of feature 'virtualization' differs: source: 'default', destination: 'on'", 'features/state-virtualization', ['12.8.0']),

  // Hyper-V enlightenments (only when the source mode is not none)
  incompat('enlightenment removed', hv('custom', "<relaxed state='on'/><vapic state='on'/>"), hv('custom', "<vapic state='off'/>"), "State of HyperV enlightenment feature 'relaxed' differs: source: 'on', destination: 'default'", 'features/hyperv-relaxed'),
  incompat('stimer off', hv('custom'), hv('custom', "<stimer state='off'><foo/></stimer>"), "State of HyperV enlightenment feature 'stimer' differs: source: 'default', destination: 'off'", 'features/hyperv-stimer'),
  incompat('passthrough children parsed by 9.0.0', hv('passthrough', "<relaxed state='on'/>"), hv('passthrough'), "State of HyperV enlightenment feature 'relaxed' differs: source: 'on', destination: 'default'", 'features/hyperv-relaxed', ['9.0.0']),
  incompat('host-model children parsed (12.1+)', hv('host-model', "<relaxed state='on'/>"), hv('host-model'), "State of HyperV enlightenment feature 'relaxed' differs: source: 'on', destination: 'default'", 'features/hyperv-relaxed', ['12.8.0']),
  incompat('emsr_bitmap (10.7+)', hv('custom'), hv('custom', "<emsr_bitmap state='on'/>"), "State of HyperV enlightenment feature 'emsr_bitmap' differs: source: 'default', destination: 'on'", 'features/hyperv-emsr_bitmap', NEWER),
  incompat('xmm_input (10.7+)', hv('custom', "<xmm_input state='off'/>"), hv('custom', "<xmm_input state='on'/>"), "State of HyperV enlightenment feature 'xmm_input' differs: source: 'off', destination: 'on'", 'features/hyperv-xmm_input', NEWER),
  incompat('tlbflush children ignored by 9.0.0', hv('custom'), hv('custom', "<tlbflush state='on'><foo state='on'/></tlbflush>"), "State of HyperV enlightenment feature 'tlbflush' differs: source: 'default', destination: 'on'", 'features/hyperv-tlbflush', ['9.0.0']),
  incompat('omitted spinlocks retries means never notify (11.9+)', hv('custom', "<spinlocks state='on'/>"), hv('custom', "<spinlocks state='on' retries='4095'/>"), "HyperV spinlock retry count differs: source: '4294967295', destination: '4095'", 'features/hyperv-spinlocks', ['12.8.0']),
  incompat('spinlocks retries under host-model (12.8)', hv('host-model'), hv('host-model', "<spinlocks state='on'/>"), "HyperV spinlock retry count differs: source: '0', destination: '4294967295'", 'features/hyperv-spinlocks', ['12.8.0']),
  incompat('vendor_id off prints (null)', hv('custom', "<vendor_id state='on' value='abc'/>"), hv('custom', "<vendor_id state='off' value='abc'/>"), "HyperV vendor_id differs: source: 'abc', destination: '(null)'", 'features/hyperv-vendor-id'),
  incompat('vendor_id value', hv('custom', "<vendor_id state='on' value='123456789012'/>"), hv('custom', "<vendor_id state='on' value='12345678901'/>"), "HyperV vendor_id differs: source: '123456789012', destination: '12345678901'", 'features/hyperv-vendor-id'),
  incompat('stimer direct', hv('custom', "<stimer state='on'><direct state='on'/></stimer>"), hv('custom', "<stimer state='on'/>"), "State of HyperV stimer direct feature differs: source: 'on', destination: 'default'", 'features/hyperv-stimer-direct'),
  incompat('hyperv checked before xen', f("<hyperv><relaxed state='on'/></hyperv><xen><e820_host state='on'/></xen>"), f("<hyperv><relaxed state='off'/></hyperv><xen><e820_host state='off'/></xen>"), "State of HyperV enlightenment feature 'relaxed' differs: source: 'on', destination: 'off'", 'features/hyperv-relaxed'),

  // Xen, KVM, SMM
  incompat('xen e820_host', f("<xen><e820_host state='on'/></xen>"), f("<xen><e820_host state='off'/></xen>"), "State of Xen feature 'e820_host' differs: source: 'on', destination: 'off'", 'features/xen-e820_host'),
  incompat('xen passthrough mode', f("<xen><passthrough state='on' mode='sync_pt'/></xen>"), f("<xen><passthrough state='on' mode='share_pt'/></xen>"), "'mode' of Xen passthrough feature differs: source: 'sync_pt', destination: 'share_pt'", 'features/xen-passthrough-mode'),
  incompat('xen passthrough mode dropped', f("<xen><passthrough state='on' mode='sync_pt'/></xen>"), f("<xen><passthrough state='on'/></xen>"), "'mode' of Xen passthrough feature differs: source: 'sync_pt', destination: 'default'", 'features/xen-passthrough-mode'),
  incompat('kvm hidden', f("<kvm><hidden state='on'/></kvm>"), f("<kvm><hidden state='off'/></kvm>"), "State of KVM feature 'hidden' differs: source: 'on', destination: 'off'", 'features/kvm-hidden'),
  incompat('kvm poll-control', f("<kvm><hint-dedicated state='on'/></kvm>"), f("<kvm><hint-dedicated state='on'/><poll-control state='on'/></kvm>"), "State of KVM feature 'poll-control' differs: source: 'default', destination: 'on'", 'features/kvm-poll-control'),
  incompat('kvm dirty ring size names a NULL feature', f("<kvm><dirty-ring state='on' size='4096'/></kvm>"), f("<kvm><dirty-ring state='on' size='8192'/></kvm>"), "dirty ring size of KVM feature '(null)' differs: source: '4096', destination: '8192'", 'features/kvm-dirty-ring-size'),
  incompat('a repeated kvm element replaces the first (9.0.0)', f("<kvm><hidden state='on'/></kvm>"), f("<kvm><hidden state='on'/></kvm><kvm/>"), "State of KVM feature 'hidden' differs: source: 'on', destination: 'default'", 'features/kvm-hidden', ['9.0.0']),
  incompat('kvm checked before smm', f("<kvm><hidden state='on'/></kvm><smm state='on'><tseg>1</tseg></smm>"), f("<kvm><hidden state='off'/></kvm><smm state='on'><tseg>2</tseg></smm>"), "State of KVM feature 'hidden' differs: source: 'on', destination: 'off'", 'features/kvm-hidden'),
  incompat('tseg size', f("<smm state='on'><tseg unit='MiB'>48</tseg></smm>"), f("<smm state='on'><tseg unit='MiB'>32</tseg></smm>"), "Size of SMM TSEG size differs: source: '48 MiB', destination: '32 MiB'", 'features/smm-tseg-size'),
  incompat('tseg size pretty-printed', f("<smm state='on'><tseg unit='KiB'>49153</tseg></smm>"), f("<smm state='on'><tseg unit='MiB'>48</tseg></smm>"), "Size of SMM TSEG size differs: source: '49153 KiB', destination: '48 MiB'", 'features/smm-tseg-size'),
  incompat('tseg in bytes', f("<smm state='on'><tseg unit='GiB'>2</tseg></smm>"), f("<smm state='on'><tseg unit='b'>1</tseg></smm>"), "Size of SMM TSEG size differs: source: '2 GiB', destination: '1 B'", 'features/smm-tseg-size'),
  incompat('tseg above PiB stays in PiB', f("<smm state='on'><tseg unit='EiB'>1</tseg></smm>"), f("<smm state='on'><tseg unit='PiB'>1</tseg></smm>"), "Size of SMM TSEG size differs: source: '1024 PiB', destination: '1 PiB'", 'features/smm-tseg-size'),
  incompat('tseg decimal units', f("<smm state='on'><tseg unit='KB'>1</tseg></smm>"), f("<smm state='on'><tseg unit='PiB'>1</tseg></smm>"), "Size of SMM TSEG size differs: source: '1000 B', destination: '1 PiB'", 'features/smm-tseg-size'),
  incompat('smm without state is on', f("<smm><tseg unit='MiB'>16</tseg></smm>"), f("<smm><tseg unit='MiB'>8</tseg></smm>"), "Size of SMM TSEG size differs: source: '16 MiB', destination: '8 MiB'", 'features/smm-tseg-size'),
  incompat('tseg dropped', f("<smm state='on'><tseg>48</tseg></smm>"), f("<smm state='on'/>"), "SMM TSEG differs: source: specified, destination: 'not specified'", 'features/smm-tseg'),
  incompat('zero tseg is specified', f("<smm state='on'/>"), f("<smm state='on'><tseg>0</tseg></smm>"), "SMM TSEG differs: source: not specified, destination: 'specified'", 'features/smm-tseg'),

  // parse errors
  invalid('unknown feature', f('<foo/>'), "unsupported configuration: unexpected feature 'foo'"),
  invalid('ras unknown to 9.0.0', f("<ras state='on'/>"), "unsupported configuration: unexpected feature 'ras'", ['9.0.0']),
  invalid('async-teardown unknown to 9.0.0', f("<async-teardown enabled='yes'/>"), "unsupported configuration: unexpected feature 'async-teardown'", ['9.0.0']),
  invalid('virtualization unknown before 12.1', f('<virtualization/>'), "unsupported configuration: unexpected feature 'virtualization'", ['9.0.0', '11.3.0']),
  invalid('htm needs a state', f('<htm/>'), "XML error: Missing required attribute 'state' in element 'htm'"),
  invalid('ps2 needs a state', f('<ps2/>'), "XML error: Missing required attribute 'state' in element 'ps2'", NEWER),
  invalid('bad state', f("<hap state='foo'/>"), "XML error: Invalid value for attribute 'state' in element 'hap': 'foo'."),
  invalid('state is not trimmed', f("<pmu state=' on'/>"), "XML error: Invalid value for attribute 'state' in element 'pmu': ' on'."),
  invalid('bad apic eoi', f("<apic eoi='x'/>"), "XML error: Invalid value for attribute 'eoi' in element 'apic': 'x'."),
  invalid('gic version 4', f("<gic version='4'/>"), "XML error: Invalid value for attribute 'version' in element 'gic': '4'."),
  invalid("gic version 'none'", f("<gic version='none'/>"), "XML error: Invalid value for attribute 'version' in element 'gic': 'none'."),
  invalid("ioapic driver 'none'", f("<ioapic driver='none'/>"), "XML error: Invalid value for attribute 'driver' in element 'ioapic': 'none'."),
  invalid("hpt resizing 'none'", f("<hpt resizing='none'/>"), "XML error: Invalid value for attribute 'resizing' in element 'hpt': 'none'."),
  invalid('hpt maxpagesize unit', f("<hpt><maxpagesize unit='foo'>16</maxpagesize></hpt>"), 'unsupported configuration: Unable to parse HPT maxpagesize setting'),
  invalid('hpt maxpagesize value', f('<hpt><maxpagesize>abc</maxpagesize></hpt>'), 'unsupported configuration: Unable to parse HPT maxpagesize setting'),
  invalid("cfpc value 'none'", f("<cfpc value='none'/>"), "XML error: Invalid value for attribute 'value' in element 'cfpc': 'none'."),
  invalid('ibs value', f("<ibs value='fixed'/>"), "XML error: Invalid value for attribute 'value' in element 'ibs': 'fixed'."),
  invalid("aia value 'default'", f("<aia value='default'/>"), "XML error: Invalid value for attribute 'value' in element 'aia': 'default'.", NEWER),
  invalid('async-teardown enabled', f("<async-teardown enabled='x'/>"), "XML error: Invalid value for attribute 'enabled' in element 'async-teardown': 'x'.", NEWER),
  invalid('msrs needs unknown', f('<msrs/>'), "XML error: Missing required attribute 'unknown' in element 'msrs'"),
  invalid('bad capabilities policy', f("<capabilities policy='x'/>"), "XML error: Invalid value for attribute 'policy' in element 'capabilities': 'x'."),
  invalid('unknown capability', f('<capabilities><foo/></capabilities>'), "unsupported configuration: unexpected capability feature 'foo'"),
  invalid('tseg value', f("<smm state='on'><tseg>x</tseg></smm>"), "XML error: Invalid value 'x' for element or attribute 'string(./features/smm/tseg)'"),
  invalid('tseg negative', f('<smm><tseg>-1</tseg></smm>'), "XML error: Invalid value '-1' for element or attribute 'string(./features/smm/tseg)'"),
  invalid('tseg unit', f("<smm><tseg unit='x'>16</tseg></smm>"), "invalid argument: unknown suffix 'x'"),
  invalid('tseg overflow', f("<smm><tseg unit='EiB'>100</tseg></smm>"), 'numerical overflow: value too large: 100EiB'),
  invalid('tb-cache value', f('<tcg><tb-cache>x</tb-cache></tcg>'), "XML error: Invalid value 'x' for element or attribute './tb-cache'"),
  invalid('tb-cache unit', f("<tcg><tb-cache unit='x'>128</tb-cache></tcg>"), "invalid argument: unknown suffix 'x'"),
  invalid('unknown xen feature', f("<xen><foo state='on'/></xen>"), 'unsupported configuration: unsupported Xen feature: foo'),
  invalid('xen feature needs a state', f('<xen><e820_host/></xen>'), "XML error: Missing required attribute 'state' in element 'e820_host'"),
  invalid("xen passthrough mode 'default'", f("<xen><passthrough state='on' mode='default'/></xen>"), "XML error: Invalid value for attribute 'mode' in element 'passthrough': 'default'."),
  invalid('unknown kvm feature', f("<kvm><foo state='on'/></kvm>"), 'unsupported configuration: unsupported KVM feature: foo'),
  invalid('kvm feature needs a state', f('<kvm><hidden/></kvm>'), "XML error: Missing required attribute 'state' in element 'hidden'"),
  invalid('dirty ring size range', f("<kvm><dirty-ring state='on' size='1000'/></kvm>"), 'XML error: dirty ring must be power of 2 and ranges [1024, 65536]'),
  invalid('dirty ring size too large', f("<kvm><dirty-ring state='on' size='131072'/></kvm>"), 'XML error: dirty ring must be power of 2 and ranges [1024, 65536]'),
  invalid('dirty ring needs a size', f("<kvm><dirty-ring state='on'/></kvm>"), "XML error: Missing required attribute 'size' in element 'dirty-ring'"),
  invalid('unknown enlightenment', hv('custom', "<foo state='on'/>"), 'unsupported configuration: unsupported HyperV Enlightenment feature: foo'),
  invalid('emsr_bitmap unknown to 9.0.0', hv('custom', "<emsr_bitmap state='on'/>"), 'unsupported configuration: unsupported HyperV Enlightenment feature: emsr_bitmap', ['9.0.0']),
  invalid('enlightenment needs a state', hv('custom', '<relaxed/>'), "XML error: Missing required attribute 'state' in element 'relaxed'"),
  invalid("hyperv mode 'none'", hv('none'), "XML error: Invalid value for attribute 'mode' in element 'hyperv': 'none'."),
  invalid('hyperv mode host-model before 11.9', hv('host-model'), "XML error: Invalid value for attribute 'mode' in element 'hyperv': 'host-model'.", ['9.0.0', '11.3.0']),
  invalid('unknown child of passthrough hyperv (9.0.0)', hv('passthrough', '<foo/>'), 'unsupported configuration: unsupported HyperV Enlightenment feature: foo', ['9.0.0']),
  invalid('spinlocks retries below 4095', hv('custom', "<spinlocks state='on' retries='4094'/>"), 'XML error: HyperV spinlock retry count must be at least 4095'),
  invalid('spinlocks retries required before 11.9', hv('custom', "<spinlocks state='on'/>"), "XML error: Missing required attribute 'retries' in element 'spinlocks'", ['9.0.0', '11.3.0']),
  invalid('spinlocks retries negative', hv('custom', "<spinlocks state='on' retries='-1'/>"), "XML error: Invalid value for attribute 'retries' in element 'spinlocks': '-1'. Expected non-negative integer value"),
  invalid('vendor_id too long', hv('custom', "<vendor_id state='on' value='1234567890123'/>"), 'XML error: HyperV vendor_id value must not be more than 12 characters.'),
  invalid('vendor_id length in bytes', hv('custom', "<vendor_id state='on' value='ééééééé'/>"), 'XML error: HyperV vendor_id value must not be more than 12 characters.'),
  invalid('vendor_id with a comma', hv('custom', "<vendor_id state='on' value='a,b'/>"), 'XML error: HyperV vendor_id value is invalid'),
  invalid('vendor_id needs a value', hv('custom', "<vendor_id state='on'/>"), "XML error: missing 'value' attribute for HyperV feature 'vendor_id'"),
  invalid('unknown stimer child', hv('custom', "<stimer state='on'><foo/></stimer>"), 'unsupported configuration: unsupported Hyper-V stimer feature: foo'),
  invalid('unknown tlbflush child (11.0+)', hv('custom', "<tlbflush state='on'><foo state='on'/></tlbflush>"), 'unsupported configuration: unsupported Hyper-V tlbflush feature: foo', NEWER),
  invalid('tlbflush direct needs a state (11.0+)', hv('custom', "<tlbflush state='on'><direct/></tlbflush>"), "XML error: Missing required attribute 'state' in element 'direct'", NEWER),
];

ruleTable('features', cases);
