/**
 * What reports say about a rule: family, libvirt helper, and the message wording that applies to
 * the run's libvirt version. Metadata only: reports never run rules.
 */
import { readFileSync } from 'node:fs';
import { versionNumber } from '../model/profile.js';
import { allRules } from '../rules/registry.js';
import { comparesText, FIX_ADVICE, ruleDocFile, ruleEntries } from '../rules/rule-docs.js';

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

/** What the HTML detail view says about a rule: its docs page's explanation and advice. */
export interface RuleHelp {
  description?: string;
  /** What it compares (markdown code spans in backquotes) and where, first paths only. */
  compares: string;
  paths: string[];
  fix: string;
  /** Its documentation page (helpUri). */
  docs: string;
}

const PATHS_SHOWN = 3;
let entries: Map<string, ReturnType<typeof ruleEntries>[number]> | undefined;

/** The rule's help, or undefined for an id the registry does not know. */
export function ruleHelp(id: string): RuleHelp | undefined {
  entries ??= new Map(ruleEntries().map((e) => [e.id, e]));
  const e = entries.get(id);
  if (!e) return undefined;
  return {
    ...(e.description ? { description: e.description } : {}),
    compares: comparesText(e),
    paths: e.locations.slice(0, PATHS_SHOWN).map((l) => l.path),
    fix: FIX_ADVICE,
    docs: ruleDocsUri(id),
  };
}

interface PackageJson { repository?: string | { url?: string } }
let repository: string | null | undefined;

/** The project's web address from package.json (`repository`), as a browsable https URL, or null. */
function repositoryUrl(): string | null {
  if (repository !== undefined) return repository;
  let url: string | undefined;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson;
    url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  } catch {
    url = undefined;
  }
  if (url && /^github:/.test(url)) url = `https://github.com/${url.slice('github:'.length)}`;
  else if (url && /^[\w.-]+\/[\w.-]+$/.test(url)) url = `https://github.com/${url}`;
  repository = url ? url.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/\.git$/, '').replace(/\/$/, '') : null;
  return repository;
}

/**
 * A rule's documentation page: on the project's repository when package.json names one, else
 * its path in the project (docs/rules/ID.md, a relative URI reference).
 */
export function ruleDocsUri(id: string): string {
  const repo = repositoryUrl();
  return repo ? `${repo}/blob/HEAD/${ruleDocFile(id)}` : ruleDocFile(id);
}
