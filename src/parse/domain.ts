/**
 * Builds the normalised Domain from one domain XML document, as libvirt's generic parser does
 * (VIR_DOMAIN_DEF_PARSE_INACTIVE unless `live`, validation on): parse each section, run the
 * post-parse defaults, then validate. A document libvirt would reject raises DomainParseError.
 */
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { parseContext, type ParseOptions } from './context.js';
import { DomainParseError } from './errors.js';
import { parseFeatures, parseCpu, postParseFeaturesCpu, validateFeaturesCpu } from './features-cpu.js';
import { parseGeneral, postParseGeneral, validateGeneral, validateThrottleGroups } from './general.js';
import { parsePeripherals, postParsePeripherals, validatePeripherals } from './peripherals.js';
import { parsePlatformDevices, postParsePlatformDevices, validatePlatformDevices } from './platform-devices.js';
import { parseStorage, postParseStorage, validateStorage } from './storage.js';
import { child, libxmlOf, parseXmlDocument, type XmlElement } from './xml-tree.js';

const randomDraws = new WeakSet<Domain>();

/** Whether parsing this definition drew random values (then parsing the same text again gives another definition). */
export const drewAtRandom = (dom: Domain): boolean => randomDraws.has(dom);

export function parseDomain(xml: string, profile: Profile, opts: ParseOptions = {}): Domain {
  return parseDomainDocument(xml, profile, opts).dom;
}

/**
 * A hypervisor driver's steps (xmlopt's callbacks), run where libvirt runs them. The generic
 * parser has none; src/qemu/ supplies the QEMU driver's.
 */
export interface DriverHooks {
  /** The driver's post-parse (domain, then devices): before the generic one, which reads its defaults. */
  postParse?(dom: Domain, root: XmlElement): void;
  /** Address assignment: after the generic post-parse has added the implicit devices. */
  assignAddresses?(dom: Domain, root: XmlElement): void;
  /** The driver's validation, with the generic validation (which of several errors comes first is not modelled). */
  validate?(dom: Domain, root: XmlElement): void;
}

/**
 * parseDomain with a driver's steps; also returns the element tree, where a driver reads what
 * the ABI model leaves out, without parsing the text again.
 */
export function parseDomainDocument(xml: string, profile: Profile, opts: ParseOptions = {}, driver?: DriverHooks): { root: XmlElement; dom: Domain } {
  const root = parseXmlDocument(xml, libxmlOf(profile));
  try {
    return parseDefinition(xml, root, profile, opts, driver);
  } catch (err) {
    // the element an error was raised about, as a path the worker can find the line of
    if (err instanceof DomainParseError && err.element && err.path === undefined) err.path = pathOf(root, err.element);
    throw err;
  }
}

/** The path of `el` under `root` (`/domain/devices/disk[2]/target`), or undefined when it is not in the tree (an element libvirt made up). */
export function pathOf(root: XmlElement, el: XmlElement): string | undefined {
  const walk = (node: XmlElement, path: string): string | undefined => {
    if (node === el) return path;
    for (const c of node.children) {
      const found = walk(c, `${path}/${c.name}[${c.index}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(root, `/${root.name}`);
}

function parseDefinition(xml: string, root: XmlElement, profile: Profile, opts: ParseOptions, driver: DriverHooks | undefined): { root: XmlElement; dom: Domain } {
  if (root.name !== 'domain') {
    throw new DomainParseError(`XML error: expecting root element of 'domain', not '${root.name}'`);
  }
  const ctx = parseContext(profile, opts, xml);
  const devices = child(root, 'devices');
  // libvirt's section order, so a file with several errors reports the one libvirt reports
  const general = parseGeneral(root, ctx);
  const cpu = parseCpu(root, ctx);
  const features = parseFeatures(root, ctx);
  const storage = parseStorage(devices, ctx);
  const peripherals = parsePeripherals(devices, ctx);
  const platform = parsePlatformDevices(devices, ctx);
  // every key written out, and the general part extended rather than copied: merging the parts
  // (spread or Object.assign) was ~3 % of a fleet run, and one literal gives every domain one shape
  const dom = general as Domain;
  dom.features = features;
  dom.cpu = cpu;
  dom.devices = {
    disks: storage.disks, controllers: storage.controllers, filesystems: storage.filesystems, hostdevs: storage.hostdevs,
    nets: peripherals.nets, inputs: peripherals.inputs, sounds: peripherals.sounds, videos: peripherals.videos,
    graphics: peripherals.graphics, smartcards: peripherals.smartcards, hubs: peripherals.hubs,
    redirdevs: peripherals.redirdevs, redirfilter: peripherals.redirfilter,
    serials: platform.serials, parallels: platform.parallels, channels: platform.channels, consoles: platform.consoles,
    watchdogs: platform.watchdogs, memballoon: platform.memballoon, rngs: platform.rngs, panics: platform.panics,
    shmems: platform.shmems, tpms: platform.tpms, memories: platform.memories, iommus: platform.iommus,
    vsock: platform.vsock, pstore: platform.pstore,
  };
  driver?.postParse?.(dom, root);
  // libvirt's post-parse: domain-wide defaults first, implicit devices (console compat,
  // default video, implicit controllers) after the devices they derive from, the CPU check last.
  postParseGeneral(dom, ctx);
  postParsePlatformDevices(dom, ctx);
  postParsePeripherals(dom, ctx);
  postParseStorage(dom, ctx);
  postParseFeaturesCpu(dom, ctx);
  driver?.assignAddresses?.(dom, root);

  driver?.validate?.(dom, root);
  // virDomainDefValidate: every device first, then the domain-wide checks
  validateStorage(dom, ctx);
  validatePeripherals(dom, ctx);
  validatePlatformDevices(dom, ctx);
  validateGeneral(dom, ctx);
  validateFeaturesCpu(dom, ctx);
  validateThrottleGroups(dom);
  if (ctx.draws) randomDraws.add(dom);
  return { root, dom };
}
