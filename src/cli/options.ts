/**
 * Every option of `abi-diff SRC DST` in one table. The command-line parser, the usage text, the
 * keys of abi-diff.config.json, their validation and the config's JSON Schema
 * (config.schema.json, `npm run config-schema`) all derive from it: a new option is one entry.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PROFILE_RANGE, UPSTREAM_VERSION, profileVersion } from '../model/profile.js';
import { DEFAULT_MAX_FILE_SIZE, type RuleOff } from '../model/result.js';
import { DEFAULT_PAIR_TIMEOUT_S, DEFAULT_WORKER_MEMORY_MB, defaultJobs, JOBS_PER_CORE, maxJobs } from '../batch/run-batch.js';
import { UsageError } from '../batch/discover.js';
import { shardSpec, SHARD_SYNTAX, type Shard } from '../batch/shard.js';
import { DEFAULT_ANNOTATIONS, DEFAULT_FORMATS, REPORT_FORMAT_NAMES } from '../reports/format-names.js';
import { ALL_PAIRS_UP_TO, REPORT_PAIRS } from '../reports/report-sink.js';
import { FAIL_ON } from '../reports/summary.js';
import { RULE_IDS } from '../rules/rule-ids.js';
import { nearest } from './suggest.js';

/** `--format json:-`: the report streamed to stdout instead of a file in --out. */
export const STDOUT_FORMATS = ['json:-', 'jsonl:-'] as const;

export type JsonSchema = Record<string, unknown>;

/** A usage error of the command line itself: the message ends with where the help is. */
export class ArgumentError extends UsageError {}

/** What is wrong with a value, phrased to follow the option's name (`must be ...`). */
export class ValueError extends Error {}

/** How a value is quoted in a message: as typed on the command line, or as JSON in the config. */
export type Show = (value: unknown) => string;
export const showCli: Show = (v) => `'${String(v)}'`;
export const showJson: Show = (v) => JSON.stringify(v);

type Raw = string | boolean | string[];

interface Kind<T> {
  /** parseArgs' type; `multiple` options repeat. */
  type: 'string' | 'boolean';
  multiple?: true;
  /** Config values of this option are file names, taken relative to the config file. */
  path?: true;
  schema(): JsonSchema;
  fromCli(raw: Raw, show: Show): T;
  fromConfig(raw: unknown, show: Show): T;
}

export interface OptionDef<T> {
  kind: Kind<T>;
  /** Placeholder for the value in the usage text. */
  arg?: string;
  /** Usage text; lines after the first are indented under it. */
  help: string;
  default?: T;
  short?: string;
  /** A one-off action or a switch about the config itself: not a config key. */
  cliOnly?: true;
}

const def = <T>(d: OptionDef<T>): OptionDef<T> => d;

function flag(): Kind<boolean> {
  return {
    type: 'boolean',
    schema: () => ({ type: 'boolean' }),
    fromCli: (raw) => raw === true,
    fromConfig(raw, show) {
      if (typeof raw !== 'boolean') throw new ValueError(`must be true or false, got ${show(raw)}`);
      return raw;
    },
  };
}

function nonEmpty(raw: unknown, show: Show): string {
  if (typeof raw !== 'string' || !raw) throw new ValueError(`must be a non-empty string, got ${show(raw)}`);
  return raw;
}

/** A string; with `choices` one of them, with `parse` whatever that accepts (undefined: invalid). */
function text<T = string>(o: { path?: true; choices?: readonly string[]; parse?: (s: string) => T | undefined; syntax?: string; pattern?: string } = {}): Kind<T> {
  const check = (raw: unknown, show: Show): T => {
    const s = nonEmpty(raw, show);
    if (o.choices && !o.choices.includes(s)) throw new ValueError(`must be one of ${o.choices.join(', ')}, got ${show(s)}`);
    if (!o.parse) return s as T;
    const v = o.parse(s);
    if (v === undefined) throw new ValueError(`must be ${o.syntax}, got ${show(s)}`);
    return v;
  };
  return {
    type: 'string',
    ...(o.path ? { path: true as const } : {}),
    schema: () => ({ type: 'string', minLength: 1, ...(o.choices ? { enum: [...o.choices] } : {}), ...(o.pattern ? { pattern: o.pattern } : {}) }),
    fromCli: check,
    fromConfig: check,
  };
}

/** An integer >= min: digits on the command line, a JSON number in the config. */
/** An integer of at least `min`; with `max`, at most what it returns and why (the machine's bound, not in the schema). */
function count(min: 0 | 1, max?: () => { max: number; why: string }): Kind<number> {
  const wanted = min ? 'a positive integer' : 'a non-negative integer';
  const bounded = (n: number, raw: unknown, show: Show) => {
    const limit = max?.();
    if (limit && n > limit.max) throw new ValueError(`must be at most ${limit.max} (${limit.why}), got ${show(raw)}`);
    return n;
  };
  return {
    type: 'string',
    schema: () => ({ type: 'integer', minimum: min }),
    fromCli(raw, show) {
      if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < min) throw new ValueError(`must be ${wanted}, got ${show(raw)}`);
      return bounded(Number(raw), raw, show);
    },
    fromConfig(raw, show) {
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min) throw new ValueError(`must be ${wanted}, got ${show(raw)}`);
      return bounded(raw, raw, show);
    },
  };
}

const jobsBound = () => ({ max: maxJobs(), why: `${JOBS_PER_CORE} worker threads per core, ${defaultJobs()} cores here` });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Names from a fixed set: a comma-separated string, or in the config also an array. */
function list(what: string, known: () => readonly string[]): Kind<string[]> {
  const check = (items: string[], show: Show): string[] => {
    const names = known();
    const unknown = items.find((f) => !names.includes(f));
    if (unknown !== undefined) throw new ValueError(`has unknown ${what} ${show(unknown)} (known: ${names.join(', ')})`);
    if (!items.length) throw new ValueError(`must name at least one ${what}`);
    return items;
  };
  const split = (s: string) => s.split(',').map((f) => f.trim()).filter(Boolean);
  return {
    type: 'string',
    schema() {
      const one = `(?:${known().map(escapeRegExp).join('|')})`;
      return { oneOf: [
        // names separated by commas; empty items are skipped, as split() does
        { type: 'string', pattern: `^[\\s,]*${one}(?:\\s*,[\\s,]*${one})*[\\s,]*$` },
        { type: 'array', minItems: 1, items: { enum: [...known()] } },
      ] };
    },
    fromCli: (raw, show) => check(split(String(raw)), show),
    fromConfig(raw, show) {
      if (typeof raw === 'string') return check(split(raw), show);
      if (!Array.isArray(raw) || raw.some((f) => typeof f !== 'string')) throw new ValueError(`must be a list of ${what}s (an array or a comma-separated string), got ${show(raw)}`);
      return check(raw.map((f: string) => f.trim()), show);
    },
  };
}

/**
 * A repeatable string option (`--NAME X --NAME Y`); in the config an array of strings. For
 * options such as globs that add up.
 */
export function repeated(o: { path?: true } = {}): Kind<string[]> {
  const each = (items: unknown[], show: Show) => items.map((v) => {
    if (typeof v !== 'string' || !v) throw new ValueError(`must list non-empty strings, got ${show(v)}`);
    return v;
  });
  return {
    type: 'string',
    multiple: true,
    ...(o.path ? { path: true as const } : {}),
    schema: () => ({ type: 'array', items: { type: 'string', minLength: 1 } }),
    fromCli: (raw, show) => each(raw as string[], show),
    fromConfig(raw, show) {
      if (!Array.isArray(raw)) throw new ValueError(`must be an array of strings, got ${show(raw)}`);
      return each(raw, show);
    },
  };
}

/** `disk/*` for every prefix some rule id has. */
const RULE_WILDCARDS = [...new Set(RULE_IDS.map((id) => id.slice(0, id.indexOf('/'))))].map((p) => `${p}/*`);
const RULE_NAMES = [...RULE_IDS, ...RULE_WILDCARDS];

function knownRule(rule: string, show: Show): string {
  if (RULE_NAMES.includes(rule)) return rule;
  const near = nearest(rule, RULE_NAMES);
  throw new ValueError(`names an unknown rule ${show(rule)}${near ? ` (did you mean ${show(near)}?)` : ''}`);
}

/** `ID[=REASON]` repeated; in the config an object of ID: REASON or a list of `ID[=REASON]`. */
function rulesOff(): Kind<RuleOff[]> {
  const one = (spec: string, show: Show): RuleOff => {
    const eq = spec.indexOf('=');
    const rule = knownRule((eq < 0 ? spec : spec.slice(0, eq)).trim(), show);
    const reason = eq < 0 ? '' : spec.slice(eq + 1).trim();
    return reason ? { rule, reason } : { rule };
  };
  return {
    type: 'string',
    multiple: true,
    schema: () => ({ oneOf: [
      { type: 'object', propertyNames: { enum: RULE_NAMES }, additionalProperties: { type: 'string' } },
      { type: 'array', items: { type: 'string', pattern: `^(?:${RULE_NAMES.map(escapeRegExp).join('|')})(?:=[\\s\\S]*)?$` } },
    ] }),
    fromCli: (raw, show) => (raw as string[]).map((s) => one(s, show)),
    fromConfig(raw, show) {
      if (Array.isArray(raw)) {
        return raw.map((s) => {
          if (typeof s !== 'string') throw new ValueError(`must list rule ids as "ID" or "ID=REASON" strings, got ${show(s)}`);
          return one(s, show);
        });
      }
      if (typeof raw !== 'object' || raw === null) throw new ValueError(`must be an object of rule id: reason, or a list of "ID=REASON" strings, got ${show(raw)}`);
      return Object.entries(raw).map(([rule, reason]) => {
        if (typeof reason !== 'string') throw new ValueError(`must give a string reason for ${show(rule)}, got ${show(reason)}`);
        return reason.trim() ? { rule: knownRule(rule, show), reason: reason.trim() } : { rule: knownRule(rule, show) };
      });
    },
  };
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 };

/** `16M`, `512KiB`, `1048576`: bytes (undefined: not a positive size). */
function sizeSpec(spec: string): number | undefined {
  const m = /^(\d+)\s*(?:([kmg])(?:i?b)?|b)?$/i.exec(spec.trim());
  if (!m || Number(m[1]) === 0) return undefined;
  return Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()];
}

const secondsSpec = (spec: string): number | undefined => (/^\d+(\.\d+)?$/.test(spec) ? Number(spec) : undefined);

// V8 needs some heap to start a worker at all
const MIN_WORKER_MEMORY_MB = 32;
const workerMemorySpec = (spec: string): number | undefined => (/^\d+$/.test(spec) && Number(spec) >= MIN_WORKER_MEMORY_MB ? Number(spec) : undefined);

/** The options, in the order the usage text lists them. */
export const OPTIONS = {
  match: def({
    kind: text({ choices: ['path', 'uuid', 'name'] }), arg: 'path|uuid|name', default: 'path',
    help: "pair the files of two directories by relative path (default), or by\nthe domain's <uuid> (any spelling libvirt accepts) or <name>, whatever\nthe files are called; uuid and name hold an index of all files in memory",
  }),
  ignore: def({
    kind: repeated(), arg: 'GLOB',
    help: "leave out files and directories whose path relative to SRC/DST matches\nGLOB (e.g. 'archive/**', '**/*-old.xml'); repeatable",
  }),
  manifest: def({
    kind: text({ path: true }), arg: 'FILE',
    help: 'check the pairs listed in FILE instead of SRC DST: CSV with the header\nsrc,dst[,id] or JSON Lines {"src":..,"dst":..,"id":..}; paths relative to\nFILE\'s directory; pairs are reported in FILE\'s order',
  }),
  'allow-empty': def({ kind: flag(), help: 'a run with no pair at all exits 0 (default: exit 2, as a wrong or empty\ncheckout or manifest would pass the gate unnoticed)' }),
  out: def({ kind: text({ path: true }), arg: 'DIR', default: 'reports', short: 'o', help: 'report directory (default: reports)' }),
  format: def({
    kind: list('report format', () => [...REPORT_FORMAT_NAMES, ...STDOUT_FORMATS]), arg: 'LIST', default: DEFAULT_FORMATS, short: 'f',
    help: `comma-separated report formats: ${REPORT_FORMAT_NAMES.join(', ')}\n(default: ${DEFAULT_FORMATS.join(',')}); github prints annotations and appends to\n$GITHUB_STEP_SUMMARY when set; json:- or jsonl:- streams that report to\nstdout instead (progress and findings go to stderr then)`,
  }),
  annotations: def({ kind: count(0), arg: 'N', default: DEFAULT_ANNOTATIONS, help: `github: annotate at most N failing pairs (default: ${DEFAULT_ANNOTATIONS})` }),
  compare: def({
    kind: text({ path: true }), arg: 'PREVIOUS.json',
    help: 'compare each pair with a previous JSON report (of a run or a merge, same\nprofile and driver): new failure, fixed, still failing, unchanged, new, gone',
  }),
  'fail-on': def({
    kind: text({ choices: FAIL_ON }), arg: 'any|new', default: 'any',
    help: 'new: only new failures against --compare fail the run (default: any)',
  }),
  'report-pairs': def({
    kind: text({ choices: REPORT_PAIRS }), arg: 'failing|all',
    help: `html, junit: list every pair, or the failing ones and counts (default:\nall up to ${ALL_PAIRS_UP_TO.toLocaleString('en-US')} pairs, failing above)`,
  }),
  profile: def({
    kind: text({ parse: (s) => (profileVersion(s) ? s : undefined), syntax: `a libvirt release X.Y.Z from ${PROFILE_RANGE} or upstream`, pattern: '^(upstream|[0-9]+\\.[0-9]+\\.[0-9]+)$' }),
    arg: 'VERSION', default: 'upstream', short: 'p',
    help: `libvirt release whose rules to apply: X.Y.Z from ${PROFILE_RANGE}\n(maintenance releases too), or upstream (= ${UPSTREAM_VERSION}, default)`,
  }),
  'skip-volatile': def({
    kind: flag(),
    help: 'skip what QEMU migration skips (VIR_DOMAIN_DEF_ABI_CHECK_SKIP_VOLATILE:\ncurrent memory); without it current memory is compared, as for\nsave-image-define and snapshot revert',
  }),
  live: def({
    kind: flag(),
    help: 'SRC and DST are live XML of running guests (virsh dumpxml): parse them\nas libvirt parses live XML, so aliases, the domain id and runtime\nstate are read and validated, never reported as mismatches',
  }),
  patches: def({
    kind: flag(),
    help: "each incompatible pair's result (JSON, JSONL) carries its fix: the\nunified diff abi-diff fix would write, or why it cannot be fixed",
  }),
  jobs: def({ kind: count(1, jobsBound), arg: 'N', short: 'j', help: `worker threads (default: available cores; at most ${JOBS_PER_CORE} per core)` }),
  driver: def({
    kind: text({ choices: ['generic', 'qemu'] }), arg: 'qemu|generic', default: 'qemu',
    help: "qemu (default): check x86 kvm/qemu guests as a QEMU/KVM host does (the\nQEMU driver's defaults, addresses, validation, migratable copy and own\nchecks), other guests with libvirt's generic checks; generic: libvirt's\ngeneric checks for every guest (current memory compared unless\n--skip-volatile)",
  }),
  operation: def({
    kind: text({ choices: ['migrate', 'save-image-define'] }), arg: 'OP',
    help: 'with --driver qemu: the check to reproduce, migrate (default; volatile\nvalues skipped) or save-image-define (current memory compared)',
  }),
  'qemu-caps': def({
    kind: text({ path: true }), arg: 'FILE',
    help: "with --driver qemu: the host QEMU's capabilities, a libvirt cache file\n(/var/cache/libvirt/qemu/capabilities/*.xml); default: QEMU 11.1's",
  }),
  cache: def({
    kind: text({ path: true }), arg: 'FILE',
    help: 'reuse verdicts of pairs whose files have not changed since the run that\nwrote FILE (same profile, flags and abi-diff version), then update it',
  }),
  shard: def<Shard>({
    kind: text({ parse: shardSpec, syntax: SHARD_SYNTAX, pattern: '^\\d+/\\d+$' }), arg: 'K/N',
    help: "check only the K-th of N stable parts of the pairs (by pair id);\n'abi-diff merge' joins the shards' JSON reports into one",
  }),
  'rule-off': def({
    kind: rulesOff(), arg: 'ID[=REASON]',
    help: "don't fail on mismatches of rule ID (or every rule under disk/*); they\nstay in the reports as suppressed, with the reason (repeatable)",
  }),
  baseline: def({
    kind: text({ path: true }), arg: 'FILE',
    help: "accept the mismatches recorded in FILE (see --write-baseline): they are\nreported as suppressed and don't fail the run; entries no longer seen\nare listed as stale",
  }),
  'strict-baseline': def({ kind: flag(), help: 'stale baseline entries fail the run (exit 1)' }),
  'prune-baseline': def({ kind: flag(), cliOnly: true, help: 'rewrite the --baseline file without its stale entries' }),
  'write-baseline': def({ kind: text(), arg: 'FILE', cliOnly: true, help: "record this run's mismatches in FILE as the new baseline (this run\nalready accepts them)" }),
  config: def({ kind: text(), arg: 'FILE', cliOnly: true, help: 'read options from FILE (default: ./abi-diff.config.json when present);\ncommand-line options override it; --no-NAME turns a config flag off' }),
  'no-config': def({ kind: flag(), cliOnly: true, help: 'ignore ./abi-diff.config.json' }),
  'max-file-size': def<number>({
    kind: text({ parse: sizeSpec, syntax: 'a positive size such as 16M, 512K or 1048576 (bytes)', pattern: '^\\d+\\s*([kKmMgG]([iI]?[bB])?|[bB])?$' }), arg: 'N', default: DEFAULT_MAX_FILE_SIZE,
    help: 'a file larger than N bytes (suffixes K, M, G: KiB, MiB, GiB) is an input\nerror, refused before it is read (default: 16M)',
  }),
  'pair-timeout': def<number>({
    kind: text({ parse: secondsSpec, syntax: 'a number of seconds (0: no limit)', pattern: '^\\d+(\\.\\d+)?$' }), arg: 'S', default: DEFAULT_PAIR_TIMEOUT_S,
    help: `stop checking a pair after S seconds: it becomes an error, the run goes\non (default: ${DEFAULT_PAIR_TIMEOUT_S}; 0: no limit)`,
  }),
  'worker-memory': def<number>({
    kind: text({ parse: workerMemorySpec, syntax: `a number of MiB, at least ${MIN_WORKER_MEMORY_MB}`, pattern: '^\\d+$' }), arg: 'MB', default: DEFAULT_WORKER_MEMORY_MB,
    help: `heap limit of each worker thread in MiB: a pair that needs more is an\nerror, the run goes on (default: ${DEFAULT_WORKER_MEMORY_MB})`,
  }),
  quiet: def({ kind: flag(), short: 'q', help: 'print nothing but errors (no progress, no findings)' }),
  verbose: def({ kind: flag(), help: 'print every mismatch of every failing pair, with its dst and src lines\n(default: the first mismatch of the first 20 failing pairs)' }),
  version: def({ kind: flag(), cliOnly: true, short: 'V', help: '' }),
  help: def({ kind: flag(), cliOnly: true, short: 'h', help: '' }),
};

export type OptionName = keyof typeof OPTIONS;
type ValueOf<D> = D extends OptionDef<infer T> ? T : never;
export type OptionValues = { -readonly [N in OptionName]?: ValueOf<(typeof OPTIONS)[N]> };

const entries = () => Object.entries(OPTIONS) as [OptionName, OptionDef<unknown>][];

/** Options a config file may set. */
export const CONFIG_KEYS: readonly OptionName[] = entries().filter(([, d]) => !d.cliOnly).map(([n]) => n);

/** Flags a config may turn on get `--no-NAME` to turn them off again. */
const negatable = (names: readonly OptionName[]) => names.filter((n) => CONFIG_KEYS.includes(n) && OPTIONS[n].kind.type === 'boolean');

/** Where a value came from, as messages name it. */
export function cliPlace(name: OptionName): string {
  return `--${name}`;
}

/**
 * Parses argv with the options named (default: all): only what was given, converted and
 * checked. Bad values are usage errors naming the option.
 */
export function parseCommandLine(argv: string[], names: readonly OptionName[] = entries().map(([n]) => n)): { values: OptionValues; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const n of names) {
    const { kind, short } = OPTIONS[n] as OptionDef<unknown>;
    options[n] = { type: kind.type, ...(kind.multiple ? { multiple: true } : {}), ...(short ? { short } : {}) };
  }
  for (const n of negatable(names)) options[`no-${n}`] = { type: 'boolean' };
  // node's messages mention internals (`<value>`, `'--'`): what is wrong is found and said here first
  argumentProblem(argv, options);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (err) {
    throw new ArgumentError((err as Error).message.split('. ')[0].replace(/\.$/, ''));
  }
  const values: OptionValues = {};
  const raw = parsed.values as Record<string, Raw | undefined>;
  for (const n of names) {
    const given = raw[n];
    if (given === undefined) continue;
    try {
      (values as Record<string, unknown>)[n] = (OPTIONS[n] as OptionDef<unknown>).kind.fromCli(given, showCli);
    } catch (err) {
      if (err instanceof ValueError) throw new ArgumentError(`${cliPlace(n)} ${err.message}`);
      throw err;
    }
  }
  for (const n of negatable(names)) {
    if (!raw[`no-${n}`]) continue;
    if (raw[n]) throw new ArgumentError(`--${n} and --no-${n} contradict each other`);
    (values as Record<string, unknown>)[n] = false;
  }
  return { values, positionals: parsed.positionals };
}

/** Said of an option's value: its placeholder in the usage text. */
const valueOf = (name: string) => OPTIONS[name as OptionName]?.arg ?? 'a value';

/**
 * The first problem of argv as the parser sees it (unknown option, missing value, a value
 * given to a flag), thrown as a UsageError in abi-diff's words, with the nearest option name.
 */
export function argumentProblem(argv: string[], options: NonNullable<ParseArgsConfig['options']>): void {
  const { tokens } = parseArgs({ args: argv, allowPositionals: true, options, strict: false, tokens: true });
  const longs = Object.keys(options).map((n) => `--${n}`);
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = options[t.name];
    if (!o) {
      const near = t.rawName.startsWith('--') ? nearest(t.rawName, longs) : undefined;
      if (near) throw new ArgumentError(`unknown option '${t.rawName}' (did you mean ${near}?)`);
      // short flags come one token each: the word typed is what the message shows
      const word = argv[t.index];
      // a file whose name starts with a dash: the usual convention ends the options
      if (/[./]/.test(word)) throw new ArgumentError(`unknown option '${word}' (a file whose name starts with '-' goes after '--': abi-diff [options] -- SRC DST)`);
      throw new ArgumentError(`unknown option '${t.rawName}'${word === t.rawName ? '' : ` in '${word}'`}`);
    }
    const name = `--${t.name}`;
    if (o.type === 'boolean' && t.value !== undefined) throw new ArgumentError(`${name} takes no value, got '${t.rawName}=${t.value}'`);
    if (o.type === 'string' && t.value === undefined) throw new ArgumentError(`${name} needs ${valueOf(t.name)} after it`);
    // `--out --quiet`: the next option taken for a value is rather a forgotten one
    if (o.type === 'string' && !t.inlineValue && t.value!.length > 1 && t.value!.startsWith('-')) {
      throw new ArgumentError(`${name} needs ${valueOf(t.name)} after it, got the option '${t.value}' (for a value that starts with '-', write ${name}=${t.value})`);
    }
  }
}

/** Default values for the options named, under what is set. */
export function withDefaults(values: OptionValues, names: readonly OptionName[] = entries().map(([n]) => n)): OptionValues {
  const out: OptionValues = { ...values };
  for (const n of names) {
    const d = (OPTIONS[n] as OptionDef<unknown>).default;
    if ((out as Record<string, unknown>)[n] === undefined && d !== undefined) (out as Record<string, unknown>)[n] = d;
  }
  return out;
}

const HELP_COLUMN = 26;

/** The options part of the usage text. */
export function optionsUsage(): string {
  const lines: string[] = [];
  for (const [name, d] of entries()) {
    if (!d.help) continue;
    const head = `  ${d.short ? `-${d.short}, ` : '    '}--${name}${d.arg ? ` ${d.arg}` : ''}`;
    const [first, ...rest] = d.help.split('\n');
    if (head.length < HELP_COLUMN) lines.push(head.padEnd(HELP_COLUMN) + first);
    else lines.push(head, ' '.repeat(HELP_COLUMN) + first);
    for (const l of rest) lines.push(' '.repeat(HELP_COLUMN) + l);
  }
  lines.push('  -V, --version, -h, --help');
  return lines.join('\n');
}

export const CONFIG_SCHEMA_ID = 'urn:abi-diff:schema:config:1';

/** The JSON Schema of abi-diff.config.json, for editors (written to src/cli/config.schema.json). */
export function configSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {
    $schema: { type: 'string', description: 'Where editors find this schema.' },
  };
  for (const n of CONFIG_KEYS) {
    const d = OPTIONS[n] as OptionDef<unknown>;
    properties[n] = { description: d.help.replace(/\s*\n\s*/g, ' '), ...d.kind.schema() };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'abi-diff configuration (abi-diff.config.json)',
    description: 'Options of `abi-diff SRC DST` by their long names; command-line options override them. File names are relative to this file.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** Where the schema lives beside this module, and its text as `npm run config-schema` writes it. */
export const CONFIG_SCHEMA_FILE = new URL('./config.schema.json', import.meta.url);

export function configSchemaText(): string {
  return JSON.stringify(configSchema(), null, 2) + '\n';
}
