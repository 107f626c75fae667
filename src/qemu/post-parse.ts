/** The QEMU driver's post-parse (qemuDomainDefPostParse and its device callbacks). */
import { xmlError } from '../parse/errors.js';
import { childrenNamed, textOf } from '../parse/xml-tree.js';
import type { QemuDefContext } from './context.js';
import { controllersPostParse, cpuPostParse, setDefaultCpu, tsegPostParse, vcpusPostParse } from './post-parse-checks.js';
import { addDefaultDevices, deviceDefaults, pciRootRejections } from './post-parse-devices.js';
import { isX86 } from './validate-machine.js';

/**
 * virDomainDefPostParseMemory under VIR_DOMAIN_DEF_PARSE_ABI_UPDATE (define): the NUMA cells' total
 * replaces a given <memory>; the generic parse took it only when <memory> was absent.
 */
function memoryFromNuma(ctx: QemuDefContext): void {
  const { mem, numa } = ctx.dom;
  if (!numa.cells.length) return;
  let total = 0n;
  for (const c of numa.cells) total += c.memory;
  for (const m of ctx.dom.devices.memories) total += m.size;
  mem.totalMemory = total;
  if (mem.curBalloon > total) mem.curBalloon = total;
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
  if (!ctx.machine) {
    // an unknown machine, or a guest of another architecture: only the PCI root rejections of
    // post-parse come before validation refuses the architecture, virt type or machine
    pciRootRejections(ctx);
    ctx.partial = true;
    return;
  }
  if (ctx.abiUpdate) memoryFromNuma(ctx);
  addDefaultDevices(ctx);
  vcpusPostParse(ctx);
  cpuPostParse(ctx);
  tsegPostParse(ctx);
  numaCpusRectify(ctx);
  // the device callbacks run after the domain callback (virDomainDefPostParse)
  deviceDefaults(ctx);
  controllersPostParse(ctx);
}
