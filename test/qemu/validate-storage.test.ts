/** Storage source validation (src/qemu/validate-storage.ts) and the disk frontend checks added with it. */
import { accepts, rejects } from '../helpers/qemu-labels.js';

rejects([
  'hpd--qemuhotplug-base-without-scsi-controller-live+disk-scsi-2--03', // 'cow' storage format is not supported
  'q2a--disk-fmt-dir--03', // 'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead
  'q2a--disk-network-rbd-encryption--05', // 'luks2' is currently not supported by the qemu encryption engine
  'q2a--disk-usb-device-removable--03', // CHS geometry can not be set for 'usb' bus
  'q2x--disk-network-iscsi--05', // CHS translation mode can only be set for 'ide' bus not 'scsi'
  'q2a--disk-backing-chains-index--05', // CHS translation mode can only be set for 'ide' bus not 'virtio'
  'q2a--disk-encryption-wrong--00', // encryption is supported only with 'raw' and 'qcow2' image format
  'q2x--disk-backing-chains-index-active--03', // metadata cache max size control is supported only with qcow2 images
  'dsch--domain-qemu-interface-filterref--02', // old qcow/qcow2 encryption is not supported
  'q2a--disk-shared-qcow--06', // shared access for disk 'hda' requires use of supported storage format
  'q2a--floppy-drive-fat--03', // storage format 'fat' is supported only with 'dir' storage type
  'q2a--disk-fmt-iso--05', // storage format 'iso' is not directly supported by QEMU, use 'raw' instead
  'q2a--disk-network-vxhs--03', // storage protocol 'vxhs' is not supported by this QEMU
  'q2x--event_idx--01', // unsupported driver name 'atapi' for disk 'vda'
  'q2a--video-virtio-gpu-virgl--02', // unsupported driver name 'buslogic' for disk 'hda'
  'q2x--console-compat--06', // unsupported driver name 'file' for disk 'hda'
  'q2x--disk-serial--08', // unsupported driver name 'lsisas1068' for disk 'hda'
  'q2a--disk-backing-chains-noindex--07', // unsupported driver name 'lsisas1068' for disk 'vdd'
  'q2a--disk-floppy--05', // unsupported driver name 'phy' for disk 'fdb'
  'q2a--pcie-root-port--06', // value for 'vgamem' must be power of two
  'geno--graphics-vnc-socket-listen--07', // video type 'cirrus' doesn't support multiple 'heads'
  'q2x--graphics-spice-timeout.x86_64-latest--03', // video type 'vga' doesn't support multiple 'heads'
]);

accepts([
  'q2a--disk-network-rbd-encryption--00', // luks2 with the librbd engine
  'hpd--qemuhotplug-base-live+disk-scsi--00', // a shareable disk
]);
