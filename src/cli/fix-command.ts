/**
 * `abi-diff fix SRC DST --out DIR` (two files or trees, --manifest FILE, or a JSON report whose
 * failing pairs are fixed): the command line of src/fix/, which does the work.
 */
import { resolveProfile } from '../model/profile.js';
import type { PairTask } from '../model/result.js';
import type { HypervisorDriver } from '../rules/framework.js';
import type { QemuOperation } from '../qemu/index.js';
import { openPairSource, UsageError, type MatchBy } from '../batch/discover.js';
import { mergeReports, type ReportHead } from '../batch/merge.js';
import { FIX_REPORT, runFix, type FixEntry } from '../fix/run-fix.js';
import { complain, say } from './console.js';
import { parseCommandLine, withDefaults, type OptionName } from './options.js';

export const FIX_USAGE = `usage: abi-diff fix SRC DST --out DIR [options]
       abi-diff fix --manifest FILE --out DIR [options]
       abi-diff fix REPORT.json --out DIR

Writes, for every incompatible pair, DIR/<pair id>: the destination with each mismatched value
(attribute, element, device) taken from the source, every other byte kept; DIR/<pair id>.diff:
the change as a unified diff; DIR/${FIX_REPORT}: per pair fixed, unfixable (with the reason),
compatible or error. Every fix is re-checked before it is written. With a JSON report, its
incompatible pairs are fixed under the profile and flags of its run.
options: --out DIR (default: fixed), --profile, --skip-volatile, --live, --driver, --operation,
--qemu-caps, --match, --ignore, --max-file-size, --quiet (as for a check)

exit status: 0 every incompatible pair fixed; 1 a pair could not be fixed; 2 usage or input error.`;

const FIX_OPTIONS: readonly OptionName[] = ['manifest', 'match', 'ignore', 'out', 'profile', 'skip-volatile', 'live', 'driver', 'operation', 'qemu-caps', 'max-file-size', 'quiet', 'help'];

async function* incompatibleOf(report: string, onHead: (h: ReportHead) => void): AsyncGenerator<PairTask> {
  const merged = await mergeReports([report], onHead);
  for await (const r of merged.pairs) if (r.status === 'incompatible') yield { id: r.id, src: r.src, dst: r.dst };
}

export async function fixCommand(argv: string[]): Promise<number> {
  const { values: cli, positionals } = parseCommandLine(argv, FIX_OPTIONS);
  if (cli.help) { say(...FIX_USAGE.split('\n')); return 0; }
  const values = withDefaults(cli, FIX_OPTIONS);
  const out = cli.out ?? 'fixed';
  const driver = values.driver as HypervisorDriver;
  const operation = values.operation as QemuOperation | undefined;
  if (driver !== 'qemu' && (operation || values['qemu-caps'])) throw new UsageError(`--${operation ? 'operation' : 'qemu-caps'} needs --driver qemu`);
  const opts = {
    out, profile: resolveProfile(values.profile!), driver, live: values.live ?? false, maxFileSize: values['max-file-size']!, qemuCaps: values['qemu-caps'],
    operation: driver === 'qemu' ? operation ?? 'migrate' : undefined,
    skipVolatile: driver === 'qemu' ? (operation ?? 'migrate') === 'migrate' : values['skip-volatile'] ?? false,
  };
  let pairs: AsyncIterable<PairTask>;
  if (values.manifest !== undefined || positionals.length === 2) {
    if (values.manifest !== undefined && positionals.length) throw new UsageError(`--manifest lists the pairs: no SRC DST arguments with it, got ${positionals.length}`);
    const spec = values.manifest !== undefined ? { manifest: values.manifest } : { src: positionals[0], dst: positionals[1], match: values.match as MatchBy, ignore: values.ignore ?? [] };
    pairs = (await openPairSource(spec, { exclude: out, warn: (m) => complain(`abi-diff fix: warning: ${m}`) })).pairs();
  } else if (positionals.length === 1) {
    // the report's own run settings: its verdicts are the ones fixed
    pairs = incompatibleOf(positionals[0], (h) => {
      Object.assign(opts, { profile: resolveProfile(h.profile), skipVolatile: h.skipVolatile, live: h.live });
      // a report without a driver was a generic run, whatever today's default driver is
      Object.assign(opts, 'driver' in h && h.driver === 'qemu' ? { driver: 'qemu', operation: h.operation } : { driver: 'generic', operation: undefined });
    });
  } else {
    throw new UsageError(`expected SRC and DST, or a JSON report, got ${positionals.length} argument(s)`);
  }
  const quiet = values.quiet ?? false;
  const show = (e: FixEntry) => {
    if (e.status === 'fixed' && !quiet) say(`${e.id}: fixed (${e.rules!.join(', ')}): ${out}/${e.file}`);
    else if (e.status === 'unfixable' || e.status === 'error' || e.status === 'unpaired') complain(`${e.id}: ${e.status === 'unfixable' ? 'not fixed' : e.status}: ${e.reason}`);
  };
  const summary = await runFix(pairs, opts, show);
  if (!quiet) say(`abi-diff fix: ${summary.pairs} pairs: ${summary.fixed} fixed, ${summary.unfixable} not fixed, ${summary.compatible} compatible, ${summary.error} error, ${summary.unpaired} unpaired; report: ${out}/${FIX_REPORT}`);
  if (summary.error || summary.unpaired) return 2;
  return summary.unfixable ? 1 : 0;
}
