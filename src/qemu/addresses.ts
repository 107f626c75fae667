/** The QEMU driver's address assignment (qemuDomainAssignAddresses). */
import type { QemuDefContext } from './context.js';

export function assignAddresses(_ctx: QemuDefContext): void {
  // filled in per bus: PCI (address-pci.ts), USB, drive, virtio-serial, CCID
}
