/**
 * A pool worker that misbehaves on purpose, chosen by the pair id: `hang` loops forever, `oom`
 * allocates until the heap limit kills the worker, `throw` throws, `exit` ends the worker thread.
 * Every other pair is checked normally.
 */
import { checkPairFiles } from '../../src/worker/check-pair.js';
import { checkBatchWith, replyOf, type BatchTask } from '../../src/worker/pool-worker.js';

export default function misbehave(task: BatchTask): string {
  return JSON.stringify(checkBatchWith(task, (pair, opts) => {
    const id = pair.id;
    if (id.includes('hang')) { opts.onSide?.('dst'); for (;;); }
    if (id.includes('oom')) {
      const keep: number[][] = [];
      for (;;) keep.push(new Array(1 << 20).fill(keep.length));
    }
    if (id.includes('throw')) throw new Error(`boom in ${id}`);
    if (id.includes('exit')) process.exit(3);
    return checkPairFiles(pair, opts);
  }).map(replyOf));
}
