/** The QEMU driver's device validation callbacks (src/qemu/validate-devices.ts). */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveProfile } from '../../src/model/profile.js';
import { BUILT_IN_BINARIES } from '../../src/qemu/caps.js';
import { parseQemuDefinition } from '../../src/qemu/index.js';
import { rejects } from '../helpers/qemu-labels.js';

rejects([
  'q2a--shmem-invalid-size--02', // shmem size must be a power of 2 and at least 1 MiB (1024 KiB)
  'q2a--audio-default-sdl--01', // Only 1 IDE controller is supported
  'q2a--devices-acpi-index--08', // rotation rate is only valid for SCSI/IDE/SATA bus
  'q2a--boot-menu-disable-drive--08', // rotation rate is only valid for disk device
  'q2a--boot-network--06', // unexpected address type for usb disk
  'q2a--chardev-reconnect-invalid-timeout--01', // chardev reconnect source timeout cannot be '0'
  'q2a--net-vhostuser--03', // 'interface' requires shared memory
  'q2a--disk-cdrom-bus-other--07', // 'usb' disk must not be empty
  'q2a--fs9p--00', // Filesystem driver type not supported
  'q2a--intel-iommu-wrong-machine--00', // IOMMU device: 'intel' is only supported with Q35 machines
  'q2a--virtio-iommu-x86_64--00', // IOMMU device: 'smmuv3' is only supported with ARM Virt machines
  'q2a--seclabel-dynamic-relabel--08', // IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines
  'q2a--intel-iommu--09', // IOMMU device: 'virtio' requires ACPI
  'q2x--cputune--05', // Memory balloon device type 'xen' is not supported by this version of qemu
  'q2a--blkiotune-device--03', // Only a single IDE controller is supported for this machine type
  'q2a--disk-scsi-disk-vpd-build-error--05', // Only scsi disk supports 'vendor'
  'q2a--tpm-emulator--09', // TPM 1.2 is not supported for model 'tpm-crb'
  'q2a--tpm-emulator--01', // TPM 1.2 is not supported for model 'tpm-spapr'
  'q2a--downscript--02', // The QEMU executable /usr/bin/qemu-system-x86_64 does not support TPM model spapr-tpm-proxy
  'q2a--tpm-passthrough-crb--04', // The QEMU executable /usr/bin/qemu-system-x86_64 does not support TPM model tpm-spapr
  'q2a--virtio-lun--02', // This QEMU doesn't support SCSI emulation with 'virtio-blk' device
  'gen--chardev-unix--10', // chardev 'spicevmc' not supported without spice graphics
  'q2a--boot-network--05', // disk device='lun' is not supported for bus='ide'
  'gen--graphics-listen-back-compat--03', // domain configuration does not support video model 'xen'
  'q2a--graphics-sdl-egl-headless--07', // graphics type 'egl-headless' is only supported with one of: 'vnc', 'spice' graphics types
  'q2a--hostdev-mdev-display-spice-egl-headless--04', // ivshmem device is no longer supported
  'q2a--graphics-spice-invalid-egl-headless--01', // multiple OpenGL displays are not supported by QEMU
  'q2a--disk-detect-zeroes--07', // nvram device is only supported for PPC64
  'q2a--audio-default-vnc--08', // queue_size attribute in disk driver is only supported for virtio bus
  'q2a--audio-alsa-best--01', // queues attribute in disk driver element is only supported for virtio bus
  'q2a--disk-aio--08', // readonly ide disks are not supported
  'q2a--boot-multi--08', // target must be 0 for ide controller
  'geno--chardev-unix--00', // this QEMU binary lacks multiple smartcard support
  'hpd--qemuhotplug-graphics-spice--05', // value for 'vgamem' must be power of two
  'q2a--watchdog-device--00', // diag288 model of watchdog is allowed for s390 and s390x only
  'q2a--hostdev-mdev-display-missing-graphics--01', // graphics device is needed for attribute value 'display=on' in <hostdev>
  'hpd--qemuhotplug-base-live+watchdog-user-alias--05', // ib700 model of watchdog does not support configuring the address
  'q2x--panic-double--03', // only S390 guests support panic device of model 's390'
  'q2a--tap-vhost--00', // sclpconsole is not supported in this QEMU binary
  'q2a--vhost-user-fs-hugepages--07', // virtiofs does not support model
  'q2a--net-virtio-rxqueuesize-invalid-size--03', // rx_queue_size has to be a power of two
  'q2a--net-server--07', // setting MTU on interface type server is not supported yet
  'q2a--disk-source-pool--04', // ACPI index is only supported for PCI devices (an IDE disk)
  'q2a--pci-expander-bus--01', // Option 'modelName' has invalid value for PCI controller ... 'pci-expander-bus' and modelName 'pcie-pci-bridge'
]);

// the oracle's --define of the set's pci-expander-bus--01 source with one more PCI controller <model name>
const MODEL_NAMES: [string, string][] = [
  ["<controller type='pci' index='0' model='pci-root'><model name='pxb'/></controller>",
    "unsupported configuration: Option 'modelName' is not valid for PCI controller with index '0', model 'pci-root' and modelName 'pxb'"],
  ["<controller type='pci' index='0' model='pci-root'/><controller type='pci' index='3' model='pci-bridge'><model name='pxb'/></controller>",
    "unsupported configuration: Option 'modelName' has invalid value for PCI controller with index '3', model 'pci-bridge' and modelName 'pxb'"],
];
for (const [controllers, error] of MODEL_NAMES) {
  test(`PCI controller model names: ${error}`, (t) => {
    const file = join(process.cwd(), '..', 'shared', 'conformance-qemu', 'src', 'q2a--pci-expander-bus--01.xml');
    const xml = readFileSync(file, 'utf8').replace("<controller type='pci' index='0' model='pci-root'/>", controllers);
    t.throws(() => parseQemuDefinition(xml, resolveProfile('12.8.0'), {}, BUILT_IN_BINARIES, true), { message: error });
  });
}
