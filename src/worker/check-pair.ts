/** Reads, parses and checks one pair: the unit of work a worker performs. */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Domain } from '../model/domain.js';
import type { Profile } from '../model/profile.js';
import { ABI_DIFF_FAILED, DEFAULT_MAX_FILE_SIZE, type CheckedPair, type Mismatch, type PairResult, type PairTask } from '../model/result.js';
import { drewAtRandom, parseDomain } from '../parse/domain.js';
import { BUILT_IN_BINARIES, binariesOf, readQemuCaps, type QemuBinaries } from '../qemu/caps.js';
import { parseQemuDefinition, qemuDriverRejected, type QemuDefinition, type QemuOperation } from '../qemu/index.js';
import { DomainParseError } from '../parse/errors.js';
import { linesOfPaths } from '../parse/locate.js';
import { checkAbiStability } from '../rules/check.js';
import { patchOf } from '../fix/patch.js';
import type { FoundMismatch, HypervisorDriver } from '../rules/framework.js';
import { decodeInput, isProblem, readInput, type InputProblem } from './read-input.js';

export interface PairOptions {
  profile: Profile;
  skipVolatile: boolean;
  hashContent?: boolean;
  driver?: HypervisorDriver;
  live?: boolean;
  maxFileSize?: number;
  /** With driver qemu: the operation whose check is reproduced (default migrate). */
  operation?: QemuOperation;
  /** With driver qemu: a host's capabilities cache file (default: the built-in caps). */
  qemuCaps?: string;
  /** Each incompatible pair's result carries its fix (`--patches`). */
  patches?: boolean;
  /** Told which side is being read or parsed, so a worker that dies can say which file killed it. */
  onSide?: (side: 'src' | 'dst') => void;
}

function describe(err: unknown): string {
  if (err instanceof DomainParseError) return err.message;
  return `${ABI_DIFF_FAILED} on this file: ${err instanceof Error ? err.message : String(err)}`;
}

/** A parsed side: libvirt's generic definition, or the QEMU driver's for the guests it models. */
type Parsed = Domain | QemuDefinition<Domain | undefined>;
const isQemu = (p: Parsed): p is QemuDefinition<Domain | undefined> => 'migratable' in p;

const qemuCapsFiles = new Map<string, QemuBinaries>();

/** The host's QEMU binaries: the caps file given (read once per thread), or the built-in ones. */
function qemuBinaries(opts: PairOptions): QemuBinaries {
  if (!opts.qemuCaps) return BUILT_IN_BINARIES;
  let binaries = qemuCapsFiles.get(opts.qemuCaps);
  if (!binaries) {
    binaries = binariesOf(readQemuCaps(opts.qemuCaps));
    qemuCapsFiles.set(opts.qemuCaps, binaries);
  }
  return binaries;
}

/** A side libvirt would reject: its message, whose rules rejected it, and the element's path when the check knew it. */
interface Rejected { message: string; driver: 'qemu' | 'generic'; path?: string }
const isRejected = (p: Parsed | Rejected): p is Rejected => 'message' in p;

/**
 * Parses one side; any failure is that side's input error, never a crash of the run. `qemuHost`:
 * the destination of a source the QEMU driver parsed, which the QEMU host parses whatever it is.
 */
function parseSide(xml: string, opts: PairOptions, side: 'src' | 'dst', qemuHost: boolean): Parsed | Rejected {
  try {
    if (opts.driver !== 'qemu') return parseDomain(xml, opts.profile, { live: opts.live, side });
    // the source is what `virsh define` stored (ABI_UPDATE); the destination is parsed as given
    return parseQemuDefinition(xml, opts.profile, { live: opts.live, side }, qemuBinaries(opts), side === 'src', qemuHost, keepsDef(opts, side, qemuHost));
  } catch (err) {
    const driver = qemuDriverRejected(err) ? 'qemu' as const : 'generic' as const;
    return err instanceof DomainParseError && err.path ? { message: describe(err), driver, path: err.path } : { message: describe(err), driver };
  }
}

/**
 * Whether a side's definition is needed beside its migratable copy: save-image-define compares
 * both, and a source the QEMU driver does not model is checked generically against the
 * destination's definition; migration of a source it models compares the copies only.
 */
const keepsDef = (opts: PairOptions, side: 'src' | 'dst', qemuHost: boolean): boolean =>
  opts.operation === 'save-image-define' || (side === 'dst' && !qemuHost);

// Parsing is a function of the text, the side (random draws differ per side), the profile and
// --live: a file compared in several pairs (one source against several candidate destinations,
// as in a manifest or the conformance set) is parsed once per worker. Pairs come in id order, so
// a short list of recent texts catches them; it is searched by length first (a Map would hash
// every text, which cost a fleet of distinct files a fifth of the per-pair time), and large files
// are not kept. Short, because every parse it holds survives the young generation's collections:
// 32 parses made a fleet of distinct files ~5 % slower than 8, and the conformance set no faster.
const PARSE_MEMORY = 8;
const MEMORABLE_LENGTH = 256 * 1024;
// the driver, its caps and the operation (whether the definition is kept beside its migratable
// copy) are part of the key: a run's pairs share one, but a worker's thread may serve checks with
// other options (the parse of a generic check is not the QEMU driver's)
interface RecentParse { xml: string; side: 'src' | 'dst'; profile: string; live: boolean; driver: string; qemuHost: boolean; parsed: Parsed | Rejected }
const recentParses: RecentParse[] = [];

function parseSideOnce(xml: string, opts: PairOptions, side: 'src' | 'dst', qemuHost = false): Parsed | Rejected {
  if (xml.length > MEMORABLE_LENGTH) return parseSide(xml, opts, side, qemuHost);
  const profile = opts.profile.name;
  const live = opts.live ?? false;
  const driver = opts.driver === 'qemu' ? `qemu ${opts.operation ?? 'migrate'} ${opts.qemuCaps ?? ''}` : 'generic';
  for (let i = recentParses.length - 1; i >= 0; i--) {
    const r = recentParses[i];
    if (r.xml.length === xml.length && r.side === side && r.profile === profile && r.live === live && r.driver === driver && r.qemuHost === qemuHost && r.xml === xml) return r.parsed;
  }
  const parsed = parseSide(xml, opts, side, qemuHost);
  if (recentParses.length === PARSE_MEMORY) recentParses.shift();
  recentParses.push({ xml, side, profile, live, driver, qemuHost, parsed });
  return parsed;
}

const MALFORMED_AT_LINE = /^XML error: malformed XML at line (\d+)/;

/** The side's error, at the line of malformed XML or of the element libvirt rejected (when known and found). */
function inputError(side: 'src' | 'dst', rejected: Rejected, xml: string): NonNullable<PairResult['error']> {
  const { message } = rejected;
  const malformed = MALFORMED_AT_LINE.exec(message);
  const line = malformed ? Number(malformed[1]) : rejected.path ? linesOfPaths(xml, [rejected.path])[0] : undefined;
  return line !== undefined ? { side, message, line } : { side, message };
}

/** The mismatches of a pair of texts with both paths (what `abi-diff fix` edits by), or the side that was rejected. */
export function findMismatches(srcXml: string, dstXml: string, opts: PairOptions): { found: FoundMismatch[]; driver: { driver?: 'qemu' | 'generic' } } | { error: NonNullable<PairResult['error']>; driver: { driver?: 'qemu' | 'generic' } } {
  opts.onSide?.('src');
  const s = parseSideOnce(srcXml, opts, 'src');
  if (isRejected(s)) return { error: inputError('src', s, srcXml), driver: driverOf(opts, s.driver) };
  opts.onSide?.('dst');
  // the same text parses to the same definition (unless libvirt drew something at random for
  // it, which differs between two parses, or the QEMU driver's parse asked whether it is the
  // source `virsh define` stored): a fleet's unchanged guests cost one parse
  const d = dstXml === srcXml && (isQemu(s) ? s.sideFree : !drewAtRandom(s)) ? s : parseSideOnce(dstXml, opts, 'dst', isQemu(s));
  const driver = driverOf(opts, isQemu(s) ? 'qemu' : 'generic');
  if (isRejected(d)) return { error: inputError('dst', d, dstXml), driver };
  try {
    return { found: isQemu(s) ? checkQemuPair(s, d, opts) : checkAbiStability(s, isQemu(d) ? d.def ?? keptDef() : d, opts), driver };
  } catch (err) {
    return { error: { side: 'dst', message: describe(err) }, driver };
  }
}

export function checkXmlPair(id: string, src: string, dst: string, srcXml: string, dstXml: string, opts: PairOptions): PairResult {
  const base = { id, src, dst, mismatches: [] as Mismatch[] };
  const checked = findMismatches(srcXml, dstXml, opts);
  if ('error' in checked) return { ...base, status: 'error', ...checked.driver, error: checked.error };
  const { found, driver } = checked;
  if (!found.length) return { ...base, status: 'compatible', ...driver };
  // only failing pairs pay for locating their elements
  const lines = linesOfPaths(dstXml, found.map((f) => f.path));
  const srcLines = linesOfPaths(srcXml, found.map((f) => f.srcPath));
  // a line that cannot be located (an element spelled through an entity) is left out, not set to
  // undefined: the result must be the same object in-process as after its JSON trip from a worker
  const mismatches = found.map(({ rule, message, path }, i): Mismatch => {
    const line = lines[i], srcLine = srcLines[i];
    if (line !== undefined && srcLine !== undefined) return { rule, message, path, line, srcLine };
    return { rule, message, path, ...(line !== undefined ? { line } : {}), ...(srcLine !== undefined ? { srcLine } : {}) };
  });
  const result: PairResult = { ...base, status: 'incompatible', ...driver, mismatches };
  if (opts.patches) result.fix = patchOf(srcXml, dstXml, dst, (d) => findMismatches(srcXml, d, opts), found);
  return result;
}

/** The result's `driver` field: said with `--driver qemu` only, so generic reports keep their bytes. */
const driverOf = (opts: PairOptions, driver: 'qemu' | 'generic'): { driver?: 'qemu' | 'generic' } => (opts.driver === 'qemu' ? { driver } : {});

/**
 * The QEMU driver's checks of a source it models. Migration (qemuDomainDefCheckABIStability)
 * compares both migratable copies, skipping volatile values. save-image-define
 * (qemuSaveImageUpdateDef) compares the image's definition with the migratable copy of the new
 * one, current memory included, and when that fails, with the new definition as parsed.
 */
function checkQemuPair(s: QemuDefinition<Domain | undefined>, d: Parsed, opts: PairOptions) {
  const dst = isQemu(d) ? d.migratable : d;
  if ((opts.operation ?? 'migrate') === 'migrate') return checkAbiStability(s.migratable, dst, { ...opts, skipVolatile: true });
  const plain = { ...opts, skipVolatile: false };
  const found = checkAbiStability(s.migratable, dst, plain);
  if (found.length && isQemu(d) && !checkAbiStability(s.migratable, d.def ?? keptDef(), plain).length) return [];
  return found;
}

function keptDef(): never {
  throw new Error('the check compares a definition that was not kept beside its migratable copy');
}

/** Hash of both contents; src's length first, so that no byte can move from one file to the other unseen. */
export function contentKey(srcBytes: Uint8Array, dstBytes: Uint8Array): string {
  return createHash('sha256').update(`${srcBytes.length}\0`).update(srcBytes).update(dstBytes).digest('base64url');
}

/** The file's stamp as SeenFiles spells it, or undefined when it cannot be stat'ed. */
function stampOf(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.size}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return undefined; // the read below reports why
  }
}

export function checkPairFiles(task: PairTask, opts: PairOptions): CheckedPair {
  const { id, src, dst } = task;
  if (task.problem) {
    const { status, ...error } = task.problem;
    return { result: { id, src, dst, status, mismatches: [], error } };
  }
  if (src === null || dst === null) {
    const missing = src === null ? 'src' : 'dst';
    const present = src === null ? 'dst' : 'src';
    return { result: { id, src, dst, status: 'unpaired', mismatches: [], error: { side: missing, message: `${id} exists in ${present} only: no ${missing} file to compare with` } } };
  }
  // stamped before reading: a file changed meanwhile gets a stale stamp, so it is re-read next time
  const srcStamp = opts.hashContent ? stampOf(src) : undefined;
  const dstStamp = opts.hashContent ? stampOf(dst) : undefined;
  const stamps = srcStamp && dstStamp ? `${srcStamp} ${dstStamp}` : undefined;
  const cachedKeyEnd = task.cached ? task.cached.indexOf(' ') : -1;
  const cachedKey = cachedKeyEnd > 0 ? task.cached!.slice(0, cachedKeyEnd) : undefined;
  // the verdict is the cached one, unchanged
  if (stamps && cachedKey && task.cached!.slice(cachedKeyEnd + 1) === stamps) return { reused: true };
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Synchronous on purpose: a worker has nothing to overlap with a page-cache read, and the
  // promise API's open/fstat/read/close round trips through libuv were 17 % of a worker's time.
  opts.onSide?.('src');
  const srcBytes = readInput(src, maxSize);
  opts.onSide?.('dst');
  const dstBytes = readInput(dst, maxSize);
  const failed = (side: 'src' | 'dst', p: InputProblem): PairResult => ({ id, src, dst, status: 'error', mismatches: [], error: { side, ...p } });
  if (isProblem(srcBytes)) return { result: failed('src', srcBytes) };
  if (isProblem(dstBytes)) return { result: failed('dst', dstBytes) };
  const key = stamps ? contentKey(srcBytes, dstBytes) : undefined;
  const seen = key && `${key} ${stamps}`;
  if (seen && key === cachedKey) return { reused: true, seen };
  const srcXml = decodeInput(src, srcBytes, opts.profile);
  const dstXml = decodeInput(dst, dstBytes, opts.profile);
  // not cached: the message names the file by its path, which a run under other roots would repeat
  if (isProblem(srcXml)) return { result: failed('src', srcXml) };
  if (isProblem(dstXml)) return { result: failed('dst', dstXml) };
  const result = checkXmlPair(id, src, dst, srcXml, dstXml, opts);
  return seen ? { result, seen } : { result };
}
