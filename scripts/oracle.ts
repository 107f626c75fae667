/**
 * libvirt 9.0.0's own check (../shared/oracle): `$ABI_DIFF_ORACLE`, else the binary built beside
 * its source, else one built once with its build.sh into a cache directory outside the project
 * (build.sh installs libvirt-dev and gcc). The bench, test/fix.test.ts and .ci/run all find it
 * here, so a fresh machine's `npm test` needs no step of its own.
 *
 *   node --import tsx scripts/oracle.ts   # prints the binary's path, building it if need be
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');

/** The oracle binary, or why there is none. */
export function libvirtOracle(): { bin: string } | { error: string } {
  if (process.env.ABI_DIFF_ORACLE) return { bin: process.env.ABI_DIFF_ORACLE };
  const beside = join(SHARED, 'oracle', 'abi-oracle');
  if (existsSync(beside)) return { bin: beside };
  const script = join(SHARED, 'oracle', 'build.sh');
  if (!existsSync(script)) return { error: `${script} not found` };
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'abi-diff');
  const bin = join(cache, 'abi-oracle');
  if (existsSync(bin)) return { bin };
  mkdirSync(cache, { recursive: true });
  const r = spawnSync('sh', [script, bin], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0 || !existsSync(bin)) {
    const why = (r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-2).join(' | ');
    return { error: `build.sh failed (exit ${r.status ?? r.signal}): ${why || 'no output'}` };
  }
  return { bin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = libvirtOracle();
  if ('error' in o) {
    console.error(`oracle: ${o.error}`);
    process.exit(1);
  }
  console.log(o.bin);
}
