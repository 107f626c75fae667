/**
 * Checks pairs on the worker pool and prints the results with the process's peak resident
 * memory (every thread counts), for the hostile-input test: argv[2] is JSON
 * `{ pairs: PairTask[], workerMemory: MiB }`.
 */
import { runBatch } from '../../src/batch/run-batch.js';
import type { PairTask } from '../../src/model/result.js';

const { pairs, workerMemory } = JSON.parse(process.argv[2]) as { pairs: PairTask[]; workerMemory: number };
const results = await runBatch(pairs, { jobs: 1, profile: 'upstream', skipVolatile: false, workerMemory });
process.stdout.write(JSON.stringify({ results, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
