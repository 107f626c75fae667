/**
 * Builds the normalised Domain from one domain XML document, as libvirt's generic parser does
 * (VIR_DOMAIN_DEF_PARSE_INACTIVE unless `live`, validation on): parse each section, run the
 * post-parse defaults, then validate. A document libvirt would reject raises DomainParseError.
 */
import type { Domain } from '../model/domain.js';
import { atLeast, type Profile } from '../model/profile.js';
import { parseContext, type ParseOptions } from './context.js';
import { DomainParseError } from './errors.js';
import { parseFeatures, parseCpu, postParseFeaturesCpu, validateFeaturesCpu } from './features-cpu.js';
import { parseGeneral, postParseGeneral, validateGeneral } from './general.js';
import { parsePeripherals, postParsePeripherals, validatePeripherals } from './peripherals.js';
import { parsePlatformDevices, postParsePlatformDevices, validatePlatformDevices } from './platform-devices.js';
import { parseStorage, postParseStorage, validateStorage } from './storage.js';
import { child, parseXmlDocument, type XmlElement } from './xml-tree.js';

/**
 * Element nesting libxml2 allows without XML_PARSE_HUGE: 257 levels up to 2.12 (Debian bookworm
 * and trixie, libvirt 9.0.0 and 11.3.0), 256 from 2.14 (forky, libvirt 12.8.0).
 */
export const maxXmlDepth = (profile: Profile): number => (atLeast(profile, '12.0.0') ? 256 : 257);

const randomDraws = new WeakSet<Domain>();

/** Whether parsing this definition drew random values (then parsing the same text again gives another definition). */
export const drewAtRandom = (dom: Domain): boolean => randomDraws.has(dom);

export function parseDomain(xml: string, profile: Profile, opts: ParseOptions = {}): Domain {
  return parseDomainDocument(xml, profile, opts).dom;
}

/** A parsed document; `validate` is libvirt's generic validation when it was deferred, else a no-op. */
export interface ParsedDocument { root: XmlElement; dom: Domain; validate: () => void }

/**
 * parseDomain, also returning the element tree: a hypervisor driver's post-parse and validation
 * (src/qemu/) read what the ABI model leaves out, without parsing the text again.
 */
export function parseDomainDocument(xml: string, profile: Profile, opts: ParseOptions = {}): ParsedDocument {
  const root = parseXmlDocument(xml, maxXmlDepth(profile));
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
  // libvirt's post-parse: domain-wide defaults first, implicit devices (console compat,
  // default video, implicit controllers) after the devices they derive from, the CPU check last.
  postParseGeneral(dom, ctx);
  postParsePlatformDevices(dom, ctx);
  postParsePeripherals(dom, ctx);
  postParseStorage(dom, ctx);
  postParseFeaturesCpu(dom, ctx);

  if (ctx.draws) randomDraws.add(dom);
  // virDomainDefValidate: every device first, then the domain-wide checks
  const validate = () => {
    validateStorage(dom, ctx);
    validatePeripherals(dom, ctx);
    validatePlatformDevices(dom, ctx);
    validateGeneral(dom, ctx);
    validateFeaturesCpu(dom, ctx);
  };
  if (opts.deferValidation) return { root, dom, validate };
  validate();
  return { root, dom, validate: () => {} };
}
