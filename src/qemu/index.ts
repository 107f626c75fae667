/**
 * The QEMU driver's view of a definition (`--driver qemu`): what a QEMU/KVM host holds before it
 * compares two definitions. libvirt's generic parse (src/parse/) comes first; then, as the QEMU
 * driver does, its post-parse (machine alias, default devices and models), address assignment,
 * its own validation, and the migratable copy that the migration check compares.
 */
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { unsupportedConfig } from '../parse/errors.js';
import type { XmlElement } from '../parse/xml-tree.js';
import { assignAddresses } from './addresses.js';
import type { QemuCaps } from './caps.js';
import type { QemuDefContext } from './context.js';
import { migratableCopy } from './migratable.js';
import { qemuPostParse } from './post-parse.js';
import { qemuValidate } from './validate.js';

export type QemuOperation = 'migrate' | 'save-image-define';
export const QEMU_OPERATIONS: readonly QemuOperation[] = ['migrate', 'save-image-define'];

/** Guests the QEMU mode models: x86 guests of type kvm or qemu. Others keep the generic verdict. */
export function qemuModels(dom: Domain): boolean {
  return (dom.virtType === 'kvm' || dom.virtType === 'qemu') && (dom.os.arch === 'x86_64' || dom.os.arch === 'i686');
}

/** One side as the QEMU driver holds it: `def` after post-parse, addresses and validation; `migratable` its migratable copy. */
export interface QemuDefinition {
  def: Domain;
  migratable: Domain;
}

/**
 * Runs the QEMU driver's steps on a generically parsed definition. `abiUpdate`: the side is the
 * source, stored by `virsh define`. `validateGeneric`: the generic validation, deferred by the
 * parse (ParseOptions.deferValidation), since libvirt validates after the driver's post-parse.
 * A definition the QEMU driver rejects raises DomainParseError.
 */
export function qemuDefinition(
  root: XmlElement, dom: Domain, profile: Profile, caps: QemuCaps, abiUpdate: boolean, validateGeneric: () => void,
): QemuDefinition {
  const accel = dom.virtType === 'kvm' ? caps.kvm : caps.tcg;
  if (!accel) {
    // qemuProcessStartValidate / virQEMUCapsIsVirtTypeSupported
    throw unsupportedConfig(`Emulator '${caps.emulator}' does not support virt type '${dom.virtType}'`);
  }
  const ctx: QemuDefContext = { root, dom, profile, caps, accel, machine: undefined, abiUpdate };
  qemuPostParse(ctx);
  assignAddresses(ctx);
  // virDomainDefValidate: the driver's domain callback, then (per device, then domain-wide) the generic checks
  qemuValidate(ctx);
  validateGeneric();
  return { def: dom, migratable: migratableCopy(ctx) };
}
