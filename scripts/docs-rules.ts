/**
 * npm run docs:rules: writes docs/rules/ (a page per rule and the index) and the examples the
 * pages quote (src/rules/rule-examples.json, taken from the rule test tables), the list of rule
 * ids option parsing checks --rule-off against (src/rules/rule-ids.json), and removes pages of
 * rules that no longer exist. test/rule-docs.test.ts fails while any of it is stale.
 */
import { mkdirSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '../src/rules/registry.js';
import { RULE_DOCS_DIR, RULE_EXAMPLES_URL, renderRuleDoc, renderRuleIndex, ruleEntries } from '../src/rules/rule-docs.js';
import { RULE_IDS_URL } from '../src/rules/rule-ids.js';
import { readRuleTests, ruleExamples } from './rule-fixtures.js';

export const RULE_INDEX = `${RULE_DOCS_DIR}/README.md`;

/** Every file docs:rules writes, relative to the project root, with its content. */
export function renderRuleDocs(root = process.cwd()): Map<string, string> {
  const examples = ruleExamples(readRuleTests(root), allRules);
  const files = new Map<string, string>();
  const inProject = (url: URL) => relative(root, fileURLToPath(url)).split('\\').join('/');
  files.set(inProject(RULE_EXAMPLES_URL), JSON.stringify(examples, null, 1) + '\n');
  files.set(inProject(RULE_IDS_URL), JSON.stringify(allRules.map((r) => r.id), null, 1) + '\n');
  for (const e of ruleEntries()) files.set(e.docs, renderRuleDoc(e, examples[e.id]));
  files.set(RULE_INDEX, renderRuleIndex(ruleEntries()));
  return files;
}

/** The markdown files under docs/rules, relative to the project root. */
export function ruleDocFiles(root = process.cwd()): string[] {
  const dir = join(root, RULE_DOCS_DIR);
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? walk(join(d, f.name)) : f.name.endsWith('.md') ? [join(d, f.name)] : []));
  try {
    return walk(dir).map((f) => relative(root, f).split('\\').join('/')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

function main(root: string): void {
  const files = renderRuleDocs(root);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const orphans = ruleDocFiles(root).filter((f) => !files.has(f));
  for (const f of orphans) {
    rmSync(join(root, f));
    // a family directory left empty goes too
    try { rmdirSync(dirname(join(root, f))); } catch { /* not empty */ }
  }
  const pages = [...files.keys()].filter((f) => f.endsWith('.md')).length;
  process.stdout.write(`docs:rules: wrote ${pages} pages under ${RULE_DOCS_DIR}${orphans.length ? `, removed ${orphans.join(', ')}` : ''}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.cwd());
