/**
 * The QEMU driver's default devices (qemuDomainDefAddDefaultDevices, with the implicit ps2 inputs
 * of qemuDomainDefAddImplicitInputDevice) and the device defaults of qemuDomainDeviceDefPostParse.
 */
import { CONTROLLER_MODELS_PCI, CONTROLLER_MODELS_USB, CONTROLLER_TYPE, PCI_MODEL, type ControllerDef } from '../model/controller.js';
import { DISK_BUS, DISK_DEVICE, DISK_MODELS } from '../model/disk.js';
import type { Domain } from '../model/domain.js';
import { featureValue } from '../model/features.js';
import { CHR_SERIAL_TARGET_MODELS, CHR_SERIAL_TARGET_TYPES, SHMEM_MODELS, TPM_BACKENDS, TPM_MODELS, TPM_VERSIONS, VSOCK_MODELS, WATCHDOG_MODELS, type ChrDef } from '../model/platform-devices.js';
import { insertController, newController } from '../parse/controller.js';
import { internalError, rejectedAtDevice, xmlError } from '../parse/errors.js';
import { postParseVideo, VIDEO_TYPES } from '../parse/video.js';
import { child, childrenNamed } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';

/** qemuDomainIsQ35 / qemuDomainIsI440FX on the canonical machine name */
export const isQ35 = (m: string): boolean => m === 'q35' || m.startsWith('pc-q35');
export const isI440fx = (m: string): boolean => m === 'pc' || m.startsWith('pc-0.') || m.startsWith('pc-1.') || m.startsWith('pc-i440fx') || m.startsWith('rhel');

const USB = CONTROLLER_TYPE.usb;
const usbModel = (name: typeof CONTROLLER_MODELS_USB[number]): number => CONTROLLER_MODELS_USB.indexOf(name);
const hasController = (list: readonly ControllerDef[], type: number, idx: number): boolean =>
  list.some((c) => c.type === type && c.idx === idx);

/** virDomainDefMaybeAddInput: appended unless one of that type and bus exists */
function maybeAddInput(dom: Domain, type: string, bus: string, busless: ReadonlySet<object>): void {
  if (dom.devices.inputs.some((i) => i.type === type && i.bus === bus && !busless.has(i))) return;
  dom.devices.inputs.push({ type, bus, model: 0, info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined });
}

/** qemuDomainDefaultUSBControllerModel: q35 prefers USB3 only for the controller it adds itself */
function defaultUsbModel(ctx: QemuDefContext, machine: string, autoAdded: boolean): number {
  const f = ctx.caps.flags;
  if (isQ35(machine) && autoAdded) {
    if (f.has('qemu-xhci')) return usbModel('qemu-xhci');
    if (f.has('nec-usb-xhci')) return usbModel('nec-xhci');
    if (f.has('ich9-usb-ehci1')) return usbModel('ich9-ehci1');
    return usbModel('none');
  }
  if (f.has('piix3-usb-uhci')) return usbModel('piix3-uhci');
  if (f.has('piix4-usb-uhci')) return usbModel('piix4-uhci');
  if (f.has('pci-ohci')) return usbModel('pci-ohci');
  if (f.has('nec-usb-xhci')) return usbModel('nec-xhci');
  return -1;
}

/**
 * qemuDomainDefAddDefaultDevices for x86 guests. libvirt runs it before the generic implicit
 * controllers (disk, virtio-serial, ccid), which the generic parse here has already added: they
 * are taken out and put back after, so the controller order (compared by index) is libvirt's.
 */
export function addDefaultDevices(ctx: QemuDefContext, reparse = false): void {
  const { dom } = ctx;
  const machine = dom.os.machine ?? '';
  const d = dom.devices;
  if (ctx.caps.flags.has('i8042') && (isQ35(machine) || isI440fx(machine) || machine === 'isapc') &&
      featureValue(dom.features, 'ps2') !== 2) {
    // an x86 mouse or keyboard without bus= is still on the default bus here (it becomes ps2
    // later), so it does not stand for the ps2 one; the re-parsed copy names every bus
    // matched by position: the generic post-parse makes d.inputs of these elements, in order, adding none
    const elements = reparse ? [] : childrenNamed(child(ctx.root, 'devices'), 'input');
    const busless = new Set<object>(d.inputs.filter((_, n) => elements[n]?.attrs.bus === undefined && n < elements.length));
    maybeAddInput(dom, 'mouse', 'ps2', busless);
    maybeAddInput(dom, 'keyboard', 'ps2', busless);
  }
  // an x86 machine has PCI: it has a root bus, or it was refused
  const want = machineRoot(ctx)!;
  const q35 = want === PCI_MODEL.pcieRoot;

  const implicit = d.controllers.filter((c) => c.implicit);
  const list = d.controllers.filter((c) => !c.implicit);
  const model = defaultUsbModel(ctx, machine, true);
  if (model !== usbModel('none') && !hasController(list, USB, 0)) insertController(list, newController(USB, 0, model, true));
  if (q35 && !hasController(list, CONTROLLER_TYPE.sata, 0)) insertController(list, newController(CONTROLLER_TYPE.sata, 0, -1, true));
  if (!checkPciRoot(list, want)) insertController(list, newController(CONTROLLER_TYPE.pci, 0, want, true));
  for (const c of implicit) if (!hasController(list, c.type, c.idx)) insertController(list, c);
  d.controllers.splice(0, d.controllers.length, ...list);

  if (!d.memballoon) {
    d.memballoon = { model: 0, autodeflate: 0, freePageReporting: 0, period: 0, info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 }, virtio: undefined };
  }
  const itco = WATCHDOG_MODELS.indexOf('itco');
  if (q35 && !d.watchdogs.some((w) => w.model === itco)) {
    d.watchdogs.push({ model: itco, action: d.watchdogs[0]?.action ?? 0, info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 } });
  }
}

/** Whether the list has a PCI controller of index 0; one of another model than the machine's root is refused. */
function checkPciRoot(list: readonly ControllerDef[], want: number): boolean {
  const root = list.find((c) => c.type === CONTROLLER_TYPE.pci && c.idx === 0);
  if (root && root.model !== want) {
    throw rejectedAtDevice(root, xmlError(`The PCI controller with index='0' must be model='${CONTROLLER_MODELS_PCI[want]}' for this machine type, but model='${CONTROLLER_MODELS_PCI[root.model] ?? '(null)'}' was found instead`));
  }
  return root !== undefined;
}

const ARM = new Set(['armv6l', 'armv7l', 'armv7b', 'aarch64']);
const PCI_ROOT_ARCHES = new Set(['ppc64', 'ppc64le', 'alpha', 'ppc', 'ppcemb', 'sh4', 'sh4eb', 'sparc64']);
const isVirt = (m: string): boolean => m === 'virt' || m.startsWith('virt-');

/**
 * The root bus qemuDomainDefAddDefaultDevices gives the guest's architecture and machine
 * (pci-root or pcie-root, undefined for none); a machine with PCI but no root it knows is refused
 * (qemuDomainSupportsPCI: on ARM and RISC-V only some machines have PCI, 32-bit SPARC none).
 */
function machineRoot(ctx: QemuDefContext): number | undefined {
  const arch = ctx.dom.os.arch;
  const machine = ctx.dom.os.machine ?? '';
  let pciRoot = PCI_ROOT_ARCHES.has(arch);
  let pcieRoot = arch === 'loongarch64';
  let hasPci = arch !== 'sparc';
  if (arch === 'x86_64' || arch === 'i686') {
    const pc = machine !== 'isapc' && machine !== 'microvm';
    pciRoot = pc && isI440fx(machine);
    pcieRoot = pc && isQ35(machine);
  } else if (ARM.has(arch)) {
    pciRoot = machine === 'versatilepb' || machine.startsWith('realview-eb');
    pcieRoot = isVirt(machine);
    hasPci = pciRoot || pcieRoot;
  } else if (arch === 'riscv32' || arch === 'riscv64') {
    pcieRoot = hasPci = isVirt(machine);
  } else if (arch === 's390' || arch === 's390x') {
    pciRoot = ctx.caps.flags.has('zpci');
  } else if (arch.startsWith('mips')) {
    pciRoot = machine === 'malta';
  }
  if (hasPci && !pciRoot && !pcieRoot) throw internalError(`Machine type '${machine}' supports PCI but no PCI controller added`);
  return pcieRoot ? PCI_MODEL.pcieRoot : pciRoot ? PCI_MODEL.pciRoot : undefined;
}

/**
 * qemuDomainDefAddDefaultDevices' rejections alone, for a guest post-parse does not model further
 * (another architecture, or a machine the caps lack): validation refuses it after these.
 */
export function pciRootRejections(ctx: QemuDefContext): void {
  const want = machineRoot(ctx);
  if (want !== undefined) checkPciRoot(ctx.dom.devices.controllers, want);
}

/** The model defaults of qemuDomainDeviceDefPostParse that the ABI check reads. */
export function deviceDefaults(ctx: QemuDefContext): void {
  const { dom } = ctx;
  const machine = dom.os.machine ?? '';
  const d = dom.devices;
  for (const c of d.controllers) {
    if (c.type === USB && c.model === -1) c.model = defaultUsbModel(ctx, machine, false);
    if (c.type === USB && c.model === usbModel('none')) c.info.address = { type: 'none' };
  }
  // usb-bot only for a cdrom stored by define: it exposes the medium properly, but is not usb-storage's ABI
  const usbStorage = DISK_MODELS.indexOf('usb-storage');
  const usbBot = DISK_MODELS.indexOf('usb-bot');
  for (const disk of d.disks) {
    if (disk.bus !== DISK_BUS.usb || disk.model !== 0) continue;
    disk.model = disk.device === DISK_DEVICE.cdrom && ctx.abiUpdate ? usbBot : usbStorage;
  }
  // qemuDomainDefaultVideoDevice: cirrus on x86 when QEMU has it; the generic RAM default follows
  const cirrus = ctx.caps.flags.has('cirrus-vga') ? 'cirrus' : ctx.caps.flags.has('VGA') ? 'vga' : undefined;
  for (const v of d.videos) {
    if (v.type !== 'default' || !cirrus) continue;
    v.type = cirrus;
    v.typeIndex = VIDEO_TYPES.indexOf(cirrus as never);
    postParseVideo(v, dom.virtType);
  }
  for (const v of d.videos) if (v.type === 'qxl' && v.vgamem === 0) v.vgamem = 16 * 1024;
  for (const s of d.serials) serialDefaults(s);
  // qemuDomainDefaultNetModel: the first of rtl8139, e1000, virtio that QEMU has (vdpa, vhostuser: virtio)
  const f = ctx.caps.flags;
  const netModel = f.has('rtl8139') ? 'rtl8139' : f.has('e1000') ? 'e1000' : f.has('virtio-net') ? 'virtio' : 'rtl8139';
  for (const n of d.nets) {
    if (n.model !== 'unknown' || n.modelstr !== undefined || n.type === 'hostdev') continue;
    n.model = n.type === 'vdpa' || n.type === 'vhostuser' ? 'virtio' : netModel;
  }
  if (d.vsock && d.vsock.model === 0) d.vsock.model = VSOCK_MODELS.indexOf('virtio');
  // qemuDomainShmemDefPostParse: 4 MiB unless plain; a doorbell with a server has MSI with ioeventfd on
  for (const shmem of d.shmems) {
    const model = SHMEM_MODELS[shmem.model];
    if (model !== 'ivshmem-plain' && shmem.size === 0n) shmem.size = 4n << 20n;
    if (model === 'ivshmem' || !shmem.server) continue;
    shmem.msi.enabled = true;
    if (shmem.msi.ioeventfd === 0) shmem.msi.ioeventfd = 1;
  }
  // qemuDomainTPMDefPostParse: tpm-tis on x86; an emulator's version follows its model (CRB is TPM 2.0 only)
  for (const tpm of d.tpms) {
    if (tpm.model === 0) tpm.model = TPM_MODELS.indexOf('tpm-tis');
    if (TPM_BACKENDS[tpm.type] !== 'emulator' || tpm.version !== 0) continue;
    const model = TPM_MODELS[tpm.model];
    tpm.version = TPM_VERSIONS.indexOf(model === 'tpm-crb' || model === 'tpm-spapr' ? '2.0' : '1.2');
  }
}

/** The model each x86 serial target type gets (qemuDomainChrDefPostParse). */
const SERIAL_MODEL_OF: Record<string, string> = {
  'isa-serial': 'isa-serial', 'usb-serial': 'usb-serial', 'pci-serial': 'pci-serial', 'isa-debug': 'isa-debugcon',
};

/** qemuDomainChrDefPostParse for x86: isa-serial is the default target, and each target its model. */
function serialDefaults(chr: ChrDef): void {
  const isa = CHR_SERIAL_TARGET_TYPES.indexOf('isa-serial');
  if (chr.targetType === 0) chr.targetType = isa;
  const model = SERIAL_MODEL_OF[CHR_SERIAL_TARGET_TYPES[chr.targetType]];
  if (chr.targetModel === 0 && model) chr.targetModel = CHR_SERIAL_TARGET_MODELS.indexOf(model as never);
}
