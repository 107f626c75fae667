/**
 * reports/abi-diff.jsonl: one line per pair, the same record as in abi-diff.json, nothing else
 * (a stopped run's file has the pairs it finished; abi-diff.json says whether it is complete).
 */
import { makeDir } from './files.js';
import { join } from 'node:path';
import { pairRecord } from './json-report.js';
import type { ReportFormat, ReportSink } from './report-sink.js';
import { reportOut } from './text-out.js';

export const jsonlFormat: ReportFormat = {
  name: 'jsonl',
  description: 'abi-diff.jsonl: one JSON object per pair per line, sorted by id',
  async open(outDir: string): Promise<ReportSink> {
    await makeDir(outDir);
    const file = join(outDir, 'abi-diff.jsonl');
    const out = reportOut(file);
    return {
      add: (r) => out.write(JSON.stringify(pairRecord(r)) + '\n'),
      async close() {
        await out.end();
        return [file];
      },
      discard: out.discard,
    };
  },
};
