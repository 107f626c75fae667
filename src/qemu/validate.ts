/** The QEMU driver's validation (qemuValidateDomainDef and its device callbacks, qemu_validate.c). */
import { validateAliases } from '../parse/aliases.js';
import type { QemuDefContext } from './context.js';
import { validateDevices } from './validate-devices.js';
import { validateDomain, validateEmulator } from './validate-domain.js';
import { postParseRejections } from './validate-postparse.js';

export function qemuValidate(ctx: QemuDefContext): void {
  // a guest the mode does not model: refused here by its architecture or virt type
  if (ctx.partial) return validateEmulator(ctx);
  // belongs at the end of qemuPostParse (post-parse.ts), where libvirt raises it
  postParseRejections(ctx);
  validateDomain(ctx);
  validateDevices(ctx);
  // virDomainDefValidateAliases: the user aliases the QEMU driver keeps (post-parse.ts) must be unique
  validateAliases(ctx.dom);
}
