/**
 * docs/rules/ is exactly what `npm run docs:rules` writes from the registry (so stale pages fail
 * here), `abi-diff rules` lists every rule, `abi-diff explain` prints the pages.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { nearestIds } from '../src/cli/rules-command.js';
import { discoverPairs } from '../src/batch/discover.js';
import { MEASURED_VERSIONS, resolveProfile } from '../src/model/profile.js';
import { ruleApplies, type Step } from '../src/rules/framework.js';
import { allRules, registry } from '../src/rules/registry.js';
import { loadRuleExamples, ruleEntries } from '../src/rules/rule-docs.js';
import { checkXmlPair } from '../src/worker/check-pair.js';
import { renderRuleDocs, ruleDocFiles } from '../scripts/docs-rules.js';
import { formatPattern } from '../scripts/rule-fixtures.js';
import { abiDiff } from './helpers/reports.js';

const FIX = 'run `npm run docs:rules` and commit docs/rules, src/rules/rule-examples.json and src/rules/rule-ids.json';

const rendered = renderRuleDocs();

test('every rule has a docs page equal to its rendering, and the examples are current', (t) => {
  for (const e of ruleEntries()) t.true(rendered.has(e.docs), `${e.id} has no page`);
  const stale = [...rendered].filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text).map(([path]) => path);
  t.deepEqual(stale, [], `${stale.length} stale or missing file(s): ${FIX}`);
});

test('every docs page belongs to a rule of the registry', (t) => {
  const pages = ruleDocFiles();
  t.true(pages.length > allRules.length, 'docs/rules is missing');
  const orphans = pages.filter((p) => !rendered.has(p));
  t.deepEqual(orphans, [], `pages of no rule: ${FIX}`);
});

test('rule ids are unique, also as file names on case-insensitive file systems', (t) => {
  const files = ruleEntries().map((e) => e.docs.toLowerCase());
  t.is(files.length, allRules.length);
  t.deepEqual(files.filter((f, i) => files.indexOf(f) !== i), []);
});

test('every example on a page is a message of its rule, in the wording of its version', (t) => {
  const examples = loadRuleExamples();
  const ids = new Set(allRules.map((r) => r.id));
  t.deepEqual(Object.keys(examples).filter((id) => !ids.has(id)), []);
  for (const r of allRules) {
    for (const x of examples[r.id] ?? []) {
      const wording = r.messages.find((m) => m.since === x.since);
      t.truthy(wording, `${r.id}: example for an unknown wording ${x.since}`);
      t.regex(x.message, formatPattern(wording?.format ?? ''), `${r.id}: ${x.message}`);
      t.true(existsSync(x.test), x.test);
    }
  }
  t.true(Object.keys(examples).length > allRules.length / 2, 'most rules have an example');
});

test('every sub-step run only under a guard says when, so the pages can', (t) => {
  const unexplained: string[] = [];
  const walk = (steps: readonly Step[]): void => {
    for (const s of steps) {
      if (s.kind === 'sub') {
        if (s.when && !s.condition) unexplained.push(s.id);
        walk(s.steps);
      } else if (s.kind === 'list') walk([s.count, ...s.each]);
    }
  };
  walk(registry);
  t.deepEqual(unexplained, []);
});

test('the documented locations are the paths reports give (example corpus, every profile)', async (t) => {
  const locations = new Map(ruleEntries().map((e) => [e.id, new Set(e.locations.map((l) => l.path))]));
  // a page shows each list at its first element
  const firstElement = (path: string) => path.replace(/\[\d+\]/g, '[1]').replace(/\[@id='\d+'\]/g, "[@id='0']");
  const pairs = [];
  for await (const p of discoverPairs(join('corpora', 'example', 'src'), join('corpora', 'example', 'dst'))) pairs.push(p);
  let seen = 0;
  for (const profile of MEASURED_VERSIONS) {
    for (const p of pairs) {
      if (!p.src || !p.dst) continue;
      const r = checkXmlPair(p.id, p.src, p.dst, readFileSync(p.src, 'utf8'), readFileSync(p.dst, 'utf8'), { profile: resolveProfile(profile), skipVolatile: false });
      for (const m of r.mismatches) {
        seen++;
        t.true(locations.get(m.rule)?.has(firstElement(m.path)), `${p.id} [${profile}]: ${m.rule} at ${m.path}, documented: ${[...locations.get(m.rule) ?? []].join(' ')}`);
      }
    }
  }
  t.true(seen > 50, `only ${seen} mismatches`);
});

test('nearestIds: family, typo, name without family, nothing alike', (t) => {
  const ids = allRules.map((r) => r.id);
  t.deepEqual(nearestIds('disk/buss', ids), ['disk/bus']);
  t.deepEqual(nearestIds('DISK/BUS', ids), ['disk/bus']);
  t.true(nearestIds('bus', ids).includes('disk/bus'));
  t.true(nearestIds('disk', ids).every((id) => id.startsWith('disk/')));
  t.deepEqual(nearestIds('zzzzzz', ids), []);
});

test('rules --json validates against its schema and lists every rule in evaluation order', async (t) => {
  const r = await abiDiff(['rules', '--json']);
  t.is(r.code, 0, r.stderr);
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: true });
  const validate = ajv.compile(JSON.parse(await readFile(join('src', 'reports', 'schema', 'abi-diff-rules.schema.json'), 'utf8')));
  const list = JSON.parse(r.stdout) as { id: string; docs: string; profiles: string[] }[];
  t.true(validate(list), ajv.errorsText(validate.errors));
  t.deepEqual(list.map((x) => x.id), allRules.map((x) => x.id));
  t.true(list.every((x) => existsSync(x.docs)));
  t.false(validate([{ ...list[0], profiles: ['8.0.0'] }]), 'unmeasured release listed as measured');
  t.false(validate([{ ...list[0], messages: [] }]), 'rule without a message accepted');
});

test('rules --profile 9.0.0: a line per rule 9.0.0 checks, in its wording', async (t) => {
  const r = await abiDiff(['rules', '--profile', '9.0.0']);
  t.is(r.code, 0, r.stderr);
  const profile = resolveProfile('9.0.0');
  const want = allRules.filter((x) => ruleApplies(x, profile));
  t.true(want.length < allRules.length, 'some rules are newer than 9.0.0');
  const lines = r.stdout.trimEnd().split('\n');
  t.regex(lines[0], /^RULE\s+LIBVIRT\s+LIBVIRT FUNCTION$/);
  // a rule's line, then its message indented under it
  const rows = lines.slice(2, -1).filter((l) => !l.startsWith(' '));
  t.deepEqual(rows.map((l) => l.split(/\s+/)[0]), want.map((x) => x.id));
  t.true(lines.every((l) => l.length <= 100), 'the table fits 100 columns');
  // 9.0.0's PCI address message lacks a space; 9.3.0 added it
  t.regex(r.stdout, /deviceinfo\/pci-address .*\n {4}.*%ddoes not match source/);
  const all = await abiDiff(['rules']);
  t.is(all.stdout.trimEnd().split('\n').filter((l) => !l.startsWith(' ')).length, allRules.length + 2);
  t.regex(all.stdout, /deviceinfo\/pci-address .*\n {4}.*%4\$d does not match source/);
});

test('rules TEXT: the rules whose id or libvirt function contains it; none is a usage error with the nearest family', async (t) => {
  const rowsOf = (out: string) => out.trimEnd().split('\n').slice(2, -1).filter((l) => !l.startsWith(' ')).map((l) => l.split(/\s+/)[0]);
  const disk = await abiDiff(['rules', 'disk']);
  t.is(disk.code, 0, disk.stderr);
  const want = allRules.filter((x) => x.id.includes('disk') || x.libvirtFunction.toLowerCase().includes('disk')).map((x) => x.id);
  t.deepEqual(rowsOf(disk.stdout), want);
  t.regex(disk.stdout, new RegExp(`\\n${want.length} rules;`));
  const fn = await abiDiff(['rules', 'virDomainWatchdogDefCheckABIStability', '--json']);
  t.deepEqual(JSON.parse(fn.stdout).map((x: { id: string }) => x.id), allRules.filter((x) => x.libvirtFunction === 'virDomainWatchdogDefCheckABIStability').map((x) => x.id));
  const none = await abiDiff(['rules', 'diks']);
  t.is(none.code, 2);
  t.is(none.stderr, "abi-diff rules: no rule id or libvirt function contains 'diks'; did you mean disk?\n");
});

test('rules: a bad option or profile is a usage error naming the range', async (t) => {
  for (const bad of ['6.10.0', '12.10.0', '13.0.0', '9.11.0', '10.0', 'latest']) {
    const r = await abiDiff(['rules', '--profile', bad]);
    t.is(r.code, 2, bad);
    t.is(r.stderr, `abi-diff rules: --profile: unknown profile '${bad}' (a libvirt release X.Y.Z from 7.0.0 to 12.9.0, or upstream)\n`);
  }
  const bad = await abiDiff(['rules', '--jsn']);
  t.is(bad.code, 2);
  t.is(bad.stderr, "abi-diff rules: unknown option '--jsn' (did you mean --json?)\n");
});

test('rules --profile: any release in the range lists the rules of its version range, in its wording', async (t) => {
  // 9.1.0 added the blockio checks and the watchdog's new wording, 9.3.0 the PCI address's space
  const at = async (v: string) => (await abiDiff(['rules', '--profile', v])).stdout;
  const [r900, r910, r920, r930] = await Promise.all(['9.0.0', '9.1.0', '9.2.0', '9.3.0'].map(at));
  t.notRegex(r900, /disk\/logical-block-size/);
  t.regex(r910, /disk\/logical-block-size/);
  t.regex(r900, /watchdog count %d does not match/);
  t.regex(r910, /watchdog device count %1\$zu does not match/);
  t.regex(r920, /%ddoes not match source/);
  t.regex(r930, /%4\$d does not match source/);
  // a maintenance release applies its X.Y.0's rules; upstream is 12.9.0
  t.is(await at('9.1.3'), r910.replace('MESSAGE (libvirt 9.1.0)', 'MESSAGE (libvirt 9.1.3)'));
  t.regex(await at('upstream'), /MESSAGE \(libvirt 12\.9\.0\)/);
  t.regex(await at('7.0.0'), /MESSAGE \(libvirt 7\.0\.0\)/);
});

test('explain prints the rule\'s docs page; an unknown id exits 2 naming the nearest ids', async (t) => {
  const r = await abiDiff(['explain', 'disk/bus']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, readFileSync(join('docs', 'rules', 'disk', 'bus.md'), 'utf8'));
  t.regex(r.stdout, /Target disk bus sata does not match source ide/);
  const unknown = await abiDiff(['explain', 'disk/buss']);
  t.is(unknown.code, 2);
  t.is(unknown.stdout, '');
  t.regex(unknown.stderr, /unknown rule 'disk\/buss'; did you mean disk\/bus\?/);
  const none = await abiDiff(['explain']);
  t.is(none.code, 2);
  t.regex(none.stderr, /expected one rule id/);
});
