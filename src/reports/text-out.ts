/**
 * Buffered text output that respects back-pressure, report files that appear whole or not at all,
 * and spool files for parts written last.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface TextOut {
  /** A promise only when the chunk was handed to the file (awaiting one per pair costs a tick each). */
  write(s: string): void | Promise<void>;
  /** Appends a whole file, streamed. */
  append(file: string): Promise<void>;
  end(): Promise<void>;
}

// Per-pair strings are small: gathered into chunks of this size, a million pairs cost a few
// hundred writes instead of millions (the stream's per-write overhead was 8 % of the main thread).
const CHUNK = 64 * 1024;

export function textOut(file: string): TextOut {
  const out = createWriteStream(file);
  let failed: Error | undefined;
  out.on('error', (e) => { failed = e; });
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = async () => {
    if (failed) throw failed;
    if (!pendingLength) return;
    const chunk = pending.join('');
    pending = [];
    pendingLength = 0;
    // once() rejects if the stream errors while we wait
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const write = (s: string): void | Promise<void> => {
    pending.push(s);
    pendingLength += s.length;
    if (pendingLength >= CHUNK) return flush();
  };
  return {
    write,
    async append(src) {
      await flush();
      for await (const chunk of createReadStream(src, { encoding: 'utf8' })) await write(chunk as string);
    },
    async end() {
      await flush();
      out.end();
      await once(out, 'finish');
    },
  };
}

/**
 * A report file written under a temporary name beside it and renamed when complete, so that a
 * reader (a CI step, a dashboard polling the directory) never sees half a report.
 */
export function reportOut(file: string): TextOut {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const out = textOut(temp);
  return {
    write: out.write,
    append: out.append,
    async end() {
      try {
        await out.end();
        await rename(temp, file);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
  };
}

/** A temporary file for report parts that must come after counts known only at the end. */
export async function spool(prefix: string): Promise<{ file: string; out: TextOut; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `abi-diff-${prefix}-`));
  const file = join(dir, 'spool');
  return { file, out: textOut(file), dispose: () => rm(dir, { recursive: true, force: true }) };
}
