/**
 * The package as a consumer gets it: `npm pack`, the tarball installed in an empty folder, then
 * imported from JavaScript and typechecked from TypeScript against the installed .d.ts. Needs
 * the build (`npm test` builds first) and npm; dependencies come from npm's cache when it has
 * them, else from the registry.
 */
import test from 'ava';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLE } from './helpers/reports.js';
import { tempDir } from './helpers/temp.js';

const run = promisify(execFile);
const ROOT = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// npm run under `npm test` passes its settings on (npm_config_local_prefix: this checkout):
// the consumer's npm must not see them
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
const npmMissing = spawnSync(npm, ['--version'], { encoding: 'utf8', env }).status !== 0;
if (npmMissing) console.warn('package.test.ts: skipped: npm is not available on this machine');

const GROWN = [join(EXAMPLE, 'src', 'q35', 'memory-grown.xml'), join(EXAMPLE, 'dst', 'q35', 'memory-grown.xml')];

const CONSUMER_JS = `
import { checkPair, checkTrees, CheckRun, UsageError } from 'abi-diff';
const [src, dst, dir] = process.argv.slice(2);
const pair = await checkPair(src, dst, { profile: '12.8.0' });
let refused;
try { checkTrees(dir + '/src', dir + '/dst', { profile: 'bogus' }); } catch (err) { refused = err instanceof UsageError ? err.message : 'not a UsageError: ' + err; }
let trees = 0;
for await (const r of checkTrees(dir + '/src', dir + '/dst', { jobs: 1 })) trees++;
console.log(JSON.stringify({ pair, refused, trees, run: typeof CheckRun.open }));
`;

// types only: the call must typecheck, the wrong option must not (a missing .d.ts would make it any)
const CONSUMER_TS = `
import { checkFiles, checkPair, type PairResult, type PairStatus, type CheckOptions } from 'abi-diff';
const options: CheckOptions = { profile: 'upstream', driver: 'qemu', operation: 'save-image-define' };
export async function verdict(src: string, dst: string): Promise<PairStatus> {
  const r: PairResult = await checkPair(src, dst, options);
  for await (const x of checkFiles([{ src, dst, id: 'a' }])) x.mismatches.map((m) => m.rule.length + (m.line ?? 0));
  return r.status;
}
// @ts-expect-error not a driver
void checkPair('a', 'b', { driver: 'kvm' });
`;

(npmMissing ? test.skip : test)('the packed tarball installs in an empty folder and works from JS (ESM) and TS', async (t) => {
  t.true(existsSync(join(ROOT, 'dist', 'api', 'index.d.ts')), 'dist/ is built (npm run build)');
  const packs = await tempDir('abi-diff-pack-');
  // the build is there already; --ignore-scripts: packing must not rebuild it meanwhile
  const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: ROOT, env, maxBuffer: 64 << 20 });
  const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = files.map((f) => f.path);
  for (const p of ['LICENSE', 'dist/api/index.js', 'dist/api/index.d.ts', 'dist/worker/pool-worker.js', 'bin/abi-diff.js']) t.true(paths.includes(p), `${p} is in the tarball`);

  const consumer = await tempDir('abi-diff-consumer-');
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run(npm, ['install', join(packs, filename), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: consumer, env, maxBuffer: 64 << 20 });
  const installed = JSON.parse(await readFile(join(consumer, 'node_modules', 'abi-diff', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // only what dist/ needs at run time: no TypeScript loader (tsx, esbuild) in a consumer's install
  t.false(existsSync(join(consumer, 'node_modules', 'tsx')), 'tsx is not installed');
  t.false(existsSync(join(consumer, 'node_modules', 'esbuild')), 'esbuild is not installed');
  t.deepEqual(Object.keys(installed.dependencies).sort(), ['p-limit', 'picomatch', 'piscina']);

  await writeFile(join(consumer, 'consumer.mjs'), CONSUMER_JS);
  const js = await run(process.execPath, ['consumer.mjs', ...GROWN, EXAMPLE], { cwd: consumer });
  const out = JSON.parse(js.stdout) as { pair: { status: string; mismatches: { message: string }[] }; refused: string; trees: number; run: string };
  t.is(out.pair.status, 'incompatible');
  t.regex(out.pair.mismatches[0].message, /max memory/);
  t.regex(out.refused, /unknown profile 'bogus'/);
  t.true(out.trees > 20);
  t.is(out.run, 'function');

  const bin = await run(join(consumer, 'node_modules', '.bin', 'abi-diff'), ['--version'], { cwd: consumer });
  t.regex(bin.stdout, /^abi-diff \d+\.\d+\.\d+/);

  await writeFile(join(consumer, 'consumer.ts'), CONSUMER_TS);
  await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
    files: ['consumer.ts'],
  }));
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer }).catch((err: { stdout: string }) => err);
  t.is(tsc.stdout, '', 'the consumer typechecks against the installed .d.ts');
});
