/** virDomainHubDefParseXML */
import type { HubDef } from '../model/peripherals.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { internalError, unsupportedConfig } from './errors.js';
import type { XmlElement } from './xml-tree.js';

const HUB_TYPES = ['usb'];

export function parseHub(el: XmlElement, ctx: ParseContext, usbNone: boolean): HubDef {
  const type = el.attrs.type;
  if (type === undefined) throw internalError('missing hub device type');
  if (!HUB_TYPES.includes(type)) throw unsupportedConfig(`unknown hub device type '${type}'`);
  const info = parseDeviceInfo(el, ctx);
  if (type === 'usb' && usbNone) throw unsupportedConfig("Can't add USB hub: USB is disabled for this domain");
  return { type, info, virtio: undefined };
}
