/**
 * reports/abi-diff.json, written as results arrive (pairs in id order, summary last) so a run
 * of a million pairs never holds the report in memory.
 */
import { makeDir } from './files.js';
import { join } from 'node:path';
import { resultWith, type PairResult } from '../model/result.js';
import type { ReportFormat, ReportSink, RunEnd, RunInfo } from './report-sink.js';
import { reportOut } from './text-out.js';
import type { Summary } from './summary.js';

export const JSON_SCHEMA_VERSION = 1;

/** The pair as the JSON report shows it: its fix and change (--compare) after the verdict, when there. */
export const pairRecord = (r: PairResult): PairResult => {
  const record = resultWith(r.id, r.src, r.dst, r);
  return r.fix || r.change ? { ...record, ...(r.fix ? { fix: r.fix } : {}), ...(r.change ? { change: r.change } : {}) } : record;
};

export function reportHeader(info: RunInfo) {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: info.toolName, version: info.toolVersion },
    profile: info.profile,
    libvirtVersion: info.libvirtVersion,
    skipVolatile: info.skipVolatile,
    live: info.live,
    // said only under the QEMU driver, so that generic reports keep their bytes
    ...(info.driver ? { driver: info.driver, operation: info.operation } : {}),
    src: info.src,
    dst: info.dst,
    config: info.config ?? null,
    baseline: info.baseline ?? null,
    rulesOff: info.rulesOff ?? [],
    // which part of the pairs this is: merge refuses a shard missing, repeated or of another split
    shard: info.shard ?? null,
    // the HTML/JUnit shape a --report-pairs run chose, for merge to keep; said only when given
    ...(info.options?.reportPairs ? { reportPairs: info.options.reportPairs } : {}),
  };
}

/** The summary as reports show it: with the count of pairs left unchecked by a stopped run. */
export function summarized(summary: Summary, end: RunEnd): Summary & { notChecked?: number } {
  return end.notChecked === undefined ? summary : { ...summary, notChecked: end.notChecked };
}

/**
 * abi-diff.json's bytes in the order they are written, one pair a line (so `merge` reads the file
 * as a stream): the file report and `--format json:-` write the same text.
 */
export function jsonReportText(info: RunInfo): { head: string; pair(r: PairResult): string; tail(summary: Summary, end: RunEnd): string } {
  let first = true;
  return {
    head: JSON.stringify(reportHeader(info), null, 1).slice(0, -2) + ',\n "pairs": [',
    pair(r) {
      const sep = first ? '\n  ' : ',\n  ';
      first = false;
      return sep + JSON.stringify(pairRecord(r));
    },
    tail: (summary, end) => `${first ? '' : '\n '}],\n "summary": ${JSON.stringify(summarized(summary, end))},\n "complete": ${end.complete}\n}\n`,
  };
}

export const jsonFormat: ReportFormat = {
  name: 'json',
  description: 'abi-diff.json: the whole run, pairs sorted by id',
  async open(outDir: string, info: RunInfo): Promise<ReportSink> {
    await makeDir(outDir);
    const file = join(outDir, 'abi-diff.json');
    const out = reportOut(file);
    const write = out.write;
    const text = jsonReportText(info);
    await write(text.head);
    return {
      add: (r) => write(text.pair(r)),
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        await write(text.tail(summary, end));
        await out.end();
        return [file];
      },
      discard: out.discard,
    };
  },
};
