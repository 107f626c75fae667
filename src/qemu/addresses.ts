/** The QEMU driver's address assignment (qemuDomainAssignAddresses). */
import { assignPciAddresses } from './address-pci.js';
import { assignUsbAddresses } from './address-usb.js';
import type { QemuDefContext } from './context.js';

export function assignAddresses(ctx: QemuDefContext): void {
  assignPciAddresses(ctx);
  assignUsbAddresses(ctx);
}
