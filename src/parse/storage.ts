// Owned by the storage helper.
import type { Domain, DevicesDef } from '../model/domain.js';
import type { ParseContext } from './context.js';
import type { XmlElement } from './xml-tree.js';

export type StoragePart = Pick<DevicesDef, 'disks' | 'controllers' | 'filesystems' | 'hostdevs'>;

/** `devices` is the domain's <devices> element (undefined when absent). */
export function parseStorage(_devices: XmlElement | undefined, _ctx: ParseContext): StoragePart {
  return { disks: [], controllers: [], filesystems: [], hostdevs: [] };
}

export function postParseStorage(_dom: Domain, _ctx: ParseContext): void {}

export function validateStorage(_dom: Domain, _ctx: ParseContext): void {}
