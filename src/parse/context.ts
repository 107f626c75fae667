import { atLeast, type Profile } from '../model/profile.js';

/** What every family parser gets: the libvirt version whose parser is being reproduced. */
export interface ParseContext {
  readonly profile: Profile;
  /** True when the profile's libvirt is `version` or newer (parse rules that changed). */
  atLeast(version: string): boolean;
  /**
   * Parse as libvirt parses a running guest's XML (VIR_DOMAIN_DEF_PARSE_INACTIVE off): device
   * aliases, the domain id and runtime state (`virsh dumpxml` output) are read and checked.
   */
  readonly live: boolean;
}

export interface ParseOptions {
  /** See ParseContext.live (default false: the inactive parse of `virsh define`). */
  live?: boolean;
}

export function parseContext(profile: Profile, opts: ParseOptions = {}): ParseContext {
  return { profile, atLeast: (v) => atLeast(profile, v), live: opts.live ?? false };
}
