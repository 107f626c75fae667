/**
 * A pair's fix as a check report carries it (`--patches`): the unified diff that makes the
 * destination compatible, or why there is none. The same edits as `abi-diff fix`; the diff names
 * the destination on both sides, so that `patch -p0` applies it in place.
 */
import { ABI_DIFF_FAILED, type PairFix } from '../model/result.js';
import type { FoundMismatch } from '../rules/framework.js';
import { unifiedDiff } from './diff.js';
import { fixPair, type CheckDestination } from './fix-pair.js';

export function patchOf(srcXml: string, dstXml: string, dstName: string, check: CheckDestination, found: FoundMismatch[]): PairFix {
  let outcome;
  try {
    outcome = fixPair(srcXml, dstXml, check, { found });
  } catch (err) {
    // a bug of the fix costs the pair its patch, not its verdict
    return { status: 'unfixable', reason: `${ABI_DIFF_FAILED} to fix this pair: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (outcome.status === 'fixed') return { status: 'fixed', patch: unifiedDiff(dstXml, outcome.xml, dstName, dstName) };
  if (outcome.status === 'unfixable') return { status: 'unfixable', reason: outcome.reason };
  // the pair was found incompatible just before: another verdict would be abi-diff's own bug
  return { status: 'unfixable', reason: `internal error: abi-diff fix found the pair ${outcome.status === 'error' ? `invalid: ${outcome.message}` : 'compatible'}` };
}
