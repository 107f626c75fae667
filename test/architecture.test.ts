/**
 * The layers import one way only (cli -> batch -> worker -> (parse, rules) ; batch -> reports),
 * so that, say, the main thread never loads the parser and a rule never reaches for the pool.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SRC = join(process.cwd(), 'src');

/** What each folder under src/ may import from besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  // the library API: the same run as the CLI's
  api: ['batch', 'model'],
  cli: ['batch', 'reports', 'rules', 'model', 'qemu', 'fix'],
  // abi-diff fix edits a pair and re-checks it with the worker's own check
  fix: ['worker', 'rules', 'model'],
  // qemu: a --qemu-caps file is read once on the main thread, so that a bad one is a usage error
  batch: ['worker', 'reports', 'model', 'qemu'],
  // fix: --patches computes each incompatible pair's fix in the worker, with abi-diff fix's own code
  worker: ['parse', 'rules', 'model', 'qemu', 'fix'],
  qemu: ['parse', 'model'],
  rules: ['parse', 'model'],
  parse: ['model'],
  reports: ['rules', 'model'],
  fleet: ['model'],
  model: [],
};

/**
 * The worker modules the main thread may load (the worker's check code is not among them).
 * abi-diff fix re-checks each edit on the main thread: the fix layer is loaded for that command only.
 */
const MAIN_THREAD_WORKER_MODULES = new Set(['worker/wire.ts', 'worker/progress.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

interface Edge { from: string; to: string; typeOnly: boolean }

/** Elided by the compiler: `import type`, or every named binding marked `type`. */
function typeOnlyBindings(clause: ts.ImportClause | ts.NamedExportBindings | undefined, wholeTypeOnly: boolean): boolean {
  if (wholeTypeOnly) return true;
  if (!clause) return false;
  if (ts.isImportClause(clause)) {
    if (clause.name) return false;
    const named = clause.namedBindings;
    return !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  return ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** Every relative import of src/, from the syntax tree (comments, strings and line breaks cannot hide one). */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sources(SRC)) {
    const from = relative(SRC, file).split(sep).join('/');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (specifier: ts.Expression | undefined, typeOnly: boolean) => {
      if (!specifier) return;
      if (!ts.isStringLiteralLike(specifier)) throw new Error(`${from}: an import whose module is computed: ${specifier.getText(source)}`);
      if (!specifier.text.startsWith('.')) return;
      const to = relative(SRC, resolve(join(file, '..'), specifier.text)).split(sep).join('/').replace(/\.js$/, '.ts');
      out.push({ from, to, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, typeOnlyBindings(node.importClause, node.importClause?.isTypeOnly ?? false));
      else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, typeOnlyBindings(node.exportClause, node.isTypeOnly));
      else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression, node.isTypeOnly);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], false);
      else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal as ts.Expression, true);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

test('every import between the folders of src/ goes one of the allowed ways', (t) => {
  const all = edges();
  t.true(all.length > 100, 'the imports were found');
  const wrong = all.filter((e) => {
    const [from, to] = [e.from.split('/')[0], e.to.split('/')[0]];
    return from !== to && !(ALLOWED[from] ?? []).includes(to);
  });
  t.deepEqual(wrong.map((e) => `${e.from} -> ${e.to}`), []);
});

test('the main thread loads no worker module but the light ones (types are free)', (t) => {
  const wrong = edges().filter((e) => !['worker', 'fix'].includes(e.from.split('/')[0]) && e.to.startsWith('worker/') && !e.typeOnly && !MAIN_THREAD_WORKER_MODULES.has(e.to));
  t.deepEqual(wrong.map((e) => `${e.from} -> ${e.to}`), []);
});

test('the fix code the worker loads imports no worker module back: only the loop of the fix command does', (t) => {
  const wrong = edges().filter((e) => e.from.startsWith('fix/') && e.to.startsWith('worker/') && e.from !== 'fix/run-fix.ts');
  t.deepEqual(wrong.map((e) => `${e.from} -> ${e.to}`), []);
});

test('parse/context.ts, which every parser imports, imports none of them back (types included)', (t) => {
  const all = edges();
  const from = new Map<string, string[]>();
  for (const e of all) from.set(e.from, [...(from.get(e.from) ?? []), e.to]);
  const seen = new Set<string>();
  const todo = [...(from.get('parse/context.ts') ?? [])];
  while (todo.length) {
    const m = todo.pop()!;
    if (seen.has(m)) continue;
    seen.add(m);
    todo.push(...(from.get(m) ?? []));
  }
  t.false(seen.has('parse/context.ts'), `reached back from: ${(from.get('parse/context.ts') ?? []).join(', ')}`);
});
