/** The QEMU driver's validation (qemuValidateDomainDef and its device callbacks, qemu_validate.c). */
import type { QemuDefContext } from './context.js';
import { validateDevices } from './validate-devices.js';
import { validateDomain } from './validate-domain.js';
import { postParseRejections } from './validate-postparse.js';

export function qemuValidate(ctx: QemuDefContext): void {
  // belongs at the end of qemuPostParse (post-parse.ts), where libvirt raises it
  postParseRejections(ctx);
  validateDomain(ctx);
  validateDevices(ctx);
}
