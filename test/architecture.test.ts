/**
 * The layers import one way only (cli -> batch -> worker -> (parse, rules) ; batch -> reports),
 * so that, say, the main thread never loads the parser and a rule never reaches for the pool.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const SRC = join(process.cwd(), 'src');

/** What each folder under src/ may import from besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  cli: ['batch', 'reports', 'rules', 'model'],
  batch: ['worker', 'reports', 'model'],
  worker: ['parse', 'rules', 'model'],
  rules: ['parse', 'model'],
  parse: ['model'],
  reports: ['rules', 'model'],
  fleet: ['model'],
  model: [],
  types: [],
};

/** The worker modules the main thread may load (the worker's check code is not among them). */
const MAIN_THREAD_WORKER_MODULES = new Set(['worker/wire.ts', 'worker/progress.ts']);

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

interface Edge { from: string; to: string; typeOnly: boolean }

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[2] ?? m[3];
      const target = relative(SRC, resolve(join(file, '..'), spec)).split(sep).join('/').replace(/\.js$/, '.ts');
      out.push({ from: relative(SRC, file).split(sep).join('/'), to: target, typeOnly: Boolean(m[1]) });
    }
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
  const wrong = edges().filter((e) => e.from.split('/')[0] !== 'worker' && e.to.startsWith('worker/') && !e.typeOnly && !MAIN_THREAD_WORKER_MODULES.has(e.to));
  t.deepEqual(wrong.map((e) => `${e.from} -> ${e.to}`), []);
});
