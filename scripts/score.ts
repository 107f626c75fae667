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
import type { PairResult } from '../src/model/result.js';
import { checkXmlPair } from '../src/worker/check-pair.js';
import { formatScore, readLabels, scoreResults } from '../test/helpers/labels.js';

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
const family9 = new Map(readLabels(join(root, '..', 'conformance', 'expected.jsonl')).map((l) => [l.case, l.rule_family ?? undefined]));
const labels = readLabels(join(root, labelFile));
const results: PairResult[] = labels.map((label) => {
  const srcPath = join(root, 'src', `${label.case}.xml`);
  const dstPath = join(root, 'dst', `${label.case}.xml`);
  return checkXmlPair(`${label.case}.xml`, srcPath, dstPath, readFileSync(srcPath, 'utf8'), readFileSync(dstPath, 'utf8'), { profile, skipVolatile });
});
const score = scoreResults(results, labels, { skipVolatile, familyOf: (c) => family9.get(c) });
const shown = score.disagreements.filter((d) => !families.length || families.includes(d.family)).slice(0, show);
for (const d of shown) {
  console.log(`${d.case} [${d.family}] ${d.label.operator} ${d.label.location} (${d.label.detail})\n   want ${d.want}: ${d.wantMessage ?? ''}\n   got  ${d.got}: ${d.gotMessage ?? ''}`);
}
console.log('\n' + formatScore(`${set} --profile ${profileName}${skipVolatile ? ' --skip-volatile' : ''}`, score));
