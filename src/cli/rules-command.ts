/**
 * `abi-diff rules [--json] [--profile VERSION]` lists the rules; `abi-diff explain ID` prints a
 * rule's documentation page (the text of docs/rules/ID.md).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MEASURED_VERSIONS, PROFILE_RANGE, resolveProfile, type Profile } from '../model/profile.js';
import { messageFor, ruleApplies } from '../rules/framework.js';
import { loadRuleExamples, renderRuleDoc, ruleEntries, versionRange, type RuleEntry } from '../rules/rule-docs.js';
import { editDistance, nearest } from './suggest.js';
import { complain } from './console.js';
import { argumentProblem } from './options.js';
import { UsageError } from '../batch/usage-error.js';

export const RULES_USAGE = `usage: abi-diff rules [TEXT] [--json] [--profile VERSION]
       abi-diff explain RULE-ID

rules     every ABI rule in libvirt's evaluation order: id, libvirt versions, libvirt function,
          and under it the message (newest wording, or the profile's); --json: all of it, the
          family, which measured releases (${MEASURED_VERSIONS.join(', ')}) check it
          and every wording as a JSON array (src/reports/schema/abi-diff-rules.schema.json)
          TEXT: only the rules whose id or libvirt function contains it (abi-diff rules disk)
          --profile X.Y.Z|upstream: only the rules libvirt X.Y.Z (${PROFILE_RANGE}) checks
explain   a rule's documentation: what it compares, libvirt's message per version, an example`;

class CommandError extends Error {}

interface Parsed { values: Record<string, string | boolean | undefined>; positionals: string[] }

function parse(command: string, argv: string[], options: NonNullable<ParseArgsConfig['options']>): Parsed {
  try {
    argumentProblem(argv, { ...options, help: { type: 'boolean', short: 'h' } });
  } catch (err) {
    if (err instanceof UsageError) throw new CommandError(`${command}: ${err.message}`);
    throw err;
  }
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
  if (positionals.length > 1) throw new CommandError(`rules: expected at most one filter TEXT, got ${positionals.length} arguments`);
  let rules = ruleEntries();
  const [text] = positionals;
  if (text !== undefined) {
    const wanted = text.toLowerCase();
    rules = rules.filter((r) => r.id.toLowerCase().includes(wanted) || r.libvirtFunction.toLowerCase().includes(wanted));
    if (!rules.length) {
      const ids = ruleEntries().map((r) => r.id);
      // a mistyped family (`diks`) is meant as the filter of that family
      const family = nearest(text, [...new Set(ids.map((id) => id.slice(0, id.indexOf('/'))))]);
      const near = family ? [family] : nearestIds(text, ids);
      throw new CommandError(`rules: no rule id or libvirt function contains '${text}'${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
    }
  }
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

/** What the table fits in: a terminal's usual width. */
const TABLE_WIDTH = 100;
const INDENT = '    ';

/** Words of `text` in lines of at most `width` (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * A line per rule (id, libvirt versions, function), and under it, indented, its message in the
 * profile's wording, else the newest: 100 columns at most. (The measured releases that check a
 * rule follow from its versions; --json and explain list them.)
 */
function ruleTable(rules: readonly RuleEntry[], profile: Profile | undefined): string {
  const rows = rules.map((r) => [r.id, versionRange(r.since, r.until), r.libvirtFunction]);
  const header = ['RULE', 'LIBVIRT', 'LIBVIRT FUNCTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const detail = (r: RuleEntry) => wrap(profile ? messageFor(r, profile) : r.messages[r.messages.length - 1].format, TABLE_WIDTH - INDENT.length).map((l) => INDENT + l);
  const title = `${line(header)}\n${INDENT}MESSAGE (${profile ? `libvirt ${profile.version}` : 'newest wording'})`;
  return [title, ...rules.flatMap((r, i) => [line(rows[i]), ...detail(r)])].join('\n') + `\n${rules.length} rules; 'abi-diff explain RULE' for one rule's documentation\n`;
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
