/** virDomainAudioDefParseXML, virDomainAudioDefValidate and virDomainEnsureAudioID. */
import type { ParseContext } from './context.js';
import { unsupportedConfig, xmlError } from './errors.js';
import { NONZERO, propEnum, propInt, propTristateBool, propUInt, REQUIRED, REQUIRED_NONZERO } from './values.js';
import { child, type XmlElement } from './xml-tree.js';

const AUDIO_TYPES_9 = ['none', 'alsa', 'coreaudio', 'jack', 'oss', 'pulseaudio', 'sdl', 'spice', 'file', 'dbus'];
const AUDIO_TYPES_NEW = [...AUDIO_TYPES_9, 'pipewire'];
const AUDIO_BACKENDS_SINCE = '7.2.0';
/** the pipewire backend (NEWS 9.10.0 "Introduce pipewire audio backend") */
const PIPEWIRE_SINCE = '9.10.0';
const SDL_DRIVERS = ['', 'esd', 'alsa', 'arts', 'pulseaudio'];
const AUDIO_FORMATS = ['', 'u8', 's8', 'u16', 's16', 'u32', 's32', 'f32'];

export interface AudioDef { type: string; id: number }

function parseCommon(el: XmlElement): void {
  const settings = child(el, 'settings');
  const mixing = propTristateBool(el, 'mixingEngine');
  const fixed = propTristateBool(el, 'fixedSettings');
  if (fixed === 1 && mixing !== 1) throw unsupportedConfig('fixed audio settings requires mixing engine');
  propUInt(el, 'voices', 10, NONZERO);
  propUInt(el, 'bufferLength', 10, NONZERO);
  if (settings) {
    if (fixed !== 1) throw unsupportedConfig('audio settings specified without fixed settings flag');
    propUInt(settings, 'frequency', 10, NONZERO);
    propUInt(settings, 'channels', 10, NONZERO);
    propEnum(settings, 'format', AUDIO_FORMATS, NONZERO);
  }
}

/** 7.0.0's `<audio>`: OSS only, with both directions required (the backends came in 7.2.0, NEWS). */
function parseAudioOss(el: XmlElement): AudioDef {
  const type = el.attrs.type;
  if (type !== 'oss') throw unsupportedConfig(`unknown audio type '${type ?? '(null)'}'`);
  const raw = el.attrs.id;
  const id = raw !== undefined && /^\s*\+?\d+$/.test(raw) ? Number(raw) : 0;
  if (!id) throw xmlError(`invalid audio 'id' value '${raw ?? '(null)'}'`);
  if (!child(el, 'input') || !child(el, 'output')) throw unsupportedConfig('Audio type OSS requires to have <input> and <output> specified');
  return { type, id };
}

export function parseAudio(el: XmlElement, ctx: ParseContext): AudioDef {
  if (!ctx.atLeast(AUDIO_BACKENDS_SINCE)) return parseAudioOss(el);
  const types = ctx.atLeast(PIPEWIRE_SINCE) ? AUDIO_TYPES_NEW : AUDIO_TYPES_9;
  const type = types[propEnum(el, 'type', types, REQUIRED)];
  const id = propUInt(el, 'id', 10, REQUIRED_NONZERO);
  propUInt(el, 'timerPeriod', 10, NONZERO);
  const input = child(el, 'input');
  const output = child(el, 'output');
  if (input) parseCommon(input);
  if (output) parseCommon(output);
  const both = [input, output].filter((x): x is XmlElement => x !== undefined);
  switch (type) {
    case 'coreaudio': case 'sdl':
      if (type === 'sdl') propEnum(el, 'driver', SDL_DRIVERS, NONZERO);
      for (const io of both) propUInt(io, 'bufferCount', 10);
      break;
    case 'jack':
      for (const io of both) propTristateBool(io, 'exactName');
      break;
    case 'oss': {
      propTristateBool(el, 'tryMMap');
      propTristateBool(el, 'exclusive');
      if (el.attrs.dspPolicy !== undefined) {
        const p = propInt(el, 'dspPolicy', 10);
        if (p < 0) throw xmlError(`cannot parse 'dspPolicy' value '${p}'`);
      }
      for (const io of both) {
        propTristateBool(io, 'tryPoll');
        propUInt(io, 'bufferCount', 10);
      }
      break;
    }
    case 'pulseaudio':
      for (const io of both) propUInt(io, 'latency', 10);
      break;
    default:
      break;
  }
  return { type, id };
}

/** virDomainAudioDefValidate: ids are unique. */
export function validateAudio(audio: AudioDef, all: AudioDef[]): void {
  for (const other of all) {
    if (other !== audio && other.id === audio.id) throw xmlError(`audio ID ${audio.id} is used multiple times`);
  }
}

/** virDomainEnsureAudioID */
export function ensureAudioId(id: number, all: AudioDef[]): void {
  if (id === 0) return;
  if (!all.some((a) => a.id === id)) throw xmlError(`no audio device with ID ${id}`);
}
