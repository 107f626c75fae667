// Owned by the storage family (disks, controllers, filesystems, hostdevs).
import type { Tristate } from './tristate.js';
import type { DeviceInfo, VirtioOptions } from './device.js';

/** 'nvme' arrived after 11.3.0 */
export const CONTROLLER_TYPES = ['ide', 'fdc', 'scsi', 'sata', 'virtio-serial', 'ccid', 'usb', 'pci', 'xenbus', 'isa', 'nvme'] as const;
export const CONTROLLER_TYPE = { ide: 0, fdc: 1, scsi: 2, sata: 3, 'virtio-serial': 4, ccid: 5, usb: 6, pci: 7, xenbus: 8, isa: 9, nvme: 10 } as const;

/** Model tables per controller type (libvirt keeps one enum per type; -1 is "default"). */
export const CONTROLLER_MODELS_SCSI = ['auto', 'buslogic', 'lsilogic', 'lsisas1068', 'vmpvscsi', 'ibmvscsi', 'virtio-scsi',
  'lsisas1078', 'virtio-transitional', 'virtio-non-transitional', 'ncr53c90', 'dc390', 'am53c974'] as const;
export const CONTROLLER_MODELS_USB = ['piix3-uhci', 'piix4-uhci', 'ehci', 'ich9-ehci1', 'ich9-uhci1', 'ich9-uhci2', 'ich9-uhci3',
  'vt82c686b-uhci', 'pci-ohci', 'nec-xhci', 'qusb1', 'qusb2', 'qemu-xhci', 'none'] as const;
export const CONTROLLER_MODELS_PCI = ['pci-root', 'pcie-root', 'pci-bridge', 'dmi-to-pci-bridge', 'pcie-to-pci-bridge',
  'pcie-root-port', 'pcie-switch-upstream-port', 'pcie-switch-downstream-port', 'pci-expander-bus', 'pcie-expander-bus'] as const;
export const CONTROLLER_MODELS_IDE = ['piix3', 'piix4', 'ich6'] as const;
export const CONTROLLER_MODELS_VIRTIO_SERIAL = ['virtio', 'virtio-transitional', 'virtio-non-transitional'] as const;

export const SCSI_MODEL = { virtioScsi: 6, virtioTransitional: 8, virtioNonTransitional: 9 } as const;
export const USB_MODEL = { ich9Ehci1: 3, ich9Uhci1: 4, ich9Uhci2: 5, ich9Uhci3: 6, none: 13 } as const;
export const PCI_MODEL = { pciRoot: 0, pcieRoot: 1 } as const;

export interface PciControllerOpts {
  chassisNr: number;
  chassis: number;
  port: number;
  busNr: number;
  targetIndex: number;
  numaNode: number;
  hotplug: Tristate;
}

export interface ControllerDef {
  type: number;
  /** -1 until post-parse assigns the lowest free index */
  idx: number;
  /** raw enum number of the per-type model table, -1 = default */
  model: number;
  /** virtio-serial or usb `ports`, -1 when absent */
  ports: number;
  /** virtio-serial `vectors`, -1 when absent */
  vectors: number;
  /** `<master>` present (USB companion controllers) */
  master: boolean;
  iothread: number;
  /** `<driver><iothreads>` present (11.3+) */
  iothreads: boolean;
  pci: PciControllerOpts | undefined;
  /** added by libvirt's post-parse rather than written in the XML */
  implicit: boolean;
  info: DeviceInfo;
  virtio: VirtioOptions | undefined;
}
