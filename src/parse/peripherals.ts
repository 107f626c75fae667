// Owned by the peripherals helper.
import type { Domain, DevicesDef } from '../model/domain.js';
import type { ParseContext } from './context.js';
import type { XmlElement } from './xml-tree.js';

export type PeripheralsPart = Pick<DevicesDef, 'nets' | 'inputs' | 'sounds' | 'videos' | 'graphics' | 'smartcards' | 'hubs' | 'redirdevs' | 'redirfilter'>;

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parsePeripherals(_devices: XmlElement | undefined, _ctx: ParseContext): PeripheralsPart {
  return { nets: [], inputs: [], sounds: [], videos: [], graphics: [], smartcards: [], hubs: [], redirdevs: [], redirfilter: undefined };
}

export function postParsePeripherals(_dom: Domain, _ctx: ParseContext): void {}

export function validatePeripherals(_dom: Domain, _ctx: ParseContext): void {}
