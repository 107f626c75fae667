/** virDomainSoundDefParseXML and virDomainSoundDefValidate. */
import type { SoundDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo, parseVirtioOptions } from './device-info.js';
import { unsupportedConfig } from './errors.js';
import { propEnum, propTristateBool, propUInt, REQUIRED, REQUIRED_NONZERO } from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

const SOUND_MODELS_9 = ['sb16', 'es1370', 'pcspk', 'ac97', 'ich6', 'ich9', 'usb', 'ich7'];
const SOUND_MODELS_NEW = [...SOUND_MODELS_9, 'virtio'];
/** virtio sound: the model, its `streams=` and `<driver>` virtio options on every sound device */
export const SOUND_VIRTIO_SINCE = '10.4.0';
const CODEC_TYPES = ['duplex', 'micro', 'output'];
/** `multichannel=` on usb sound devices */
export const MULTICHANNEL_SINCE = '9.4.0';

export function parseSound(el: XmlElement, ctx: ParseContext): SoundDef {
  const models = ctx.atLeast(SOUND_VIRTIO_SINCE) ? SOUND_MODELS_NEW : SOUND_MODELS_9;
  const model = models[propEnum(el, 'model', models, REQUIRED)];
  if (model === 'ich6' || model === 'ich9') {
    for (const c of childrenNamed(el, 'codec')) {
      const t = c.attrs.type;
      if (t === undefined || !CODEC_TYPES.includes(t)) throw unsupportedConfig(`unknown codec type '${t ?? '(null)'}'`);
    }
  }
  const multichannel = model === 'usb' && ctx.atLeast(MULTICHANNEL_SINCE) ? propTristateBool(el, 'multichannel') : 0;
  const audio = child(el, 'audio');
  const audioId = audio ? propUInt(audio, 'id', 10, REQUIRED_NONZERO) : 0;
  if (model === 'virtio') propUInt(el, 'streams', 10);
  const info = parseDeviceInfo(el, ctx);
  const virtio = ctx.atLeast(SOUND_VIRTIO_SINCE) ? parseVirtioOptions(child(el, 'driver'), ctx) : undefined;
  return { model, multichannel, audioId, info, virtio };
}
