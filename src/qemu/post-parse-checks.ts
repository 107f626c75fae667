/**
 * What the QEMU driver's post-parse rejects: vCPU order and hotplug (qemuDomainDefVcpusPostParse),
 * the SMM TSEG size (qemuDomainDefTsegPostParse) and controllers (qemuDomainControllerDefPostParse);
 * and the CPU defaults set beside them.
 */
import { CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_USB, CONTROLLER_TYPE } from '../model/controller.js';
import {
  CPU_CHECK_DEFAULT, CPU_CHECKS, CPU_FALLBACKS, CPU_MODE_CUSTOM, CPU_MODE_HOST_PASSTHROUGH, CPU_MODE_MAXIMUM, CPU_MODES, CPU_TYPE_GUEST,
} from '../model/cpu.js';
import { featureValue } from '../model/features.js';
import { checkEach, unsupportedConfig, xmlError } from '../parse/errors.js';
import { child } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';
import { isI440fx, isQ35 } from './post-parse-devices.js';

const XHCI_MAX_PORTS = 15;

export function vcpusPostParse(ctx: QemuDefContext): void {
  const list = ctx.dom.vcpus.list;
  const first = list[0];
  if (!first) return;
  if (!first.online) throw unsupportedConfig("vcpu 0 can't be offline");
  if (first.hotpluggable === 1) throw unsupportedConfig("vcpu0 can't be hotpluggable");
  if (first.order !== 0 && first.order !== 1) throw unsupportedConfig('vcpu0 must be enabled first');
  const hasOrder = first.order !== 0;
  let prev = first;
  for (const v of list.slice(1)) {
    if (v.online && (v.order !== 0) !== hasOrder) throw unsupportedConfig('all vcpus must have either set or unset order');
    if (v.hotpluggable === 2) {
      if (prev.hotpluggable === 1) throw unsupportedConfig('online non-hotpluggable vcpus need to be ordered prior to hotpluggable vcpus');
      if (prev.order > v.order) throw unsupportedConfig('online non-hotpluggable vcpus must be ordered in ascending order');
    }
    prev = v;
  }
}

export function tsegPostParse(ctx: QemuDefContext): void {
  const f = ctx.dom.features;
  if (featureValue(f, 'smm') !== 1 || !f.tsegSpecified) return;
  if (!isQ35(ctx.dom.os.machine ?? '')) throw unsupportedConfig('SMM TSEG is only supported with q35 machine type');
  if (!ctx.caps.flags.has('mch.extended-tseg-mbytes')) throw unsupportedConfig('Setting TSEG size is not supported with this QEMU binary');
  if (f.tsegSize & ((1n << 20n) - 1n)) throw unsupportedConfig('SMM TSEG size must be divisible by 1 MiB');
}

export function controllersPostParse(ctx: QemuDefContext): void {
  const machine = ctx.dom.os.machine ?? '';
  const cells = ctx.dom.numa.cells.length;
  checkEach(ctx.dom.devices.controllers, (c) => {
    const model = c.model;
    if (c.type === CONTROLLER_TYPE.usb) {
      const name = CONTROLLER_MODELS_USB[model] as string | undefined;
      if (name === 'qusb1' || name === 'qusb2') {
        throw unsupportedConfig(`USB controller model type 'qusb1' or 'qusb2' is not supported in ${ctx.dom.virtType}`);
      }
      if ((name === 'nec-xhci' || name === 'qemu-xhci') && c.ports > XHCI_MAX_PORTS) {
        throw unsupportedConfig(`'${name}' controller only supports up to '${XHCI_MAX_PORTS}' ports`);
      }
    } else if (c.type === CONTROLLER_TYPE.pci) {
      const name = CONTROLLER_MODELS_PCI[model] as string | undefined;
      if ((name === 'pci-root' || name === 'pcie-root') && c.idx !== 0) throw xmlError('pci-root and pcie-root controllers should have index 0');
      if (name === 'pci-expander-bus' && !isI440fx(machine)) {
        throw unsupportedConfig('pci-expander-bus controllers are only supported on 440fx-based machinetypes');
      }
      if (name === 'pcie-expander-bus' && !isQ35(machine)) {
        throw unsupportedConfig('pcie-expander-bus controllers are not supported with this machine type');
      }
      const node = c.pci?.numaNode ?? -1;
      if (node >= 0 && node >= cells) {
        throw xmlError(`${name ?? '(null)'} with index ${c.idx} is configured for a NUMA node (${node}) not present in the domain's <cpu><numa> array (${cells})`);
      }
    }
  });
}

/**
 * qemuDomainDefSetDefaultCPU: a guest with no CPU model gets the machine's default one. An i686
 * guest without <emulator> runs on qemu-system-i386, whose default is qemu32.
 */
export function setDefaultCpu(ctx: QemuDefContext): void {
  const { dom } = ctx;
  if (dom.cpu && (dom.cpu.mode !== CPU_MODE_CUSTOM || dom.cpu.model)) return;
  const typename = ctx.machine?.defaultCpu;
  if (!typename) return;
  const i386 = dom.os.arch === 'i686' && !child(child(ctx.root, 'devices'), 'emulator');
  const model = i386 ? 'qemu32' : typename.replace(/-x86_64-cpu$/, '');
  if (model === 'host') return;
  dom.cpu ??= {
    type: CPU_TYPE_GUEST, mode: CPU_MODE_CUSTOM, match: 0, check: 0, fallback: 0, migratable: 0,
    deprecatedFeatures: 0, arch: 'none', model: undefined, vendor: undefined, vendorId: undefined,
    sockets: 0, dies: 0, clusters: 0, cores: 0, threads: 0, features: [], cache: undefined, maxPhysAddr: undefined,
  };
  Object.assign(dom.cpu, { type: CPU_TYPE_GUEST, mode: CPU_MODE_CUSTOM, check: CPU_CHECKS.indexOf('none'), match: 0,
    fallback: CPU_FALLBACKS.indexOf('forbid'), model });
}

/** qemuDomainDefCPUPostParse: migratable host-passthrough and the default check per mode. */
export function cpuPostParse(ctx: QemuDefContext): void {
  const cpu = ctx.dom.cpu;
  if (!cpu) return;
  if (cpu.mode === CPU_MODE_HOST_PASSTHROUGH && cpu.migratable === 0) cpu.migratable = ctx.caps.flags.has('cpu.migratable') ? 1 : 2;
  if ((cpu.mode === CPU_MODE_CUSTOM && !cpu.model) || cpu.check !== CPU_CHECK_DEFAULT) return;
  const none = CPU_CHECKS.indexOf('none');
  const partial = CPU_CHECKS.indexOf('partial');
  if (cpu.mode === CPU_MODE_HOST_PASSTHROUGH || cpu.mode === CPU_MODE_MAXIMUM) cpu.check = none;
  else if (cpu.mode === CPU_MODES.indexOf('host-model')) cpu.check = partial;
  else cpu.check = ctx.dom.virtType === 'qemu' ? none : partial;
}
