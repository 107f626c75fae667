/**
 * Every ABI rule in the order virDomainDefCheckABIStabilityFlags evaluates them: identity,
 * memory, NUMA, vCPUs, OS, features, timers, CPU, sysinfo, then each device list.
 */
import type { Domain } from '../model/domain.js';
import { flattenRules, type AbiRule, type Step } from './framework.js';
import { generalSteps } from './general.js';
import { memtuneSteps } from './memtune.js';
import { numaSteps } from './numa.js';
import { vcpuSteps } from './vcpu.js';
import { osSteps } from './os.js';
import { timerSteps } from './timer.js';
import { sysinfoSteps } from './sysinfo.js';
import { featuresSteps } from './features.js';
import { cpuSteps } from './cpu.js';
import { diskSteps } from './disk.js';
import { controllerSteps } from './controller.js';
import { filesystemSteps } from './filesystem.js';
import { hostdevSteps } from './hostdev.js';
import { netSteps } from './net.js';
import { inputSteps } from './input.js';
import { soundSteps } from './sound.js';
import { videoSteps } from './video.js';
import { smartcardSteps } from './smartcard.js';
import { hubSteps } from './hub.js';
import { redirdevSteps } from './redirdev.js';
import { redirfilterSteps } from './redirfilter.js';
import { serialSteps, parallelSteps, channelSteps, consoleSteps } from './chardev.js';
import { watchdogSteps } from './watchdog.js';
import { memballoonSteps } from './memballoon.js';
import { rngSteps } from './rng.js';
import { panicSteps } from './panic.js';
import { shmemSteps } from './shmem.js';
import { tpmSteps } from './tpm.js';
import { memoryDeviceSteps } from './memory-device.js';
import { iommuSteps } from './iommu.js';
import { vsockSteps } from './vsock.js';
import { pstoreSteps } from './pstore.js';
import { qemuSteps } from './qemu.js';

export const registry: readonly Step<Domain>[] = [
  ...generalSteps,
  ...memtuneSteps,
  ...numaSteps,
  ...vcpuSteps,
  ...osSteps,
  ...featuresSteps,
  ...timerSteps,
  ...cpuSteps,
  ...sysinfoSteps,
  ...diskSteps,
  ...controllerSteps,
  ...filesystemSteps,
  ...netSteps,
  ...inputSteps,
  ...soundSteps,
  ...videoSteps,
  ...hostdevSteps,
  ...smartcardSteps,
  ...serialSteps,
  ...parallelSteps,
  ...channelSteps,
  ...consoleSteps,
  ...hubSteps,
  ...redirdevSteps,
  ...redirfilterSteps,
  ...watchdogSteps,
  ...memballoonSteps,
  ...rngSteps,
  ...panicSteps,
  ...shmemSteps,
  ...tpmSteps,
  ...memoryDeviceSteps,
  ...iommuSteps,
  ...vsockSteps,
  ...pstoreSteps,
  ...qemuSteps,
];

export const allRules: readonly AbiRule[] = flattenRules(registry);
