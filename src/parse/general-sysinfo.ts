/** `<sysinfo>` (virSysinfoParseXML): the SMBIOS blocks libvirt compares, and its parse-time rejections. */
import type { SysinfoDef } from '../model/general.js';
import { SYSINFO_TYPES } from '../model/general.js';
import { allChildren, contentString, firstChild, xstr } from './general-util.js';
import { bareError, xmlError } from './errors.js';
import { parseUuid, propEnum, REQUIRED, strToInt } from './values.js';
import type { XmlElement } from './xml-tree.js';

/** string(entry[@name='X']) of a block: the first such entry's text, undefined when empty. */
function entries(block: XmlElement): Map<string, string | undefined> {
  const m = new Map<string, string | undefined>();
  for (const e of block.children) {
    if (e.name !== 'entry') continue;
    const name = e.attrs.name;
    if (name !== undefined && !m.has(name)) m.set(name, xstr(e));
  }
  return m;
}

/** strtol-style prefix integer: [value, rest] (virStrToLong_i with an end pointer). */
function prefixInt(s: string): [number, string] | undefined {
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(s);
  if (!m) return undefined;
  const v = strToInt(m[0].trim(), 10);
  if (v === undefined) return undefined;
  return [v, s.slice(m[0].length)];
}

function validBiosDate(date: string): boolean {
  const a = prefixInt(date);
  if (!a || a[1][0] !== '/') return false;
  const b = prefixInt(a[1].slice(1));
  if (!b || b[1][0] !== '/') return false;
  const c = prefixInt(b[1].slice(1));
  if (!c || c[1] !== '') return false;
  const [month, day, year] = [a[0], b[0], c[0]];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && !(year < 0 || (year >= 100 && year < 1900));
}

const anyDefined = (o: object) => Object.values(o).some((v) => v !== undefined);

/** `hwuuid` (11.7+) takes over the sysinfo uuid check when present. */
export interface UuidState { uuid: string; generated: boolean; hwuuid: string | undefined }

export function parseSysinfo(node: XmlElement, dom: UuidState): SysinfoDef {
  const type = propEnum(node, 'type', SYSINFO_TYPES, REQUIRED);
  const def: SysinfoDef = { type, bios: undefined, system: undefined, baseBoards: [], chassis: undefined };
  if (SYSINFO_TYPES[type] === 'smbios') {
    const biosEl = firstChild(node, 'bios');
    if (biosEl) {
      const e = entries(biosEl);
      const bios = { vendor: e.get('vendor'), version: e.get('version'), date: e.get('date'), release: e.get('release') };
      if (bios.date !== undefined && !validBiosDate(bios.date)) throw bareError("Invalid BIOS 'date' format");
      if (anyDefined(bios)) def.bios = bios;
    }
    const sysEl = firstChild(node, 'system');
    if (sysEl) {
      const e = entries(sysEl);
      let uuid: string | undefined;
      const raw = e.get('uuid');
      if (raw !== undefined) {
        uuid = parseUuid(raw);
        if (uuid === undefined) throw bareError('malformed <sysinfo> uuid element');
        if (dom.generated) dom.uuid = uuid;
        if (dom.hwuuid !== undefined) {
          if (uuid !== dom.hwuuid) throw bareError('UUID mismatch between <hwuuid> and <sysinfo>');
        } else if (!dom.generated && uuid !== dom.uuid) {
          throw bareError('UUID mismatch between <uuid> and <sysinfo>');
        }
      }
      const system = {
        manufacturer: e.get('manufacturer'), product: e.get('product'), version: e.get('version'),
        serial: e.get('serial'), uuid, sku: e.get('sku'), family: e.get('family'),
      };
      if (anyDefined(system)) def.system = system;
    }
    for (const b of allChildren(node, 'baseBoard')) {
      const e = entries(b);
      const board = {
        manufacturer: e.get('manufacturer'), product: e.get('product'), version: e.get('version'),
        serial: e.get('serial'), asset: e.get('asset'), location: e.get('location'),
      };
      if (anyDefined(board)) def.baseBoards.push(board);
    }
    const chEl = firstChild(node, 'chassis');
    if (chEl) {
      const e = entries(chEl);
      const chassis = { manufacturer: e.get('manufacturer'), version: e.get('version'), serial: e.get('serial'), asset: e.get('asset'), sku: e.get('sku') };
      if (anyDefined(chassis)) def.chassis = chassis;
    }
  } else {
    for (const e of allChildren(node, 'entry')) {
      if (e.attrs.name === undefined) throw xmlError("Firmware entry is missing 'name' attribute");
      const value = contentString(e);
      if (value.trim() === '' && e.attrs.file === undefined) throw xmlError("Firmware entry must have either value or 'file' attribute");
    }
  }
  return def;
}
