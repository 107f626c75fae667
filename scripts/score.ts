/**
 * Developer tool: scores the in-process checker against the real libvirt labels of a shared
 * conformance set and lists disagreements, optionally only those of some rule families.
 *
 *   npx tsx scripts/score.ts [--set conformance|conformance-12.8] [--profile 9.0.0] [--family disk,controller] [--show 30] [--skip-volatile]
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveProfile } from '../src/model/profile.js';
import { checkXmlPair } from '../src/worker/check-pair.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const set = opt('set', 'conformance');
const profileName = opt('profile', set === 'conformance-12.8' ? '12.8.0' : '9.0.0');
const families = opt('family', '').split(',').filter(Boolean);
const show = Number(opt('show', '40'));
const skipVolatile = args.includes('--skip-volatile');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', set);
const labelFile = set === 'conformance-12.8' || profileName === '9.0.0' ? 'expected.jsonl' : `expected-${profileName}.jsonl`;
const profile = resolveProfile(profileName);
const family9 = new Map<string, string>();
for (const line of readFileSync(join(root, '..', 'conformance', 'expected.jsonl'), 'utf8').split('\n')) {
  if (line) { const l = JSON.parse(line); family9.set(l.case, l.rule_family); }
}
let n = 0, verdictOk = 0, incompatible = 0, messageOk = 0, invalid = 0, invalidOk = 0;
const byFamily = new Map<string, number>();
const shown: string[] = [];
for (const line of readFileSync(join(root, labelFile), 'utf8').split('\n')) {
  if (!line) continue;
  const label = JSON.parse(line);
  const fam: string = label.rule_family ?? family9.get(label.case) ?? 'compatible';
  const srcPath = join(root, 'src', `${label.case}.xml`);
  const dstPath = join(root, 'dst', `${label.case}.xml`);
  const r = checkXmlPair(label.case, srcPath, dstPath, readFileSync(srcPath, 'utf8'), readFileSync(dstPath, 'utf8'), { profile, skipVolatile });
  n++;
  const bad = label.src_ok === false || label.dst_ok === false;
  const compat = skipVolatile ? label.compatible_skip_volatile : label.compatible;
  const wantErr = skipVolatile ? label.error_skip_volatile : label.error;
  const want = bad ? 'error' : compat ? 'compatible' : 'incompatible';
  const first = r.mismatches[0]?.message ?? r.error?.message ?? null;
  let ok = r.status === want;
  if (bad) { invalid++; if (ok) invalidOk++; }
  if (ok) verdictOk++;
  if (want === 'incompatible') {
    incompatible++;
    if (ok && first === wantErr) messageOk++; else if (ok) ok = false;
  }
  if (!ok) {
    byFamily.set(fam, (byFamily.get(fam) ?? 0) + 1);
    if ((!families.length || families.includes(fam)) && shown.length < show) {
      shown.push(`${label.case} [${fam}] ${label.operator} ${label.location} (${label.detail})\n   want ${want}: ${wantErr ?? label.parse_error ?? ''}\n   got  ${r.status}: ${first ?? ''}`);
    }
  }
}
const pct = (a: number, b: number) => (b ? (100 * a / b).toFixed(2) : '100.00');
console.log(shown.join('\n'));
console.log(`\n${set} --profile ${profileName}${skipVolatile ? ' --skip-volatile' : ''}: pairs ${n}, verdict ${pct(verdictOk, n)}%, first message ${pct(messageOk, incompatible)}%, invalid caught ${pct(invalidOk, invalid)}% of ${invalid}`);
console.log('wrong by family: ' + [...byFamily].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', '));
