/**
 * Every rule of the registry must be exercised by some per-rule test: a test/rules/*.test.ts file
 * expects a message that this rule, and no other, prints (its id written beside the message, or
 * the only format matching it). A message several rules share (`State of feature '%1$s' ...`)
 * counts for the rule named beside it only.
 */
import test from 'ava';
import { allRules } from '../src/rules/registry.js';
import { DIRECT_TESTS, fixtureMessages, formatPattern, readRuleTests } from '../scripts/rule-fixtures.js';

test('formatPattern treats placeholders as wildcards and nothing else', (t) => {
  const p = formatPattern("Target device dimm base address '%1$llx' does not match source '%2$llx'");
  t.true(p.test("unsupported configuration: Target device dimm base address '140000000' does not match source '100000000'"));
  t.true(p.test("Target device dimm base address '1' does not match source '2'"));
  t.false(p.test("unsupported configuration: Target device dimm base address '1' does not match source"));
  t.false(p.test("xunsupported configuration: Target device dimm base address '1' does not match source '2'"));
  const q = formatPattern('Target device PCI address %04x:%02x:%02x.%ddoes not match source %04x:%02x:%02x.%d');
  t.true(q.test('Target device PCI address 0000:00:04.0does not match source 0000:00:03.0'));
  t.false(q.test('Target device PCI address 0000:00:04.0 does not match sourc 0000:00:03.0'));
  t.true(formatPattern('100%% sure').test('100% sure'));
  t.false(formatPattern('Target CPU does not match source').test('Target CPU type host does not match source guest'));
});

test('the registry is not empty and rule ids are unique', (t) => {
  t.true(allRules.length > 100, `only ${allRules.length} rules`);
  const ids = allRules.map((r) => r.id);
  t.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
});

test('fixture messages: a named rule decides, else the most specific format', (t) => {
  const found = fixtureMessages(readRuleTests(), allRules);
  const of = (message: string) => found.filter((f) => f.message === message).map((f) => f.rule);
  // disk/dev's format (Target disk %1$s ...) matches too, with less fixed text
  t.true(of('unsupported configuration: Target disk bus sata does not match source ide').every((id) => id === 'disk/bus'));
  // the 19 per-feature state rules share one format: only the rule named beside a message takes it
  t.true(found.some((f) => f.rule === 'features/state-pae' && f.named));
  t.false(found.some((f) => !f.named && f.rule.startsWith('features/state-')), 'a shared format attributed without a name');
});

test('every rule is covered by a per-rule test', (t) => {
  const files = readRuleTests();
  t.true(files.length > 0, 'no test files under test/rules');
  const found = fixtureMessages(files, allRules);
  const uncovered = allRules.filter((r) => !found.some((f) => f.rule === r.id)).map((r) => r.id);
  t.deepEqual(uncovered, [], `${uncovered.length} of ${allRules.length} rules have no expected message of their own in test/rules: ${uncovered.join(' ')}`);
  // XML cannot reach some rules (libvirt's generic parser rejects the input): they are tested on model fragments
  const directOnly = allRules.filter((r) => found.some((f) => f.rule === r.id) && found.every((f) => f.rule !== r.id || f.test === DIRECT_TESTS)).map((r) => r.id);
  t.log(`${allRules.length - directOnly.length} rules have an XML rule-table case; ${directOnly.length} only a case in ${DIRECT_TESTS}: ${directOnly.join(' ')}`);
  t.true(directOnly.length < allRules.length / 4);
});
