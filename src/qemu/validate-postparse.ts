/**
 * The rejections of the QEMU driver's post-parse (qemu_postparse.c / qemu_domain.c): the domain's
 * vCPUs, SMM TSEG and PCI root, and the controller and shmem callbacks. libvirt raises them before
 * validation; they read only what the XML gave, so the defaults added since do not change them.
 */
import { CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_USB, CONTROLLER_TYPE, type ControllerDef } from '../model/controller.js';
import type { Domain } from '../model/domain.js';
import { SHMEM_MODELS } from '../model/platform-devices.js';
import { unsupportedConfig, xmlError } from '../parse/errors.js';
import type { QemuDefContext } from './context.js';
import { isI440fx, isQ35 } from './validate-machine.js';

const ON = 1;
const XHCI_MAX_PORTS = 15;

export function postParseRejections(ctx: QemuDefContext): void {
  const { dom } = ctx;
  validatePciRoot(dom);
  validateTseg(dom);
  validateVcpus(dom);
  for (const c of dom.devices.controllers) validateController(dom, c);
  for (const shmem of dom.devices.shmems) {
    const model = SHMEM_MODELS[shmem.model];
    if (model === 'ivshmem-plain' && shmem.server) throw unsupportedConfig(`shmem model '${model}' is supported only with server option disabled`);
    if (model === 'ivshmem-doorbell' && !shmem.server) throw unsupportedConfig(`shmem model '${model}' is supported only with server option enabled`);
  }
}

/** qemuDomainDefAddDefaultDevices: a controller given as PCI index 0 must be the machine's root. */
function validatePciRoot(dom: Domain): void {
  const wanted = isQ35(dom) ? 'pcie-root' : isI440fx(dom) ? 'pci-root' : undefined;
  if (!wanted) return;
  const root = dom.devices.controllers.find((c) => c.type === CONTROLLER_TYPE.pci && c.idx === 0);
  if (root && CONTROLLER_MODELS_PCI[root.model] !== wanted) {
    const found = CONTROLLER_MODELS_PCI[root.model] ?? '(null)';
    throw xmlError(`The PCI controller with index='0' must be model='${wanted}' for this machine type, but model='${found}' was found instead`);
  }
}

/** qemuDomainDefTsegPostParse */
function validateTseg(dom: Domain): void {
  if (dom.features.state.smm !== ON || !dom.features.tsegSpecified) return;
  if (!isQ35(dom)) throw unsupportedConfig('SMM TSEG is only supported with q35 machine type');
  if (dom.features.tsegSize % (1024n * 1024n) !== 0n) throw unsupportedConfig('SMM TSEG size must be divisible by 1 MiB');
}

/** qemuDomainDefVcpusPostParse: vCPU 0 comes first and online; orders are given to all online vCPUs or to none. */
function validateVcpus(dom: Domain): void {
  const [first, ...rest] = dom.vcpus.list;
  if (!first) return;
  if (!first.online) throw unsupportedConfig("vcpu 0 can't be offline");
  if (first.hotpluggable === ON) throw unsupportedConfig("vcpu0 can't be hotpluggable");
  if (first.order !== 0 && first.order !== 1) throw unsupportedConfig('vcpu0 must be enabled first');
  const ordered = first.order !== 0;
  for (const vcpu of rest) {
    if (vcpu.online && (vcpu.order !== 0) !== ordered) throw unsupportedConfig('all vcpus must have either set or unset order');
  }
}

/** qemuDomainControllerDefPostParse */
function validateController(dom: Domain, c: ControllerDef): void {
  if (c.type === CONTROLLER_TYPE.usb) {
    const model = CONTROLLER_MODELS_USB[c.model];
    if ((model === 'nec-xhci' || model === 'qemu-xhci') && c.ports > XHCI_MAX_PORTS) {
      throw unsupportedConfig(`'${model}' controller only supports up to '${XHCI_MAX_PORTS}' ports`);
    }
  }
  if (c.type !== CONTROLLER_TYPE.pci) return;
  const model = CONTROLLER_MODELS_PCI[c.model];
  if ((model === 'pci-root' || model === 'pcie-root') && c.idx !== 0) throw xmlError('pci-root and pcie-root controllers should have index 0');
  if (model === 'pci-expander-bus' && !isI440fx(dom)) throw unsupportedConfig('pci-expander-bus controllers are only supported on 440fx-based machinetypes');
  if (model === 'pcie-expander-bus' && !isQ35(dom)) throw unsupportedConfig('pcie-expander-bus controllers are not supported with this machine type');
  const node = c.pci?.numaNode ?? -1;
  const cells = dom.numa.cells.length;
  if (node >= 0 && node >= cells) {
    throw xmlError(`${model} with index ${c.idx} is configured for a NUMA node (${node}) not present in the domain's <cpu><numa> array (${cells})`);
  }
}
