/** The QEMU driver's post-parse (qemuDomainDefPostParse and its device callbacks). */
import type { DeviceInfo } from '../model/device.js';
import type { DevicesDef } from '../model/domain.js';
import { aliasName } from '../parse/device-info.js';
import { xmlError } from '../parse/errors.js';
import { child, childrenNamed, textOf } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';
import { controllersPostParse, cpuPostParse, setDefaultCpu, tsegPostParse, vcpusPostParse } from './post-parse-checks.js';
import { addDefaultDevices, deviceDefaults, pciRootRejections } from './post-parse-devices.js';
import { isX86 } from './validate-machine.js';

/**
 * virDomainDefPostParseMemory under VIR_DOMAIN_DEF_PARSE_ABI_UPDATE (define): the NUMA cells' total
 * replaces a given <memory>; the generic parse took it only when <memory> was absent. Whether this
 * is define is asked only when it would change something: a side that did not ask serves as the
 * other side of a pair with the same text, and most definitions with NUMA cells (dumpxml's)
 * already say their total (asking cost a tenth of a fleet's pairs a second parse).
 */
function memoryFromNuma(ctx: QemuDefContext): void {
  const { mem, numa } = ctx.dom;
  if (!numa.cells.length) return;
  let total = 0n;
  for (const c of numa.cells) total += c.memory;
  for (const m of ctx.dom.devices.memories) total += m.size;
  if ((mem.totalMemory === total && mem.curBalloon <= total) || !ctx.abiUpdate) return;
  mem.totalMemory = total;
  if (mem.curBalloon > total) mem.curBalloon = total;
}

/** Each device list and the element its devices are written as. */
const DEVICE_ELEMENTS: [keyof DevicesDef, string][] = [
  ['disks', 'disk'], ['controllers', 'controller'], ['filesystems', 'filesystem'], ['nets', 'interface'], ['inputs', 'input'],
  ['sounds', 'sound'], ['videos', 'video'], ['hostdevs', 'hostdev'], ['smartcards', 'smartcard'], ['serials', 'serial'],
  ['parallels', 'parallel'], ['channels', 'channel'], ['consoles', 'console'], ['hubs', 'hub'], ['redirdevs', 'redirdev'],
  ['watchdogs', 'watchdog'], ['memballoon', 'memballoon'], ['rngs', 'rng'], ['panics', 'panic'], ['shmems', 'shmem'],
  ['tpms', 'tpm'], ['memories', 'memory'], ['iommus', 'iommu'], ['vsock', 'vsock'], ['pstore', 'pstore'],
];

/**
 * The QEMU driver's parser keeps user aliases (`ua-` prefix, VIR_DOMAIN_DEF_FEATURE_USER_ALIAS)
 * in inactive XML, where the generic one drops every alias: they decide what the migratable copy
 * leaves out, and must be unique.
 */
function userAliases(ctx: QemuDefContext): void {
  const devices = child(ctx.root, 'devices');
  // most definitions have none: one pass over the devices says so, instead of one per device kind
  if (!devices?.children.some((el) => aliasName(el)?.startsWith('ua-'))) return;
  for (const [list, name] of DEVICE_ELEMENTS) {
    const value = ctx.dom.devices[list];
    const items = (Array.isArray(value) ? value : value ? [value] : []) as { info?: DeviceInfo; parentNet?: boolean }[];
    const elements = childrenNamed(devices, name);
    for (const item of items) {
      // an <interface type='hostdev'>'s hostdev is the interface's element
      const at = item.parentNet ? undefined : item.info?.xmlIndex;
      // (a console the generic post-parse made from a serial keeps the serial's position)
      const el = at === undefined ? undefined : elements[at - 1];
      const alias = el && aliasName(el);
      if (alias?.startsWith('ua-')) item.info!.alias = alias;
    }
  }
}

/**
 * qemuDomainDefNumaCPUsRectify: with fewer vCPUs in the NUMA cells than the guest has, node 0
 * takes every vCPU no other node holds (its own mask replaced).
 */
function numaCpusRectify(ctx: QemuDefContext): void {
  const { cells } = ctx.dom.numa;
  const max = ctx.dom.vcpus.max;
  if (!cells.length || cells.reduce((n, c) => n + (c.cpus?.bits.length ?? 0), 0) >= max) return;
  const taken = new Set(cells.slice(1).flatMap((c) => c.cpus?.bits ?? []));
  const bits: number[] = [];
  for (let v = 0; v < max; v++) if (!taken.has(v)) bits.push(v);
  cells[0].cpus = { bits, key: bits.join(',') };
}

/**
 * virSecurityLabelDefsParseXML with the QEMU driver's default security model ('none' on a host
 * without SELinux or AppArmor, as the oracle's): a lone label without a model takes it when it is
 * of type none, or dynamic without a base label, and becomes type none without relabeling;
 * any other lone model-less label is refused. The generic parser has no default model.
 */
function defaultSecurityModel(ctx: QemuDefContext): void {
  const labels = childrenNamed(ctx.root, 'seclabel');
  if (labels.length !== 1 || labels[0].attrs.model !== undefined) return;
  const type = labels[0].attrs.type ?? 'dynamic';
  const baselabel = textOf(childrenNamed(labels[0], 'baselabel')[0]);
  if (type !== 'none' && (type !== 'dynamic' || baselabel)) throw xmlError('missing security model in domain seclabel');
  ctx.dom.seclabels[0] = { model: 'none', relabel: false };
}

/**
 * The first steps of qemuDomainDefPostParse, which the generic post-parse reads (a CPU given
 * without a model gets the default one before the generic check of its `check` attribute):
 * the machine (qemuDomainDefMachinePostParse: an absent one is the emulator's default, an alias
 * is expanded) and the default CPU model.
 */
export function qemuMachinePostParse(ctx: QemuDefContext): void {
  const { dom, accel } = ctx;
  defaultSecurityModel(ctx);
  const name = dom.os.machine ?? accel.defaultMachine;
  const canonical = name === undefined ? undefined : accel.aliases.get(name) ?? name;
  dom.os.machine = canonical;
  ctx.machine = canonical === undefined || !isX86(dom) ? undefined : accel.machines.get(canonical);
  if (ctx.machine) setDefaultCpu(ctx);
}

export function qemuPostParse(ctx: QemuDefContext): void {
  // after the generic post-parse, which makes the input list
  userAliases(ctx);
  if (!ctx.machine) {
    // an unknown machine, or a guest of another architecture: only the PCI root rejections of
    // post-parse come before validation refuses the architecture, virt type or machine
    pciRootRejections(ctx);
    ctx.partial = true;
    return;
  }
  memoryFromNuma(ctx);
  addDefaultDevices(ctx);
  vcpusPostParse(ctx);
  cpuPostParse(ctx);
  tsegPostParse(ctx);
  numaCpusRectify(ctx);
  // the device callbacks run after the domain callback (virDomainDefPostParse)
  deviceDefaults(ctx);
  controllersPostParse(ctx);
}
