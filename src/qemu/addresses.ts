/** The QEMU driver's address assignment (qemuDomainAssignAddresses). */
import { assignPciAddresses } from './address-pci.js';
import type { QemuDefContext } from './context.js';

export function assignAddresses(ctx: QemuDefContext): void {
  // filled in per bus: PCI (address-pci.ts), USB, drive, virtio-serial, CCID
  assignPciAddresses(ctx);
}
