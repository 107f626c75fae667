/**
 * Preloaded (`--import`) by the start-up signal tests: holds the compiled CLI's main module back
 * for SLOW_START_MS and says so on stderr first, so a test can send a signal while abi-diff is
 * still loading its modules, the window that used to have no signal handler.
 */
import { register } from 'node:module';

const hooks = `
import { writeSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.endsWith('/dist/cli/main.js')) {
    writeSync(2, 'slow-start: loading the CLI\\n');
    await new Promise((resolve) => setTimeout(resolve, ${Number(process.env.SLOW_START_MS ?? 1500)}));
  }
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
