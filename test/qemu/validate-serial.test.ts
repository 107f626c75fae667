/** Serial targets (src/qemu/validate-serial.ts) and drive addresses (src/qemu/validate-devices.ts). */
import { rejects } from '../helpers/qemu-labels.js';

rejects([
  'q2a--floppy-drive-fat--01', // Only 1 fdc controller is supported
  'q2a--disk-scsi-lun-passthrough--01', // SCSI controller only supports 1 bus
  'q2a--mach-virt-serial-invalid-machine--01', // Serial device with target type 'system-serial' and target model 'pl011' not compatible with guest architecture or machine type
  'q2x--interface-driver--00', // Target model 'isa-serial' requires target type 'isa-serial'
  'q2x--console-virtio-many--08', // Target model 'pci-serial' requires target type 'pci-serial'
  'q2a--serial-debugcon--00', // Target type 'system-serial' cannot have an associated address
  'q2a--boot-order--01', // target must be 0 for controller fdc
  'hpd--qemuhotplug-base-with-scsi-controller-live+disk-scsi-2--01', // target must be 0 for controller model 'lsilogic'
]);
