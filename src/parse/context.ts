import { createHash } from 'node:crypto';
import { assertResolved, atLeast, type Profile } from '../model/profile.js';

/**
 * The release of libvirt commit e919a4dd ("conf: Add tdx as launch security type"), for parse
 * steps between the measured 11.3.0 and 12.8.0 that NEWS does not date: its domain_conf.c has
 * 11.5.0's nvme disk bus but neither 11.8.0's passt hostname nor 11.9.0's hyperv host-model, and
 * libvirt-go-xml-module added TDX on 2025-07-28, before 11.6.0 (2025-08-01). What 11.3.0 lacks
 * and this commit has stands at 11.6.0 (window 11.4.0..11.6.0).
 */
export const TDX_COMMIT_SINCE = '11.6.0';

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
  /**
   * Bytes standing in for what libvirt draws at random (a UUID, a MAC address the document
   * lacks). libvirt's values differ on every parse, so two definitions never share one; these
   * differ between the sides of a pair and between draws, yet the same inputs give the same
   * bytes, so that reports are identical run after run.
   */
  randomBytes(n: number): Buffer;
  /** How many times randomBytes was asked (a definition that drew none is the same on every parse). */
  readonly draws: number;
  /**
   * What a device family's parse step leaves for its post-parse and validation steps on the same
   * document, which the Domain model does not carry. Here rather than in WeakMaps keyed by the
   * model: an entry outlived its domain until the next full GC, and kept everything it pointed
   * to alive through the young generation's collections (2.3 MB of garbage copied at each).
   */
  readonly carried: CarriedExtras;
}

/**
 * ParseContext.carried, one slot per family: each family adds its slot beside its own types
 * (`declare module './context.js'`), so that this module, which every family imports, imports
 * none of them.
 */
export interface CarriedExtras {}

export interface ParseOptions {
  /** See ParseContext.live (default false: the inactive parse of `virsh define`). */
  live?: boolean;
  /** Tells the sides of a pair apart for randomBytes. */
  side?: string;
}

/** `xml` is the document parsed (it seeds randomBytes). */
export function parseContext(profile: Profile, opts: ParseOptions = {}, xml = ''): ParseContext {
  assertResolved(profile);
  const ctx = {
    profile,
    atLeast: (v: string) => atLeast(profile, v),
    live: opts.live ?? false,
    draws: 0,
    carried: { peripherals: undefined, platform: undefined, storage: undefined },
    randomBytes: (n: number) => createHash('sha256').update(`${opts.side ?? ''}\0${ctx.draws++}\0`).update(xml).digest().subarray(0, n),
  };
  return ctx;
}

/** A version 4 UUID from ctx.randomBytes, as virUUIDGenerate makes one. */
export function generateUuid(ctx: ParseContext): string {
  const b = ctx.randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
