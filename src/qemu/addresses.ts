/** The QEMU driver's address assignment (qemuDomainAssignAddresses). */
import { assignPciAddresses } from './address-pci.js';
import { assignUsbAddresses } from './address-usb.js';
import { assignVirtioSerialAddresses } from './address-virtio-serial.js';
import type { QemuDefContext } from './context.js';

export function assignAddresses(ctx: QemuDefContext): void {
  assignVirtioSerialAddresses(ctx);
  assignPciAddresses(ctx);
  assignUsbAddresses(ctx);
}
