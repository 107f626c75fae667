/** The QEMU driver's validation (qemuValidateDomainDef and its device callbacks, qemu_validate.c). */
import type { QemuDefContext } from './context.js';

export function qemuValidate(_ctx: QemuDefContext): void {
  // rejections with the QEMU driver's messages, as DomainParseError
}
