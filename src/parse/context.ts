import { atLeast, type Profile } from '../model/profile.js';

/** What every family parser gets: the libvirt version whose parser is being reproduced. */
export interface ParseContext {
  readonly profile: Profile;
  /** True when the profile's libvirt is `version` or newer (parse rules that changed). */
  atLeast(version: string): boolean;
}

export function parseContext(profile: Profile): ParseContext {
  return { profile, atLeast: (v) => atLeast(profile, v) };
}
