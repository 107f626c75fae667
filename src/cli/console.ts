/**
 * The console: stdout for verdicts, stderr for progress, warnings and errors. Each line goes
 * through consoleLine, so the ids, paths and messages in it cannot act on a terminal or a CI
 * log; callers pass lines, never text with line breaks of its own.
 */
import { consoleLine } from '../reports/text-escape.js';

/**
 * A reader that goes away (`abi-diff ... | head -1`, a closed terminal) must change neither the
 * exit status (1 would say "incompatible") nor the reports: what is written to a closed stdout
 * or stderr is dropped (node ignores SIGPIPE and reports EPIPE as a stream error instead).
 */
export function tolerateClosedConsole(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

function print(stream: NodeJS.WritableStream, lines: string[]): void {
  stream.write(lines.map((l) => consoleLine(l) + '\n').join(''));
}

export const say = (...lines: string[]): void => print(process.stdout, lines);
export const complain = (...lines: string[]): void => print(process.stderr, lines);
