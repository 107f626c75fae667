/**
 * Buffered text output that respects back-pressure, report files that appear whole or not at all,
 * and spool files for parts written last.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREATE_NEW, errorReason, FileError, tempNameFor } from './files.js';

export interface TextOut {
  /** A promise only when the chunk was handed to the file (awaiting one per pair costs a tick each). */
  write(s: string): void | Promise<void>;
  /** Appends a whole file, streamed. */
  append(file: string): Promise<void>;
  end(): Promise<void>;
  /** Gives the file up after a failure: closed, and removed when it was a temporary one. */
  discard(): Promise<void>;
}

// Per-pair strings are small: gathered into chunks of this size, a million pairs cost a few
// hundred writes instead of millions (the stream's per-write overhead was 8 % of the main thread).
const CHUNK = 64 * 1024;

/** A new file (never one that exists, nor through a link): see tempNameFor. */
export function textOut(file: string): TextOut {
  const out = createWriteStream(file, { flags: CREATE_NEW });
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
    async discard() {
      out.destroy();
      await rm(file, { force: true });
    },
  };
}

/** `out` whose failures name `what` (not a temporary name) and first discard the file. */
function failingAs(out: TextOut, what: string): TextOut & { failed(err: unknown): Promise<never> } {
  const failed = async (err: unknown): Promise<never> => {
    await out.discard();
    if (err instanceof FileError) throw err;
    const reason = errorReason(err);
    throw new FileError(what, reason, (err as NodeJS.ErrnoException).code, `cannot write ${what}: ${reason}`);
  };
  return {
    failed,
    write: (s) => {
      const written = out.write(s);
      return written && written.catch(failed);
    },
    append: (src) => out.append(src).catch(failed),
    end: () => out.end().catch(failed),
    discard: out.discard,
  };
}

/**
 * A report file written under a temporary name beside it and renamed when complete, so that a
 * reader (a CI step, a dashboard polling the directory) never sees half a report; on a failure
 * (a full disk) the temporary file is removed.
 */
export function reportOut(file: string): TextOut {
  const temp = tempNameFor(file);
  const out = failingAs(textOut(temp), file);
  return {
    ...out,
    async end() {
      await out.end();
      await rename(temp, file).catch(out.failed);
    },
  };
}

/** A temporary file for report parts that must come after counts known only at the end. */
export async function spool(prefix: string): Promise<{ file: string; out: TextOut; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `abi-diff-${prefix}-`));
  const file = join(dir, 'spool');
  return { file, out: failingAs(textOut(file), `a temporary file in ${tmpdir()}`), dispose: () => rm(dir, { recursive: true, force: true }) };
}
