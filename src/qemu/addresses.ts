/** The QEMU driver's address assignment (qemuDomainAssignAddresses). */
import { assignUsbAddresses } from './address-usb.js';
import type { QemuDefContext } from './context.js';

export function assignAddresses(ctx: QemuDefContext): void {
  // PCI: address-pci.ts
  assignUsbAddresses(ctx);
}
