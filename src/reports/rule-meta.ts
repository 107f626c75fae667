/**
 * What reports say about a rule: family, libvirt helper, and the message wording that applies to
 * the run's libvirt version. Metadata only: reports never run rules.
 */
import { versionNumber } from '../model/profile.js';
import { allRules } from '../rules/registry.js';

export interface RuleMeta {
  id: string;
  family: string;
  libvirtFunction: string;
  since: string;
  until?: string;
  /** libvirt's format string for the run's version (the oldest wording before `since`). */
  format: string;
  where?: string;
  description?: string;
  /** False when the run's libvirt version does not perform this check. */
  applies: boolean;
}

/** Findings that are not ABI rules: a pair that could not be checked. */
export const INPUT_ERROR_RULE = 'abi-diff/input-error';
export const UNPAIRED_RULE = 'abi-diff/unpaired';

export function ruleCatalog(libvirtVersion: string): RuleMeta[] {
  const v = versionNumber(libvirtVersion);
  return allRules.map((r) => {
    let format = r.messages[0]?.format ?? '';
    for (const m of r.messages) if (v >= versionNumber(m.since)) format = m.format;
    return {
      id: r.id,
      family: r.family,
      libvirtFunction: r.libvirtFunction,
      since: r.since,
      ...(r.until ? { until: r.until } : {}),
      format,
      ...(r.where ? { where: r.where } : {}),
      ...(r.description ? { description: r.description } : {}),
      applies: v >= versionNumber(r.since) && !(r.until && v >= versionNumber(r.until)),
    };
  });
}

const families = new Map(allRules.map((r) => [r.id, r.family]));

/** A rule's family; ids the registry does not know fall back to their prefix. */
export function familyOf(ruleId: string): string {
  return families.get(ruleId) ?? ruleId.split('/')[0];
}

/** libvirt's format string with its conversions shown as `…`, for a one-line rule summary. */
export function formatShape(format: string): string {
  return format.replace(/%(?:\d+\$)?0?\d*(?:ll|l|z|hh|h)?[sduxX]/g, '…');
}
