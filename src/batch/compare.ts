/**
 * --compare PREVIOUS.json: each pair of this run against a previous JSON report (a run's or a
 * merge's), as new failure, fixed, still failing, unchanged, or new, and the previous pairs this
 * run no longer has (gone). The previous report is read as a stream beside the run: both come
 * sorted by id, so a nightly of 10^6 pairs holds only the previous pairs it skipped over.
 */
import { failsRun, type PairChange, type PairResult } from '../model/result.js';
import type { CompareCounts, FailOn } from '../reports/summary.js';
import { mergeReports, type ReportHead } from './merge.js';
import { UsageError } from './usage-error.js';

/** What a previous report must share with this run for its verdicts to be comparable. */
export interface CompareIdentity { profile: string; driver: 'generic' | 'qemu'; operation?: string }

/** How the pair changed: `was` is whether it failed the previous run, undefined when it was not there. */
export function changeOf(was: boolean | undefined, r: PairResult): PairChange {
  if (was === undefined) return 'new';
  const fails = failsRun(r);
  return was ? (fails ? 'still-failing' : 'fixed') : fails ? 'new-failure' : 'unchanged';
}

export class Comparison {
  /** Previous pairs passed over by the cursor and not seen yet: whether each failed. */
  private readonly skipped = new Map<string, boolean>();
  private cursor: IteratorResult<PairResult> | undefined;
  readonly counts: CompareCounts;

  private constructor(private readonly previous: AsyncGenerator<PairResult>, file: string, failOn: FailOn, private readonly keep: (id: string) => boolean) {
    this.counts = { previous: file, failOn, 'new-failure': 0, fixed: 0, 'still-failing': 0, unchanged: 0, new: 0, newFailing: 0, newErrors: 0, gone: 0, goneFailing: 0 };
  }

  /**
   * Opens the previous report and checks its header: one of another profile or driver judged
   * by other rules, and comparing with it would call every difference a change.
   * `keep`: the ids this run covers (a shard's), so that the others do not count as gone.
   */
  static async open(file: string, want: CompareIdentity, failOn: FailOn = 'any', keep: (id: string) => boolean = () => true): Promise<Comparison> {
    let head: ReportHead | undefined;
    let merged;
    try {
      merged = await mergeReports([file], (h) => { head = h; });
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(`--compare ${(err as Error).message}`);
      throw err;
    }
    const h = head!;
    const driver = h.driver ?? 'generic';
    const differs = h.profile !== want.profile ? `profile ${h.profile}, this run ${want.profile}`
      : driver !== want.driver ? `driver ${driver}, this run ${want.driver}`
      : want.driver === 'qemu' && h.operation !== want.operation ? `operation ${h.operation}, this run ${want.operation}` : undefined;
    if (differs) {
      await merged.pairs.return(undefined);
      throw new UsageError(`--compare ${file}: a report of another run (${differs}): its verdicts come from other rules; compare reports of the same profile and driver`);
    }
    return new Comparison(merged.pairs, file, failOn, keep);
  }

  /** The pair's change; pairs may come in any order (a manifest's), sorted ones cost nothing. */
  async classify(r: PairResult): Promise<PairChange> {
    let was = this.skipped.get(r.id);
    if (was !== undefined) this.skipped.delete(r.id);
    else {
      if (!this.cursor) this.cursor = await this.previous.next();
      while (!this.cursor.done && this.cursor.value.id < r.id) {
        this.skipped.set(this.cursor.value.id, failsRun(this.cursor.value));
        this.cursor = await this.previous.next();
      }
      if (!this.cursor.done && this.cursor.value.id === r.id) {
        was = failsRun(this.cursor.value);
        this.cursor = await this.previous.next();
      }
    }
    const change = changeOf(was, r);
    this.counts[change]++;
    const isNew = change === 'new-failure' || (change === 'new' && failsRun(r));
    if (change === 'new' && isNew) this.counts.newFailing++;
    if (isNew && r.status !== 'incompatible') this.counts.newErrors++;
    return change;
  }

  /** Sets each result's change as the batches go by. */
  async *stream(batches: AsyncGenerator<PairResult[]>): AsyncGenerator<PairResult[]> {
    let through = false;
    try {
      for await (const batch of batches) {
        for (const r of batch) r.change = await this.classify(r);
        yield batch;
      }
      through = true;
    } finally {
      // a run left early is not finished: the previous report is closed now
      if (!through) await this.close();
    }
  }

  async close(): Promise<void> {
    await this.previous.return(undefined).catch(() => undefined);
  }

  /** Once every pair went by: the counts, with the previous pairs this run did not have. */
  async finish(): Promise<CompareCounts> {
    const gone = (id: string, failed: boolean) => {
      if (!this.keep(id)) return;
      this.counts.gone++;
      if (failed) this.counts.goneFailing++;
    };
    for (const [id, failed] of this.skipped) gone(id, failed);
    this.skipped.clear();
    if (!this.cursor) this.cursor = await this.previous.next();
    for (; !this.cursor.done; this.cursor = await this.previous.next()) gone(this.cursor.value.id, failsRun(this.cursor.value));
    return this.counts;
  }
}
