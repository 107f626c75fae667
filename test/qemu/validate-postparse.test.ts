/** The QEMU driver's post-parse rejections (src/qemu/validate-postparse.ts). */
import { rejects } from '../helpers/qemu-labels.js';

rejects([
  'q2a--virtio-rng-egd-unix--05', // The PCI controller with index='0' must be model='pci-root' for this machine type, but model='(null)' was found instead
  'q2a--net-virtio--07', // The PCI controller with index='0' must be model='pci-root' for this machine type, but model='pcie-switch-downstream-port' was found instead
  'q2a--q35-wrong-root--04', // The PCI controller with index='0' must be model='pcie-root' for this machine type, but model='pci-root' was found instead
  'q2a--q35-multifunction--08', // The PCI controller with index='0' must be model='pcie-root' for this machine type, but model='pcie-root-port' was found instead
  'q2a--pci-expander-bus-bad-node--01', // pci-expander-bus with index 1 is configured for a NUMA node (1) not present in the domain's <cpu><numa> array (0)
  'gen--graphics-vnc-autoport-no--03', // pci-root and pcie-root controllers should have index 0
  'q2a--usb-controller-xhci-limit--03', // 'nec-xhci' controller only supports up to '15' ports
  'q2a--usb-controller-qemu-xhci-unavailable--02', // 'qemu-xhci' controller only supports up to '15' ports
  'q2a--tseg-i440fx--02', // SMM TSEG is only supported with q35 machine type
  'q2a--tseg-invalid-size--00', // SMM TSEG size must be divisible by 1 MiB
  'q2a--cpu-hotplug-startup--10', // all vcpus must have either set or unset order
  'q2a--pcie-expander-bus-bad-machine--00', // pcie-expander-bus controllers are not supported with this machine type
  'q2x--shmem-plain-doorbell--00', // shmem model 'ivshmem-plain' is supported only with server option disabled
  'gen--vcpus-individual--00', // vcpu 0 can't be offline
  'q2a--cpu-hotplug-startup--09', // vcpu0 must be enabled first
]);
