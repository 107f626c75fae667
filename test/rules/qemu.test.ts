/**
 * The QEMU driver's hook. The oracle runs libvirt's generic parser, which has no hook, so the
 * qemu expectation is libvirt's format string (abi-rules.md §9) and the generic one the oracle's.
 */
import { domainXml, ruleTable } from '../helpers/rule-table.js';

const redir = (controller: string) => domainXml({ devices: `${controller}<redirdev bus='usb' type='tcp'><source mode='connect' host='localhost' service='4000'/></redirdev>` });
const hugeTopology = domainXml({ body: "<cpu><topology sockets='65536' dies='65536' cores='1' threads='2'/></cpu>" });
const backing = (type: string) => domainXml({ body: `<memoryBacking><source type='${type}'/></memoryBacking>` });

ruleTable('qemu', [
  { name: 'memoryBacking source differs, QEMU driver', driver: 'qemu', profiles: ['9.0.0', '12.8.0'], src: backing('file'), dst: backing('memfd'),
    expect: "unsupported configuration: Target memoryBacking source 'memfd' doesn't match source memoryBacking source'file'", rule: 'qemu/memory-backing-source' },
  { name: 'memoryBacking source added, QEMU driver', driver: 'qemu', src: domainXml(), dst: backing('anonymous'),
    expect: "unsupported configuration: Target memoryBacking source 'anonymous' doesn't match source memoryBacking source'none'", rule: 'qemu/memory-backing-source' },
  { name: 'memoryBacking source differs, generic driver', profiles: ['9.0.0', '11.3.0', '12.8.0'], src: backing('file'), dst: backing('memfd'), expect: null },
  { name: 'same memoryBacking source, QEMU driver', driver: 'qemu', src: backing('memfd'), dst: backing('memfd'), expect: null },
  // labelled with ../shared/oracle-qemu (12.8.0): the driver's topology check skips a count past
  // UINT_MAX, and the generic validation after it reports that
  // the QEMU driver adds a USB controller before validation checks the redirdev's bus; define
  // refuses USB devices when USB is off (qemuDomainUSBAddressAddHubs)
  { name: 'USB redirdev without a controller, QEMU driver', driver: 'qemu', src: redir(''), dst: redir(''), expect: 'unsupported configuration: Target device address type none does not match source usb' },
  { name: 'USB redirdev without a controller, generic driver', src: redir(''), dst: redir(''), expect: { error: 'unsupported configuration: cannot add redirected USB device: USB is disabled for this domain', side: 'src' } },
  { name: 'USB redirdev with USB off, QEMU driver', driver: 'qemu', src: redir("<controller type='usb' index='0' model='none'/>"), dst: redir(''),
    expect: { error: 'unsupported configuration: USB is disabled for this domain, but USB devices are present in the domain XML', side: 'src' } },
  { name: 'CPU topology past UINT_MAX, QEMU driver', driver: 'qemu', src: hugeTopology, dst: hugeTopology,
    expect: { error: 'unsupported configuration: cpu topology results in more than 4294967295 cpus', side: 'src' } },
]);
