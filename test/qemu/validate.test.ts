/** qemuValidateDomainDef's rejections of the domain as a whole (src/qemu/validate-domain.ts). */
import { accepts, rejects } from '../helpers/qemu-labels.js';

rejects([
  'hpd--qemuhotplug-graphics-spice-timeout--10', // CPU topology doesn't match maximum vcpu count
  'hpd--qemuhotplug-base-with-scsi-controller-live--08', // 'preserve' action
  'q2a--hyperv--03', // stimer without hypervclock
  'gen--launch-security-sev--04', // no sev-guest in the caps
  'q2a--pseries-features-invalid-machine--00', // hpt on x86
  'gen--cachetune-extra-tunes--00', // cachetune on a qemu domain
  'q2a--graphics-vnc-socket-new-cmdline--05', // os type linux
  'q2a--firmware-manual-efi-noacpi-q35--00', // UEFI without ACPI
  'q2a--cpu-cache-passthrough-l3--00', // passthrough cache with a level
  'q2a--cpu-phys-bits-emulate--07', // passthrough maxphysaddr with bits
  'q2a--cpu-cache-emulate-l2--04', // emulate cache level 2
  'q2a--hyperv-off--05', // bootloader
  'q2a--x86_64-default-cpu-tcg-features--09', // tb-cache not a whole MiB
]);

accepts([
  'q2a--intel-iommu-eim--12', // 288 vCPUs, eim off: accepted by 12.8
  'q2a--x86_64-default-cpu-kvm-pc-4.2--05', // kvm hint-dedicated without a host-passthrough CPU
  'q2a--cpu-phys-bits-emulate3--00', // emulate maxphysaddr without bits
]);

// qemuDomainDefSetDefaultCPU runs before the generic post-parse's check of a CPU with no model
accepts([
  'q2a--tpm-passthrough-crb--08', // <cpu check='none'> without a model gets qemu64
  'q2x--disk-cdrom-empty-network-invalid.x86_64-latest--07',
]);
