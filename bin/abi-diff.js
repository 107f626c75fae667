#!/bin/sh
":" //; exec node --max-semi-space-size=4 "$0" "$@"
// The line above is sh and JavaScript at once (a string, then a comment): sh starts node with the
// flag on any system (`env -S`, the other way to pass it, is missing from BusyBox, as in Alpine
// images); node skips it. The flag caps the main thread's young generation at 2 x 4 MB. Left to
// V8 it grows to 2 x 16 MB in a long run (several KB of short-lived objects per pair; whatever
// survives a collection makes it grow), so peak RSS grew with the number of pairs: +28 MB from
// 10^4 to 10^5 pairs. Only a command-line flag sizes the main thread's heap; the workers' heaps
// are set in batch/run-batch.ts.
//
// Runs the compiled CLI (dist/, in the package and built by `npm ci` / `npm run build` in a
// checkout); from a checkout without a build, the TypeScript through tsx's loader (a
// devDependency, so a checkout has it and an install does not; worker threads inherit the flag).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(built)) {
  // SIGINT/SIGTERM are handled before the CLI's modules load (~200 ms): a signal meanwhile
  // still ends the run with its reports, marked partial, and status 130 / 143
  await import(new URL('../dist/cli/signals.js', import.meta.url).href);
  await import(built.href);
} else {
  const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
  const r = spawnSync(process.execPath, [...process.execArgv, '--import', 'tsx', main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 2;
}
