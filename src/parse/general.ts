// Owned by the general helper: domain identity, memory, NUMA, vCPUs, OS, clock, sysinfo.
/**
 * The non-device, non-feature, non-CPU part of virDomainDefParseXML, its post-parse
 * (virDomainDefPostParseCommon / virDomainDefPostParseCheckFeatures) and validation
 * (virDomainDefValidateInternal), with the generic parser's configuration: inactive parse
 * (live with --live), only the INDIVIDUAL_VCPUS parser feature (so no memory hotplug, no '/'
 * in names, no firmware auto-selection, no default security model).
 */
import type { Domain } from '../model/domain.js';
import type { GeneralDef } from '../model/general.js';
import { SMBIOS_MODES } from '../model/general.js';
import { generateUuid, type ParseContext } from './context.js';
import { bareError, internalError, unsupportedConfig, within, xmlError } from './errors.js';
import { parseBlkiotune, parseMemorySection, parseMemtune } from './general-memory.js';
import {
  parseClock, parseIdmap, parseThrottleGroups, parseKeywrap, parseLaunchSecurity, parseLifecycle, parsePerf, parseResource, parseSeclabels,
  postParseTimers, validateIdmap, validateLifecycle, validateResource,
  type IdmapParsed, type Lifecycle, type ResourceParsed,
} from './general-misc.js';
import { validateAliases } from './aliases.js';
import { parseNuma, parseNumatune, validateNuma, type NumaParsed } from './general-numa.js';
import { parseBootOptions, parseOsCaps, parseVirtType, postParseOs, validateBoot, validateOs, type OsParsed } from './general-os.js';
import { parseSysinfo } from './general-sysinfo.js';
import { firstChild, GENERAL_SINCE, xstr } from './general-util.js';
import { parseCputune, parseIOThreads, parseVcpus, validateCputune, type CputuneParsed } from './general-vcpu.js';
import { NONNEGATIVE, parseUuid, propInt } from './values.js';
import { nodeSet, pathAttr, type XmlElement } from './xml-tree.js';


/** What post-parse and validation need beyond the model (rides along on the domain object). */
interface GeneralAux {
  os: OsParsed;
  numa: NumaParsed;
  resource: ResourceParsed | undefined;
  lifecycle: Lifecycle;
  idmap: IdmapParsed;
  cputune: CputuneParsed;
  threadPools: { min: number; max: number }[];
  blkioPaths: string[];
  /** virDomainDefValidateThrottleGroups' error, if any */
  throttleConflict: string | undefined;
}

const AUX = Symbol('general-aux');

function auxOf(dom: Domain): GeneralAux {
  return (dom as unknown as Record<symbol, GeneralAux>)[AUX];
}

export function parseGeneral(root: XmlElement, ctx: ParseContext): GeneralDef {
  // virDomainDefParseIDs; the id of a running guest is read (and checked) only in live XML
  if (ctx.live) propInt(root, 'id', 10, NONNEGATIVE, -1);
  const name = xstr(firstChild(root, 'name'));
  if (name === undefined) throw bareError('missing name information');
  let uuid: string;
  let uuidGenerated = false;
  const uuidRaw = xstr(firstChild(root, 'uuid'));
  if (uuidRaw === undefined) {
    uuid = generateUuid(ctx);
    uuidGenerated = true;
  } else {
    const u = parseUuid(uuidRaw);
    if (u === undefined) throw internalError('malformed uuid element');
    uuid = u;
  }
  let hwuuid: string | undefined;
  if (ctx.atLeast('11.7.0')) {
    const raw = xstr(firstChild(root, 'hwuuid'));
    if (raw !== undefined) {
      hwuuid = parseUuid(raw);
      if (hwuuid === undefined) throw internalError('malformed hwuuid element');
    }
  }
  const genids = root.children.filter((c) => c.name === 'genid');
  const genid = { requested: false, value: undefined as string | undefined, generated: false };
  if (genids.length) {
    if (genids.length !== 1) throw xmlError("element 'genid' can only appear once");
    genid.requested = true;
    const raw = xstr(genids[0]);
    if (raw === undefined) {
      genid.value = generateUuid(ctx);
      genid.generated = true;
    } else {
      genid.value = parseUuid(raw);
      if (genid.value === undefined) throw internalError('malformed genid element');
    }
  }

  // virDomainDefParseCaps
  const virtType = parseVirtType(root);
  const os = within(firstChild(root, 'os'), () => parseOsCaps(root, virtType, ctx));

  const title = xstr(firstChild(root, 'title'));
  if (title !== undefined && title.includes('\n')) throw xmlError("Domain title can't contain newlines");
  const description = xstr(firstChild(root, 'description'));

  const seclabels = parseSeclabels(root, ctx);
  const mem = parseMemorySection(root);

  // virDomainDefTunablesParse
  const blkioPaths = parseBlkiotune(root);
  parseMemtune(root);
  const vcpus = within(firstChild(root, 'vcpu'), () => parseVcpus(root));
  const iothreads = parseIOThreads(root, ctx.atLeast(GENERAL_SINCE.iothreadPoll));
  const cputune = within(firstChild(root, 'cputune'), () => parseCputune(root, vcpus, iothreads.ids, ctx));

  // (the CPU model is parsed by its own helper here)
  const numaParsed = parseNuma(root, ctx.atLeast(GENERAL_SINCE.numaCacheProps));
  const numa = numaParsed.numa;
  let cpuCount = 0;
  let maxCpuId = 0;
  for (const c of numa.cells) {
    if (!c.cpus) continue;
    cpuCount += c.cpus.bits.length;
    const last = c.cpus.bits[c.cpus.bits.length - 1];
    if (last > maxCpuId) maxCpuId = last;
  }
  if (cpuCount > vcpus.max) throw internalError('Number of CPUs in <numa> exceeds the <vcpu> count');
  if (maxCpuId >= vcpus.max) throw internalError('CPU IDs in <numa> exceed the <vcpu> count');
  parseNumatune(root, numa, vcpus.placement === 'static', ctx.atLeast(GENERAL_SINCE.numatuneRestrictive));
  const resource = parseResource(root);
  // (features are parsed by their own helper here)
  const lifecycle = parseLifecycle(root, ctx.atLeast('12.0.0'));
  parsePerf(root);
  const clock = within(firstChild(root, 'clock'), () => parseClock(root));
  const throttle = ctx.atLeast(GENERAL_SINCE.throttleGroups) ? parseThrottleGroups(root) : { names: [], conflict: undefined };
  const osParsed: OsParsed = { os, bmTimeout: undefined, rebootTimeout: undefined, loaderTypeAttr: 0 };
  parseBootOptions(root, osParsed, ctx);

  // (devices are parsed by their helpers here; what follows comes after them in libvirt)
  const launchSecurity = within(firstChild(root, 'launchSecurity'), () => parseLaunchSecurity(root, ctx));
  const idmap = parseIdmap(root);
  const uuidState = { uuid, generated: uuidGenerated, hwuuid };
  const sysinfo = nodeSet(root, 'sysinfo').map((s) => parseSysinfo(s, uuidState));
  uuid = uuidState.uuid;
  const smbios = pathAttr(root, ['os', 'smbios'], 'mode');
  if (smbios !== undefined) {
    const m = (SMBIOS_MODES as readonly string[]).indexOf(smbios);
    if (m < 0) throw unsupportedConfig(`unknown smbios mode '${smbios}'`);
    os.smbiosMode = m;
  }
  parseKeywrap(root);

  const general: GeneralDef = {
    virtType, uuid, genid, name, title, description, mem, numa, vcpus, iothreadIds: iothreads.ids, os, clock, sysinfo, throttleGroups: throttle.names,
    onPoweroff: lifecycle.onPoweroff, onReboot: lifecycle.onReboot, onCrash: lifecycle.onCrash, launchSecurity,
    seclabels,
  };
  const aux: GeneralAux = {
    os: osParsed, numa: numaParsed, resource, lifecycle, idmap, cputune, threadPools: iothreads.pools, blkioPaths,
    throttleConflict: throttle.conflict,
  };
  (general as unknown as Record<symbol, GeneralAux>)[AUX] = aux;
  return general;
}

/** Memory device sizes (KiB) as the memory-device helper models them. */
function memoryDeviceSizes(dom: Domain): bigint {
  let total = 0n;
  for (const m of dom.devices.memories) total += m.size;
  return total;
}

export function postParseGeneral(dom: Domain, ctx: ParseContext): void {
  const aux = auxOf(dom);
  if (dom.os.type === 'exe' && dom.os.init === undefined) throw xmlError('init binary must be specified');

  // virDomainVcpuDefPostParse
  dom.vcpus.list.forEach((v, i) => {
    if (v.hotpluggable === 0) v.hotpluggable = v.online ? 2 : 1;
    else if (v.hotpluggable === 2 && !v.online) throw unsupportedConfig(`vcpu '${i}' is both offline and not hotpluggable`);
  });

  // virDomainDefPostParseMemory
  const mem = dom.mem;
  let numaMemory = 0n;
  if (mem.totalMemory === 0n) for (const c of dom.numa.cells) numaMemory += c.memory;
  const hotplug = memoryDeviceSizes(dom);
  if (numaMemory) mem.totalMemory = numaMemory + hotplug;
  else if (hotplug > mem.totalMemory) throw xmlError('Total size of memory devices exceeds the total memory size');
  if (mem.totalMemory - hotplug === 0n) {
    throw xmlError('Memory size must be specified via <memory> or in the <numa> configuration');
  }
  if (mem.curBalloon > mem.totalMemory || mem.curBalloon === 0n) mem.curBalloon = mem.totalMemory;
  // newer libvirt checks this after the memory hotplug feature check, which always fails first here
  if (!ctx.atLeast(GENERAL_SINCE.maxMemoryWithoutSlots) && (mem.maxMemory || mem.memorySlots) && !(mem.maxMemory && mem.memorySlots)) {
    throw xmlError('both maximum memory size and memory slot count must be specified');
  }
  if (mem.maxMemory && mem.maxMemory < mem.totalMemory) {
    throw xmlError('maximum memory size must be equal or greater than the actual memory size');
  }

  postParseOs(aux.os);

  // virDomainDefPostParseMemtune: without guest NUMA a hugepage nodeset of just node 0 is dropped
  if (!dom.numa.cells.length) {
    for (const h of mem.hugepages) if (h.nodemask && !h.nodemask.bits.some((b) => b > 0)) h.nodemask = undefined;
  }

  postParseTimers(dom.clock);
}

export function validateGeneral(dom: Domain, ctx: ParseContext): void {
  const aux = auxOf(dom);
  // virDomainDefPostParseCheckFeatures: the last post-parse step, after every device
  if (dom.mem.memorySlots > 0 || dom.mem.maxMemory > 0n) {
    throw unsupportedConfig('memory hotplug tunables <maxMemory> are not supported by this hypervisor driver');
  }
  if (dom.name.includes('/')) throw xmlError(`name ${dom.name} cannot contain '/'`);

  // virDomainDefValidateInternal, in its order (device-related steps belong to other helpers)
  validateResource(aux.resource);
  if (ctx.live) validateAliases(dom);
  validateLifecycle(aux.lifecycle);
  validateMemtune(dom);
  validateOs(aux.os, ctx);
  validateCputune(aux.cputune, ctx.atLeast(GENERAL_SINCE.sharesRange) && !ctx.atLeast(GENERAL_SINCE.sharesRangeDropped));
  validateBoot(aux.os);
  const paths = aux.blkioPaths;
  for (let i = 0; i < paths.length; i++) {
    if (paths.indexOf(paths[i]) !== i) throw unsupportedConfig(`duplicate blkio device path '${paths[i]}'`);
  }
  validateIdmap(aux.idmap);
  validateNuma(dom.numa, aux.numa.interconnects);
  for (const p of aux.threadPools) {
    if (p.max === 0) throw unsupportedConfig('thread_pool_max must be a positive integer');
    if (p.min > p.max) throw unsupportedConfig('thread_pool_min must be smaller or equal to thread_pool_max');
  }
}

/** virDomainDefValidateThrottleGroups: the last step of virDomainDefValidateInternal. */
export function validateThrottleGroups(dom: Domain): void {
  const conflict = auxOf(dom).throttleConflict;
  if (conflict !== undefined) throw bareError(conflict);
}

/** virDomainDefMemtuneValidate: hugepage node sets. */
function validateMemtune(dom: Domain): void {
  const pages = dom.mem.hugepages;
  const pos = dom.numa.cells.length - 1;
  for (let i = 0; i < pages.length; i++) {
    const a = pages[i];
    for (let j = 0; j < i; j++) {
      const b = pages[j];
      if (a.nodemask && b.nodemask && a.nodemask.bits.some((x) => b.nodemask!.bits.includes(x))) {
        throw bareError(`nodeset attribute of hugepages of sizes ${a.size} and ${b.size} intersect`);
      } else if (!a.nodemask && !b.nodemask) {
        throw bareError(`two master hugepages detected: ${a.size} and ${b.size}`);
      }
    }
    if (!a.nodemask) continue;
    const next = a.nodemask.bits.find((x) => x > pos);
    if (next !== undefined) throw bareError(`hugepages: node ${next} not found`);
  }
}
