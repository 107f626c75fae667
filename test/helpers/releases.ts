/**
 * Expectations per libvirt release range: `{ '7.0.0': a, '9.1.0': b }` says releases 7.0.0 up to
 * 9.0.x expect a and 9.1.0 onwards b. A case is run at the measured releases and on both sides
 * of each boundary, so a range in the code that is off by one release fails.
 */
import { MEASURED_VERSIONS, OLDEST_VERSION, UPSTREAM_VERSION, versionNumber } from '../../src/model/profile.js';

export type ByRelease<T> = Readonly<Record<string, T>>;

const RELEASE = /^\d+\.\d+\.\d+$/;

/** True for a table keyed by releases (as opposed to any other object value). */
export function isByRelease(value: unknown): value is ByRelease<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => RELEASE.test(k));
}

function sortedKeys(table: ByRelease<unknown>): string[] {
  return Object.keys(table).sort((a, b) => versionNumber(a) - versionNumber(b));
}

/** The value of the range `version` falls in; a version older than every key is a mistake in the table. */
export function atRelease<T>(table: ByRelease<T>, version: string): T {
  let found: string | undefined;
  for (const k of sortedKeys(table)) if (versionNumber(k) <= versionNumber(version)) found = k;
  if (found === undefined) throw new Error(`no expectation for libvirt ${version} (ranges start at ${sortedKeys(table).join(', ')})`);
  return table[found];
}

/** The release before X.Y.0 in libvirt's numbering (X.0.0 .. X.10.0 each year). */
export function previousRelease(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return minor > 0 ? `${major}.${minor - 1}.0` : `${major - 1}.10.0`;
}

/** The releases a table is checked at: the measured ones it covers, and each boundary and the release before it. */
export function releasesToCheck(table: ByRelease<unknown>): string[] {
  const keys = sortedKeys(table);
  const first = versionNumber(keys[0]);
  const out = new Set<string>(MEASURED_VERSIONS.filter((v) => versionNumber(v) >= first));
  for (const k of keys) {
    out.add(k);
    if (k !== keys[0] && versionNumber(k) > versionNumber(OLDEST_VERSION)) out.add(previousRelease(k));
  }
  return [...out].filter((v) => versionNumber(v) <= versionNumber(UPSTREAM_VERSION)).sort((a, b) => versionNumber(a) - versionNumber(b));
}
