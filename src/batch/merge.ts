/**
 * `abi-diff merge REPORT...`: joins the JSON reports of sharded runs into the report one
 * unsharded run would have written. Reports are read pair by pair (the writer puts one pair
 * per line), merged by id, and fed to the report formats like a live run.
 */
import { errorReason, FileError, openRegular } from '../reports/files.js';
import { createInterface } from 'node:readline';
import type { BaselineEntry, PairResult } from '../model/result.js';
import { sortEntries } from './baseline.js';
import { UsageError } from './usage-error.js';
import type { reportHeader } from '../reports/json-report.js';

/** A report's header as json-report writes it. */
export type ReportHead = ReturnType<typeof reportHeader>;

/** What merge needs from a report's summary: each shard judged the baseline entries of its own pairs. */
interface ReportTail { staleBaseline?: BaselineEntry[] }

const PAIR_LINE = /^ {2}\{.*\},?$/;

/** Streams one report: its header fields first, then its pairs in file order, then its summary. */
async function* readReport(file: string, onHead: (head: ReportHead) => void, onTail: (tail: ReportTail) => void): AsyncGenerator<PairResult> {
  let head = '';
  let part: 'head' | 'pairs' | 'tail' = 'head';
  let previous: string | undefined;
  try {
    const lines = createInterface({ input: (await openRegular(file)).fh.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (part === 'head') {
        if (line.startsWith(' "pairs": [')) {
          part = 'pairs';
          onHead(JSON.parse(head.replace(/,\s*$/, '') + '}') as ReportHead);
          if (line.trim() === '"pairs": [],') part = 'tail';
          else if (line.trim() !== '"pairs": [') throw new Error('unexpected layout');
        } else head += line + '\n';
        continue;
      }
      if (part === 'tail') {
        if (!line.startsWith(' "summary": ')) throw new Error('unexpected layout');
        onTail(JSON.parse(line.slice(' "summary": '.length).replace(/,$/, '')) as ReportTail);
        return;
      }
      if (PAIR_LINE.test(line)) {
        const pair = JSON.parse(line.trim().replace(/,$/, '')) as PairResult;
        if (previous !== undefined && pair.id < previous) {
          throw new UsageError(`${file}: pair ${pair.id} comes after ${previous}: merge needs reports sorted by id (was the run's manifest unsorted?)`);
        }
        previous = pair.id;
        yield pair;
      }
      else if (line.startsWith(' ]')) part = 'tail';
      else throw new Error('unexpected layout');
    }
    throw new Error('truncated report');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof FileError || (err as NodeJS.ErrnoException).syscall) throw new UsageError(`${file}: cannot read: ${errorReason(err)}`);
    throw new UsageError(`${file}: not an abi-diff JSON report (${(err as Error).message})`);
  }
}

/** A report whose run was stopped lacks pairs: merging it would pass them off as never there. */
async function refusePartial(file: string): Promise<void> {
  let tail = '';
  try {
    const { fh, size } = await openRegular(file);
    try {
      const buf = Buffer.alloc(Math.min(size, 256));
      await fh.read(buf, 0, buf.length, size - buf.length);
      tail = buf.toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new UsageError(`${file}: cannot read: ${errorReason(err)}`);
  }
  if (/"complete": false\s*\}\s*$/.test(tail)) throw new UsageError(`${file}: a partial report (its run was stopped before every pair was checked): run that shard again`);
}

export interface MergedReports {
  pairs: AsyncGenerator<PairResult>;
  /** Once every pair is read: the shards' stale baseline entries together (undefined without a baseline). */
  staleBaseline(): BaselineEntry[] | undefined;
}

/** Merges reports of the same profile and flags; yields pairs sorted by id. */
export async function mergeReports(files: string[], onHead: (head: ReportHead) => void): Promise<MergedReports> {
  if (!files.length) throw new UsageError('merge needs at least one report');
  let first: ReportHead | undefined;
  const check = (file: string) => (h: ReportHead) => {
    if (h.schemaVersion !== 1) throw new UsageError(`${file}: unsupported report schema ${h.schemaVersion}`);
    if (!first) { first = h; onHead(h); return; }
    for (const k of ['profile', 'skipVolatile', 'live', 'driver', 'operation', 'src', 'dst', 'baseline'] as const) {
      if (h[k] !== first[k]) throw new UsageError(`${file}: ${k} '${h[k]}' differs from '${first[k]}' in ${files[0]}: reports of different runs cannot be merged`);
    }
    if (JSON.stringify(h.rulesOff) !== JSON.stringify(first.rulesOff)) throw new UsageError(`${file}: the rules turned off differ from those in ${files[0]}: reports of different runs cannot be merged`);
    if (h.tool.version !== first.tool.version) throw new UsageError(`${file}: written by abi-diff ${h.tool.version}, ${files[0]} by ${first.tool.version}`);
  };
  for (const f of files) await refusePartial(f);
  let stale: BaselineEntry[] | undefined;
  const addTail = (t: ReportTail) => { if (t.staleBaseline) stale = [...(stale ?? []), ...t.staleBaseline]; };
  const streams = files.map((f) => readReport(f, check(f), addTail));
  const heads = await Promise.all(streams.map((s) => s.next()));
  async function* merged(): AsyncGenerator<PairResult> {
    let previous: string | undefined;
    for (;;) {
      let pick = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (!h.done && (pick < 0 || h.value.id < (heads[pick].value as PairResult).id)) pick = i;
      }
      if (pick < 0) return;
      const r = heads[pick].value as PairResult;
      if (r.id === previous) throw new UsageError(`pair ${r.id} appears in more than one report: were the shards of one run given twice?`);
      previous = r.id;
      yield r;
      heads[pick] = await streams[pick].next();
    }
  }
  return { pairs: merged(), staleBaseline: () => stale && sortEntries(stale) };
}
