/**
 * abi-diff.config.json: the options of a run kept beside the fleet's definitions, keyed by their
 * long names and checked against the option table (options.ts), so a CI job and an operator's
 * shell run the same check. Command-line options override it.
 */
import { existsSync } from 'node:fs';
import { errorReason, readRegularSync } from '../reports/files.js';
import { dirname, isAbsolute, join } from 'node:path';
import type { RuleOff } from '../model/result.js';
import { UsageError } from '../batch/discover.js';
import { CONFIG_KEYS, OPTIONS, showJson, ValueError, type OptionDef, type OptionName, type OptionValues } from './options.js';
import { nearest } from './suggest.js';

export const CONFIG_FILE = 'abi-diff.config.json';

/** A problem with the config file: the message names it, the usage text would not help. */
export class ConfigError extends UsageError {}

export interface LoadedConfig {
  /** The file as found or given. */
  file: string;
  values: OptionValues;
}

/** Which config applies: --config FILE, else ./abi-diff.config.json when present; none with --no-config. */
export function configFile(given: string | undefined, disabled: boolean | undefined, cwd = '.'): string | undefined {
  if (given !== undefined && disabled) throw new UsageError('--config and --no-config contradict each other');
  if (disabled) return undefined;
  if (given !== undefined) {
    if (!existsSync(given)) throw new ConfigError(`--config ${given}: no such file`);
    return given;
  }
  const found = join(cwd, CONFIG_FILE);
  return existsSync(found) ? found : undefined;
}

/** Reads and checks a config file; every problem is reported, each naming the file and the key. */
export function readConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readRegularSync(file);
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? errorReason(err)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return { file, values: configValues(doc, file) };
}

/** The option values of a parsed config document; `file` names it in messages and anchors relative paths. */
export function configValues(doc: unknown, file: string): OptionValues {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ConfigError(`${file}: must be a JSON object of option names and values, got ${showJson(doc)}`);
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(doc)) {
    if (key === '$schema') continue;
    if (!(key in OPTIONS)) {
      const near = nearest(key, CONFIG_KEYS);
      problems.push(`${file}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ` (known: ${CONFIG_KEYS.join(', ')})`}`);
      continue;
    }
    const name = key as OptionName;
    const d = OPTIONS[name] as OptionDef<unknown>;
    if (d.cliOnly) { problems.push(`${file}: "${key}" can only be given on the command line`); continue; }
    try {
      const v = d.kind.fromConfig(raw, showJson);
      const anchored = (p: string) => (isAbsolute(p) ? p : join(dirname(file), p));
      values[key] = !d.kind.path ? v : Array.isArray(v) ? v.map(anchored) : anchored(v as string);
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      problems.push(`${file}: "${key}" ${err.message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return values as OptionValues;
}

/**
 * The config's values under the command line's. Repeated options add up: a rule the command
 * line turns off joins the config's, with the command line's reason when both name it.
 */
export function mergeOptions(config: OptionValues, cli: OptionValues): OptionValues {
  const merged: OptionValues = { ...config };
  for (const [k, v] of Object.entries(cli)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  if (config['rule-off'] || cli['rule-off']) merged['rule-off'] = mergeRulesOff(config['rule-off'] ?? [], cli['rule-off'] ?? []);
  return merged;
}

/** One entry per rule; a later one wins. */
function mergeRulesOff(base: readonly RuleOff[], over: readonly RuleOff[]): RuleOff[] {
  const byRule = new Map<string, RuleOff>();
  for (const r of [...base, ...over]) byRule.set(r.rule, r);
  return [...byRule.values()];
}
