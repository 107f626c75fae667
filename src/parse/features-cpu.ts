// Owned by the features/cpu helper.
import type { Domain } from '../model/domain.js';
import type { FeaturesDef } from '../model/features.js';
import type { CpuDef } from '../model/cpu.js';
import type { ParseContext } from './context.js';
import type { XmlElement } from './xml-tree.js';

export function parseFeatures(_root: XmlElement, _ctx: ParseContext): FeaturesDef {
  return {};
}

export function parseCpu(_root: XmlElement, _ctx: ParseContext): CpuDef | undefined {
  return undefined;
}

export function postParseFeaturesCpu(_dom: Domain, _ctx: ParseContext): void {}

export function validateFeaturesCpu(_dom: Domain, _ctx: ParseContext): void {}
