/**
 * Per-rule test tables: each case is a src/dst pair of domain XML and what libvirt says about
 * it (compatible, the first mismatch message, or an input error of one side).
 */
import test from 'ava';
import { atLeast, PROFILE_VERSIONS, resolveProfile, versionNumber } from '../../src/model/profile.js';
import { checkXmlPair } from '../../src/worker/check-pair.js';

export interface RuleCase {
  name: string;
  src: string;
  dst: string;
  /** Profile to run with (default upstream = 12.8.0); `profiles` runs the case under several. */
  profile?: string;
  profiles?: string[];
  skipVolatile?: boolean;
  /** `qemu` adds the QEMU driver's checks. */
  driver?: 'generic' | 'qemu';
  /** Parse both sides as live XML (`--live`). */
  live?: boolean;
  /**
   * null: compatible; string: libvirt's first message; {error}: input error of that side. Or one
   * of those per release range, keyed by the range's first release (`{ '7.0.0': null, '9.0.0':
   * '...' }`): the case runs under every bundled profile from the first key on.
   */
  expect: Expect | PerRelease;
  /** Rule id expected for the first mismatch. */
  rule?: string;
}

export type Expect = string | null | { error: string | RegExp; side?: 'src' | 'dst' };
export type PerRelease = { readonly [version: string]: Expect };

const VERSION_KEY = /^\d+\.\d+\.\d+$/;
function isPerRelease(e: Expect | PerRelease): e is PerRelease {
  return e !== null && typeof e === 'object' && Object.keys(e).length > 0 && Object.keys(e).every((k) => VERSION_KEY.test(k));
}

/** Each profile the case runs under, with what libvirt says there. */
function runs(c: RuleCase): [string, Expect][] {
  const e = c.expect;
  if (!isPerRelease(e)) return (c.profiles ?? [c.profile ?? 'upstream']).map((p) => [p, e]);
  const starts = Object.keys(e).sort((a, b) => versionNumber(a) - versionNumber(b));
  return PROFILE_VERSIONS.flatMap((v): [string, Expect][] => {
    const from = starts.filter((k) => atLeast(resolveProfile(v), k)).pop();
    return from === undefined ? [] : [[v, e[from]]];
  });
}

export const TEST_UUID = 'c7a5fdbd-edaf-9455-926a-d65c16db1809';

/** A minimal domain the generic parser accepts; pieces are spliced in. */
export function domainXml(parts: { type?: string; head?: string; body?: string; devices?: string; os?: string; memory?: string; vcpu?: string; name?: string; uuid?: string } = {}): string {
  return `<domain type='${parts.type ?? 'kvm'}'>
  <name>${parts.name ?? 'guest'}</name>
  <uuid>${parts.uuid ?? TEST_UUID}</uuid>
  ${parts.head ?? ''}
  ${parts.memory ?? "<memory unit='KiB'>1048576</memory>"}
  ${parts.vcpu ?? '<vcpu>2</vcpu>'}
  ${parts.os ?? "<os><type arch='x86_64' machine='pc-q35-9.0'>hvm</type></os>"}
  ${parts.body ?? ''}
  <devices>
    ${parts.devices ?? ''}
  </devices>
</domain>`;
}

export function ruleTable(title: string, cases: RuleCase[]): void {
  for (const c of cases) {
    for (const [profileName, expect] of runs(c)) {
      test(`${title}: ${c.name} [${profileName}]`, (t) => {
        const r = checkXmlPair(c.name, 'src.xml', 'dst.xml', c.src, c.dst, { profile: resolveProfile(profileName), skipVolatile: c.skipVolatile ?? false, driver: c.driver, live: c.live });
        if (expect === null) {
          t.is(r.status, 'compatible', JSON.stringify(r.mismatches[0] ?? r.error));
        } else if (typeof expect === 'string') {
          t.is(r.status, 'incompatible', JSON.stringify(r.error));
          t.is(r.mismatches[0]?.message, expect);
          if (c.rule) t.is(r.mismatches[0]?.rule, c.rule);
        } else {
          t.is(r.status, 'error', JSON.stringify(r.mismatches[0]));
          t.is(r.error?.side, expect.side ?? 'dst');
          if (typeof expect.error === 'string') t.is(r.error?.message, expect.error);
          else t.regex(r.error?.message ?? '', expect.error);
        }
      });
    }
  }
}
