/**
 * The destination of a source the QEMU mode models goes through the QEMU driver whatever it is
 * (src/qemu/index.ts `all`): the x86 binary refuses other architectures and virt types, and
 * post-parse's PCI root checks come first (src/qemu/post-parse-devices.ts machineRoot).
 */
import { rejects } from '../helpers/qemu-labels.js';

rejects([
  'gen--cpu-phys-bits-emulate--00', // ppc64 without <emulator>: no binary for it
  'q2a--console-virtio-unix--01', // aarch64
  'q2a--cpu-empty--03', // riscv64
  'q2a--disk-transient--06', // 32-bit sparc: no PCI, so refused by its arch
  'q2a--controller-virtio-scsi--08', // hvf
  'q2a--firmware-manual-efi-nvram-file--07', // xen
  'q2a--hostdev-usb-address-device-boot--05', // s390x without zpci: PCI but no root
  'q2x--q35--07', // ppc64 on q35: a pcie-root where ppc64 wants a pci-root
  'q2a--graphics-sdl--08', // x86 on versatilepb, a machine the caps lack: PCI but no root
  'gen--graphics-vnc-autoport-no--00', // x86 on 'xc'
]);
