/**
 * SIGINT/SIGTERM from abi-diff's first line on. Loading the CLI's modules takes ~200 ms; a signal
 * meanwhile used to kill the process without reports. This module imports nothing of abi-diff,
 * so bin/abi-diff.js loads it before the rest and main.ts imports it first: a signal that comes
 * before the run starts is kept, and the run then stops at once and writes its (empty) partial
 * reports, as README promises for a signal at any moment.
 */
import { constants } from 'node:os';

const stop = new AbortController();
/** starting: the command is not known yet; run: a run that writes partial reports; quit: anything else. */
let mode: 'starting' | 'run' | 'quit' = 'starting';

export const signalStatus = (sig: NodeJS.Signals): number => 128 + constants.signals[sig];

function quit(sig: NodeJS.Signals, again: boolean): never {
  process.stderr.write(`abi-diff: ${sig}${again ? ' again' : ''}: quitting${mode === 'run' ? ' without reports' : ''}\n`);
  process.exit(signalStatus(sig));
}

const stopping = (sig: NodeJS.Signals) =>
  process.stderr.write(`\nabi-diff: ${sig}: stopping; writing the reports of the pairs checked so far (${sig} again to quit at once)\n`);

function onSignal(sig: NodeJS.Signals) {
  if (mode === 'quit' || stop.signal.aborted) quit(sig, stop.signal.aborted);
  stop.abort(sig);
  if (mode === 'run') stopping(sig);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

/**
 * The run's stop signal: the first SIGINT/SIGTERM, even one received before this call, stops it
 * cleanly (no new pairs, reports written with the pairs done); a second one quits at once.
 */
export function runSignal(): AbortSignal {
  mode = 'run';
  if (stop.signal.aborted) stopping(stop.signal.reason as NodeJS.Signals);
  return stop.signal;
}

/** For commands that write no partial report (merge, rules, help): a signal quits at once, one received already too. */
export function quitOnSignal(): void {
  mode = 'quit';
  if (stop.signal.aborted) quit(stop.signal.reason as NodeJS.Signals, false);
}
