// Owned by the platform helper.
import type { Domain, DevicesDef } from '../model/domain.js';
import type { ParseContext } from './context.js';
import type { XmlElement } from './xml-tree.js';

export type PlatformDevicesPart = Pick<DevicesDef, 'serials' | 'parallels' | 'channels' | 'consoles' | 'watchdogs' | 'memballoon' | 'rngs' | 'panics' | 'shmems' | 'tpms' | 'memories' | 'iommus' | 'vsock' | 'pstore'>;

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parsePlatformDevices(_devices: XmlElement | undefined, _ctx: ParseContext): PlatformDevicesPart {
  return { serials: [], parallels: [], channels: [], consoles: [], watchdogs: [], memballoon: undefined, rngs: [], panics: [], shmems: [], tpms: [], memories: [], iommus: [], vsock: undefined, pstore: undefined };
}

export function postParsePlatformDevices(_dom: Domain, _ctx: ParseContext): void {}

export function validatePlatformDevices(_dom: Domain, _ctx: ParseContext): void {}
