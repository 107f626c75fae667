/**
 * USB port checks of qemuDomainAssignUSBAddresses (src/qemu/address-usb.ts): given ports are
 * checked on the source (define) and on a destination whose every USB device has its port.
 */
import { rejects } from '../helpers/qemu-labels.js';

rejects([
  'q2a--usb-hub-conflict--01', // source: a device on the port a hub holds
  'q2a--usb-hub-nonexistent--00', // source: a device behind a hub that is not there
  'q2a--usb-ports--04', // destination, every port given: no hub at port 2
  'q2a--usb-long-port-path--05', // destination: a hub behind a hub given later
  'q2x--q35-virt-manager-basic.x86_64-latest--06', // destination: a port on bus 1, which has no controller
]);
