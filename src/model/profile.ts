/** A libvirt release whose rules, validation and message spellings abi-diff reproduces. */
export interface Profile {
  readonly name: string;
  readonly version: string;
  /** MMMmmmuuu, as libvirt's own LIBVIR_VERSION_NUMBER */
  readonly number: number;
}

/** The oldest and newest release a profile can name; `upstream` is the newest. */
export const OLDEST_VERSION = '7.0.0';
export const UPSTREAM_VERSION = '12.9.0';
/**
 * The releases whose real libvirt labelled the shared conformance sets (../oracle): every other
 * release's behaviour follows from the version ranges of the rules and parse steps.
 */
export const MEASURED_VERSIONS = ['7.0.0', '9.0.0', '11.3.0', '12.8.0', '12.9.0'] as const;
export const PROFILE_RANGE = `${OLDEST_VERSION} to ${UPSTREAM_VERSION}`;

// libvirt's numbering since 2.0.0: X.0.0 in January, then X.1.0 .. X.10.0 monthly (no February
// release), and X.Y.Z (Z > 0) from the vX.Y-maint branch, which only takes bug fixes.
const LAST_MINOR = 10;

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

/** The release X.Y.Z names, normalised ('10.00.0' is '10.0.0'); undefined when it is not a libvirt release in the range. */
export function profileVersion(name: string): string | undefined {
  if (name === 'upstream') return UPSTREAM_VERSION;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  if (!m) return undefined;
  const [major, minor, micro] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (minor > LAST_MINOR) return undefined;
  // the newest release's maintenance releases are still that release
  const n = major * 1_000_000 + minor * 1_000;
  if (n < versionNumber(OLDEST_VERSION) || n > versionNumber(UPSTREAM_VERSION)) return undefined;
  return `${major}.${minor}.${micro}`;
}

export function resolveProfile(name: string): Profile {
  const version = profileVersion(name);
  if (version === undefined) throw new Error(`unknown profile '${name}' (a libvirt release X.Y.Z from ${PROFILE_RANGE}, or upstream)`);
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
