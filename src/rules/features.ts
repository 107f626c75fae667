/**
 * virDomainDefFeaturesCheckABIStability: the per-feature loop in virDomainFeature enum order,
 * then the Hyper-V enlightenments, Hyper-V stimer direct, Xen, KVM and SMM TSEG checks.
 * Messages print the source first, then the destination.
 */
import type { Domain } from '../model/domain.js';
import {
  AIA_VALUES, CAPABILITIES_POLICIES, CFPC_VALUES, FEATURE_NAMES, FEATURE_SINCE, GIC_VERSIONS,
  HPT_RESIZING, HYPERV_MODE_NONE, HYPERV_NAMES, HYPERV_SINCE, Hyperv, IBS_VALUES, IOAPIC_DRIVERS,
  KVM_NAMES, KVM_SINCE, SBBC_VALUES, XEN_NAMES, XEN_PASSTHROUGH_MODES,
  type FeatureName, type FeaturesDef, type HypervName,
} from '../model/features.js';
import { switchName } from '../parse/values.js';
import { HISTORY, rule, sub, type AbiRule, type Step } from './framework.js';

const FAMILY = 'features';
const FN = 'virDomainDefFeaturesCheckABIStability';
const ON = 1;

const STATE = "State of feature '%1$s' differs: source: '%2$s', destination: '%3$s'";
const KEY_VALUE = "State of feature '%1$s' differs: source: '%2$s=%3$s', destination: '%4$s=%5$s'";
const STATE_KEY_VALUE = "State of feature '%1$s' differs: source: '%2$s,%3$s=%4$s', destination: '%5$s,%6$s=%7$s'";
const HPT = "State of feature '%1$s' differs: source: '%2$s,%3$s=%4$s,%5$s=%6$llu', destination: '%7$s,%8$s=%9$s,%10$s=%11$llu'";

/** libvirt's TypeToString: out-of-range values print as a NULL string. */
const nameIn = (table: readonly string[]) => (v: number): string | undefined => table[v];

function featureRule(name: FeatureName, format: string, id: string,
  check: (s: FeaturesDef, d: FeaturesDef, i: FeatureName) => ReturnType<AbiRule['check']>): AbiRule<Domain> {
  const i = name;
  return rule<Domain>({
    id, family: FAMILY, libvirtFunction: FN, since: FEATURE_SINCE[name], where: `features/${name}`, format,
    check: (s, d) => check(s.features, d.features, i),
  });
}

/** The on/off group: the state (or Hyper-V mode) printed through the tristate strings. */
const stateRule = (name: FeatureName) => featureRule(name, STATE, `features/state-${name}`, (s, d, i) =>
  s.state[i] === d.state[i] ? undefined : [name, switchName(s.state[i]), switchName(d.state[i])]);

/** policy=, driver=, value=: the value printed through the feature's own enum. */
const valueRule = (name: FeatureName, key: string, table: readonly string[]) =>
  featureRule(name, KEY_VALUE, `features/${name}`, (s, d, i) => {
    if (s.state[i] === d.state[i]) return undefined;
    const show = nameIn(table);
    return [name, key, show(s.state[i]), key, show(d.state[i])];
  });

const ruleFor: Record<FeatureName, AbiRule<Domain> | undefined> = {
  acpi: stateRule('acpi'),
  apic: featureRule('apic', STATE_KEY_VALUE, 'features/apic', (s, d, i) =>
    s.state[i] === d.state[i] && s.apicEoi === d.apicEoi ? undefined
      : ['apic', switchName(s.state[i]), 'eoi', switchName(s.apicEoi), switchName(d.state[i]), 'eoi', switchName(d.apicEoi)]),
  pae: stateRule('pae'),
  hap: stateRule('hap'),
  viridian: stateRule('viridian'),
  privnet: stateRule('privnet'),
  hyperv: stateRule('hyperv'),
  kvm: stateRule('kvm'),
  pvspinlock: stateRule('pvspinlock'),
  capabilities: valueRule('capabilities', 'policy', CAPABILITIES_POLICIES),
  pmu: stateRule('pmu'),
  vmport: stateRule('vmport'),
  gic: featureRule('gic', STATE_KEY_VALUE, 'features/gic', (s, d, i) => {
    if (s.state[i] === d.state[i] && s.gicVersion === d.gicVersion) return undefined;
    const v = nameIn(GIC_VERSIONS);
    return ['gic', switchName(s.state[i]), 'version', v(s.gicVersion), switchName(d.state[i]), 'version', v(d.gicVersion)];
  }),
  smm: stateRule('smm'),
  ioapic: valueRule('ioapic', 'driver', IOAPIC_DRIVERS),
  hpt: featureRule('hpt', HPT, 'features/hpt', (s, d, i) => {
    if (s.state[i] === d.state[i] && s.hptResizing === d.hptResizing && s.hptMaxPageSizeKiB === d.hptMaxPageSizeKiB) return undefined;
    const r = nameIn(HPT_RESIZING);
    return ['hpt', switchName(s.state[i]), 'resizing', r(s.hptResizing), 'maxpagesize', s.hptMaxPageSizeKiB,
      switchName(d.state[i]), 'resizing', r(d.hptResizing), 'maxpagesize', d.hptMaxPageSizeKiB];
  }),
  vmcoreinfo: stateRule('vmcoreinfo'),
  htm: stateRule('htm'),
  'nested-hv': stateRule('nested-hv'),
  msrs: undefined,
  'ccf-assist': stateRule('ccf-assist'),
  xen: stateRule('xen'),
  cfpc: valueRule('cfpc', 'value', CFPC_VALUES),
  sbbc: valueRule('sbbc', 'value', SBBC_VALUES),
  ibs: valueRule('ibs', 'value', IBS_VALUES),
  tcg: undefined,
  'async-teardown': undefined,
  ras: stateRule('ras'),
  ps2: stateRule('ps2'),
  aia: valueRule('aia', 'value', AIA_VALUES),
  virtualization: stateRule('virtualization'),
};

const perFeature: AbiRule<Domain>[] = FEATURE_NAMES.map((n) => ruleFor[n]).filter((r): r is AbiRule<Domain> => r !== undefined);

const hypervSteps: Step<FeaturesDef>[] = HYPERV_NAMES.map((name: HypervName, i): AbiRule<FeaturesDef> => {
  if (i === Hyperv.spinlocks) {
    return rule<FeaturesDef>({
      id: 'features/hyperv-spinlocks', family: FAMILY, libvirtFunction: FN, where: 'hyperv/spinlocks/@retries',
      format: "HyperV spinlock retry count differs: source: '%1$u', destination: '%2$u'",
      check: (s, d) => s.hyperv.spinlocks === d.hyperv.spinlocks ? undefined : [s.hyperv.spinlocks, d.hyperv.spinlocks],
    });
  }
  if (i === Hyperv.vendor_id) {
    return rule<FeaturesDef>({
      id: 'features/hyperv-vendor-id', family: FAMILY, libvirtFunction: FN, where: 'hyperv/vendor_id/@value',
      format: "HyperV vendor_id differs: source: '%1$s', destination: '%2$s'",
      check: (s, d) => s.hyperv.vendorId === d.hyperv.vendorId ? undefined : [s.hyperv.vendorId, d.hyperv.vendorId],
    });
  }
  return rule<FeaturesDef>({
    id: `features/hyperv-${name}`, family: FAMILY, libvirtFunction: FN, since: HYPERV_SINCE[name], where: `hyperv/${name}`,
    format: "State of HyperV enlightenment feature '%1$s' differs: source: '%2$s', destination: '%3$s'",
    check: (s, d) => s.hyperv.features[i] === d.hyperv.features[i] ? undefined
      : [name, switchName(s.hyperv.features[i]), switchName(d.hyperv.features[i])],
  });
});

const stimerDirectRule = rule<FeaturesDef>({
  id: 'features/hyperv-stimer-direct', family: FAMILY, libvirtFunction: FN, where: 'hyperv/stimer/direct',
  format: "State of HyperV stimer direct feature differs: source: '%1$s', destination: '%2$s'",
  check: (s, d) => s.hyperv.stimerDirect === d.hyperv.stimerDirect ? undefined
    : [switchName(s.hyperv.stimerDirect), switchName(d.hyperv.stimerDirect)],
});

const xenSteps: Step<FeaturesDef>[] = [];
XEN_NAMES.forEach((name, i) => {
  xenSteps.push(rule<FeaturesDef>({
    id: `features/xen-${name}`, family: FAMILY, libvirtFunction: FN, where: `xen/${name}`,
    format: "State of Xen feature '%1$s' differs: source: '%2$s', destination: '%3$s'",
    check: (s, d) => s.xen[i] === d.xen[i] ? undefined : [name, switchName(s.xen[i]), switchName(d.xen[i])],
  }));
  if (name === 'passthrough') {
    xenSteps.push(rule<FeaturesDef>({
      id: 'features/xen-passthrough-mode', family: FAMILY, libvirtFunction: FN, where: 'xen/passthrough/@mode',
      format: "'mode' of Xen passthrough feature differs: source: '%1$s', destination: '%2$s'",
      check: (s, d) => s.xenPassthroughMode === d.xenPassthroughMode ? undefined
        : [XEN_PASSTHROUGH_MODES[s.xenPassthroughMode], XEN_PASSTHROUGH_MODES[d.xenPassthroughMode]],
    }));
  }
});

const kvmState = (f: FeaturesDef, i: number): number => f.kvm?.features[i] ?? 0;

const kvmSteps: Step<FeaturesDef>[] = [
  ...KVM_NAMES.map((name, i) => rule<FeaturesDef>({
    id: `features/kvm-${name}`, family: FAMILY, libvirtFunction: FN, where: `kvm/${name}`,
    format: "State of KVM feature '%1$s' differs: source: '%2$s', destination: '%3$s'",
    check: (s, d) => kvmState(s, i) === kvmState(d, i) ? undefined : [name, switchName(kvmState(s, i)), switchName(kvmState(d, i))],
  })),
  rule<FeaturesDef>({
    id: 'features/kvm-dirty-ring-size', family: FAMILY, libvirtFunction: FN, where: 'kvm/dirty-ring/@size', since: KVM_SINCE['dirty-ring'],
    description: `Since 8.0.0, with the dirty-ring feature (formatdomain.rst). ${HISTORY}`,
    // libvirt names the feature with the loop index left at the enum's end: a NULL string
    format: "dirty ring size of KVM feature '%1$s' differs: source: '%2$d', destination: '%3$d'",
    check: (s, d) => {
      const a = s.kvm?.dirtyRingSize ?? 0;
      const b = d.kvm?.dirtyRingSize ?? 0;
      return a === b ? undefined : [null, a | 0, b | 0];
    },
  }),
];

/** virFormatIntPretty: the largest binary unit dividing the byte count exactly. */
function prettyBytes(v: bigint): [bigint, string] {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  if (v === 0n) return [0n, 'B'];
  let div = 1n;
  for (const u of units) {
    if (v % (div * 1024n) !== 0n) return [v / div, u];
    div *= 1024n;
  }
  return [v / div, 'PiB'];
}

const smmSteps: Step<FeaturesDef>[] = [
  rule<FeaturesDef>({
    id: 'features/smm-tseg', family: FAMILY, libvirtFunction: FN, where: 'smm/tseg',
    format: "SMM TSEG differs: source: %1$s, destination: '%2$s'",
    check: (s, d) => s.tsegSpecified === d.tsegSpecified ? undefined
      : [s.tsegSpecified ? 'specified' : 'not specified', d.tsegSpecified ? 'specified' : 'not specified'],
  }),
  rule<FeaturesDef>({
    id: 'features/smm-tseg-size', family: FAMILY, libvirtFunction: FN, where: 'smm/tseg',
    format: "Size of SMM TSEG size differs: source: '%1$llu %2$s', destination: '%3$llu %4$s'",
    check: (s, d) => !s.tsegSpecified || s.tsegSize === d.tsegSize ? undefined
      : [...prettyBytes(s.tsegSize), ...prettyBytes(d.tsegSize)],
  }),
];

const features = (d: Domain): FeaturesDef => d.features;

export const featuresSteps: Step<Domain>[] = [
  ...perFeature,
  sub<Domain, FeaturesDef>({
    id: 'features/hyperv', select: features, where: 'features',
    when: (s) => s.features.state.hyperv !== HYPERV_MODE_NONE, condition: 'only when SRC has `<hyperv>` in `<features>`',
    steps: hypervSteps,
  }),
  sub<Domain, FeaturesDef>({
    id: 'features/hyperv-stimer', select: features, where: 'features',
    when: (s) => s.features.hyperv.features[Hyperv.stimer] === ON, condition: "only when SRC turns the Hyper-V `<stimer>` feature on",
    steps: [stimerDirectRule],
  }),
  sub<Domain, FeaturesDef>({
    id: 'features/xen', select: features, where: 'features',
    when: (s) => s.features.state.xen === ON, condition: 'only when SRC turns `<xen>` on in `<features>`',
    steps: xenSteps,
  }),
  sub<Domain, FeaturesDef>({
    id: 'features/kvm', select: features, where: 'features',
    when: (s) => s.features.state.kvm === ON, condition: 'only when SRC turns `<kvm>` on in `<features>`',
    steps: kvmSteps,
  }),
  sub<Domain, FeaturesDef>({
    id: 'features/smm', select: features, where: 'features',
    when: (s) => s.features.state.smm === ON, condition: 'only when SRC turns `<smm>` on in `<features>`',
    steps: smmSteps,
  }),
];
