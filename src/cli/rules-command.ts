/**
 * `abi-diff rules [--json] [--profile VERSION]` lists the rules; `abi-diff explain ID` prints a
 * rule's documentation page (the text of docs/rules/ID.md).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MEASURED_VERSIONS, PROFILE_RANGE, resolveProfile, type Profile } from '../model/profile.js';
import { messageFor, ruleApplies } from '../rules/framework.js';
import { loadRuleExamples, renderRuleDoc, ruleEntries, versionRange, type RuleEntry } from '../rules/rule-docs.js';
import { editDistance } from './suggest.js';
import { complain } from './console.js';

export const RULES_USAGE = `usage: abi-diff rules [--json] [--profile VERSION]
       abi-diff explain RULE-ID

rules     every ABI rule in libvirt's evaluation order: id, family, libvirt function, libvirt
          versions, which of the measured releases (${MEASURED_VERSIONS.join(', ')}) check it,
          libvirt's message (newest wording, or the profile's); --json: all of it and every
          wording as a JSON array (src/reports/schema/abi-diff-rules.schema.json)
          --profile X.Y.Z|upstream: only the rules libvirt X.Y.Z (${PROFILE_RANGE}) checks
explain   a rule's documentation: what it compares, libvirt's message per version, an example`;

class CommandError extends Error {}

interface Parsed { values: Record<string, string | boolean | undefined>; positionals: string[] }

function parse(command: string, argv: string[], options: NonNullable<ParseArgsConfig['options']>): Parsed {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } }) as Parsed;
  } catch (err) {
    // node's parseArgs errors name the option: --bogus, --profile without a value
    if (String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) throw new CommandError(`${command}: ${(err as Error).message}`);
    throw err;
  }
}

/** Runs `rules` or `explain` (argv after the subcommand); returns the exit status. */
export function rulesCommand(command: 'rules' | 'explain', argv: string[]): number {
  try {
    const out = command === 'rules' ? listRules(argv) : explain(argv);
    // `abi-diff rules | head` closes the pipe early: main's tolerateClosedConsole drops the rest
    process.stdout.write(out);
    return 0;
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    complain(`abi-diff ${err.message}`);
    return 2;
  }
}

function listRules(argv: string[]): string {
  const { values, positionals } = parse('rules', argv, { json: { type: 'boolean' }, profile: { type: 'string' } });
  if (values.help) return RULES_USAGE + '\n';
  if (positionals.length) throw new CommandError(`rules: unexpected argument '${positionals[0]}'`);
  let rules = ruleEntries();
  let profile: Profile | undefined;
  if (values.profile !== undefined) {
    try {
      profile = resolveProfile(String(values.profile));
    } catch (err) {
      throw new CommandError(`rules: --profile: ${(err as Error).message}`);
    }
    const p = profile;
    rules = rules.filter((r) => ruleApplies(r, p));
  }
  return values.json ? JSON.stringify(rules, null, 1) + '\n' : ruleTable(rules, profile);
}

/** One line per rule; the message in the profile's wording, else the newest. */
function ruleTable(rules: readonly RuleEntry[], profile: Profile | undefined): string {
  const rows = rules.map((r) => [
    r.id, r.family, r.libvirtFunction, versionRange(r.since, r.until),
    MEASURED_VERSIONS.map((p) => (r.profiles.includes(p) ? p : '-'.padEnd(p.length))).join(' '),
    profile ? messageFor(r, profile) : r.messages[r.messages.length - 1].format,
  ]);
  const header = ['RULE', 'FAMILY', 'LIBVIRT FUNCTION', 'LIBVIRT', 'MEASURED'.padEnd(MEASURED_VERSIONS.join(' ').length), profile ? `MESSAGE (libvirt ${profile.version})` : 'MESSAGE (newest wording)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + `\n${rules.length} rules; 'abi-diff explain RULE' for one rule's documentation\n`;
}

function explain(argv: string[]): string {
  const { values, positionals } = parse('explain', argv, {});
  if (values.help) return RULES_USAGE + '\n';
  if (positionals.length !== 1) throw new CommandError(`explain: expected one rule id, got ${positionals.length} arguments ('abi-diff rules' lists them)`);
  const id = positionals[0];
  const rule = ruleEntries().find((r) => r.id === id);
  if (!rule) {
    const near = nearestIds(id, ruleEntries().map((r) => r.id));
    throw new CommandError(`explain: unknown rule '${id}'${near.length ? `; did you mean ${near.join(', ')}?` : ''} ('abi-diff rules' lists them)`);
  }
  return renderRuleDoc(rule, loadRuleExamples()[rule.id]);
}

const MAX_SUGGESTIONS = 5;

/**
 * The ids closest to a mistyped one: a family's rules for a family name; else by edit distance to
 * the whole id or to its name after the family (`bus` finds disk/bus), within a third of the
 * length; else the ids containing it.
 */
export function nearestIds(wanted: string, ids: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  const family = ids.filter((id) => id.toLowerCase().startsWith(`${w}/`));
  if (family.length) return family.slice(0, MAX_SUGGESTIONS);
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored = ids
    .map((id) => ({ id, d: Math.min(editDistance(w, id.toLowerCase()), editDistance(w, id.slice(id.indexOf('/') + 1).toLowerCase())) }))
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d);
  const near = scored.length ? scored.map((s) => s.id) : ids.filter((id) => id.toLowerCase().includes(w));
  return near.slice(0, MAX_SUGGESTIONS);
}
