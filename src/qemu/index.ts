/**
 * The QEMU driver's view of a definition (`--driver qemu`): what a QEMU/KVM host holds before it
 * compares two definitions. libvirt's generic parse (src/parse/) comes first; then, as the QEMU
 * driver does, its post-parse (machine alias, default devices and models), address assignment,
 * its own validation, and the migratable copy that the migration check compares.
 */
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { unsupportedConfig } from '../parse/errors.js';
import { parseDomainDocument } from '../parse/domain.js';
import { child, textOf } from '../parse/xml-tree.js';
import type { ParseOptions } from '../parse/context.js';
import { assignAddresses } from './addresses.js';
import type { QemuBinaries } from './caps.js';
import type { QemuDefContext } from './context.js';
import { migratableCopy } from './migratable.js';
import { qemuMachinePostParse, qemuPostParse } from './post-parse.js';
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
 * Parses one side as the QEMU driver does. `all`: every guest goes through the QEMU driver (the
 * destination of a source it models: the QEMU host refuses what its binaries cannot run);
 * otherwise only the guests it models do, and the rest are parsed generically.
 * `abiUpdate`: the side is the source, stored by `virsh define`. A definition the QEMU driver
 * rejects raises DomainParseError.
 */
export function parseQemuDefinition(xml: string, profile: Profile, opts: ParseOptions, binaries: QemuBinaries, abiUpdate: boolean, all = false): Domain | QemuDefinition {
  let ctx: QemuDefContext | undefined;
  const { dom } = parseDomainDocument(xml, profile, opts, {
    postParse(dom, root) {
      if (!all && !qemuModels(dom)) return;
      // qemuDomainDefPostParseBasic, then the binary's caps (qemuDomainPostParseDataAlloc)
      const named = textOf(child(child(root, 'devices'), 'emulator'))?.trim();
      const caps = named ? binaries.named() : binaries.forArch(dom.os.arch);
      if (!caps) throw unsupportedConfig(`No emulator found for arch '${dom.os.arch}'`);
      // virQEMUCapsGetAccel: every type but qemu reads the accelerated (kvm) part
      const accel = dom.virtType === 'qemu' ? caps.tcg : caps.kvm;
      // virQEMUCapsIsVirtTypeSupported, early: without the accelerator's machines nothing can follow
      if (!accel) throw unsupportedConfig(`Emulator '${caps.emulator}' does not support virt type '${dom.virtType}'`);
      ctx = { root, dom, profile, caps, accel, machine: undefined, abiUpdate, partial: false };
      qemuMachinePostParse(ctx);
    },
    assignAddresses() {
      if (!ctx) return;
      // The driver's defaults come after the generic post-parse here, not before it as in
      // libvirt: the default devices are placed among the generic implicit ones by position.
      qemuPostParse(ctx);
      if (!ctx.partial) assignAddresses(ctx);
    },
    validate() {
      if (ctx) qemuValidate(ctx);
    },
  });
  return ctx ? { def: dom, migratable: migratableCopy(ctx) } : dom;
}
