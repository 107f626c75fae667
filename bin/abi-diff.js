#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader; worker threads inherit the loader flag.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = r.status ?? 2;
