/** virDomainSmartcardDefParseXML and virDomainSmartcardDefValidate. */
import type { SmartcardDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { unsupportedConfig, xmlError } from './errors.js';
import { CHR_TYPES, parseChrSource, validateChrSource, type ChrSource } from './redirdev.js';
import { propEnum, REQUIRED } from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

const SMARTCARD_MODES = ['host', 'host-certificates', 'passthrough'];

export interface SmartcardExtra { source: ChrSource | undefined }

export function parseSmartcard(el: XmlElement, ctx: ParseContext): { dev: SmartcardDef; extra: SmartcardExtra } {
  const mode = SMARTCARD_MODES[propEnum(el, 'mode', SMARTCARD_MODES, REQUIRED)];
  let source: ChrSource | undefined;
  if (mode === 'host-certificates') {
    if (childrenNamed(el, 'certificate').length !== 3) throw xmlError('host-certificates mode needs exactly three certificates');
    const db = child(el, 'database');
    if (db && db.text !== '' && db.text[0] !== '/') throw xmlError(`expecting absolute path: ${db.text}`);
  } else if (mode === 'passthrough') {
    const type = el.attrs.type;
    if (type === undefined) throw xmlError('passthrough mode requires a character device type attribute');
    if (!(CHR_TYPES as readonly string[]).includes(type)) throw unsupportedConfig(`unknown type presented to host for character device: ${type}`);
    source = parseChrSource(type, el);
  }
  const info = parseDeviceInfo(el, ctx);
  return { dev: { mode, info, virtio: undefined }, extra: { source } };
}

export function validateSmartcard(dev: SmartcardDef, extra: SmartcardExtra): void {
  if (dev.info.address.type !== 'none' && dev.info.address.type !== 'ccid') {
    throw unsupportedConfig("Controllers must use the 'ccid' address type");
  }
  if (extra.source) validateChrSource(extra.source);
}
