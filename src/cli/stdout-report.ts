/**
 * `--format json:-` and `jsonl:-`: the JSON or JSON Lines report streamed to stdout as the pairs
 * come (`abi-diff a.xml b.xml --format jsonl:- | jq`), in the bytes the file formats write.
 */
import { jsonReportText, pairRecord } from '../reports/json-report.js';
import type { ReportSink, RunEnd, RunInfo } from '../reports/report-sink.js';
import type { Summary } from '../reports/summary.js';

/** What `--format` names a stdout report by, and the format it streams. */
export const stdoutFormat = (name: string): 'json' | 'jsonl' | undefined => (name === 'json:-' ? 'json' : name === 'jsonl:-' ? 'jsonl' : undefined);

/**
 * Writes with back-pressure; a reader that went away (`| head -1`) makes the rest a no-op, as
 * the console's other output (tolerateClosedConsole), so the run and its exit status go on.
 */
function streamOut(stream: NodeJS.WritableStream & { destroyed?: boolean }): (s: string) => void | Promise<void> {
  return (s) => {
    if (stream.destroyed || stream.write(s)) return;
    return new Promise<void>((resolve) => {
      const done = () => { stream.off('drain', done); stream.off('close', done); stream.off('error', done); resolve(); };
      stream.on('drain', done).on('close', done).on('error', done);
    });
  };
}

export function openStdoutReport(format: 'json' | 'jsonl', info: RunInfo, stream: NodeJS.WritableStream = process.stdout): ReportSink {
  const write = streamOut(stream);
  const written = ['stdout'];
  if (format === 'jsonl') {
    return { add: (r) => write(JSON.stringify(pairRecord(r)) + '\n'), close: async () => written };
  }
  // the same bytes as json-report's abi-diff.json, so `merge` reads a saved copy too
  const text = jsonReportText(info);
  let opened: void | Promise<void> = write(text.head);
  return {
    add(r) {
      const line = text.pair(r);
      if (opened) { const o = opened; opened = undefined; return o.then(() => write(line)); }
      return write(line);
    },
    async close(summary: Summary, end: RunEnd = { complete: true }) {
      await opened;
      await write(text.tail(summary, end));
      return written;
    },
  };
}
