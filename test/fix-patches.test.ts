/**
 * --patches: a check run's incompatible pairs carry the fix `abi-diff fix` makes (the patch, or
 * why not) in the JSON and JSONL reports.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PairResult } from '../src/model/result.js';
import { abiDiff } from './helpers/reports.js';
import { copyPairs, SHARED } from './helpers/copy-pairs.js';



/** The report's pairs by id, from abi-diff.json and abi-diff.jsonl, which must agree. */
async function pairsOf(out: string): Promise<Map<string, PairResult>> {
  const json = (JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8')) as { pairs: PairResult[] }).pairs;
  const jsonl = (await readFile(join(out, 'abi-diff.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as PairResult);
  return new Map(json.map((p, i) => [p.id, { ...p, same: JSON.stringify(p) === JSON.stringify(jsonl[i]) }]));
}

// a NIC model (fixable), a controller whose addition would renumber others (not fixable), a compatible pair
const FIXABLE = 'bhy--bhyvexml2argv-acpiapic--00.xml';
const UNFIXABLE = 'q2a--autoindex--00.xml';
const COMPATIBLE = 'bhy--bhyvexml2argv-acpiapic--02.xml';

test('--patches: each incompatible pair carries its patch or why not; patch applies it and the pair passes', async (t) => {
  if (!existsSync(join(SHARED, 'conformance-7.0'))) return t.fail('../shared/conformance-7.0 is missing');
  const dir = await copyPairs('conformance', [FIXABLE, COMPATIBLE]);
  for (const side of ['src', 'dst']) await copyFile(join(SHARED, 'conformance-7.0', side, UNFIXABLE), join(dir, side, UNFIXABLE));
  const out = join(dir, 'reports');
  const r = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--patches', '--profile', '9.0.0', '--format', 'json,jsonl', '--out', out]);
  t.is(r.code, 1, r.stderr);
  const pairs = await pairsOf(out);
  t.like(pairs.get(UNFIXABLE), { status: 'incompatible', same: true, fix: { status: 'unfixable', reason: "adding the source's controller[17] would renumber the controllers after it, which have no index" } });
  t.like(pairs.get(COMPATIBLE), { status: 'compatible', same: true });
  t.false('fix' in pairs.get(COMPATIBLE)!);
  const fixed = pairs.get(FIXABLE)!;
  t.like(fixed, { status: 'incompatible', same: true, fix: { status: 'fixed' } });
  const patch = (fixed.fix as { patch: string }).patch;
  t.true(patch.startsWith(`--- ${join(dir, 'dst', FIXABLE)}\n+++ ${join(dir, 'dst', FIXABLE)}\n`), patch);
  // the patch, applied to the destination in place, makes the pair compatible
  t.is(spawnSync('patch', ['-s', '-p0'], { input: patch, cwd: '/' }).status, 0);
  const again = await abiDiff([join(dir, 'src', FIXABLE), join(dir, 'dst', FIXABLE), '--profile', '9.0.0', '--format', 'json', '--out', join(dir, 'again')]);
  t.is(again.code, 0, again.stdout);
});

test('without --patches no result carries a fix; the config key turns it on', async (t) => {
  if (!existsSync(join(SHARED, 'conformance'))) return t.fail('../shared/conformance is missing');
  const dir = await copyPairs('conformance', [FIXABLE]);
  const plain = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--profile', '9.0.0', '--format', 'jsonl', '--out', join(dir, 'plain')]);
  t.is(plain.code, 1);
  const line = JSON.parse(await readFile(join(dir, 'plain', 'abi-diff.jsonl'), 'utf8')) as PairResult;
  t.is(line.status, 'incompatible');
  t.false('fix' in line);
  const config = join(dir, 'abi-diff.config.json');
  await writeFile(config, JSON.stringify({ patches: true, profile: '9.0.0' }));
  const configured = await abiDiff([join(dir, 'src'), join(dir, 'dst'), '--config', config, '--format', 'jsonl', '--out', join(dir, 'configured')]);
  t.is(configured.code, 1);
  const withFix = JSON.parse(await readFile(join(dir, 'configured', 'abi-diff.jsonl'), 'utf8')) as PairResult;
  t.is(withFix.fix?.status, 'fixed');
});

test('a verdict cache made without --patches is not reused by a run with it (its verdicts carry no fix)', async (t) => {
  if (!existsSync(join(SHARED, 'conformance'))) return t.fail('../shared/conformance is missing');
  const dir = await copyPairs('conformance', [FIXABLE]);
  const cache = join(dir, 'verdicts.cache');
  const args = [join(dir, 'src'), join(dir, 'dst'), '--profile', '9.0.0', '--format', 'jsonl', '--cache', cache];
  t.is((await abiDiff([...args, '--out', join(dir, 'first')])).code, 1);
  const second = await abiDiff([...args, '--patches', '--out', join(dir, 'second')]);
  t.is(second.code, 1, second.stderr);
  t.regex(second.stderr, /--patches/);
  const line = JSON.parse(await readFile(join(dir, 'second', 'abi-diff.jsonl'), 'utf8')) as PairResult;
  t.is(line.fix?.status, 'fixed');
});
