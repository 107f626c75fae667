/** The QEMU driver's device validation callbacks (qemuValidateDomainDeviceDef*, qemu_validate.c). */
import { CONTROLLER_TYPE, CONTROLLER_MODELS_SCSI } from '../model/controller.js';
import { DISK_BUS, DISK_BUSES, DISK_DEVICE, STORAGE_TYPE, type DiskDef } from '../model/disk.js';
import type { DeviceInfo } from '../model/device.js';
import type { Domain } from '../model/domain.js';
import { FS_ACCESS_MODES, FS_DRIVERS } from '../model/filesystem.js';
import { CHR_CONSOLE_TARGET_TYPES, CHR_TYPES, IOMMU_MODELS, PANIC_MODELS, WATCHDOG_MODELS, MEMBALLOON_MODELS, SHMEM_MODELS, TPM_MODELS, TPM_VERSIONS, type ChrSourceDef } from '../model/platform-devices.js';
import { atElement, bareError, checkEach, internalError, rejectedAtDevice, unsupportedConfig, xmlError } from '../parse/errors.js';
import { attr, child, childrenNamed, type XmlElement } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';
import { isI440fx, isQ35 } from './validate-machine.js';
import { validateSerial } from './validate-serial.js';
import { diskElement, validateDiskStorage } from './validate-storage.js';

const ON = 1;
const MiB = 1024n * 1024n;
const isPowerOfTwo = (n: bigint): boolean => n > 0n && (n & (n - 1n)) === 0n;

export function validateDevices(ctx: QemuDefContext): void {
  const { dom, root } = ctx;
  const devices = child(root, 'devices');
  validateAcpiIndexes(ctx);
  checkEach(dom.devices.disks, (disk) => {
    validateDisk(dom, disk, ctx.caps.flags.has('lsi'));
    validateDiskStorage(disk, diskElement(devices, disk));
  });
  validateControllers(dom);
  validatePciModelNames(devices);
  checkEach([...dom.devices.serials, ...dom.devices.parallels, ...dom.devices.channels, ...dom.devices.consoles], (chr) => {
    validateChrSource(dom, chr.source);
    if (chr.deviceType === 'serial') validateSerial(chr);
  });
  checkEach(dom.devices.redirdevs, (redir) => {
    if (redir.sourceType === 'spicevmc' && !hasSpice(dom)) throw noSpice('spicevmc');
  });
  validateSmartcards(dom, devices);
  checkEach(dom.devices.filesystems, (fs) => {
    const driver = FS_DRIVERS[fs.fsdriver];
    if (['loop', 'nbd', 'ploop', 'handle'].includes(driver)) throw unsupportedConfig('Filesystem driver type not supported');
    if (driver === 'virtiofs' && fs.model !== 0) throw unsupportedConfig('virtiofs does not support model');
    if (driver === 'mtp' && FS_ACCESS_MODES[fs.accessmode] !== 'passthrough') throw unsupportedConfig('mtp only supports passthrough accessmode');
  });
  for (const el of childrenNamed(devices, 'hostdev')) {
    if (attr(el, 'type') === 'mdev' && attr(el, 'display') === 'on' && dom.devices.graphics.length === 0) {
      throw atElement(el, unsupportedConfig("graphics device is needed for attribute value 'display=on' in <hostdev>"));
    }
  }
  checkEach(dom.devices.watchdogs, (wd) => {
    const model = WATCHDOG_MODELS[wd.model];
    if (model === 'diag288') throw unsupportedConfig('diag288 model of watchdog is allowed for s390 and s390x only');
    if (model === 'ib700' && wd.info.address.type !== 'none') throw unsupportedConfig('ib700 model of watchdog does not support configuring the address');
  });
  checkEach(dom.devices.panics, (panic) => {
    if (PANIC_MODELS[panic.model] === 's390') throw unsupportedConfig("only S390 guests support panic device of model 's390'");
  });
  checkEach(dom.devices.consoles, (console) => {
    const target = CHR_CONSOLE_TARGET_TYPES[console.targetType];
    if (target === 'sclp' || target === 'sclplm') throw unsupportedConfig(`${target}console is not supported in this QEMU binary`);
  });
  validateNets(dom, devices);
  validateVideos(dom);
  validateGraphics(dom, devices);
  checkEach(dom.devices.shmems, (shmem) => {
    // the size is checked at post-parse (qemuDomainShmemDefPostParse), before the model
    const model = SHMEM_MODELS[shmem.model];
    if (model !== 'ivshmem-doorbell' && shmem.size !== 0n && (shmem.size < MiB || !isPowerOfTwo(shmem.size))) {
      throw xmlError('shmem size must be a power of 2 and at least 1 MiB (1024 KiB)');
    }
    if (model === 'ivshmem') throw unsupportedConfig('ivshmem device is no longer supported');
  });
  checkEach(dom.devices.iommus, (iommu) => validateIommu(dom, IOMMU_MODELS[iommu.model]));
  // the spapr-vio NVRAM of IBM POWER guests
  const nvram = child(devices, 'nvram');
  if (nvram) throw atElement(nvram, unsupportedConfig('nvram device is only supported for PPC64'));
  const balloon = dom.devices.memballoon;
  if (balloon && MEMBALLOON_MODELS[balloon.model] === 'xen') {
    throw rejectedAtDevice(balloon, unsupportedConfig("Memory balloon device type 'xen' is not supported by this version of qemu"));
  }
  checkEach(dom.devices.tpms, (tpm) => {
    const model = TPM_MODELS[tpm.model];
    if (TPM_VERSIONS[tpm.version] === '1.2' && (model === 'tpm-crb' || model === 'tpm-spapr')) {
      throw unsupportedConfig(`TPM 1.2 is not supported for model '${model}'`);
    }
    if (model === 'tpm-spapr' || model === 'spapr-tpm-proxy') {
      throw unsupportedConfig(`The QEMU executable ${ctx.caps.emulator} does not support TPM model ${model}`);
    }
  });
}

const hasSpice = (dom: Domain): boolean => dom.devices.graphics.some((g) => g.type === 'spice');
const noSpice = (type: string) => unsupportedConfig(`chardev '${type}' not supported without spice graphics`);

/** qemuValidateDomainChrSourceDef */
function validateChrSource(dom: Domain, src: ChrSourceDef): void {
  const type = CHR_TYPES[src.type];
  if ((type === 'tcp' || type === 'unix') && src.reconnectEnabled === ON && src.reconnectTimeout === 0) {
    throw bareError("invalid argument: chardev reconnect source timeout cannot be '0'");
  }
  if ((type === 'spicevmc' || type === 'spiceport') && !hasSpice(dom)) throw noSpice(type);
}

/** qemuValidateDomainSmartcardDef: one CCID slot, and a passthrough card's chardev. */
function validateSmartcards(dom: Domain, devices: XmlElement | undefined): void {
  const cards = dom.devices.smartcards;
  checkEach(cards, (card) => {
    const a = card.info.address;
    const elsewhere = a.type !== 'none' && (a.type !== 'ccid' || a.controller !== 0 || a.slot !== 0);
    if (cards.length > 1 || elsewhere) throw unsupportedConfig('this QEMU binary lacks multiple smartcard support');
  });
  for (const el of childrenNamed(devices, 'smartcard')) {
    const type = attr(el, 'type');
    if (attr(el, 'mode') === 'passthrough' && (type === 'spicevmc' || type === 'spiceport') && !hasSpice(dom)) throw atElement(el, noSpice(type));
  }
}

/** qemuValidateDomainDefVhostUserRequireSharedMemory (x86 machines have a default RAM id) */
function requireSharedMemory(dom: Domain, name: string): void {
  const SHARED = 1;
  const PRIVATE = 2;
  const fail = () => unsupportedConfig(`'${name}' requires shared memory`);
  const cells = dom.numa.cells;
  if (cells.length === 0 && dom.mem.access !== SHARED) throw fail();
  for (const cell of cells) {
    if (cell.memAccess === PRIVATE || (cell.memAccess === 0 && dom.mem.access !== SHARED)) throw fail();
  }
}

// the video models this QEMU offers (virQEMUCapsFillDomainDeviceVideoCaps)
const VIDEO_MODELS = new Set(['default', 'vga', 'cirrus', 'vmvga', 'qxl', 'virtio', 'bochs', 'ramfb', 'none']);

/** qemuValidateDomainDeviceDefVideo */
function validateVideos(dom: Domain): void {
  checkEach(dom.devices.videos, (video) => {
    if (video.type === 'none') return;
    if (!VIDEO_MODELS.has(video.type)) throw unsupportedConfig(`domain configuration does not support video model '${video.type}'`);
    if (video.type !== 'qxl' && video.type !== 'virtio' && video.heads > 1) {
      throw unsupportedConfig(`video type '${video.type}' doesn't support multiple 'heads'`);
    }
    if (video.type === 'qxl' && video.vgamem !== 0) {
      if (video.vgamem < 1024) throw unsupportedConfig("value for 'vgamem' must be at least 1 MiB (1024 KiB)");
      if (!isPowerOfTwo(BigInt(video.vgamem))) throw unsupportedConfig("value for 'vgamem' must be power of two");
    }
  });
}

/** qemuValidateDomainDeviceDefGraphics: egl-headless pairs only with vnc or spice, never with spice's own GL */
function validateGraphics(dom: Domain, devices: XmlElement | undefined): void {
  if (!dom.devices.graphics.some((g) => g.type === 'egl-headless')) return;
  for (const el of childrenNamed(devices, 'graphics')) {
    const type = attr(el, 'type');
    if (type !== 'egl-headless' && type !== 'vnc' && type !== 'spice') {
      throw atElement(el, unsupportedConfig("graphics type 'egl-headless' is only supported with one of: 'vnc', 'spice' graphics types"));
    }
    if (type === 'spice' && attr(child(el, 'gl'), 'enable') === 'yes') throw atElement(el, unsupportedConfig('multiple OpenGL displays are not supported by QEMU'));
  }
}

/** qemuValidateDomainDeviceDefIOMMU, for x86 machines */
function validateIommu(dom: Domain, model: string): void {
  if (model === 'intel' && !isQ35(dom)) throw unsupportedConfig("IOMMU device: 'intel' is only supported with Q35 machines");
  if (model === 'smmuv3') throw unsupportedConfig("IOMMU device: 'smmuv3' is only supported with ARM Virt machines");
  if (model === 'virtio') {
    if (!isQ35(dom)) throw unsupportedConfig("IOMMU device: 'virtio' is only supported with Q35 and ARM Virt machines");
    if (dom.features.state.acpi !== ON) throw unsupportedConfig("IOMMU device: 'virtio' requires ACPI");
  }
}

/** qemuValidateDomainDeviceInfo, for every device: an ACPI index needs QEMU's acpi-index and a PCI address. */
function validateAcpiIndexes(ctx: QemuDefContext): void {
  for (const list of Object.values(ctx.dom.devices) as unknown[]) {
    for (const dev of Array.isArray(list) ? list : [list]) {
      const info = (dev as { info?: DeviceInfo } | undefined)?.info;
      if (!info?.acpiIndex) continue;
      if (!ctx.caps.flags.has('acpi-index')) throw rejectedAtDevice(info, unsupportedConfig('ACPI index is not supported with this QEMU binary'));
      if (info.address.type !== 'pci') throw rejectedAtDevice(info, unsupportedConfig('ACPI index is only supported for PCI devices'));
    }
  }
}

const VIRTIO_NET_MODELS = new Set(['virtio', 'virtio-transitional', 'virtio-non-transitional']);
/** Interface types whose QEMU backend cannot set an MTU (qemuDomainNetSupportsMTU) */
const NO_MTU = new Set(['server', 'client', 'mcast', 'udp', 'direct', 'hostdev', 'internal', 'vdpa', 'null', 'vds']);

/** qemuValidateDomainDeviceDefNetwork: virtio queue sizes, MTU support, vhost-user's shared memory. */
function validateNets(dom: Domain, devices: XmlElement | undefined): void {
  const elements = childrenNamed(devices, 'interface');
  checkEach(dom.devices.nets, (net, i) => {
    const driver = child(elements[i], 'driver');
    if (VIRTIO_NET_MODELS.has(net.model)) {
      for (const name of ['rx_queue_size', 'tx_queue_size']) {
        const size = Number(attr(driver, name) ?? 0);
        if (size && (size & (size - 1))) throw unsupportedConfig(`${name} has to be a power of two`);
      }
    }
    if (net.mtu && NO_MTU.has(net.type)) throw unsupportedConfig(`setting MTU on interface type ${net.type} is not supported yet`);
    if (net.type === 'vhostuser') requireSharedMemory(dom, 'interface');
  });
}

/** qemuValidateDomainDeviceDefControllerIDE: only the board's own IDE controller (i440fx) */
function validateControllers(dom: Domain): void {
  const builtinIde = isI440fx(dom);
  for (const c of dom.devices.controllers) {
    if (c.type !== CONTROLLER_TYPE.ide || (c.idx === 0 && builtinIde)) continue;
    throw rejectedAtDevice(c, unsupportedConfig(builtinIde
      ? 'Only a single IDE controller is supported for this machine type'
      : 'IDE controllers are unsupported for this QEMU binary or machine type'));
  }
}

/** The QEMU device names each PCI controller model may be given as `<model name>`; the roots take none. */
const PCI_MODEL_NAMES_ALLOWED: Record<string, readonly string[]> = {
  'pci-root': [], 'pcie-root': [], 'pci-bridge': ['pci-bridge'], 'dmi-to-pci-bridge': ['i82801b11-bridge'],
  'pcie-root-port': ['ioh3420', 'pcie-root-port'], 'pcie-switch-upstream-port': ['x3130-upstream'],
  'pcie-switch-downstream-port': ['xio3130-downstream'], 'pci-expander-bus': ['pxb'], 'pcie-expander-bus': ['pxb-pcie'],
  'pcie-to-pci-bridge': ['pcie-pci-bridge'],
};

/** qemuValidateDomainDeviceDefControllerPCI: the `<model name>` a PCI controller was given must fit its model. */
function validatePciModelNames(devices: XmlElement | undefined): void {
  for (const el of childrenNamed(devices, 'controller')) {
    const model = attr(el, 'model');
    const name = attr(child(el, 'model'), 'name');
    if (attr(el, 'type') !== 'pci' || model === undefined || name === undefined || name === 'none') continue;
    const allowed = PCI_MODEL_NAMES_ALLOWED[model];
    if (!allowed || allowed.includes(name)) continue;
    const which = `for PCI controller with index '${attr(el, 'index')}', model '${model}' and modelName '${name}'`;
    throw atElement(el, unsupportedConfig(allowed.length ? `Option 'modelName' has invalid value ${which}` : `Option 'modelName' is not valid ${which}`));
  }
}

/** qemuValidateDomainDeviceDefDisk and its frontend checks */
function validateDisk(dom: Domain, disk: DiskDef, lsiDefault: boolean): void {
  const bus = DISK_BUSES[disk.bus];
  const g = disk.geometry;
  if (g.cylinders > 0 && g.heads > 0 && g.sectors > 0) {
    if (disk.bus === DISK_BUS.usb || disk.bus === DISK_BUS.sd) throw unsupportedConfig(`CHS geometry can not be set for '${bus}' bus`);
    if (g.trans !== 0 && disk.bus !== DISK_BUS.ide) throw unsupportedConfig(`CHS translation mode can only be set for 'ide' bus not '${bus}'`);
  }
  if (disk.device === DISK_DEVICE.lun) {
    if (disk.bus === DISK_BUS.virtio) throw unsupportedConfig("This QEMU doesn't support SCSI emulation with 'virtio-blk' device");
    if (disk.bus !== DISK_BUS.scsi) throw unsupportedConfig(`disk device='lun' is not supported for bus='${bus}'`);
  }
  if (disk.bus !== DISK_BUS.scsi) {
    if (disk.vendor !== undefined) throw unsupportedConfig("Only scsi disk supports 'vendor'");
    if (disk.product !== undefined) throw unsupportedConfig("Only scsi disk supports 'product'");
  }
  if (disk.rotationRate) {
    if (disk.bus !== DISK_BUS.scsi && disk.bus !== DISK_BUS.ide && disk.bus !== DISK_BUS.sata) {
      throw internalError('rotation rate is only valid for SCSI/IDE/SATA bus');
    }
    if (disk.device !== DISK_DEVICE.disk) throw internalError('rotation rate is only valid for disk device');
  }
  if (disk.bus === DISK_BUS.usb) {
    const t = disk.info.address.type;
    if (t !== 'none' && t !== 'usb') throw internalError('unexpected address type for usb disk');
    if (isEmpty(disk)) throw unsupportedConfig("'usb' disk must not be empty");
  }
  if (disk.src.readonly && disk.device === DISK_DEVICE.disk) {
    if (disk.bus === DISK_BUS.ide) throw unsupportedConfig('readonly ide disks are not supported');
    if (disk.bus === DISK_BUS.sata) throw unsupportedConfig('readonly sata disks are not supported');
  }
  validateDriveAddress(dom, disk, lsiDefault);
  if (disk.bus !== DISK_BUS.virtio) {
    if (disk.queueSize > 0) throw unsupportedConfig('queue_size attribute in disk driver is only supported for virtio bus');
    if (disk.queues > 0) throw unsupportedConfig('queues attribute in disk driver element is only supported for virtio bus');
  }
}

/** virStorageSourceIsEmpty: no medium */
const isEmpty = (disk: DiskDef): boolean =>
  disk.src.type === STORAGE_TYPE.none ||
  ((disk.src.type === STORAGE_TYPE.file || disk.src.type === STORAGE_TYPE.block || disk.src.type === STORAGE_TYPE.dir) && disk.src.path === undefined);

/** qemuValidateDomainDeviceDefAddressDrive */
function validateDriveAddress(dom: Domain, disk: DiskDef, lsiDefault: boolean): void {
  const a = disk.info.address;
  if (a.type !== 'drive') return;
  if (disk.bus === DISK_BUS.ide) {
    if (a.controller !== 0) throw internalError('Only 1 IDE controller is supported');
    if (a.target !== 0) throw unsupportedConfig('target must be 0 for ide controller');
  }
  if (disk.bus === DISK_BUS.fdc) {
    if (a.controller !== 0) throw internalError('Only 1 fdc controller is supported');
    if (a.bus !== 0) throw internalError('Only 1 fdc bus is supported');
    if (a.target !== 0) throw unsupportedConfig('target must be 0 for controller fdc');
  }
  if (disk.bus === DISK_BUS.sata) {
    if (a.bus !== 0) throw unsupportedConfig('bus must be 0 for sata controller');
    if (a.target !== 0) throw unsupportedConfig('target must be 0 for sata controller');
  }
  if (disk.bus === DISK_BUS.scsi) {
    if (a.bus !== 0) throw internalError('SCSI controller only supports 1 bus');
    const ctrl = dom.devices.controllers.find((c) => c.type === CONTROLLER_TYPE.scsi && c.idx === a.controller);
    // a controller without model is lsilogic on x86 when QEMU has it (qemuDomainGetSCSIControllerModel)
    const lsilogic = ctrl && (CONTROLLER_MODELS_SCSI[ctrl.model] === 'lsilogic' || (ctrl.model === -1 && lsiDefault));
    if (lsilogic && a.target !== 0) throw unsupportedConfig("target must be 0 for controller model 'lsilogic'");
  }
}
