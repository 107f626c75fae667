// Owned by the peripherals helper.
import type { Domain, DevicesDef } from '../model/domain.js';
import type { HasInfo } from '../model/device.js';
import { featureValue } from '../model/features.js';
import type { InputDef, VideoDef } from '../model/peripherals.js';
import { parseAudio, validateAudio, ensureAudioId, type AudioDef } from './audio.js';
import type { ParseContext } from './context.js';
import { hasUsb } from './controller.js';
import { checkEach, parseEach, unsupportedConfig } from './errors.js';
import { parseGraphics, validateGraphics, type GraphicsExtra } from './graphics.js';
import { parseHub } from './hub.js';
import { parseInput, validateInput, type InputDomainFacts, type InputExtra } from './input.js';
import { parseNet, postParseNet, validateNet, type NetExtra } from './net.js';
import { parseRedirdev, parseRedirFilter, validateRedirdev, type RedirdevExtra } from './redirdev.js';
import { parseSmartcard, validateSmartcard, type SmartcardExtra } from './smartcard.js';
import { parseSound } from './sound.js';
import { emptyVideo, parseVideo, postParseVideo, validateVideo, validateVideos } from './video.js';
import { childrenNamed, type XmlElement } from './xml-tree.js';

export type PeripheralsPart = Pick<DevicesDef, 'nets' | 'inputs' | 'sounds' | 'videos' | 'graphics' | 'smartcards' | 'hubs' | 'redirdevs' | 'redirfilter'>;

/** Parse results the post-parse and validation steps need but the ABI model does not carry (ctx.carried). */
declare module './context.js' {
  interface CarriedExtras { peripherals: PeripheralExtras | undefined }
}

export interface PeripheralExtras {
  nets: NetExtra[];
  smartcards: SmartcardExtra[];
  inputEls: XmlElement[];
  inputs: InputExtra[];
  graphics: GraphicsExtra[];
  audios: AudioDef[];
  redirdevs: RedirdevExtra[];
  usbNone: boolean;
}

/** `<controller type='usb' model='none'>` disables USB (as the devices are parsed). */
function usbState(devices: XmlElement | undefined): { usbNone: boolean } {
  let usbNone = false;
  for (const c of childrenNamed(devices, 'controller')) {
    if (c.attrs.type !== 'usb') continue;
    if (c.attrs.model === 'none') usbNone = true;
  }
  return { usbNone };
}

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parsePeripherals(devices: XmlElement | undefined, ctx: ParseContext): PeripheralsPart {
  const { usbNone } = usbState(devices);
  const extras: PeripheralExtras = { nets: [], smartcards: [], inputEls: [], inputs: [], graphics: [], audios: [], redirdevs: [], usbNone };
  const part: PeripheralsPart = { nets: [], inputs: [], sounds: [], videos: [], graphics: [], smartcards: [], hubs: [], redirdevs: [], redirfilter: undefined };
  // libvirt's parse order: interfaces, smartcards, (chardevs), inputs, graphics, sounds, audios, videos,
  // (hostdevs ... nvram), hubs, redirdevs, redirfilter
  for (const { net, extra } of parseEach(childrenNamed(devices, 'interface'), ctx, parseNet)) {
    part.nets.push(net);
    extras.nets.push(extra);
  }
  for (const { dev, extra } of parseEach(childrenNamed(devices, 'smartcard'), ctx, parseSmartcard)) {
    part.smartcards.push(dev);
    extras.smartcards.push(extra);
  }
  // inputs depend on the OS type and architecture: parsed in the post-parse step
  extras.inputEls = childrenNamed(devices, 'input');
  for (const { dev, extra } of parseEach(childrenNamed(devices, 'graphics'), ctx, parseGraphics)) {
    part.graphics.push(dev);
    extras.graphics.push(extra);
  }
  part.sounds = parseEach(childrenNamed(devices, 'sound'), ctx, parseSound);
  extras.audios = parseEach(childrenNamed(devices, 'audio'), ctx, parseAudio);
  for (const video of parseEach(childrenNamed(devices, 'video'), ctx, parseVideo)) {
    // a primary video goes first
    if (video.primary) part.videos.unshift(video);
    else part.videos.push(video);
  }
  part.hubs = parseEach(childrenNamed(devices, 'hub'), ctx, (el, c) => parseHub(el, c, usbNone));
  for (const { dev, extra } of parseEach(childrenNamed(devices, 'redirdev'), ctx, parseRedirdev)) {
    part.redirdevs.push(dev);
    extras.redirdevs.push(extra);
  }
  part.redirfilter = parseRedirFilter(childrenNamed(devices, 'redirfilter'));
  ctx.carried.peripherals = extras;
  return part;
}

function extrasFor(ctx: ParseContext): PeripheralExtras {
  const e = ctx.carried.peripherals;
  if (!e) throw new Error('peripherals: domain not built by parsePeripherals');
  return e;
}

function inputFacts(dom: Domain, extras: PeripheralExtras): InputDomainFacts {
  return { osType: dom.os.type, arch: dom.os.arch, virtType: dom.virtType, usbNone: extras.usbNone };
}

/** `<features><ps2 state='off'/>` (10.7.0+) */
function ps2Disabled(dom: Domain): boolean {
  return dom.features ? featureValue(dom.features, 'ps2') === 2 : false;
}

export function postParsePeripherals(dom: Domain, ctx: ParseContext): void {
  const extras = extrasFor(ctx);
  const dev = dom.devices;
  const facts = inputFacts(dom, extras);
  const inputs: InputDef[] = [];
  extras.inputs = [];
  for (const { dev: input, extra } of parseEach(extras.inputEls, ctx, (el, c) => parseInput(el, c, facts))) {
    inputs.push(input);
    extras.inputs.push(extra);
  }
  dev.inputs.splice(0, dev.inputs.length, ...inputs);

  // virDomainDefMaybeAddSmartcardController: address-less smartcards get the next ccid slot on controller 0
  for (const card of dev.smartcards) {
    if (card.info.address.type !== 'none') continue;
    let max = -1;
    for (const other of dev.smartcards) {
      const a = other.info.address;
      if (a.type === 'ccid' && a.controller === 0 && a.slot > max) max = a.slot;
    }
    card.info.address = { type: 'ccid', controller: 0, slot: max + 1 };
  }

  // per-device post-parse, in libvirt's device iteration order
  checkEach(dev.nets, postParseNet);
  checkEach(dev.videos, (video) => postParseVideo(video, dom.virtType));

  // virDomainDefAddImplicitVideo: graphics without video get a model-less video
  if (dev.graphics.length && !dev.videos.length) dev.videos.push(emptyVideo(0, 1));

  // virDomainDefPostParseVideo
  const first: VideoDef | undefined = dev.videos[0];
  if (first) {
    if (first.type === 'none') {
      dev.videos[0] = emptyVideo(first.typeIndex, 0);
    } else {
      first.primary = true;
      postParseVideo(first, dom.virtType);
    }
  }
}

/** virDomainDeviceInfoValidate */
function validateInfo(d: HasInfo): void {
  if (d.info.address.type === 'unassigned') throw unsupportedConfig("address of type 'unassigned' is supported only for hostdevs");
}

export function validatePeripherals(dom: Domain, ctx: ParseContext): void {
  const extras = extrasFor(ctx);
  const dev = dom.devices;
  const facts = inputFacts(dom, extras);
  const ps2Off = ctx.atLeast('10.7.0') && ps2Disabled(dom);
  // libvirt's device iteration order
  checkEach(dev.nets, (n, i) => { validateInfo(n); validateNet(n, extras.nets[i], ctx); });
  // audio ids cross-checked: libvirt commit 562a495b92 (2021-03-09), first released in 7.2.0
  const audioChecks = ctx.atLeast('7.2.0');
  checkEach(dev.sounds, (s) => { validateInfo(s); if (audioChecks) ensureAudioId(s.audioId, extras.audios); });
  checkEach(dev.videos, (v) => { validateInfo(v); validateVideo(v, dev.videos, ctx); });
  checkEach(dev.smartcards, (s, i) => { validateInfo(s); validateSmartcard(s, extras.smartcards[i]); });
  // inputs a hypervisor driver's post-parse added (src/qemu/) have no source element
  checkEach(dev.inputs, (input, i) => { validateInfo(input); validateInput(input, extras.inputs[i] ?? { evdev: undefined }, facts, ps2Off); });
  checkEach(dev.hubs, validateInfo);
  // the controllers after post-parse: a hypervisor driver may have added the USB one
  const usb = hasUsb(dev.controllers);
  checkEach(dev.redirdevs, (r, i) => { validateInfo(r); validateRedirdev(r, extras.redirdevs[i], usb); });
  // graphics and audios have no address: found by their position among their elements
  checkEach(dev.graphics, (g, i) => { validateGraphics(g, extras.graphics[i], ctx); if (g.type === 'vnc' && audioChecks) ensureAudioId(g.audioId, extras.audios); }, 'graphics');
  if (audioChecks) checkEach(extras.audios, (a) => validateAudio(a, extras.audios), 'audio');
  validateVideos(dev.videos);
}
