/**
 * What the QEMU driver's post-parse rejects: vCPU order and hotplug (qemuDomainDefVcpusPostParse),
 * the SMM TSEG size (qemuDomainDefTsegPostParse) and controllers (qemuDomainControllerDefPostParse).
 */
import { CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_USB, CONTROLLER_TYPE } from '../model/controller.js';
import { featureValue } from '../model/features.js';
import { unsupportedConfig, xmlError } from '../parse/errors.js';
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
  for (const c of ctx.dom.devices.controllers) {
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
  }
}
