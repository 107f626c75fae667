/**
 * The rejections of the QEMU driver's post-parse (qemu_postparse.c / qemu_domain.c): the PCI root
 * and the shmem callback. libvirt raises them before
 * validation; they read only what the XML gave, so the defaults added since do not change them.
 */
import { CONTROLLER_MODELS_PCI, CONTROLLER_TYPE } from '../model/controller.js';
import type { Domain } from '../model/domain.js';
import { SHMEM_MODELS } from '../model/platform-devices.js';
import { checkEach, rejectedAtDevice, unsupportedConfig, xmlError } from '../parse/errors.js';
import type { QemuDefContext } from './context.js';
import { isI440fx, isQ35 } from './validate-machine.js';


// (the vCPU, TSEG and controller callbacks' rejections are in post-parse-checks.ts)
export function postParseRejections(ctx: QemuDefContext): void {
  const { dom } = ctx;
  validatePciRoot(dom);
  checkEach(dom.devices.shmems, (shmem) => {
    const model = SHMEM_MODELS[shmem.model];
    if (model === 'ivshmem-plain' && shmem.server) throw unsupportedConfig(`shmem model '${model}' is supported only with server option disabled`);
    if (model === 'ivshmem-doorbell' && !shmem.server) throw unsupportedConfig(`shmem model '${model}' is supported only with server option enabled`);
  });
}

/** qemuDomainDefAddDefaultDevices: a controller given as PCI index 0 must be the machine's root. */
function validatePciRoot(dom: Domain): void {
  const wanted = isQ35(dom) ? 'pcie-root' : isI440fx(dom) ? 'pci-root' : undefined;
  if (!wanted) return;
  const root = dom.devices.controllers.find((c) => c.type === CONTROLLER_TYPE.pci && c.idx === 0);
  if (root && CONTROLLER_MODELS_PCI[root.model] !== wanted) {
    const found = CONTROLLER_MODELS_PCI[root.model] ?? '(null)';
    throw rejectedAtDevice(root, xmlError(`The PCI controller with index='0' must be model='${wanted}' for this machine type, but model='${found}' was found instead`));
  }
}
