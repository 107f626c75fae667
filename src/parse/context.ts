import { createHash } from 'node:crypto';
import { atLeast, type Profile } from '../model/profile.js';

/** What every family parser gets: the libvirt version whose parser is being reproduced. */
export interface ParseContext {
  readonly profile: Profile;
  /** True when the profile's libvirt is `version` or newer (parse rules that changed). */
  atLeast(version: string): boolean;
  /**
   * Bytes standing in for what libvirt draws at random (a UUID, a MAC address the document
   * lacks). libvirt's values differ on every parse, so two definitions never share one; these
   * differ between the sides of a pair and between draws, yet the same inputs give the same
   * bytes, so that reports are identical run after run.
   */
  randomBytes(n: number): Buffer;
}

/** `salt` tells the sides of a pair apart; `xml` is the document parsed. */
export function parseContext(profile: Profile, salt = '', xml = ''): ParseContext {
  let draws = 0;
  return {
    profile,
    atLeast: (v) => atLeast(profile, v),
    randomBytes: (n) => createHash('sha256').update(`${salt}\0${draws++}\0`).update(xml).digest().subarray(0, n),
  };
}

/** A version 4 UUID from ctx.randomBytes, as virUUIDGenerate makes one. */
export function generateUuid(ctx: ParseContext): string {
  const b = ctx.randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
