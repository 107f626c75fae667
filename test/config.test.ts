/**
 * The option table and abi-diff.config.json: every message a bad config or command line gets,
 * merging config and command line, paths relative to the config, and the generated JSON Schema
 * (up to date, and agreeing with the validator on what it accepts).
 */
import test from 'ava';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { configFile, configValues, mergeOptions, readConfig, CONFIG_FILE, ConfigError } from '../src/cli/config.js';
import { CONFIG_KEYS, CONFIG_SCHEMA_FILE, configSchema, configSchemaText, OPTIONS, optionsUsage, parseCommandLine, repeated, showCli, showJson, ValueError, withDefaults } from '../src/cli/options.js';
import { nearest } from '../src/cli/suggest.js';
import { UsageError } from '../src/batch/discover.js';
import { tempDir } from './helpers/temp.js';
import { availableParallelism } from 'node:os';

const F = 'abi-diff.config.json';
/** --jobs' bound on this machine, and why, as the messages give it */
const CORES = Math.max(1, availableParallelism());
const JOBS_MAX = `at most ${4 * CORES} (4 worker threads per core, ${CORES} cores here)`;

/** The message a config document gets, or undefined when it is accepted. */
function problem(doc: unknown, file = F): string | undefined {
  try {
    configValues(doc, file);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

function cliProblem(argv: string[]): string | undefined {
  try {
    parseCommandLine(argv);
    return undefined;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return err.message;
  }
}

test('config values: each kind of option, typed as in JSON', (t) => {
  const v = configValues({
    $schema: './node_modules/abi-diff/src/cli/config.schema.json',
    profile: '9.0.0', format: ['json', 'sarif'], 'skip-volatile': true, jobs: 4, annotations: 0, driver: 'qemu', shard: '2/3',
    'rule-off': { 'disk/serial': 'serials are cosmetic here', 'net/*': '' }, quiet: false,
  }, F);
  t.deepEqual(v, {
    profile: '9.0.0', format: ['json', 'sarif'], 'skip-volatile': true, jobs: 4, annotations: 0, driver: 'qemu', shard: { index: 2, count: 3 },
    'rule-off': [{ rule: 'disk/serial', reason: 'serials are cosmetic here' }, { rule: 'net/*' }], quiet: false,
  });
  t.deepEqual(configValues({ format: 'json, junit' }, F).format, ['json', 'junit'], 'format as a comma list');
  t.deepEqual(configValues({ 'rule-off': ['disk/serial=cosmetic = here', 'video/*'] }, F)['rule-off'], [{ rule: 'disk/serial', reason: 'cosmetic = here' }, { rule: 'video/*' }], 'rule-off as a list');
});

test('every message a bad config gets names the file and the key', (t) => {
  const cases: [unknown, string][] = [
    [[], `${F}: must be a JSON object of option names and values, got []`],
    [null, `${F}: must be a JSON object of option names and values, got null`],
    [{ jobs: 'x' }, `${F}: "jobs" must be a positive integer, got "x"`],
    [{ jobs: 0 }, `${F}: "jobs" must be a positive integer, got 0`],
    [{ jobs: 2.5 }, `${F}: "jobs" must be a positive integer, got 2.5`],
    // --jobs 300 took 2.7 GB for 48 pairs, 10^9 ran until killed
    [{ jobs: 4 * CORES + 1 }, `${F}: "jobs" must be ${JOBS_MAX}, got ${4 * CORES + 1}`],
    [{ annotations: -1 }, `${F}: "annotations" must be a non-negative integer, got -1`],
    [{ 'skip-volatile': 'yes' }, `${F}: "skip-volatile" must be true or false, got "yes"`],
    [{ out: 3 }, `${F}: "out" must be a non-empty string, got 3`],
    [{ cache: '' }, `${F}: "cache" must be a non-empty string, got ""`],
    [{ profile: '13.0.0' }, `${F}: "profile" must be a libvirt release X.Y.Z from 7.0.0 to 12.9.0 or upstream, got "13.0.0"`],
    [{ driver: 'xen' }, `${F}: "driver" must be one of generic, qemu, got "xen"`],
    [{ shard: '4/3' }, `${F}: "shard" must be K/N with 1 <= K <= N, got "4/3"`],
    [{ format: ['json', 'pdf'] }, `${F}: "format" has unknown report format "pdf" (known: json, jsonl, html, sarif, junit, github, json:-, jsonl:-)`],
    [{ format: 'json,pdf' }, `${F}: "format" has unknown report format "pdf" (known: json, jsonl, html, sarif, junit, github, json:-, jsonl:-)`],
    [{ format: [] }, `${F}: "format" must name at least one report format`],
    [{ format: [1] }, `${F}: "format" must be a list of report formats (an array or a comma-separated string), got [1]`],
    [{ 'rule-off': { 'disk/seriall': 'x' } }, `${F}: "rule-off" names an unknown rule "disk/seriall" (did you mean "disk/serial"?)`],
    [{ 'rule-off': ['nothing-like-it/at-all'] }, `${F}: "rule-off" names an unknown rule "nothing-like-it/at-all"`],
    [{ 'rule-off': [3] }, `${F}: "rule-off" must list rule ids as "ID" or "ID=REASON" strings, got 3`],
    [{ 'rule-off': 'disk/serial' }, `${F}: "rule-off" must be an object of rule id: reason, or a list of "ID=REASON" strings, got "disk/serial"`],
    [{ 'rule-off': { 'disk/serial': true } }, `${F}: "rule-off" must give a string reason for "disk/serial", got true`],
    [{ formats: 'json' }, `${F}: unknown key "formats" (did you mean "format"?)`],
    [{ skip_volatile: true }, `${F}: unknown key "skip_volatile" (did you mean "skip-volatile"?)`],
    [{ colour: 'red' }, `${F}: unknown key "colour" (known: ${CONFIG_KEYS.join(', ')})`],
    [{ 'write-baseline': 'b.json' }, `${F}: "write-baseline" can only be given on the command line`],
    [{ config: 'other.json' }, `${F}: "config" can only be given on the command line`],
  ];
  for (const [doc, message] of cases) t.is(problem(doc), message, JSON.stringify(doc));
  // every problem at once, not one per run
  t.is(problem({ jobs: 'x', formats: 'json' }), `${F}: "jobs" must be a positive integer, got "x"\n${F}: unknown key "formats" (did you mean "format"?)`);
});

test('config files: found in the working directory, given, disabled; unreadable or not JSON', async (t) => {
  const dir = await tempDir('abi-diff-config-');
  t.is(configFile(undefined, false, dir), undefined, 'no file, no config');
  await writeFile(join(dir, CONFIG_FILE), '{"jobs": 2}');
  t.is(configFile(undefined, false, dir), join(dir, CONFIG_FILE));
  t.is(configFile(undefined, true, dir), undefined, '--no-config');
  t.is(configFile(join(dir, CONFIG_FILE), undefined, '/'), join(dir, CONFIG_FILE));
  t.throws(() => configFile(join(dir, 'missing.json'), false), { instanceOf: ConfigError, message: `--config ${join(dir, 'missing.json')}: no such file` });
  t.throws(() => configFile('x.json', true), { instanceOf: UsageError, message: '--config and --no-config contradict each other' });
  await writeFile(join(dir, 'broken.json'), '{"jobs": 2,}');
  t.throws(() => readConfig(join(dir, 'broken.json')), { instanceOf: ConfigError, message: new RegExp(`^${join(dir, 'broken.json')}: not valid JSON \\(.+\\)$`) });
  await mkdir(join(dir, 'a-directory.json'));
  t.throws(() => readConfig(join(dir, 'a-directory.json')), { instanceOf: ConfigError, message: `${join(dir, 'a-directory.json')}: cannot read the config file (EISDIR)` });
  t.deepEqual(readConfig(join(dir, CONFIG_FILE)), { file: join(dir, CONFIG_FILE), values: { jobs: 2 } });
});

test('file names in a config are relative to the config file', (t) => {
  const v = configValues({ out: 'reports', cache: '/var/cache/abi-diff.cache', baseline: '../baselines/fleet.json' }, join('ci', 'abi-diff.config.json'));
  t.deepEqual(v, { out: join('ci', 'reports'), cache: '/var/cache/abi-diff.cache', baseline: join('baselines', 'fleet.json') });
  t.is(configValues({ out: 'reports' }, F).out, 'reports', 'a config in the working directory keeps the name as written');
});

test('the command line overrides the config; rules off add up; --no-NAME turns a flag off', (t) => {
  const config = configValues({ profile: '9.0.0', format: ['json'], 'skip-volatile': true, 'rule-off': { 'disk/serial': 'config reason', 'net/*': 'nics' } }, F);
  const { values: cli } = parseCommandLine(['--profile', '11.3.0', '--no-skip-volatile', '--rule-off', 'disk/serial=cli reason', '--rule-off', 'video/vram']);
  const merged = withDefaults(mergeOptions(config, cli));
  t.is(merged.profile, '11.3.0');
  t.deepEqual(merged.format, ['json'], 'what the command line leaves alone comes from the config');
  t.false(merged['skip-volatile']);
  t.deepEqual(merged['rule-off'], [{ rule: 'disk/serial', reason: 'cli reason' }, { rule: 'net/*', reason: 'nics' }, { rule: 'video/vram' }]);
  t.is(merged.out, 'reports', 'defaults fill the rest');
  t.is(merged.jobs, undefined, 'jobs defaults to the cores, decided at run time');
});

test('command-line messages name the option', (t) => {
  const cases: [string[], string][] = [
    [['--jobs', '0'], "--jobs must be a positive integer, got '0'"],
    [['--jobs', '1000000000'], `--jobs must be ${JOBS_MAX}, got '1000000000'`],
    [['--jobs', '300'], `--jobs must be ${JOBS_MAX}, got '300'`],
    [['--annotations', 'x'], "--annotations must be a non-negative integer, got 'x'"],
    [['--format', 'pdf'], "--format has unknown report format 'pdf' (known: json, jsonl, html, sarif, junit, github, json:-, jsonl:-)"],
    [['--format', ','], '--format must name at least one report format'],
    [['--profile', '7.11.0'], "--profile must be a libvirt release X.Y.Z from 7.0.0 to 12.9.0 or upstream, got '7.11.0'"],
    [['--shard', '0/2'], "--shard must be K/N with 1 <= K <= N, got '0/2'"],
    [['--out', ''], "--out must be a non-empty string, got ''"],
    [['--rule-off', 'disk/bsu=typo'], "--rule-off names an unknown rule 'disk/bsu' (did you mean 'disk/bus'?)"],
    [['--rule-off', 'abi-diff/input-error'], "--rule-off names an unknown rule 'abi-diff/input-error'"],
    [['--skip-volatile', '--no-skip-volatile'], '--skip-volatile and --no-skip-volatile contradict each other'],
    [['--colour'], "unknown option '--colour'"],
    // parseArgs' own wordings (`<value>`, `argument missing`, `place it at the end ...`) replaced
    [['--formt', 'json'], "unknown option '--formt' (did you mean --format?)"],
    [['--no-skip-volatil'], "unknown option '--no-skip-volatil' (did you mean --no-skip-volatile?)"],
    [['a.xml', '-b.xml'], "unknown option '-b.xml' (a file whose name starts with '-' goes after '--': abi-diff [options] -- SRC DST)"],
    [['a', 'b', '--profile'], '--profile needs VERSION after it'],
    [['a', 'b', '-p'], '--profile needs VERSION after it'],
    [['--quiet=yes'], "--quiet takes no value, got '--quiet=yes'"],
    [['--out', '--quiet'], "--out needs DIR after it, got the option '--quiet' (for a value that starts with '-', write --out=--quiet)"],
  ];
  for (const [argv, message] of cases) t.is(cliProblem(argv), message, argv.join(' '));
  t.deepEqual(parseCommandLine(['--rule-off', 'disk/*', '--rule-off', 'net/model=e1000e is fine here']).values['rule-off'], [{ rule: 'disk/*' }, { rule: 'net/model', reason: 'e1000e is fine here' }]);
});

test('short flags: -j -o -f -p -q -V -h stand for their options; after -- every word is a file', (t) => {
  const { values, positionals } = parseCommandLine(['-j', '2', '-o', 'out', '-f', 'jsonl:-,html', '-p', '9.0.0', '-q', '-V', '-h', '--', '-a.xml', '--b.xml']);
  t.deepEqual(values, { jobs: 2, out: 'out', format: ['jsonl:-', 'html'], profile: '9.0.0', quiet: true, version: true, help: true });
  t.deepEqual(positionals, ['-a.xml', '--b.xml']);
  t.deepEqual(parseCommandLine(['--allow-empty', '--verbose']).values, { 'allow-empty': true, verbose: true });
});

test('nearest: close spellings only', (t) => {
  t.is(nearest('jobz', ['jobs', 'out']), 'jobs');
  t.is(nearest('profil', ['profile', 'format']), 'profile');
  t.is(nearest('zzzzzz', ['jobs', 'out']), undefined);
});

test('one table: every option is in the usage text, every config key in the schema', (t) => {
  const usage = optionsUsage();
  for (const [name, d] of Object.entries(OPTIONS)) if (d.help) t.true(usage.includes(`--${name}`), name);
  const schema = configSchema() as { properties: Record<string, unknown> };
  t.deepEqual(Object.keys(schema.properties), ['$schema', ...CONFIG_KEYS]);
  t.false(CONFIG_KEYS.includes('write-baseline') || CONFIG_KEYS.includes('config') || CONFIG_KEYS.includes('help'));
});

test('src/cli/config.schema.json is up to date (npm run config-schema)', async (t) => {
  t.is(await readFile(CONFIG_SCHEMA_FILE, 'utf8'), configSchemaText());
});

test('the JSON Schema and the validator agree on what a config may hold', (t) => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(JSON.parse(configSchemaText()));
  const docs: unknown[] = [
    {}, { $schema: 'x' }, { out: 'r' }, { out: '' }, { out: 1 }, { jobs: 1 }, { jobs: 0 }, { jobs: '2' }, { jobs: 1.5 }, { annotations: 0 },
    { format: 'json' }, { format: ' json , html ' }, { format: 'json,,html' }, { format: ',json,' }, { format: 'json html' }, { format: ',' }, { format: 'pdf' }, { format: ['sarif'] }, { format: [] }, { format: ['x'] },
    { profile: 'upstream' }, { profile: '7.0.0' }, { driver: 'qemu' }, { 'skip-volatile': false }, { 'skip-volatile': 1 },
    { shard: '1/2' }, { shard: 'a/b' }, { baseline: 'b.json' }, { 'strict-baseline': true }, { quiet: true },
    { 'rule-off': {} }, { 'rule-off': { 'disk/serial': 'r' } }, { 'rule-off': { 'disk/*': '' } }, { 'rule-off': { nope: 'r' } }, { 'rule-off': { 'disk/serial': 1 } },
    { 'rule-off': ['disk/serial', 'net/*=why'] }, { 'rule-off': ['nope'] }, { 'rule-off': [1] }, { 'rule-off': 'disk/serial' },
    { formats: 'json' }, { 'write-baseline': 'b.json' }, { 'prune-baseline': true }, { help: true },
  ];
  for (const doc of docs) t.is(validate(doc), problem(doc) === undefined, `${JSON.stringify(doc)}: ${ajv.errorsText(validate.errors)} / ${problem(doc)}`);
});

test('a config in another directory: reports land beside it', async (t) => {
  const dir = await tempDir('abi-diff-config-');
  const file = join(dir, 'abi-diff.config.json');
  await writeFile(file, JSON.stringify({ out: 'out', baseline: 'b.json' }));
  t.deepEqual(readConfig(file).values, { out: join(dir, 'out'), baseline: join(dir, 'b.json') });
  t.is(resolve(readConfig(file).values.out!), join(dir, 'out'));
});

test('repeated strings, for options that add up (globs): command line and config', (t) => {
  const kind = repeated();
  t.deepEqual(kind.fromCli(['a/*.xml', 'b/**'], showCli), ['a/*.xml', 'b/**']);
  t.deepEqual(kind.fromConfig(['a/*.xml'], showJson), ['a/*.xml']);
  t.throws(() => kind.fromConfig('a/*.xml', showJson), { instanceOf: ValueError, message: 'must be an array of strings, got "a/*.xml"' });
  t.throws(() => kind.fromConfig(['ok', ''], showJson), { instanceOf: ValueError, message: 'must list non-empty strings, got ""' });
  t.throws(() => kind.fromCli([''], showCli), { instanceOf: ValueError, message: "must list non-empty strings, got ''" });
  const validate = new Ajv({ strict: true }).compile(kind.schema());
  for (const v of [['x'], [], 'x', [''], [1]]) {
    let ok = true;
    try { kind.fromConfig(v, showJson); } catch { ok = false; }
    t.is(validate(v), ok, JSON.stringify(v));
  }
});
