/**
 * What the rules are, for people: a description of each rule from its metadata (`abi-diff rules`)
 * and its documentation page. docs/rules/ is this module's output (`npm run docs:rules`) and
 * `abi-diff explain` prints the same page, so the two cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { MEASURED_VERSIONS, OLDEST_VERSION, PROFILE_RANGE, resolveProfile, versionNumber, type Profile } from '../model/profile.js';
import { MESSAGE_PREFIX, ruleApplies, ruleLocations, type AbiRule, type RuleMessage } from './framework.js';
import { allRules, registry } from './registry.js';

export const RULE_DOCS_DIR = 'docs/rules';
/** Expected messages of the rule test tables, one per rule and wording (written by `npm run docs:rules`). */
export const RULE_EXAMPLES_URL = new URL('./rule-examples.json', import.meta.url);

/** A message the rule tests expect from a rule, shown on its page. */
export interface RuleExample {
  /** `since` of the wording it shows. */
  since: string;
  message: string;
  /** The test file holding it, and the case's name there. */
  test: string;
  case?: string;
}

export interface RuleLocationEntry {
  /** The report's `path` for the first element of each list. */
  path: string;
  /** Guards of the steps around the rule, e.g. only when SRC enables a feature. */
  conditions?: string[];
}

/** A rule as `abi-diff rules --json` lists it (src/reports/schema/abi-diff-rules.schema.json). */
export interface RuleEntry {
  id: string;
  family: string;
  libvirtFunction: string;
  since: string;
  until?: string;
  messages: RuleMessage[];
  where?: string;
  description?: string;
  condition?: string;
  /** The measured releases (MEASURED_VERSIONS) whose libvirt performs the check. */
  profiles: string[];
  locations: RuleLocationEntry[];
  /** Its documentation page, relative to the project root. */
  docs: string;
}

export function ruleDocFile(id: string): string {
  return `${RULE_DOCS_DIR}/${id}.md`;
}

const profiles: readonly Profile[] = MEASURED_VERSIONS.map(resolveProfile);

function describe(r: AbiRule, locations: Map<AbiRule, { path: string; conditions: readonly string[] }[]>): RuleEntry {
  return {
    id: r.id, family: r.family, libvirtFunction: r.libvirtFunction, since: r.since,
    ...(r.until ? { until: r.until } : {}),
    messages: r.messages.map((m) => ({ since: m.since, format: m.format })),
    ...(r.where ? { where: r.where } : {}),
    ...(r.description ? { description: r.description } : {}),
    ...(r.condition ? { condition: r.condition } : {}),
    profiles: profiles.filter((p) => ruleApplies(r, p)).map((p) => p.version),
    locations: (locations.get(r) ?? []).map((l) => ({ path: l.path, ...(l.conditions.length ? { conditions: [...l.conditions] } : {}) })),
    docs: ruleDocFile(r.id),
  };
}

let entries: RuleEntry[] | undefined;

/** Every rule in libvirt's evaluation order. */
export function ruleEntries(): readonly RuleEntry[] {
  if (!entries) {
    const locations = ruleLocations(registry);
    entries = allRules.map((r) => describe(r, locations));
  }
  return entries;
}

export function loadRuleExamples(): Record<string, RuleExample[]> {
  return JSON.parse(readFileSync(RULE_EXAMPLES_URL, 'utf8')) as Record<string, RuleExample[]>;
}

export function versionRange(since: string, until?: string): string {
  return until ? `${since} to before ${until}` : `${since} and later`;
}

/** Which libvirt versions print wording i of the rule. */
function wordingRange(e: RuleEntry, i: number): string {
  return versionRange(e.messages[i].since, e.messages[i + 1]?.since);
}

/** The measured releases that print wording i of the rule. */
function wordingProfiles(e: RuleEntry, i: number): string[] {
  return profiles
    .filter((p) => e.profiles.includes(p.version) && ruleApplies({ since: e.messages[i].since, until: e.messages[i + 1]?.since }, p))
    .map((p) => p.version);
}

function profileList(versions: string[]): string {
  return versions.length ? versions.join(', ') : `none (measured: ${MEASURED_VERSIONS.join(', ')})`;
}

/**
 * Where a version boundary of the rule comes from: a measured release (the real libvirt labelled
 * the conformance sets at it) or libvirt's history, bracketed by the measured releases around it.
 */
export function boundarySource(version: string): string {
  if ((MEASURED_VERSIONS as readonly string[]).includes(version)) return `${version}: measured (the real libvirt ${version})`;
  const n = versionNumber(version);
  const before = MEASURED_VERSIONS.filter((v) => versionNumber(v) < n).pop();
  const after = MEASURED_VERSIONS.find((v) => versionNumber(v) > n);
  const bracket = [before && `${before} behaves as before it`, after && `${after} as after it`].filter(Boolean).join(', ');
  return `${version}: from libvirt's history (source and NEWS), not measured${bracket ? `; the real libvirt ${bracket}` : ''}`;
}

/** Every release at which the rule starts, stops or changes its wording, oldest first. */
function boundaries(e: RuleEntry): string[] {
  const all = [e.since, ...(e.until ? [e.until] : []), ...e.messages.slice(1).map((m) => m.since)].filter((v) => v !== OLDEST_VERSION);
  return [...new Set(all)].sort((a, b) => versionNumber(a) - versionNumber(b));
}

export function familyAnchor(family: string): string {
  return family.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

function fenced(text: string): string {
  return '```text\n' + text + '\n```';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** What the rule compares, in one sentence (markdown code spans): its page's "What it compares". */
export function comparesText(e: Pick<RuleEntry, 'where'>): string {
  return `Compares ${e.where ? `\`${e.where}\` in DST with the same value in SRC` : 'the element in DST with the same element in SRC'}`;
}

/** How to fix a mismatch of any rule: its page's advice, which the HTML report's detail view shows too. */
export const FIX_ADVICE = 'libvirt refuses DST while this differs: give DST the value SRC has to migrate, restore or revert the guest with it; a guest that must change it needs a restart with the new definition.';

/** A rule's documentation page (markdown): docs/rules/ID.md and `abi-diff explain ID`. */
export function renderRuleDoc(e: RuleEntry, examples: readonly RuleExample[] = []): string {
  const index = `${'../'.repeat(e.id.split('/').length - 1)}README.md`;
  const out: string[] = [
    `# ${e.id}`,
    '',
    `Generated from the rule registry by \`npm run docs:rules\`; \`abi-diff explain ${e.id}\` prints this page.`,
    '',
  ];
  if (e.description) out.push(e.description, '');
  out.push(
    '| | |',
    '|---|---|',
    `| Family | [${e.family}](${index}#${familyAnchor(e.family)}) |`,
    `| libvirt function | \`${e.libvirtFunction}\` |`,
    `| libvirt versions | ${versionRange(e.since, e.until)} |`,
    `| Measured profiles | ${profileList(e.profiles)} |`,
  );
  if (e.condition) out.push(`| Checked | ${cell(e.condition)} |`);
  const bounds = boundaries(e);
  if (bounds.length) out.push('', '## Version boundaries', '', ...bounds.map((b) => `- ${boundarySource(b)}`));
  out.push('', '## What it compares', '');
  out.push(`${comparesText(e)}, at (the report's \`path\`; a list shown at its first element):`);
  out.push('');
  for (const l of e.locations) out.push(`- \`${l.path}\`${l.conditions ? `: ${l.conditions.join('; ')}` : ''}`);
  out.push('', '## Message', '', `libvirt's format string; reports print it after libvirt's error class, \`${MESSAGE_PREFIX.trim()}\`.`, '');
  e.messages.forEach((m, i) => {
    if (e.messages.length > 1) out.push(`libvirt ${wordingRange(e, i)} (profiles: ${profileList(wordingProfiles(e, i))}):`, '');
    out.push(fenced(m.format), '');
  });
  out.push(
    '## Reading a mismatch',
    '',
    `In libvirt's words *Target* (or *destination*) is DST, the new definition, and *source* is SRC, the definition the guest runs with. The report names the rule \`${e.id}\`; its \`path\` and \`line\` point at the element in DST, \`srcLine\` at the same element in SRC.`,
    FIX_ADVICE,
    'libvirt stops at the first mismatch; abi-diff lists every one in libvirt\'s order, the first being the one libvirt prints.',
    '',
    '## Example',
    '',
  );
  if (!examples.length) {
    out.push('No rule test table holds a message of this rule: the format above is what libvirt prints, its conversions filled with the compared values.');
  }
  for (const x of examples) {
    const versions = e.messages.length > 1 ? ` (libvirt ${wordingRange(e, e.messages.findIndex((m) => m.since === x.since))})` : '';
    out.push(`From \`${x.test}\`${x.case ? `, case "${x.case}"` : ''}${versions}:`, '', fenced(x.message), '');
  }
  return out.join('\n').trimEnd() + '\n';
}

/** docs/rules/README.md: every rule by family, families in evaluation order. */
export function renderRuleIndex(all: readonly RuleEntry[]): string {
  const families = [...new Set(all.map((e) => e.family))];
  const out: string[] = [
    '# abi-diff rules',
    '',
    'Generated from the rule registry (`src/rules/registry.ts`) by `npm run docs:rules`; do not edit.',
    '`abi-diff rules` lists the rules on the command line, `abi-diff explain ID` prints a rule\'s page.',
    '',
    `${all.length} rules in ${families.length} families, in the order libvirt evaluates them. Profiles: which of the measured libvirt releases (${MEASURED_VERSIONS.join(', ')}) perform the check; any release from ${PROFILE_RANGE} performs it when it falls in the rule's versions. Message: libvirt's newest wording.`,
    '',
    families.map((f) => `[${f}](#${familyAnchor(f)})`).join(' · '),
  ];
  for (const family of families) {
    out.push('', `## ${family}`, '', '| rule | libvirt function | versions | profiles | message |', '|---|---|---|---|---|');
    for (const e of all.filter((x) => x.family === family)) {
      const newest = e.messages[e.messages.length - 1].format;
      out.push(`| [${e.id}](${e.id}.md) | \`${e.libvirtFunction}\` | ${versionRange(e.since, e.until)} | ${e.profiles.join(', ') || '–'} | \`${cell(newest)}\` |`);
    }
  }
  return out.join('\n') + '\n';
}
