/**
 * Rules that no XML pair can reach with libvirt's generic parser (it rejects `<memory>` devices
 * and `<maxMemory>`, the hub type and redirdev bus enums have a single value, the guest CPU type
 * and arch are fixed, the qemu hook needs the QEMU driver), run directly on hand-built model
 * fragments. Expected messages are libvirt's format strings (abi-rules.md §3.1, §3.20, §3.24,
 * §3.26, §3.27, §9; domain_conf.c, cpu_conf.c and qemu_domain.c of 9.0.0) rendered by hand.
 */
import test from 'ava';
import type { Address, DeviceInfo, HasInfo } from '../../src/model/device.js';
import type { CpuDef } from '../../src/model/cpu.js';
import type { DevicesDef, Domain } from '../../src/model/domain.js';
import type { MemoryDef } from '../../src/model/general.js';
import type { HubDef, RedirdevDef } from '../../src/model/peripherals.js';
import type { MemoryDeviceDef, PstoreDef } from '../../src/model/platform-devices.js';
import { resolveProfile } from '../../src/model/profile.js';
import { cpuSteps } from '../../src/rules/cpu.js';
import { deviceInfoSteps } from '../../src/rules/deviceinfo.js';
import { planSteps, runSteps, type FoundMismatch, type HypervisorDriver, type Step } from '../../src/rules/framework.js';
import { hubSteps } from '../../src/rules/hub.js';
import { memoryDeviceSteps } from '../../src/rules/memory-device.js';
import { memtuneSteps } from '../../src/rules/memtune.js';
import { pstoreSteps } from '../../src/rules/pstore.js';
import { qemuSteps } from '../../src/rules/qemu.js';
import { redirdevSteps } from '../../src/rules/redirdev.js';
import { allRules } from '../../src/rules/registry.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const OLD = ['9.0.0'];
const NEW = ['11.3.0', '12.8.0'];
const U = 'unsupported configuration: ';

interface DirectCase {
  name: string;
  /** The steps to run: a family's exported steps, or one rule looked up by id. */
  steps: readonly Step[];
  src: unknown;
  dst: unknown;
  profiles?: string[];
  driver?: HypervisorDriver;
  /** null: no mismatch; string: libvirt's message, i.e. the first mismatch found. */
  expect: string | null;
  /** Rule id of the first mismatch. */
  rule?: string;
  /** Number of mismatches the steps find in all (libvirt stops at the first; here a check of extras). */
  count?: number;
}

function ruleById(id: string): Step[] {
  const r = allRules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id} in the registry`);
  return [r];
}

function run(c: DirectCase, profile: string): FoundMismatch[] {
  const out: FoundMismatch[] = [];
  const p = resolveProfile(profile);
  runSteps(planSteps(c.steps, p), c.src, c.dst, { profile: p, skipVolatile: false, driver: c.driver ?? 'generic' }, '/domain', out);
  return out;
}

// ---- model fragments -----------------------------------------------------------------------

const info = (address: Address = { type: 'none' }, extra: Partial<DeviceInfo> = {}): DeviceInfo =>
  ({ address, acpiIndex: 0, bootIndex: 0, xmlIndex: 1, ...extra });

const dimmAddr = (slot: number, base: bigint): Address => ({ type: 'dimm', slot, base });

const MODEL = { dimm: 1, nvdimm: 2, virtioPmem: 3, virtioMem: 4 } as const;

function memDev(over: Partial<MemoryDeviceDef> = {}): MemoryDeviceDef {
  return {
    model: MODEL.dimm, access: 0, discard: 0, targetNode: 0, size: 524288n, blockSize: 0n, requestedSize: 0n,
    labelSize: 0n, alignSize: 0n, pmem: false, readonly: false, uuid: undefined, address: 0n, dynamicMemslots: 0,
    path: undefined, info: info(), virtio: undefined, ...over,
  };
}
const virtioMem = (over: Partial<MemoryDeviceDef> = {}) =>
  memDev({ model: MODEL.virtioMem, size: 1048576n, blockSize: 2048n, requestedSize: 524288n, ...over });
const virtioPmem = (over: Partial<MemoryDeviceDef> = {}) =>
  memDev({ model: MODEL.virtioPmem, size: 1048576n, path: '/tmp/pmem', ...over });
const nvdimm = (over: Partial<MemoryDeviceDef> = {}) =>
  memDev({ model: MODEL.nvdimm, size: 1048576n, labelSize: 128n, path: '/tmp/nvdimm', ...over });

function memory(over: Partial<MemoryDef> = {}): MemoryDef {
  return {
    totalMemory: 1048576n, curBalloon: 1048576n, maxMemory: 0n, memorySlots: 0, dumpCore: 0, hugepages: [],
    nosharepages: false, locked: false, source: 0, access: 0, allocation: 0, discard: 0, ...over,
  };
}

function devices(over: Partial<DevicesDef> = {}): DevicesDef {
  return {
    disks: [], controllers: [], filesystems: [], nets: [], inputs: [], sounds: [], videos: [], graphics: [],
    hostdevs: [], smartcards: [], serials: [], parallels: [], channels: [], consoles: [], hubs: [], redirdevs: [],
    redirfilter: undefined, watchdogs: [], memballoon: undefined, rngs: [], panics: [], shmems: [], tpms: [],
    memories: [], iommus: [], vsock: undefined, pstore: undefined, ...over,
  };
}

/** A domain fragment: only what the memory, CPU and device rules read is filled in. */
function dom(parts: { mem?: Partial<MemoryDef>; devices?: Partial<DevicesDef>; cpu?: CpuDef } = {}): Domain {
  return { mem: memory(parts.mem), devices: devices(parts.devices), cpu: parts.cpu } as unknown as Domain;
}
const mems = (...memories: MemoryDeviceDef[]) => dom({ devices: { memories } });

function cpu(over: Partial<CpuDef> = {}): CpuDef {
  return {
    type: 1, mode: 0, match: 0, check: 0, fallback: 0, migratable: 0, deprecatedFeatures: 0, arch: 'x86_64',
    model: 'Skylake-Client', vendor: undefined, vendorId: undefined, sockets: 1, dies: 1, clusters: 1, cores: 2, threads: 1,
    features: [], cache: undefined, maxPhysAddr: undefined, ...over,
  };
}
const CPU = { host: 0, guest: 1, auto: 2 } as const;

const hub = (type: string, address: Address = { type: 'none' }): HubDef => ({ type, info: info(address), virtio: undefined });
const redirdev = (bus: string, sourceType = 'spicevmc'): RedirdevDef => ({ bus, sourceType, info: info(), virtio: undefined });
const pstore = (backend: number, size = 64n): PstoreDef => ({ backend, path: '/tmp/pstore', size, info: info() });
const withInfo = (address: Address, acpiIndex = 0): HasInfo => ({ info: info(address, { acpiIndex }) });

// ---- cases ---------------------------------------------------------------------------------

const cases: DirectCase[] = [
  // memtune: <maxMemory> and its slots (the generic parser rejects both)
  { name: 'memtune: same maxMemory and slots', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { maxMemory: 8388608n, memorySlots: 16 } }), dst: dom({ mem: { maxMemory: 8388608n, memorySlots: 16 } }), expect: null },
  { name: 'memtune: maxMemory differs', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { maxMemory: 8388608n, memorySlots: 16 } }), dst: dom({ mem: { maxMemory: 16777216n, memorySlots: 16 } }),
    expect: U + "Target maximum memory size '16777216' doesn't match source '8388608'", rule: 'memtune/max-memory', count: 1 },
  { name: 'memtune: maxMemory dropped by the target', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { maxMemory: 8388608n, memorySlots: 0 } }), dst: dom({ mem: { maxMemory: 0n, memorySlots: 0 } }),
    expect: U + "Target maximum memory size '0' doesn't match source '8388608'", rule: 'memtune/max-memory' },
  { name: 'memtune: memory slots differ', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { maxMemory: 8388608n, memorySlots: 16 } }), dst: dom({ mem: { maxMemory: 8388608n, memorySlots: 32 } }),
    expect: U + "Target domain memory slots count '32' doesn't match source '16'", rule: 'memtune/memory-slots', count: 1 },
  { name: 'memtune: maxMemory is compared before the slots', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { maxMemory: 8388608n, memorySlots: 16 } }), dst: dom({ mem: { maxMemory: 4194304n, memorySlots: 8 } }),
    expect: U + "Target maximum memory size '4194304' doesn't match source '8388608'", rule: 'memtune/max-memory' },
  { name: 'memtune: current memory comes before maxMemory', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { curBalloon: 1048576n, maxMemory: 8388608n } }), dst: dom({ mem: { curBalloon: 524288n, maxMemory: 4194304n } }),
    expect: U + 'Target domain current memory 524288 does not match source 1048576', rule: 'memtune/current-memory' },
  { name: 'memtune: initial memory excludes memory devices', steps: memtuneSteps, profiles: ALL,
    src: dom({ mem: { totalMemory: 1572864n }, devices: { memories: [memDev({ size: 524288n })] } }),
    dst: dom({ mem: { totalMemory: 1048576n } }), expect: null },
  { name: 'memory-slots rule called alone', steps: ruleById('memtune/memory-slots'), profiles: ALL,
    src: dom({ mem: { memorySlots: 0 } }), dst: dom({ mem: { memorySlots: 4 } }),
    expect: U + "Target domain memory slots count '4' doesn't match source '0'", rule: 'memtune/memory-slots' },

  // CPU type (always guest from the domain parser) and arch (never set by it)
  { name: 'cpu: same type and arch', steps: cpuSteps, profiles: ALL, src: dom({ cpu: cpu() }), dst: dom({ cpu: cpu() }), expect: null },
  { name: 'cpu: type guest -> host', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu() }), dst: dom({ cpu: cpu({ type: CPU.host }) }),
    expect: U + 'Target CPU type host does not match source guest', rule: 'cpu/type', count: 1 },
  { name: 'cpu: type auto -> guest', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu({ type: CPU.auto }) }), dst: dom({ cpu: cpu() }),
    expect: U + 'Target CPU type guest does not match source auto', rule: 'cpu/type' },
  { name: 'cpu: type is compared before mode', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu() }), dst: dom({ cpu: cpu({ type: CPU.host, mode: 2 }) }),
    expect: U + 'Target CPU type host does not match source guest', rule: 'cpu/type' },
  { name: 'cpu: arch differs', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu({ arch: 'x86_64' }) }), dst: dom({ cpu: cpu({ arch: 'aarch64' }) }),
    expect: U + 'Target CPU arch aarch64 does not match source x86_64', rule: 'cpu/arch', count: 1 },
  { name: 'cpu: arch unset on the source', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu({ arch: 'none' }) }), dst: dom({ cpu: cpu({ arch: 'ppc64le' }) }),
    expect: U + 'Target CPU arch ppc64le does not match source none', rule: 'cpu/arch' },
  { name: 'cpu: check is compared before arch', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu({ check: 0 }) }), dst: dom({ cpu: cpu({ check: 3, arch: 'aarch64' }) }),
    expect: U + 'Target CPU check full does not match source default', rule: 'cpu/check' },
  { name: 'cpu: arch is compared before model', steps: cpuSteps, profiles: ALL,
    src: dom({ cpu: cpu() }), dst: dom({ cpu: cpu({ arch: 's390x', model: 'z14' }) }),
    expect: U + 'Target CPU arch s390x does not match source x86_64', rule: 'cpu/arch' },
  { name: 'cpu type rule called alone', steps: ruleById('cpu/type'), profiles: ALL,
    src: cpu({ type: CPU.host }), dst: cpu({ type: CPU.auto }),
    expect: U + 'Target CPU type auto does not match source host', rule: 'cpu/type' },

  // dimm addresses (memory devices only)
  { name: 'deviceinfo: same dimm address', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(1, 0x100000000n)), dst: withInfo(dimmAddr(1, 0x100000000n)), expect: null },
  { name: 'deviceinfo: dimm slot differs', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(0, 0x100000000n)), dst: withInfo(dimmAddr(1, 0x100000000n)),
    expect: U + 'Target device dimm slot 1 does not match source 0', rule: 'deviceinfo/dimm-slot', count: 1 },
  { name: 'deviceinfo: dimm slot printed unsigned', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(2, 0n)), dst: withInfo(dimmAddr(4294967295, 0n)),
    expect: U + 'Target device dimm slot 4294967295 does not match source 2', rule: 'deviceinfo/dimm-slot' },
  { name: 'deviceinfo: dimm base differs', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(1, 0x100000000n)), dst: withInfo(dimmAddr(1, 0x140000000n)),
    expect: U + "Target device dimm base address '140000000' does not match source '100000000'", rule: 'deviceinfo/dimm-base', count: 1 },
  { name: 'deviceinfo: dimm base in lower-case hex without 0x', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(3, 0xfffff0000000n)), dst: withInfo(dimmAddr(3, 0x0n)),
    expect: U + "Target device dimm base address '0' does not match source 'fffff0000000'", rule: 'deviceinfo/dimm-base' },
  { name: 'deviceinfo: slot and base differ, only the slot is reported', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(0, 0x100000000n)), dst: withInfo(dimmAddr(5, 0x180000000n)),
    expect: U + 'Target device dimm slot 5 does not match source 0', rule: 'deviceinfo/dimm-slot', count: 1 },
  { name: 'deviceinfo: dimm vs no address stops at the type', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo({ type: 'none' }), dst: withInfo(dimmAddr(0, 0x100000000n)),
    expect: U + 'Target device address type dimm does not match source none', rule: 'deviceinfo/address-type', count: 1 },
  { name: 'deviceinfo: dimm address before the ACPI index', steps: deviceInfoSteps, profiles: ALL,
    src: withInfo(dimmAddr(0, 0n), 1), dst: withInfo(dimmAddr(0, 0x1000n), 2),
    expect: U + "Target device dimm base address '1000' does not match source '0'", rule: 'deviceinfo/dimm-base', count: 2 },
  { name: 'dimm base rule called alone', steps: ruleById('deviceinfo/dimm-base'), profiles: ALL,
    src: dimmAddr(7, 0xabcdef00n), dst: dimmAddr(7, 0xabcdef01n),
    expect: U + "Target device dimm base address 'abcdef01' does not match source 'abcdef00'", rule: 'deviceinfo/dimm-base' },
  { name: 'dimm slot of a memory device', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ info: info(dimmAddr(0, 0x100000000n)) })), dst: mems(memDev({ info: info(dimmAddr(2, 0x100000000n)) })),
    expect: U + 'Target device dimm slot 2 does not match source 0', rule: 'deviceinfo/dimm-slot' },

  // hub type and redirdev bus: single-valued enums, so a second value is hand-built
  { name: 'hub: same type', steps: hubSteps, profiles: ALL,
    src: dom({ devices: { hubs: [hub('usb')] } }), dst: dom({ devices: { hubs: [hub('usb')] } }), expect: null },
  { name: 'hub: type differs', steps: hubSteps, profiles: ALL,
    src: dom({ devices: { hubs: [hub('usb')] } }), dst: dom({ devices: { hubs: [hub('pci')] } }),
    expect: U + 'Target hub device type pci does not match source usb', rule: 'hub/type', count: 1 },
  { name: 'hub: type of the second hub, before its address', steps: hubSteps, profiles: ALL,
    src: dom({ devices: { hubs: [hub('usb'), hub('usb')] } }),
    dst: dom({ devices: { hubs: [hub('usb'), hub('xhci', { type: 'usb', bus: 0, port: '1' })] } }),
    expect: U + 'Target hub device type xhci does not match source usb', rule: 'hub/type' },
  { name: 'redirdev: same bus', steps: redirdevSteps, profiles: ALL,
    src: dom({ devices: { redirdevs: [redirdev('usb')] } }), dst: dom({ devices: { redirdevs: [redirdev('usb')] } }), expect: null },
  { name: 'redirdev: bus differs', steps: redirdevSteps, profiles: ALL,
    src: dom({ devices: { redirdevs: [redirdev('usb')] } }), dst: dom({ devices: { redirdevs: [redirdev('pci')] } }),
    expect: U + 'Target redirected device bus pci does not match source usb', rule: 'redirdev/bus', count: 1 },
  { name: 'redirdev: bus is compared before the source type', steps: redirdevSteps, profiles: ALL,
    src: dom({ devices: { redirdevs: [redirdev('usb', 'spicevmc')] } }), dst: dom({ devices: { redirdevs: [redirdev('scsi', 'tcp')] } }),
    expect: U + 'Target redirected device bus scsi does not match source usb', rule: 'redirdev/bus' },
  { name: 'redirdev bus rule called alone', steps: ruleById('redirdev/bus'), profiles: ALL,
    src: redirdev('isa'), dst: redirdev('usb'),
    expect: U + 'Target redirected device bus usb does not match source isa', rule: 'redirdev/bus' },

  // net model strings: libvirt keeps a model it has no enum value for as a string, which every
  // driver's post-parse then rejects (abi-diff likewise), so only a hand-built NIC reaches the compare
  { name: 'net model string rule: same string', steps: ruleById('net/model-string'), profiles: ALL,
    src: { modelstr: 'ne2k_isa' }, dst: { modelstr: 'ne2k_isa' }, expect: null },
  { name: 'net model string rule: strings differ', steps: ruleById('net/model-string'), profiles: ALL,
    src: { modelstr: 'ne2k_isa' }, dst: { modelstr: 'lance' },
    expect: U + 'Target network card model lance does not match source ne2k_isa', rule: 'net/model-string', count: 1 },
  { name: 'net model string rule: NULLSTR for a missing string', steps: ruleById('net/model-string'), profiles: ALL,
    src: { modelstr: 'ne2k_isa' }, dst: { modelstr: undefined },
    expect: U + 'Target network card model <null> does not match source ne2k_isa', rule: 'net/model-string' },

  // memory devices (virDomainMemoryDefCheckABIStability)
  { name: 'memory: identical devices of every model', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ info: info(dimmAddr(0, 0x100000000n)) }), nvdimm({ uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809', pmem: true }), virtioPmem({ address: 0x180000000n }), virtioMem({ address: 0x200000000n, dynamicMemslots: 1 })),
    dst: mems(memDev({ info: info(dimmAddr(0, 0x100000000n)) }), nvdimm({ uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809', pmem: true }), virtioPmem({ address: 0x180000000n }), virtioMem({ address: 0x200000000n, dynamicMemslots: 1 })),
    expect: null },
  { name: 'memory: device added', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev()), dst: mems(memDev(), memDev()),
    expect: U + 'Target domain memory device count 2 does not match source 1', rule: 'memory-device/count', count: 1 },
  { name: 'memory: device removed', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev(), virtioMem()), dst: mems(),
    expect: U + 'Target domain memory device count 0 does not match source 2', rule: 'memory-device/count' },
  { name: 'memory count rule called alone', steps: ruleById('memory-device/count'), profiles: ALL,
    src: [memDev(), memDev(), memDev()], dst: [memDev()],
    expect: U + 'Target domain memory device count 1 does not match source 3', rule: 'memory-device/count' },
  { name: 'memory: model dimm -> nvdimm', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev()), dst: mems(nvdimm({ size: 524288n })),
    expect: U + "Target memory device model 'nvdimm' doesn't match source model 'dimm'", rule: 'memory-device/model', count: 1 },
  { name: 'memory: model virtio-pmem -> virtio-mem, before any size', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioPmem()), dst: mems(virtioMem({ size: 2097152n })),
    expect: U + "Target memory device model 'virtio-mem' doesn't match source model 'virtio-pmem'", rule: 'memory-device/model' },
  { name: 'memory: target node differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ targetNode: 0 })), dst: mems(memDev({ targetNode: 1 })),
    expect: U + "Target memory device targetNode '1' doesn't match source targetNode '0'", rule: 'memory-device/target-node', count: 1 },
  { name: 'memory: target node absent (-1) on the source', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ targetNode: -1 })), dst: mems(memDev({ targetNode: 0 })),
    expect: U + "Target memory device targetNode '0' doesn't match source targetNode '-1'", rule: 'memory-device/target-node' },
  { name: 'memory: size differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ size: 524288n })), dst: mems(memDev({ size: 1048576n })),
    expect: U + "Target memory device size '1048576' doesn't match source memory device size '524288'", rule: 'memory-device/size', count: 1 },
  { name: 'memory: size of the second device', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev(), memDev({ size: 262144n })), dst: mems(memDev(), memDev({ size: 131072n })),
    expect: U + "Target memory device size '131072' doesn't match source memory device size '262144'", rule: 'memory-device/size' },
  { name: 'memory: size before block', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioMem()), dst: mems(virtioMem({ size: 2097152n, blockSize: 4096n })),
    expect: U + "Target memory device size '2097152' doesn't match source memory device size '1048576'", rule: 'memory-device/size' },
  { name: 'memory: virtio-mem block size differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioMem({ blockSize: 2048n })), dst: mems(virtioMem({ blockSize: 4096n })),
    expect: U + "Target memory device block size '4096' doesn't match source memory device block size '2048'", rule: 'memory-device/block', count: 1 },
  { name: 'memory: dimm block size compared by 9.0.0', steps: memoryDeviceSteps, profiles: OLD,
    src: mems(memDev({ blockSize: 0n })), dst: mems(memDev({ blockSize: 2048n })),
    expect: U + "Target memory device block size '2048' doesn't match source memory device block size '0'", rule: 'memory-device/block' },
  { name: 'memory: dimm block size ignored since 9.4.0', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(memDev({ blockSize: 0n })), dst: mems(memDev({ blockSize: 2048n })), expect: null },
  { name: 'memory: virtio-mem requested size differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioMem({ requestedSize: 524288n })), dst: mems(virtioMem({ requestedSize: 262144n })),
    expect: U + "Target memory device requested size '262144' doesn't match source memory device requested size '524288'", rule: 'memory-device/requested', count: 1 },
  { name: 'memory: block before requested', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioMem({ blockSize: 2048n, requestedSize: 524288n })), dst: mems(virtioMem({ blockSize: 8192n, requestedSize: 0n })),
    expect: U + "Target memory device block size '8192' doesn't match source memory device block size '2048'", rule: 'memory-device/block' },
  { name: 'memory: nvdimm requested size compared by 9.0.0', steps: memoryDeviceSteps, profiles: OLD,
    src: mems(nvdimm({ requestedSize: 1024n })), dst: mems(nvdimm({ requestedSize: 0n })),
    expect: U + "Target memory device requested size '0' doesn't match source memory device requested size '1024'", rule: 'memory-device/requested' },
  { name: 'memory: nvdimm requested size ignored since 9.4.0', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(nvdimm({ requestedSize: 1024n })), dst: mems(nvdimm({ requestedSize: 0n })), expect: null },
  { name: 'memory: virtio-pmem address (9.4.0+)', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioPmem({ address: 0x140000000n })), dst: mems(virtioPmem({ address: 0x180000000n })),
    expect: U + "Target memory device address '0x180000000' doesn't match source memory device address '0x140000000'", rule: 'memory-device/address', count: 1 },
  { name: 'memory: virtio-pmem address unknown to 9.0.0', steps: memoryDeviceSteps, profiles: OLD,
    src: mems(virtioPmem({ address: 0x140000000n })), dst: mems(virtioPmem({ address: 0x180000000n })), expect: null },
  { name: 'memory: virtio-mem address set on the target only', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioMem({ address: 0n })), dst: mems(virtioMem({ address: 0x1fffe00000n })),
    expect: U + "Target memory device address '0x1fffe00000' doesn't match source memory device address '0x0'", rule: 'memory-device/address' },
  { name: 'memory: virtio-mem address unknown to 9.0.0', steps: memoryDeviceSteps, profiles: OLD,
    src: mems(virtioMem({ address: 0n })), dst: mems(virtioMem({ address: 0x1fffe00000n })), expect: null },
  { name: 'memory: no target address for dimm or nvdimm', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ address: 0x100000000n }), nvdimm({ address: 0x100000000n })), dst: mems(memDev({ address: 0n }), nvdimm({ address: 0n })), expect: null },
  { name: 'memory: requested before address', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioMem({ requestedSize: 524288n, address: 0x100000000n })), dst: mems(virtioMem({ requestedSize: 1048576n, address: 0x200000000n })),
    expect: U + "Target memory device requested size '1048576' doesn't match source memory device requested size '524288'", rule: 'memory-device/requested' },
  { name: 'memory: dynamicMemslots set on the target (10.1.0+)', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioMem({ dynamicMemslots: 0 })), dst: mems(virtioMem({ dynamicMemslots: 1 })),
    expect: U + "Target memory device 'dynamicMemslots' property doesn't match source memory device", rule: 'memory-device/dynamic-memslots', count: 1 },
  { name: 'memory: dynamicMemslots yes -> no (10.1.0+)', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioMem({ dynamicMemslots: 1 })), dst: mems(virtioMem({ dynamicMemslots: 2 })),
    expect: U + "Target memory device 'dynamicMemslots' property doesn't match source memory device", rule: 'memory-device/dynamic-memslots' },
  { name: 'memory: dynamicMemslots unknown to 9.0.0', steps: memoryDeviceSteps, profiles: OLD,
    src: mems(virtioMem({ dynamicMemslots: 0 })), dst: mems(virtioMem({ dynamicMemslots: 1 })), expect: null },
  { name: 'memory: dynamicMemslots only for virtio-mem', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(virtioPmem({ dynamicMemslots: 0 }), memDev({ dynamicMemslots: 1 })), dst: mems(virtioPmem({ dynamicMemslots: 1 }), memDev({ dynamicMemslots: 2 })), expect: null },
  { name: 'memory: address before dynamicMemslots', steps: memoryDeviceSteps, profiles: NEW,
    src: mems(virtioMem({ address: 0x100000000n, dynamicMemslots: 1 })), dst: mems(virtioMem({ address: 0x100200000n, dynamicMemslots: 2 })),
    expect: U + "Target memory device address '0x100200000' doesn't match source memory device address '0x100000000'", rule: 'memory-device/address' },
  { name: 'memory: nvdimm label size prints the source first', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ labelSize: 128n })), dst: mems(nvdimm({ labelSize: 256n })),
    expect: U + "Target NVDIMM label size '128' doesn't match source NVDIMM label size '256'", rule: 'memory-device/nvdimm-label-size', count: 1 },
  { name: 'memory: nvdimm label removed on the target', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ labelSize: 512n })), dst: mems(nvdimm({ labelSize: 0n })),
    expect: U + "Target NVDIMM label size '512' doesn't match source NVDIMM label size '0'", rule: 'memory-device/nvdimm-label-size' },
  { name: 'memory: nvdimm alignment prints the source first', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ alignSize: 2048n })), dst: mems(nvdimm({ alignSize: 4096n })),
    expect: U + "Target NVDIMM alignment '2048' doesn't match source NVDIMM alignment '4096'", rule: 'memory-device/nvdimm-alignment', count: 1 },
  { name: 'memory: nvdimm label before alignment', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ labelSize: 128n, alignSize: 0n })), dst: mems(nvdimm({ labelSize: 1024n, alignSize: 2048n })),
    expect: U + "Target NVDIMM label size '128' doesn't match source NVDIMM label size '1024'", rule: 'memory-device/nvdimm-label-size' },
  { name: 'memory: nvdimm pmem flag differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ pmem: false })), dst: mems(nvdimm({ pmem: true })),
    expect: U + "Target NVDIMM pmem flag doesn't match source NVDIMM pmem flag", rule: 'memory-device/nvdimm-pmem', count: 1 },
  { name: 'memory: nvdimm alignment before pmem', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ alignSize: 4096n, pmem: true })), dst: mems(nvdimm({ alignSize: 8192n, pmem: false })),
    expect: U + "Target NVDIMM alignment '4096' doesn't match source NVDIMM alignment '8192'", rule: 'memory-device/nvdimm-alignment' },
  { name: 'memory: nvdimm readonly flag differs', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ readonly: true })), dst: mems(nvdimm({ readonly: false })),
    expect: U + "Target NVDIMM readonly flag doesn't match source NVDIMM readonly flag", rule: 'memory-device/nvdimm-readonly', count: 1 },
  { name: 'memory: nvdimm pmem before readonly', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ pmem: true, readonly: true })), dst: mems(nvdimm({ pmem: false, readonly: false })),
    expect: U + "Target NVDIMM pmem flag doesn't match source NVDIMM pmem flag", rule: 'memory-device/nvdimm-pmem' },
  { name: 'memory: nvdimm uuid added on the target', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm()), dst: mems(nvdimm({ uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6a' })),
    expect: U + "Target NVDIMM UUID doesn't match source NVDIMM", rule: 'memory-device/nvdimm-uuid', count: 1 },
  { name: 'memory: nvdimm uuid removed on the target', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6a' })), dst: mems(nvdimm()),
    expect: U + "Target NVDIMM UUID doesn't match source NVDIMM", rule: 'memory-device/nvdimm-uuid' },
  { name: 'memory: nvdimm uuids differ', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6a' })), dst: mems(nvdimm({ uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6b' })),
    expect: U + "Target NVDIMM UUID doesn't match source NVDIMM", rule: 'memory-device/nvdimm-uuid' },
  { name: 'memory: nvdimm readonly before uuid', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ readonly: false })), dst: mems(nvdimm({ readonly: true, uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6a' })),
    expect: U + "Target NVDIMM readonly flag doesn't match source NVDIMM readonly flag", rule: 'memory-device/nvdimm-readonly' },
  { name: 'memory: nvdimm fields ignored for other models', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(memDev({ labelSize: 128n, alignSize: 2048n, pmem: true, readonly: true, uuid: '9d34bd0a-2a0e-4a51-8e38-7f0c4d2f1d6a' }), virtioPmem({ readonly: true })),
    dst: mems(memDev({ labelSize: 256n, alignSize: 0n, pmem: false, readonly: false }), virtioPmem({ readonly: false })), expect: null },
  { name: 'memory: model before nvdimm fields', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ labelSize: 128n })), dst: mems(memDev({ size: 1048576n, labelSize: 256n })),
    expect: U + "Target memory device model 'dimm' doesn't match source model 'nvdimm'", rule: 'memory-device/model' },
  { name: 'memory: device address after the model rules', steps: memoryDeviceSteps, profiles: ALL,
    src: mems(nvdimm({ info: info({ type: 'none' }) })), dst: mems(nvdimm({ info: info(dimmAddr(0, 0n)) })),
    expect: U + 'Target device address type dimm does not match source none', rule: 'deviceinfo/address-type' },

  // pstore backend (single-valued enum; 10.6.0+)
  { name: 'pstore: same backend', steps: pstoreSteps, profiles: ALL,
    src: dom({ devices: { pstore: pstore(0) } }), dst: dom({ devices: { pstore: pstore(0) } }), expect: null },
  { name: 'pstore: backend differs (10.6.0+)', steps: pstoreSteps, profiles: NEW,
    src: dom({ devices: { pstore: pstore(0) } }), dst: dom({ devices: { pstore: pstore(1) } }),
    expect: U + "Target pstore device backend '(null)' does not match source 'acpi-erst'", rule: 'pstore/backend', count: 1 },
  { name: 'pstore: backend not compared by 9.0.0', steps: pstoreSteps, profiles: OLD,
    src: dom({ devices: { pstore: pstore(0) } }), dst: dom({ devices: { pstore: pstore(1) } }), expect: null },
  { name: 'pstore: backend before size', steps: pstoreSteps, profiles: NEW,
    src: dom({ devices: { pstore: pstore(1, 64n) } }), dst: dom({ devices: { pstore: pstore(0, 128n) } }),
    expect: U + "Target pstore device backend 'acpi-erst' does not match source '(null)'", rule: 'pstore/backend' },
  { name: 'pstore backend rule called alone', steps: ruleById('pstore/backend'), profiles: NEW,
    src: pstore(0), dst: pstore(2),
    expect: U + "Target pstore device backend '(null)' does not match source 'acpi-erst'", rule: 'pstore/backend' },
  { name: 'pstore backend rule called alone, 9.0.0', steps: ruleById('pstore/backend'), profiles: OLD,
    src: pstore(0), dst: pstore(2), expect: null },

  // the QEMU driver's memory device alias check (source alias printed first)
  { name: 'qemu: same aliases', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) }), virtioMem({ info: info(undefined, { alias: 'virtiomem1' }) })),
    dst: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) }), virtioMem({ info: info(undefined, { alias: 'virtiomem1' }) })), expect: null },
  { name: 'qemu: alias differs, labels swapped', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) })), dst: mems(memDev({ info: info(undefined, { alias: 'dimm1' }) })),
    expect: U + "Target memory device alias 'dimm0' doesn't match source alias 'dimm1'", rule: 'qemu/memory-device-alias', count: 1 },
  { name: 'qemu: alias of the second device', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) }), nvdimm({ info: info(undefined, { alias: 'nvdimm1' }) })),
    dst: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) }), nvdimm({ info: info(undefined, { alias: 'nvdimm3' }) })),
    expect: U + "Target memory device alias 'nvdimm1' doesn't match source alias 'nvdimm3'", rule: 'qemu/memory-device-alias' },
  { name: 'qemu: alias differs, generic driver', steps: qemuSteps, profiles: ALL,
    src: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) })), dst: mems(memDev({ info: info(undefined, { alias: 'dimm1' }) })), expect: null },
  { name: 'qemu: no alias on either side', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev()), dst: mems(memDev()), expect: null },
  // NULLSTR() in qemuDomainABIStabilityCheck: a missing alias prints <null>
  { name: 'qemu: alias missing on the source prints <null>', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev()), dst: mems(memDev({ info: info(undefined, { alias: 'dimm0' }) })),
    expect: U + "Target memory device alias '<null>' doesn't match source alias 'dimm0'", rule: 'qemu/memory-device-alias' },
  { name: 'qemu: alias missing on the target prints <null>', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: mems(memDev({ info: info(undefined, { alias: 'ua-mem' }) })), dst: mems(memDev()),
    expect: U + "Target memory device alias 'ua-mem' doesn't match source alias '<null>'", rule: 'qemu/memory-device-alias' },
  { name: 'qemu: memoryBacking source before the aliases', steps: qemuSteps, driver: 'qemu', profiles: ALL,
    src: dom({ mem: { source: 1 }, devices: { memories: [memDev({ info: info(undefined, { alias: 'dimm0' }) })] } }),
    dst: dom({ mem: { source: 3 }, devices: { memories: [memDev({ info: info(undefined, { alias: 'dimm1' }) })] } }),
    expect: U + "Target memoryBacking source 'memfd' doesn't match source memoryBacking source'file'", rule: 'qemu/memory-backing-source' },
];

// ---- the tests -----------------------------------------------------------------------------

for (const c of cases) {
  for (const profile of c.profiles ?? ALL) {
    test(`direct: ${c.name} [${profile}]`, (t) => {
      const out = run(c, profile);
      if (c.expect === null) {
        t.deepEqual(out.map((m) => m.message), []);
        return;
      }
      t.is(out[0]?.message, c.expect);
      if (c.rule) t.is(out[0]?.rule, c.rule);
      if (c.count !== undefined) t.is(out.length, c.count, JSON.stringify(out.map((m) => m.rule)));
    });
  }
}

/** The rules this file exists for: each needs a case that reports it, and one where it stays silent. */
const TARGETS = [
  'memtune/max-memory', 'memtune/memory-slots', 'cpu/type', 'cpu/arch', 'deviceinfo/dimm-slot', 'deviceinfo/dimm-base',
  'hub/type', 'redirdev/bus', 'memory-device/count', 'memory-device/model', 'memory-device/target-node',
  'memory-device/size', 'memory-device/block', 'memory-device/requested', 'memory-device/address',
  'memory-device/dynamic-memslots', 'memory-device/nvdimm-label-size', 'memory-device/nvdimm-alignment',
  'memory-device/nvdimm-pmem', 'memory-device/nvdimm-readonly', 'memory-device/nvdimm-uuid', 'pstore/backend',
  'qemu/memory-device-alias', 'net/model-string',
];

test('direct: every target rule is in the registry and has a reporting case', (t) => {
  const ids = new Set(allRules.map((r) => r.id));
  t.deepEqual(TARGETS.filter((id) => !ids.has(id)), [], 'unknown rule ids');
  const reported = new Set(cases.filter((c) => typeof c.expect === 'string').map((c) => c.rule));
  t.deepEqual(TARGETS.filter((id) => !reported.has(id)), [], 'rules without a mismatch case');
  t.true(cases.some((c) => c.expect === null), 'no compatible case');
});
