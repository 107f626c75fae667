/** The QEMU driver's validation (qemuValidateDomainDef and its device callbacks, qemu_validate.c). */
import type { QemuDefContext } from './context.js';
import { validateDevices } from './validate-devices.js';
import { validateDomain } from './validate-domain.js';

export function qemuValidate(ctx: QemuDefContext): void {
  validateDomain(ctx);
  validateDevices(ctx);
}
