/**
 * Every rule of the registry must be exercised by some per-rule test: its id appears quoted in a
 * test/rules/*.test.ts file, or one of its message formats (placeholders as wildcards) matches an
 * expected message written in those files (with or without libvirt's error-class prefix).
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { MESSAGE_PREFIX } from '../src/rules/framework.js';
import { allRules } from '../src/rules/registry.js';

const RULE_TESTS = join(process.cwd(), 'test', 'rules');

interface TestFile { name: string; text: string; literals: string[] }

/** The string values written in a file: plain strings and templates without substitutions. */
function stringLiterals(name: string, text: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS));
  return out;
}

function readRuleTests(): TestFile[] {
  return readdirSync(RULE_TESTS)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(RULE_TESTS, f), 'utf8');
      return { name: f, text, literals: stringLiterals(f, text) };
    });
}

/** printf conversions as libvirt's formats use them: %s, %1$s, %d, %04x, %llu, %zu, %%. */
const CONVERSION = /%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[sdiuxXc%]/g;

/** A format as an anchored pattern: literal text escaped, every conversion a wildcard. */
function formatPattern(format: string): RegExp {
  let source = '';
  let last = 0;
  for (const m of format.matchAll(CONVERSION)) {
    source += escape(format.slice(last, m.index));
    source += m[0] === '%%' ? '%' : '.*';
    last = m.index + m[0].length;
  }
  source += escape(format.slice(last));
  return new RegExp(`^(?:${escape(MESSAGE_PREFIX)})?${source}$`, 's');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function quotedId(text: string, id: string): boolean {
  return [`'${id}'`, `"${id}"`, `\`${id}\``].some((q) => text.includes(q));
}

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

test('every rule is covered by a per-rule test', (t) => {
  const files = readRuleTests();
  t.true(files.length > 0, `no test files under ${RULE_TESTS}`);
  const literals = files.flatMap((f) => f.literals);
  const uncovered: string[] = [];
  for (const r of allRules) {
    if (files.some((f) => quotedId(f.text, r.id))) continue;
    const patterns = r.messages.map((m) => formatPattern(m.format));
    if (literals.some((l) => patterns.some((p) => p.test(l)))) continue;
    uncovered.push(r.id);
  }
  t.deepEqual(uncovered, [], `${uncovered.length} of ${allRules.length} rules are covered by no test in test/rules: ${uncovered.join(' ')}`);
});
