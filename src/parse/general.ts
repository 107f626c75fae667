// Owned by the general helper: domain identity, memory, NUMA, vCPUs, OS, clock, sysinfo.
import type { Domain } from '../model/domain.js';
import type { GeneralDef } from '../model/general.js';
import type { ParseContext } from './context.js';
import type { XmlElement } from './xml-tree.js';

export function parseGeneral(root: XmlElement, _ctx: ParseContext): GeneralDef {
  return { virtType: root.attrs.type ?? '', uuid: '', name: '' };
}

export function postParseGeneral(_dom: Domain, _ctx: ParseContext): void {}

export function validateGeneral(_dom: Domain, _ctx: ParseContext): void {}
