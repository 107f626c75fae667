/**
 * The rule test tables (test/rules/*.test.ts) read as text, never imported (they register ava
 * tests): which expected libvirt messages they hold and which rule each one belongs to. Used by
 * the rule docs generator (examples) and by the coverage tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { MESSAGE_PREFIX, type AbiRule } from '../src/rules/framework.js';
import type { RuleExample } from '../src/rules/rule-docs.js';

export const RULE_TESTS_DIR = 'test/rules';
/** Rules no XML pair can reach are tested on model fragments here instead of in a rule table. */
export const DIRECT_TESTS = `${RULE_TESTS_DIR}/direct-rules.test.ts`;

export interface TestFile {
  /** Relative to the project root, with forward slashes. */
  path: string;
  text: string;
  source: ts.SourceFile;
}

export function readRuleTests(root = process.cwd()): TestFile[] {
  return readdirSync(join(root, RULE_TESTS_DIR))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => {
      const path = `${RULE_TESTS_DIR}/${f}`;
      const text = readFileSync(join(root, path), 'utf8');
      return { path, text, source: ts.createSourceFile(f, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS) };
    });
}

type Literal = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

function isLiteral(node: ts.Node | undefined): node is Literal {
  return !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node));
}

function literalNodes(file: TestFile): Literal[] {
  const out: Literal[] = [];
  const visit = (node: ts.Node): void => {
    if (isLiteral(node)) out.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return out;
}

/** The string values written in a file: plain strings and templates without substitutions. */
export function stringLiterals(file: TestFile): string[] {
  return literalNodes(file).map((n) => n.text);
}

/** printf conversions as libvirt's formats use them: %s, %1$s, %d, %04x, %llu, %zu, %%. */
const CONVERSION = /%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[sdiuxXc%]/g;

/** A format as an anchored pattern: literal text escaped, every conversion a wildcard. */
export function formatPattern(format: string): RegExp {
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

/** How much fixed text a format has: of two formats matching a message, the longer one wrote it. */
function fixedLength(format: string): number {
  return format.replace(CONVERSION, '').length;
}

export function quotesId(file: TestFile, id: string): boolean {
  return [`'${id}'`, `"${id}"`, `\`${id}\``].some((q) => file.text.includes(q));
}

/** An expected message in a rule test file and the rule (and wording) that prints it. */
export interface FixtureMessage {
  rule: string;
  /** `since` of the matching wording. */
  since: string;
  /** With libvirt's error-class prefix, as reports show it. */
  message: string;
  test: string;
  case?: string;
  /** The rule id is written beside the message (a `rule:` field or an argument of the same call). */
  named: boolean;
}

/** `{ '7.0.0': ..., '10.1.0': ... }`: a case's expectations per release range, not the case itself. */
function isReleaseTable(n: ts.ObjectLiteralExpression): boolean {
  return n.properties.length > 0 && n.properties.every((p) => ts.isPropertyAssignment(p) && isLiteral(p.name) && /^\d+\.\d+\.\d+$/.test(p.name.text));
}

/** The object literal or call a message is written in: the test case. */
function caseNode(node: ts.Node): ts.ObjectLiteralExpression | ts.CallExpression | undefined {
  for (let n = node.parent; n; n = n.parent) if ((ts.isObjectLiteralExpression(n) && !isReleaseTable(n)) || ts.isCallExpression(n)) return n;
  return undefined;
}

/** The literal values of a case's direct fields or arguments, by field name ('' for arguments). */
function caseLiterals(c: ts.ObjectLiteralExpression | ts.CallExpression): { key: string; text: string }[] {
  if (ts.isCallExpression(c)) return c.arguments.filter(isLiteral).map((a) => ({ key: '', text: a.text }));
  return c.properties.flatMap((p) => (ts.isPropertyAssignment(p) && isLiteral(p.initializer) ? [{ key: p.name.getText(), text: p.initializer.text }] : []));
}

function caseName(c: ts.ObjectLiteralExpression | ts.CallExpression, ids: Set<string>): string | undefined {
  const fields = caseLiterals(c);
  if (ts.isObjectLiteralExpression(c)) return fields.find((f) => f.key === 'name')?.text;
  // the table helpers (incompat(name, src, dst, message, rule)) take the case name first
  const first = c.arguments[0];
  return isLiteral(first) && !ids.has(first.text) ? first.text : undefined;
}

/**
 * Every expected message in the files that some rule's format produces. A rule id written beside
 * the message decides between rules; otherwise the most specific matching format does, and a tie
 * between two rules leaves the message out (it could be either's).
 */
export function fixtureMessages(files: TestFile[], rules: readonly AbiRule[]): FixtureMessage[] {
  const ids = new Set(rules.map((r) => r.id));
  const wordings = rules.flatMap((r) => r.messages.map((m) => ({ rule: r.id, since: m.since, pattern: formatPattern(m.format), fixed: fixedLength(m.format) })));
  const out: FixtureMessage[] = [];
  for (const file of files) {
    for (const node of literalNodes(file)) {
      const parent = node.parent;
      // input errors and case names are not mismatch messages
      if (ts.isPropertyAssignment(parent) && ['error', 'name'].includes(parent.name.getText())) continue;
      let candidates = wordings.filter((w) => w.pattern.test(node.text));
      if (!candidates.length) continue;
      const c = caseNode(node);
      const stated = c ? caseLiterals(c).map((f) => f.text).filter((t) => ids.has(t)) : [];
      if (stated.length) candidates = candidates.filter((w) => stated.includes(w.rule));
      const best = Math.max(...candidates.map((w) => w.fixed));
      const top = candidates.filter((w) => w.fixed === best);
      if (!top.length || new Set(top.map((w) => w.rule)).size > 1) continue;
      // wordings of one rule that differ in a conversion only (%d, later %u): the newest
      const chosen = top[top.length - 1];
      out.push({
        rule: chosen.rule, since: chosen.since, test: file.path, case: c && caseName(c, ids), named: stated.length > 0,
        message: node.text.startsWith(MESSAGE_PREFIX) ? node.text : MESSAGE_PREFIX + node.text,
      });
    }
  }
  return out;
}

/** One example per rule and wording: from an XML rule table before a direct test, named before inferred. */
export function ruleExamples(files: TestFile[], rules: readonly AbiRule[]): Record<string, RuleExample[]> {
  const found = fixtureMessages(files, rules);
  const rank = (f: FixtureMessage) => (f.test === DIRECT_TESTS ? 2 : 0) + (f.named ? 0 : 1);
  const out: Record<string, RuleExample[]> = {};
  for (const r of rules) {
    const examples: RuleExample[] = [];
    for (const m of r.messages) {
      const mine = found.filter((f) => f.rule === r.id && f.since === m.since);
      if (!mine.length) continue;
      const best = mine.reduce((a, b) => (rank(b) < rank(a) ? b : a));
      examples.push({ since: m.since, message: best.message, test: best.test, ...(best.case ? { case: best.case } : {}) });
    }
    if (examples.length) out[r.id] = examples;
  }
  return out;
}
