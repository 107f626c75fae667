// Owned by the platform helper: rules of this family in libvirt's evaluation order.
/**
 * virDomainMemoryDefCheckABIStability. The generic parser rejects memory devices, so these
 * rules only fire for definitions built by a hypervisor driver; kept for completeness.
 */
import type { Domain } from '../model/domain.js';
import { MEMORY_MODELS, type MemoryDeviceDef } from '../model/platform-devices.js';
import { deviceInfoSteps, virtioSteps } from './deviceinfo.js';
import { MEMORY_MODEL_SINCE } from '../parse/memory-device.js';
import { devicePath, differ, HISTORY, list, rule, type Step, sub } from './framework.js';

const FN = 'virDomainMemoryDefCheckABIStability';
const NVDIMM = 2;
const VIRTIO_PMEM = 3;
const VIRTIO_MEM = 4;
const VIRTIO_MEM_SINCE = MEMORY_MODEL_SINCE['virtio-mem'];
/** 9.4.0 restricted block/requested to virtio-mem and added the address rules. */
const SCOPED_SINCE = '9.4.0';

export const memoryDeviceSteps: Step<Domain>[] = [
  list<Domain, MemoryDeviceDef>({
    id: 'memory-device/list', select: (d) => d.devices.memories, itemPath: devicePath('memory'),
    count: rule<readonly MemoryDeviceDef[]>({
      id: 'memory-device/count', family: 'memory-device', libvirtFunction: 'virDomainDefCheckABIStabilityFlags', where: 'devices/memory',
      format: 'Target domain memory device count %1$zu does not match source %2$zu',
      check: (s, d) => differ(s.length, d.length),
    }),
    each: [
      rule<MemoryDeviceDef>({
        id: 'memory-device/model', family: 'memory-device', libvirtFunction: FN, where: '@model',
        format: "Target memory device model '%1$s' doesn't match source model '%2$s'",
        check: (s, d) => differ(s.model, d.model, (m) => MEMORY_MODELS[m]),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/target-node', family: 'memory-device', libvirtFunction: FN, where: 'target/node',
        format: "Target memory device targetNode '%1$d' doesn't match source targetNode '%2$d'",
        check: (s, d) => differ(s.targetNode, d.targetNode),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/size', family: 'memory-device', libvirtFunction: FN, where: 'target/size',
        format: "Target memory device size '%1$llu' doesn't match source memory device size '%2$llu'",
        check: (s, d) => differ(s.size, d.size),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/block', family: 'memory-device', libvirtFunction: FN, where: 'target/block', since: VIRTIO_MEM_SINCE,
        description: `Since 7.9.0, with virtio-mem (formatdomain.rst). ${HISTORY}`,
        format: "Target memory device block size '%1$llu' doesn't match source memory device block size '%2$llu'",
        check: (s, d, ctx) => (ctx.profile.number < 9_004_000 || s.model === VIRTIO_MEM ? differ(s.blockSize, d.blockSize) : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/requested', family: 'memory-device', libvirtFunction: FN, where: 'target/requested', since: VIRTIO_MEM_SINCE,
        description: `Since 7.9.0, with virtio-mem (formatdomain.rst). ${HISTORY}`,
        format: "Target memory device requested size '%1$llu' doesn't match source memory device requested size '%2$llu'",
        check: (s, d, ctx) => (ctx.profile.number < 9_004_000 || s.model === VIRTIO_MEM ? differ(s.requestedSize, d.requestedSize) : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/address', family: 'memory-device', libvirtFunction: FN, where: 'target/address/@base', since: SCOPED_SINCE,
        format: "Target memory device address '0x%1$llx' doesn't match source memory device address '0x%2$llx'",
        check: (s, d) => (s.model === VIRTIO_PMEM || s.model === VIRTIO_MEM ? differ(s.address, d.address) : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/dynamic-memslots', family: 'memory-device', libvirtFunction: FN, where: 'target/@dynamicMemslots', since: '10.1.0',
        format: "Target memory device 'dynamicMemslots' property doesn't match source memory device",
        check: (s, d) => (s.model === VIRTIO_MEM && s.dynamicMemslots !== d.dynamicMemslots ? [] : undefined),
      }),
      // the NVDIMM label and alignment messages print the source value first (a libvirt slip)
      rule<MemoryDeviceDef>({
        id: 'memory-device/nvdimm-label-size', family: 'memory-device', libvirtFunction: FN, where: 'target/label/size',
        format: "Target NVDIMM label size '%1$llu' doesn't match source NVDIMM label size '%2$llu'",
        check: (s, d) => (s.model === NVDIMM && s.labelSize !== d.labelSize ? [s.labelSize, d.labelSize] : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/nvdimm-alignment', family: 'memory-device', libvirtFunction: FN, where: 'source/alignsize',
        format: "Target NVDIMM alignment '%1$llu' doesn't match source NVDIMM alignment '%2$llu'",
        check: (s, d) => (s.model === NVDIMM && s.alignSize !== d.alignSize ? [s.alignSize, d.alignSize] : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/nvdimm-pmem', family: 'memory-device', libvirtFunction: FN, where: 'source/pmem',
        format: "Target NVDIMM pmem flag doesn't match source NVDIMM pmem flag",
        check: (s, d) => (s.model === NVDIMM && s.pmem !== d.pmem ? [] : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/nvdimm-readonly', family: 'memory-device', libvirtFunction: FN, where: 'target/readonly',
        format: "Target NVDIMM readonly flag doesn't match source NVDIMM readonly flag",
        check: (s, d) => (s.model === NVDIMM && s.readonly !== d.readonly ? [] : undefined),
      }),
      rule<MemoryDeviceDef>({
        id: 'memory-device/nvdimm-uuid', family: 'memory-device', libvirtFunction: FN, where: 'uuid',
        format: "Target NVDIMM UUID doesn't match source NVDIMM",
        check: (s, d) => (s.model === NVDIMM && s.uuid !== d.uuid ? [] : undefined),
      }),
      // 11.9.0 added the virtio options compare before the address
      sub<MemoryDeviceDef, MemoryDeviceDef>({
        id: 'memory-device/virtio', select: (m) => m, when: (_s, _d, ctx) => ctx.profile.number >= 11_009_000, condition: 'for memory devices, libvirt 11.9.0 and later', steps: virtioSteps,
      }),
      ...deviceInfoSteps,
    ],
  }),
];
