/** qemuValidateDomainDef (qemu_validate.c): the QEMU driver's checks of the domain as a whole. */
import { CPU_CACHE_MODES, CPU_MAXPHYSADDR_MODES, CPU_MAXPHYSADDR_PASSTHROUGH, CPU_MODE_HOST_PASSTHROUGH, CPU_MODE_MAXIMUM, type CpuDef } from '../model/cpu.js';
import type { Domain } from '../model/domain.js';
import { atLeast } from '../model/profile.js';
import { Hyperv } from '../model/features.js';
import { TIMER_NAMES } from '../model/general.js';
import { TPM_MODELS } from '../model/platform-devices.js';
import { rejectedAt, unsupportedConfig, within, xmlError } from '../parse/errors.js';
import { vcpusTopology } from '../parse/features-cpu.js';
import { attr, child, childrenNamed, firstNode } from '../parse/xml-tree.js';
import { archSupported } from './caps.js';
import type { QemuDefContext } from './context.js';
import { isX86 } from './validate-machine.js';

const ON = 1;

export function validateDomain(ctx: QemuDefContext): void {
  const { dom, root } = ctx;
  validateEmulator(ctx);
  if (dom.os.bootloader !== undefined) throw unsupportedConfig('bootloader is not supported by QEMU');
  // On x86, UEFI requires ACPI (an old-style UEFI loader is a pflash one)
  const uefi = dom.os.firmware === 2 || dom.os.loader?.type === 2;
  if (uefi && isX86(dom) && dom.features.state.acpi !== ON) throw unsupportedConfig('UEFI requires ACPI on this architecture');
  if (dom.genid.requested && !ctx.caps.flags.has('vmgenid')) throw unsupportedConfig("this QEMU does not support the 'genid' capability");
  if (attr(firstNode(root, 'os', 'bios'), 'useserial') === 'yes' && dom.devices.serials.length === 0) {
    throw xmlError('need at least one serial port to use BIOS serial output');
  }
  validateLifecycle(dom.onPoweroff, dom.onReboot, dom.onCrash);
  const cpu = dom.cpu;
  if (cpu) within(child(root, 'cpu'), () => validateCpu(dom, cpu));
  validateVcpuTopology(ctx);
  const cputune = child(root, 'cputune');
  const resctrls = childrenNamed(cputune, 'cachetune').length + childrenNamed(cputune, 'memorytune').length;
  if (resctrls && dom.virtType !== 'kvm') throw unsupportedConfig('cachetune is only supported for KVM domains');
  validateFeatures(ctx);
  validateHyperv(dom);
  validateTpms(dom);
  validateLaunchSecurity(ctx);
}

/** The first checks of qemuValidateDomainDef: can the emulator run this guest at all. */
export function validateEmulator(ctx: QemuDefContext): void {
  const { dom } = ctx;
  // every <emulator> is taken to be the host's binary (as the oracle rewrites it)
  const emulator = ctx.caps.emulator;
  if (dom.os.type !== 'hvm') throw unsupportedConfig(`Emulator '${emulator}' does not support os type '${dom.os.type}'`);
  if (!archSupported(ctx.caps, dom.os.arch)) throw unsupportedConfig(`Emulator '${emulator}' does not support arch '${dom.os.arch}'`);
  if (dom.virtType !== 'qemu' && dom.virtType !== 'kvm') throw unsupportedConfig(`Emulator '${emulator}' does not support virt type '${dom.virtType}'`);
  if (!ctx.accel.machines.has(dom.os.machine ?? '')) throw unsupportedConfig(`Emulator '${emulator}' does not support machine type '${dom.os.machine ?? ''}'`);
}

/** qemuValidateLifecycleAction: also used for the actions given to virDomainSetLifecycleAction. */
export function validateLifecycle(onPoweroff: string, onReboot: string, onCrash: string): void {
  if ([onPoweroff, onReboot, onCrash].includes('rename-restart')) {
    throw unsupportedConfig("qemu driver doesn't support the 'rename-restart' action for 'on_reboot'/'on_poweroff'/'on_crash'");
  }
  if (onPoweroff === 'preserve' || onReboot === 'preserve') {
    throw unsupportedConfig("qemu driver doesn't support the 'preserve' action for 'on_reboot'/'on_poweroff'");
  }
  if (onPoweroff === 'restart' && onReboot === 'destroy') {
    throw unsupportedConfig("qemu driver doesn't support 'onReboot' set to 'destroy and 'onPoweroff' set to 'reboot'");
  }
}

function validateCpu(dom: Domain, cpu: CpuDef): void {
  const addr = cpu.maxPhysAddr;
  if (addr) {
    if (addr.mode === CPU_MAXPHYSADDR_PASSTHROUGH && addr.bits !== -1) {
      throw unsupportedConfig(`CPU maximum physical address bits number specification cannot be used with mode='${CPU_MAXPHYSADDR_MODES[addr.mode]}'`);
    }
  }
  const cache = cpu.cache;
  if (cache) {
    const mode = CPU_CACHE_MODES[cache.mode];
    if (mode === 'emulate' && cache.level !== 3) throw unsupportedConfig(`CPU cache mode '${mode}' can only be used with level='3'`);
    if (mode === 'passthrough' && cpu.mode !== CPU_MODE_HOST_PASSTHROUGH && cpu.mode !== CPU_MODE_MAXIMUM) {
      throw unsupportedConfig(`CPU cache mode '${mode}' can only be used with 'host-passthrough' / 'maximum' CPUs`);
    }
    if (mode !== 'emulate' && cache.level !== -1) throw unsupportedConfig(`unsupported CPU cache level for mode '${mode}'`);
  }
}

/** qemuValidateDomainVCpuTopology */
function validateVcpuTopology(ctx: QemuDefContext): void {
  const { dom } = ctx;
  const online = dom.vcpus.list.filter((v) => v.online).length;
  if (online === 0) throw unsupportedConfig('Domain requires at least 1 vCPU');
  const maxCpus = ctx.machine?.maxCpus ?? 0;
  if (maxCpus > 0 && dom.vcpus.max > maxCpus) throw unsupportedConfig(`Maximum CPUs greater than specified machine type limit ${maxCpus}`);
  // a topology past UINT_MAX is skipped here: the generic validation reports it afterwards
  const topology = vcpusTopology(dom.cpu, { atLeast: (v) => atLeast(ctx.profile, v) });
  if (typeof topology === 'number' && topology !== dom.vcpus.max) throw rejectedAt(child(ctx.root, 'cpu'), unsupportedConfig("CPU topology doesn't match maximum vcpu count"));
}

// the features of IBM POWER guests (qemuValidateDomainDefPSeriesFeature)
const PSERIES_FEATURES = ['hpt', 'htm', 'nested-hv', 'ccf-assist', 'cfpc', 'sbbc', 'ibs'] as const;

/** qemuValidateDomainDefFeatures, for the x86 machines the QEMU mode models. */
function validateFeatures(ctx: QemuDefContext): void {
  const { dom } = ctx;
  const notSupported = (name: string) =>
    unsupportedConfig(`The '${name}' feature is not supported for architecture '${dom.os.arch}' or machine type '${dom.os.machine ?? ''}'`);
  for (const name of PSERIES_FEATURES) if (dom.features.state[name] !== 0) throw notSupported(name);
  if (dom.features.state.gic === ON) throw notSupported('gic');
  const tbCache = dom.features.tcgTbCacheKiB;
  if (tbCache !== undefined && tbCache % 1024n !== 0n) throw unsupportedConfig('tb-cache size must be an integer multiple of MiB');
}

/** qemuValidateDomainDefHypervFeatures: enlightenments that need another one, or a timer. */
function validateHyperv(dom: Domain): void {
  const hv = dom.features.hyperv.features;
  const on = (name: keyof typeof Hyperv) => hv[Hyperv[name]] === ON;
  if (on('stimer')) {
    const clock = dom.clock.timers.some((t) => TIMER_NAMES[t.name] === 'hypervclock' && t.present === ON);
    if (!clock) throw unsupportedConfig("'stimer' hyperv feature requires 'hypervclock' timer");
  }
}

/** qemuValidateDomainDefTPMs */
function validateTpms(dom: Domain): void {
  let proxy = 0;
  let regular = 0;
  for (const tpm of dom.devices.tpms) {
    if (TPM_MODELS[tpm.model] === 'spapr-tpm-proxy') proxy++;
    else regular++;
  }
  if (proxy > 1) throw unsupportedConfig('only a single TPM Proxy device is supported');
  if (regular > 1) throw unsupportedConfig('only a single TPM non-proxy device is supported');
}

// launch security type -> the QEMU object it needs
const LAUNCH_SECURITY_CAPS: Record<string, string> = { sev: 'sev-guest', 'sev-snp': 'sev-snp-guest', tdx: 'tdx-guest' };

function validateLaunchSecurity(ctx: QemuDefContext): void {
  const type = ctx.dom.launchSecurity;
  if (type === undefined) return;
  const cap = LAUNCH_SECURITY_CAPS[type];
  if (cap && !ctx.caps.flags.has(cap)) throw unsupportedConfig(`'${type}' launch security is not supported with this QEMU binary`);
}
