/** What each step of the QEMU driver's definition pipeline gets (src/qemu/index.ts runs them). */
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { MAX_DECLARED_ITEMS, notChecked } from '../parse/errors.js';
import type { XmlElement } from '../parse/xml-tree.js';
import type { AccelCaps, MachineCaps, QemuCaps } from './caps.js';

export interface QemuDefContext {
  /** The document's element tree: what the ABI model leaves out (validation reads it). */
  readonly root: XmlElement;
  /** The definition, changed in place by post-parse and address assignment. */
  readonly dom: Domain;
  readonly profile: Profile;
  readonly caps: QemuCaps;
  /** The accelerator's part of the caps: kvm for `type='kvm'`, tcg for `type='qemu'`. */
  readonly accel: AccelCaps;
  /** Post-parse stopped early (another architecture, or a machine the caps lack): no addresses, and only the emulator's checks. */
  partial: boolean;
  /** The guest's machine type after alias expansion (set by post-parse). */
  machine: MachineCaps | undefined;
  /**
   * VIR_DOMAIN_DEF_PARSE_ABI_UPDATE: the source, as `virsh define` stored it (USB ports and the
   * usb-bot disk model are assigned then); the destination of a migration is parsed without it.
   */
  readonly abiUpdate: boolean;
}

/**
 * A count the definition declares (controller ports, PCI buses) that address assignment turns
 * into an array: past MAX_DECLARED_ITEMS it is the pair's error, as in the generic parser,
 * since an array too large for V8 ends the whole process, not just the worker.
 */
export function declaredCount(n: number, declared: string, consequence: string): number {
  if (n > MAX_DECLARED_ITEMS) throw notChecked(declared, consequence);
  return n;
}
