/** A libvirt release whose rules, validation and message spellings abi-diff reproduces. */
export interface Profile {
  readonly name: string;
  readonly version: string;
  /** MMMmmmuuu, as libvirt's own LIBVIR_VERSION_NUMBER */
  readonly number: number;
}

export const PROFILE_VERSIONS = ['9.0.0', '11.3.0', '12.8.0'] as const;
export const UPSTREAM_VERSION = '12.8.0';

// rules and parsers ask atLeast('x.y.z') on every pair: parse each version string once
const versionNumbers = new Map<string, number>();

export function versionNumber(version: string): number {
  let n = versionNumbers.get(version);
  if (n === undefined) {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version);
    if (!m) throw new Error(`not a libvirt version: '${version}'`);
    n = Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3] ?? 0);
    versionNumbers.set(version, n);
  }
  return n;
}

export function resolveProfile(name: string): Profile {
  const version = name === 'upstream' ? UPSTREAM_VERSION : name;
  if (!(PROFILE_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`unknown profile '${name}' (known: ${PROFILE_VERSIONS.join(', ')}, upstream)`);
  }
  return { name, version, number: versionNumber(version) };
}

/**
 * Throws unless `profile` came from resolveProfile. A profile passed by name ('upstream') has no
 * number: every atLeast() was false, the parse and checks those of no libvirt, and an
 * incompatible pair passed as compatible.
 */
export function assertResolved(profile: Profile): void {
  if (!Number.isInteger(profile?.number)) throw new TypeError(`the profile must be resolved (resolveProfile), got ${JSON.stringify(profile)}`);
}

/** True when the profile's libvirt is `version` or newer. */
export function atLeast(profile: Profile, version: string): boolean {
  return profile.number >= versionNumber(version);
}
