/**
 * `abi-diff merge REPORT...`: joins the JSON reports of sharded runs into the report one
 * unsharded run would have written, once every shard of one split is there exactly once (each
 * report's header says which it is); whole runs' reports merge among themselves as before.
 * Reports are read pair by pair (the writer puts one pair per line), merged by id, and fed to
 * the report formats like a live run.
 */
import { errorReason, FileError, openRegular } from '../reports/files.js';
import { createInterface } from 'node:readline';
import type { BaselineEntry, PairResult } from '../model/result.js';
import { sortEntries } from './baseline.js';
import { UsageError } from './usage-error.js';
import type { reportHeader } from '../reports/json-report.js';
import type { ReportPairs, ShardInfo } from '../reports/report-sink.js';
import type { CompareCounts } from '../reports/summary.js';

/** A report's header as json-report writes it. */
export type ReportHead = ReturnType<typeof reportHeader>;

/**
 * What merge needs from a report's summary: each shard judged the baseline entries of its own
 * pairs, and (run with --compare) counted the changes of its own pairs.
 */
interface ReportTail { staleBaseline?: BaselineEntry[]; compare?: CompareCounts }

/** What follows a report's pairs. */
interface ReportEnd { summary?: ReportTail; complete?: unknown }

const PAIR_LINE = /^ {2}\{.*\},?$/;

/** A header is a few KB: a file without the pairs' line past this is no report. */
const MAX_HEAD = 1 << 20;

/** The text after a report's pairs (`"summary": ..., "complete": ...}`) as JSON, whatever its layout. */
const parseEnd = (text: string): ReportEnd => {
  const end = JSON.parse('{' + text.replace(/^\s*,/, '')) as unknown;
  if (typeof end !== 'object' || end === null || Array.isArray(end)) throw new Error('no summary');
  return end as ReportEnd;
};

/** Streams one report: its header fields first, then its pairs in file order, then its summary. */
async function* readReport(file: string, onHead: (head: ReportHead) => void, onTail: (tail: ReportTail) => void): AsyncGenerator<PairResult> {
  let head = '';
  let tail = '';
  let part: 'head' | 'pairs' | 'tail' = 'head';
  let previous: string | undefined;
  try {
    const lines = createInterface({ input: (await openRegular(file)).fh.createReadStream({ encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (part === 'head') {
        if (line.startsWith(' "pairs": [')) {
          part = 'pairs';
          const h = JSON.parse(head.replace(/,\s*$/, '') + '}') as ReportHead;
          if (h.tool?.name !== 'abi-diff') throw new Error(`its tool is ${JSON.stringify(h.tool?.name)}`);
          onHead(h);
          if (line.startsWith(' "pairs": [],')) { part = 'tail'; tail = line.slice(' "pairs": [],'.length); }
          else if (line.trim() !== '"pairs": [') throw new Error('unexpected layout');
        } else if ((head += line + '\n').length > MAX_HEAD) throw new Error('no "pairs" in its first MiB');
        continue;
      }
      if (part === 'tail') { tail += line + '\n'; continue; }
      if (PAIR_LINE.test(line)) {
        const pair = JSON.parse(line.trim().replace(/,$/, '')) as PairResult;
        if (previous !== undefined && pair.id < previous) {
          throw new UsageError(`${file}: pair ${pair.id} comes after ${previous}: merge needs reports sorted by id (was the run's manifest unsorted?)`);
        }
        previous = pair.id;
        yield pair;
      }
      else if (line.startsWith(' ]')) { part = 'tail'; tail = line.slice(' ]'.length); }
      else throw new Error('unexpected layout');
    }
    if (part !== 'tail') throw new Error('truncated report');
    const end = parseEnd(tail);
    // checked before the merge began; a report rewritten since is still not passed off as whole
    if (end.complete !== true) throw new UsageError(partial(file, end));
    onTail(end.summary ?? {});
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if (err instanceof FileError || (err as NodeJS.ErrnoException).syscall) throw new UsageError(`${file}: cannot read: ${errorReason(err)}`);
    throw new UsageError(`${file}: not an abi-diff JSON report (${(err as Error).message})`);
  }
}

const partial = (file: string, end: ReportEnd) =>
  `${file}: a partial report (${end.complete === false ? 'its run was stopped before every pair was checked' : 'it does not say "complete": true'}): run that shard again`;

/**
 * What follows the report's pairs, read from the end of the file: a pair is one line, so the
 * last line that opens with ` ]` closes them (or `"pairs": [],` when there are none).
 */
async function readEnd(file: string): Promise<ReportEnd> {
  const { fh, size } = await openRegular(file);
  try {
    for (let len = Math.min(size, 1 << 16); ; len = Math.min(size, len * 8)) {
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, size - len);
      const text = buf.toString('utf8');
      const closed = text.lastIndexOf('\n ]');
      const empty = text.lastIndexOf('\n "pairs": []');
      if (closed >= 0 || empty >= 0) return parseEnd(closed > empty ? text.slice(closed + '\n ]'.length) : text.slice(empty + '\n "pairs": []'.length));
      if (len === size) throw new Error('no end of its pairs');
    }
  } finally {
    await fh.close();
  }
}

/**
 * Refuses, before anything is merged, a report that is not abi-diff's (its header) or whose run
 * was stopped (its `complete`): merging it would pass the pairs it lacks off as never there.
 */
async function checkReport(file: string): Promise<ReportEnd> {
  const stream = readReport(file, () => {}, () => {});
  await stream.next();
  await stream.return(undefined);
  let end;
  try {
    end = await readEnd(file);
  } catch (err) {
    throw new UsageError(`${file}: not an abi-diff JSON report (${(err as Error).message})`);
  }
  if (end.complete !== true) throw new UsageError(partial(file, end));
  return end;
}

export interface MergedReports {
  pairs: AsyncGenerator<PairResult>;
  /** The shards joined, when the reports are shards (undefined: whole runs' reports). */
  shard?: ShardInfo;
  /** Once every pair is read: the shards' stale baseline entries together (undefined without a baseline). */
  staleBaseline(): BaselineEntry[] | undefined;
  /** Each report's --compare counts, in the order of the files (undefined: run without --compare). */
  comparisons: (CompareCounts | undefined)[];
  /** Each report's --report-pairs, in the order of the files (undefined: run without it). */
  reportPairs: (ReportPairs | undefined)[];
}

type RunShard = { index: number; count: number };
const isShard = (s: ReportHead['shard'] | undefined): s is RunShard => typeof s === 'object' && s !== null && 'index' in s;
const named = (s: RunShard) => `${s.index}/${s.count}`;

/**
 * Shards of one run must all be there, once each, of one split: a shard left out (with every
 * failure in it) would otherwise pass the merged gate. Whole runs' reports (unsharded, or merged
 * already) merge as they always did, their pairs refused when repeated; mixed with shards they
 * are refused. Returns the shards joined.
 */
function checkShards(files: string[], headers: ReadonlyMap<string, ReportHead>): ShardInfo | undefined {
  const shards = new Map(files.map((f) => [f, headers.get(f)?.shard]));
  for (const f of files) {
    if (shards.get(f) === undefined) throw new UsageError(`${f}: the report does not say which shard it is (written before abi-diff recorded shards): run it again`);
  }
  const parts = files.flatMap((f) => { const s = shards.get(f); return isShard(s) ? [{ file: f, shard: s }] : []; });
  if (!parts.length) return undefined;
  const whole = files.find((f) => !isShard(shards.get(f)));
  if (whole) throw new UsageError(`${whole}: the report of a whole run, but ${parts[0].file} is shard ${named(parts[0].shard)}: merge joins the shards of one run`);
  const { count } = parts[0].shard;
  const seen = new Map<number, string>();
  for (const { file, shard } of parts) {
    if (shard.count !== count) throw new UsageError(`${file}: shard ${named(shard)}, but ${parts[0].file} is shard ${named(parts[0].shard)}: shards of different splits cannot be merged`);
    const before = seen.get(shard.index);
    if (before !== undefined) throw new UsageError(`${file}: shard ${named(shard)} ${before === file ? 'given twice' : `again (${before} is that shard too)`}`);
    seen.set(shard.index, file);
  }
  const missing = Array.from({ length: count }, (_v, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length) {
    throw new UsageError(`shard ${missing.map((k) => `${k}/${count}`).join(', ')} missing: given ${parts.map((p) => `${named(p.shard)} (${p.file})`).join(', ')}; a merge needs every shard of the run`);
  }
  return { count, merged: [...seen.keys()].sort((a, b) => a - b) };
}

/**
 * Merges reports of the same profile and flags; yields pairs sorted by id. `wholeRun`: the
 * reports must make one run (every shard once), as `abi-diff merge` needs.
 */
export async function mergeReports(files: string[], onHead: (head: ReportHead) => void, o: { wholeRun?: boolean } = {}): Promise<MergedReports> {
  if (!files.length) throw new UsageError('merge needs at least one report');
  let first: ReportHead | undefined;
  const headers = new Map<string, ReportHead>();
  const check = (file: string) => (h: ReportHead) => {
    if (h.schemaVersion !== 1) throw new UsageError(`${file}: unsupported report schema ${h.schemaVersion}`);
    headers.set(file, h);
    if (!first) { first = h; onHead(h); return; }
    for (const k of ['profile', 'skipVolatile', 'live', 'driver', 'operation', 'src', 'dst', 'baseline'] as const) {
      if (h[k] !== first[k]) throw new UsageError(`${file}: ${k} '${h[k]}' differs from '${first[k]}' in ${files[0]}: reports of different runs cannot be merged`);
    }
    if (JSON.stringify(h.rulesOff) !== JSON.stringify(first.rulesOff)) throw new UsageError(`${file}: the rules turned off differ from those in ${files[0]}: reports of different runs cannot be merged`);
    if (h.tool.version !== first.tool.version) throw new UsageError(`${file}: written by abi-diff ${h.tool.version}, ${files[0]} by ${first.tool.version}`);
  };
  const ends = [];
  for (const f of files) ends.push(await checkReport(f));
  let stale: BaselineEntry[] | undefined;
  const addTail = (t: ReportTail) => { if (t.staleBaseline) stale = [...(stale ?? []), ...t.staleBaseline]; };
  const streams = files.map((f) => readReport(f, check(f), addTail));
  const heads = await Promise.all(streams.map((s) => s.next()));
  const shard = o.wholeRun ? checkShards(files, headers) : undefined;
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
  return { pairs: merged(), ...(shard ? { shard } : {}), staleBaseline: () => stale && sortEntries(stale), comparisons: ends.map((e) => e.summary?.compare),
    reportPairs: files.map((f) => headers.get(f)?.reportPairs) };
}
