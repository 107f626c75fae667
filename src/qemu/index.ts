/**
 * The QEMU driver's view of a definition (`--driver qemu`): what a QEMU/KVM host holds before it
 * compares two definitions. libvirt's generic parse (src/parse/) comes first; then, as the QEMU
 * driver does, its post-parse (machine alias, default devices and models), address assignment,
 * its own validation, and the migratable copy that the migration check compares.
 */
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { unsupportedConfig } from '../parse/errors.js';
import { drewAtRandom, parseDomainDocument } from '../parse/domain.js';
import { child, textOf } from '../parse/xml-tree.js';
import type { ParseOptions } from '../parse/context.js';
import { assignAddresses } from './addresses.js';
import type { QemuBinaries } from './caps.js';
import type { QemuDefContext } from './context.js';
import { deepCopy, migratableCopy } from './migratable.js';
import { qemuMachinePostParse, qemuPostParse } from './post-parse.js';
import { qemuValidate } from './validate.js';

export type QemuOperation = 'migrate' | 'save-image-define';
export const QEMU_OPERATIONS: readonly QemuOperation[] = ['migrate', 'save-image-define'];

/** Guests the QEMU mode models: x86 guests of type kvm or qemu. Others keep the generic verdict. */
export function qemuModels(dom: Domain): boolean {
  return (dom.virtType === 'kvm' || dom.virtType === 'qemu') && (dom.os.arch === 'x86_64' || dom.os.arch === 'i686');
}

/** One side as the QEMU driver holds it: `def` after post-parse, addresses and validation; `migratable` its migratable copy. */
export interface QemuDefinition<Def extends Domain | undefined = Domain> {
  /** Left out (undefined) when the caller asked for the migratable copy only: it is then made in place, without a copy. */
  def: Def;
  migratable: Domain;
  /**
   * The same text parsed as the other side of a pair gives the same definition: nothing was drawn
   * at random (the draws differ per side) and no step asked whether this is the source stored by
   * `virsh define` (ABI_UPDATE).
   */
  sideFree: boolean;
}

const rejectedByQemu = new WeakSet<object>();

/** Whether an error parseQemuDefinition threw is the QEMU driver's rejection (it had taken the guest), not the generic parser's. */
export const qemuDriverRejected = (err: unknown): boolean => typeof err === 'object' && err !== null && rejectedByQemu.has(err);

/**
 * A side's context. A class, not an object literal with a getter: a literal's getter closing over
 * the call's variables gave every context its own hidden class, which V8 keeps (weakly, from the
 * old generation) until a full GC, and with it the whole parse: on a 10^4-pair fleet every
 * scavenge promoted ~3 MB of dead definitions, and the QEMU mode spent 3x the generic one in GC.
 */
class DefContext implements QemuDefContext {
  machine: QemuDefContext['machine'] = undefined;
  partial = false;
  /** Whether a step asked whether this is the source (then the text parses differently as the other side). */
  askedSide = false;
  constructor(
    readonly root: QemuDefContext['root'], readonly dom: Domain, readonly profile: Profile,
    readonly caps: QemuDefContext['caps'], readonly accel: QemuDefContext['accel'], private readonly update: boolean,
  ) {}

  // read only where it decides something, so an unasked side can serve as the other one
  get abiUpdate(): boolean {
    this.askedSide = true;
    return this.update;
  }
}

/**
 * Parses one side as the QEMU driver does. `all`: every guest goes through the QEMU driver (the
 * destination of a source it models: the QEMU host refuses what its binaries cannot run);
 * otherwise only the guests it models do, and the rest are parsed generically.
 * `abiUpdate`: the side is the source, stored by `virsh define`. `keepDef`: keep the definition
 * beside its migratable copy (save-image-define compares both; migration needs the copy only).
 * A definition the QEMU driver rejects raises DomainParseError (see qemuDriverRejected).
 */
export function parseQemuDefinition(xml: string, profile: Profile, opts: ParseOptions, binaries: QemuBinaries, abiUpdate: boolean, all?: boolean): Domain | QemuDefinition;
export function parseQemuDefinition(xml: string, profile: Profile, opts: ParseOptions, binaries: QemuBinaries, abiUpdate: boolean, all: boolean, keepDef: boolean): Domain | QemuDefinition<Domain | undefined>;
export function parseQemuDefinition(xml: string, profile: Profile, opts: ParseOptions, binaries: QemuBinaries, abiUpdate: boolean, all = false, keepDef = true): Domain | QemuDefinition<Domain | undefined> {
  let ctx: DefContext | undefined;
  let took = false;
  try {
    const { dom } = parseDomainDocument(xml, profile, opts, {
      postParse(dom, root) {
        if (!all && !qemuModels(dom)) return;
        took = true;
        // qemuDomainDefPostParseBasic, then the binary's caps (qemuDomainPostParseDataAlloc)
        const named = textOf(child(child(root, 'devices'), 'emulator'))?.trim();
        const caps = named ? binaries.named() : binaries.forArch(dom.os.arch);
        if (!caps) throw unsupportedConfig(`No emulator found for arch '${dom.os.arch}'`);
        // virQEMUCapsGetAccel: every type but qemu reads the accelerated (kvm) part
        const accel = dom.virtType === 'qemu' ? caps.tcg : caps.kvm;
        // virQEMUCapsIsVirtTypeSupported, early: without the accelerator's machines nothing can follow
        if (!accel) throw unsupportedConfig(`Emulator '${caps.emulator}' does not support virt type '${dom.virtType}'`);
        ctx = new DefContext(root, dom, profile, caps, accel, abiUpdate);
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
    if (!ctx) return dom;
    const sideFree = !ctx.askedSide && !drewAtRandom(dom);
    // the copy's own re-parse is never an ABI update, whichever side this is
    if (!keepDef) return { def: undefined, migratable: migratableCopy(ctx, dom), sideFree };
    return { def: dom, migratable: migratableCopy(ctx, deepCopy(dom)), sideFree };
  } catch (err) {
    if (took && typeof err === 'object' && err !== null) rejectedByQemu.add(err);
    throw err;
  }
}
