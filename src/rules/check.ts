import type { Domain } from '../model/domain.js';
import { assertResolved, type Profile } from '../model/profile.js';
import { planSteps, runSteps, type CheckPlan, type FoundMismatch, type HypervisorDriver } from './framework.js';
import { registry } from './registry.js';

export interface CheckOptions {
  profile: Profile;
  /** VIR_DOMAIN_DEF_ABI_CHECK_SKIP_VOLATILE: what QEMU migration passes (skips current memory). */
  skipVolatile: boolean;
  /** Also run the QEMU driver's checks (default: the generic ones only, as the labels). */
  driver?: HypervisorDriver;
}

/** Every ABI mismatch between src and dst, in libvirt's order; empty when compatible. */
const plans = new Map<string, CheckPlan>();

export function checkAbiStability(src: Domain, dst: Domain, opts: CheckOptions): FoundMismatch[] {
  const out: FoundMismatch[] = [];
  assertResolved(opts.profile);
  let plan = plans.get(opts.profile.version);
  if (!plan) { plan = planSteps(registry, opts.profile); plans.set(opts.profile.version, plan); }
  runSteps(plan, src, dst, { profile: opts.profile, skipVolatile: opts.skipVolatile, driver: opts.driver ?? 'generic' }, '/domain', out);
  return out;
}
