/**
 * `--manifest FILE`: the pairs listed in a CSV file (a header line naming the columns `src`,
 * `dst` and optionally `id`, in any order) or a JSON Lines file (`{"src": .., "dst": ..,
 * "id"?: ..}` per line), chosen by the extension. Relative paths are relative to the
 * manifest's directory; a pair's id defaults to its dst as written.
 *
 * The file is read line by line and the pairs are reported in its order, so a manifest of any
 * length is checked in flat memory but for the set of ids already seen (to catch duplicates).
 * A line that cannot be used, and a repeated id, become error entries with the id
 * `MANIFEST:LINE` (MANIFEST: the file name) pointing at that line; the first line with an id
 * keeps it.
 */
import { FileError, openRegular } from '../reports/files.js';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PairTask } from '../model/result.js';
import { reason, UsageError } from './usage-error.js';

const COLUMNS = ['src', 'dst', 'id'] as const;
type Column = (typeof COLUMNS)[number];

export interface Manifest {
  file: string;
  format: 'csv' | 'jsonl';
  /** CSV: the position of each column in a line. */
  columns?: Partial<Record<Column, number>>;
}

/** A line's fields, or what is wrong with it. */
type Fields = { src: string; dst: string; id?: string } | { error: string };

/** One CSV record (RFC 4180 quoting: "a,b" and "" for a quote), or why it is not one. */
export function splitCsv(line: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return 'unterminated quoted field (fields cannot span lines)';
        if (line[i] === '"') {
          if (line[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') return `text after the closing quote of field ${fields.length + 1}`;
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      if (field.includes('"')) return `quote inside unquoted field ${fields.length + 1}`;
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/** The file's lines; the file is closed when the reader stops early too. */
async function* lines(file: string): AsyncGenerator<string> {
  const input = (await openRegular(file)).fh.createReadStream({ encoding: 'utf8' });
  try {
    yield* createInterface({ input, crlfDelay: Infinity });
  } finally {
    input.destroy();
  }
}

const withoutBom = (line: string) => (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);

function csvHeader(file: string, header: string | undefined): Partial<Record<Column, number>> {
  if (header === undefined) throw new UsageError(`manifest ${file} is empty: it needs the header line src,dst (or src,dst,id)`);
  const names = splitCsv(withoutBom(header));
  if (typeof names === 'string') throw new UsageError(`manifest ${file} line 1: ${names}`);
  const columns: Partial<Record<Column, number>> = {};
  names.forEach((raw, i) => {
    const name = raw.trim() as Column;
    if (!COLUMNS.includes(name)) throw new UsageError(`manifest ${file} line 1: unknown column '${raw}': the header names the columns src, dst and optionally id`);
    if (columns[name] !== undefined) throw new UsageError(`manifest ${file} line 1: column '${name}' appears twice`);
    columns[name] = i;
  });
  if (columns.src === undefined || columns.dst === undefined) throw new UsageError(`manifest ${file} line 1: the header must name the columns src and dst (and optionally id), got '${header}'`);
  return columns;
}

/**
 * A JSON Lines file whose first line is an object without src or dst is some other list (the
 * fleet generator's manifest.jsonl): one usage error, not an error entry for each of its lines.
 */
function checkJsonKeys(file: string, first: string | undefined): object {
  let o: unknown;
  try {
    o = JSON.parse(withoutBom(first ?? ''));
  } catch {
    return {}; // a bad line of a manifest: that line's own error entry
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return {};
  const missing = (['src', 'dst'] as const).filter((k) => !(k in o));
  if (!missing.length) return {};
  const keys = Object.keys(o);
  throw new UsageError(`manifest ${file} line 1 has no ${missing.map((k) => `"${k}"`).join(' and ')} key${missing.length > 1 ? 's' : ''} (its keys: ${keys.length ? keys.join(', ') : 'none'}): an abi-diff manifest lists {"src": .., "dst": .., "id": ..} per line`);
}

/** Checks the manifest can be read and, for CSV, its header. */
export async function openManifest(file: string): Promise<Manifest> {
  const ext = extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.jsonl') throw new UsageError(`--manifest ${file}: the name must end in .csv or .jsonl (it says the format)`);
  let header: string | undefined;
  try {
    for await (const line of lines(file)) { header = line; break; }
  } catch (err) {
    throw new UsageError(err instanceof FileError ? `--manifest ${err.message}` : `--manifest ${file}: ${reason(err)}`);
  }
  if (ext === '.jsonl') return { file, format: 'jsonl', ...checkJsonKeys(file, header) };
  return { file, format: 'csv', columns: csvHeader(file, header) };
}

function csvFields(line: string, columns: Partial<Record<Column, number>>): Fields {
  const fields = splitCsv(line);
  if (typeof fields === 'string') return { error: fields };
  const width = Object.keys(columns).length;
  if (fields.length !== width) return { error: `${fields.length} field(s), the header names ${width}` };
  return { src: fields[columns.src!], dst: fields[columns.dst!], id: columns.id === undefined ? undefined : fields[columns.id] };
}

function jsonFields(line: string): Fields {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: 'not a JSON object' };
  const o = v as Record<string, unknown>;
  for (const k of COLUMNS) {
    if (o[k] !== undefined && typeof o[k] !== 'string') return { error: `"${k}" must be a string` };
  }
  return { src: (o.src as string | undefined) ?? '', dst: (o.dst as string | undefined) ?? '', id: o.id as string | undefined };
}

/** A pair as a manifest line or a caller lists it. */
export interface ListedPair { src: string; dst: string; id?: string }

/**
 * A listed pair's id (its dst unless it has one), or what is wrong with it. `seen` holds the ids
 * so far with the number of the entry that had each (`n` for this one; `where` names one).
 */
function listedId(f: Partial<ListedPair>, n: number, seen: Map<string, number>, where: (n: number) => string): string | { error: string } {
  const missing = (['src', 'dst'] as const).filter((k) => !f[k]);
  if (missing.length) return { error: `no ${missing.join(' and ')} path` };
  const id = f.id || f.dst!;
  const first = seen.get(id);
  if (first !== undefined) return { error: `id ${id} is also the id of ${where(first)}: ids must be unique` };
  seen.set(id, n);
  return id;
}

/**
 * Pairs a caller lists (the library's checkFiles), in its order: an entry that is no pair
 * becomes an error entry with the id `pairs[INDEX]`, as a bad manifest line does.
 */
export async function* listedPairs(list: Iterable<ListedPair> | AsyncIterable<ListedPair>): AsyncGenerator<PairTask> {
  const seen = new Map<string, number>();
  const where = (n: number) => `pairs[${n}]`;
  let n = 0;
  for await (const p of list) {
    const ok = typeof p === 'object' && p !== null && (['src', 'dst', 'id'] as const).every((k) => p[k] === undefined || typeof p[k] === 'string');
    const id = ok ? listedId(p, n, seen, where) : { error: 'not an object { src, dst, id? } of strings' };
    if (typeof id === 'string') yield { id, src: p.src, dst: p.dst };
    else yield { id: where(n), src: null, dst: null, problem: { status: 'error', side: 'src', message: `${where(n)}: ${id.error}` } };
    n++;
  }
}

/** The pairs of the manifest in its order. */
export async function* manifestPairs(manifest: Manifest): AsyncGenerator<PairTask> {
  const { file } = manifest;
  const base = dirname(file);
  const resolve = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const seen = new Map<string, number>();
  // the manifest stands in as the pair's src so that every report points at the bad line
  const lineError = (n: number, message: string): PairTask =>
    ({ id: `${basename(file)}:${n}`, src: file, dst: null, problem: { status: 'error', side: 'src', message: `manifest ${file} line ${n}: ${message}`, line: n } });
  let n = 0;
  for await (const raw of lines(file)) {
    n++;
    if (n === 1 && manifest.format === 'csv') continue;
    const line = n === 1 ? withoutBom(raw) : raw;
    if (!line.trim()) continue;
    const f = manifest.format === 'csv' ? csvFields(line, manifest.columns!) : jsonFields(line);
    if ('error' in f) { yield lineError(n, f.error); continue; }
    const id = listedId(f, n, seen, (first) => `line ${first}`);
    if (typeof id !== 'string') { yield lineError(n, id.error); continue; }
    yield { id, src: resolve(f.src), dst: resolve(f.dst) };
  }
}
