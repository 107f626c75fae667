/**
 * Progress on stderr: one live line on a terminal; a plain line every few seconds otherwise
 * (CI logs, cron mail), so long audits show they are moving without flooding the log.
 */
import type { PairResult } from '../model/result.js';

export interface ProgressOptions {
  /** Pairs in the run; unknown until counted (setTotal): no percentage or ETA before. */
  total?: number;
  stream: NodeJS.WriteStream;
  /** Live line when the stream is a terminal; default: detect. */
  tty?: boolean;
  /** Seconds between plain lines. */
  plainEvery?: number;
  now?: () => number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export class Progress {
  private done = 0;
  private incompatible = 0;
  private errors = 0;
  private readonly started: number;
  private last = 0;
  private readonly tty: boolean;
  private readonly every: number;
  private readonly now: () => number;
  private total: number | undefined;

  constructor(private readonly opts: ProgressOptions) {
    this.total = opts.total;
    this.now = opts.now ?? (() => performance.now() / 1000);
    this.started = this.now();
    this.tty = opts.tty ?? Boolean(opts.stream.isTTY);
    this.every = this.tty ? 0.2 : opts.plainEvery ?? 5;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  line(): string {
    const elapsed = Math.max(this.now() - this.started, 1e-9);
    const rate = this.done / elapsed;
    const counts = `${this.incompatible} incompatible, ${this.errors} not checked`;
    if (this.total === undefined) return `abi-diff: ${this.done} pairs (counting them), ${Math.round(rate)} pairs/s, ${counts}`;
    // the files may change between the count and the run: never past 100 %
    const left = Math.max(0, this.total - this.done);
    const pct = this.total ? Math.min(100, Math.floor((100 * this.done) / this.total)) : 100;
    const eta = rate > 0 ? left / rate : Infinity;
    return `abi-diff: ${this.done}/${this.total} pairs (${pct}%), ${Math.round(rate)} pairs/s, ETA ${duration(eta)}, ${counts}`;
  }

  add(r: PairResult): void {
    this.done++;
    if (r.status === 'incompatible') this.incompatible++;
    else if (r.status !== 'compatible') this.errors++;
    const t = this.now();
    if (t - this.last >= this.every) {
      this.last = t;
      this.write();
    }
  }

  private write(): void {
    if (this.tty) this.opts.stream.write(`\r\x1b[2K${this.line()}`);
    else this.opts.stream.write(this.line() + '\n');
  }

  finish(): void {
    if (this.tty) this.opts.stream.write(`\r\x1b[2K`);
    else if (this.done && this.now() - this.started >= this.every) this.opts.stream.write(this.line() + '\n');
  }
}
