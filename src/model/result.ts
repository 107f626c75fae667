/** What checking one pair produces; shared by workers, the batch engine and report writers. */

export interface Mismatch {
  /** Rule id, e.g. `disk/bus`. */
  readonly rule: string;
  /** libvirt's message, prefix included. */
  readonly message: string;
  /** Element path in dst. */
  readonly path: string;
  /** Line of that element in dst (or of its nearest ancestor present there). */
  readonly line?: number;
  /** Line of the corresponding element in src. */
  readonly srcLine?: number;
  /** Waived by the operator: still reported, but it does not fail the run. */
  readonly suppressed?: Suppression;
}

/** Why a mismatch does not fail the run. */
export interface Suppression {
  /** `baseline`: recorded in the --baseline file; `rule-off`: its rule is turned off (--rule-off). */
  readonly by: 'baseline' | 'rule-off';
  /** rule-off: the reason given with the rule. */
  readonly reason?: string;
}

/** A turned-off rule: an id (`disk/serial`) or every id under a prefix (`disk/*`). */
export interface RuleOff {
  rule: string;
  reason?: string;
}

/** Accepted mismatches of one pair and rule with the same message (--baseline files). */
export interface BaselineEntry {
  pair: string;
  rule: string;
  /** Short hash of the message: what matching uses. */
  fingerprint: string;
  /** How many such mismatches the pair may have. */
  count: number;
  /** The message, for people reviewing the file. */
  message?: string;
}

export type PairStatus = 'compatible' | 'incompatible' | 'error' | 'unpaired';

/** An incompatible pair's fix in a check report (--patches): a unified diff of the destination, or why there is none. */
export type PairFix = { status: 'fixed'; patch: string } | { status: 'unfixable'; reason: string };

/**
 * With --compare: the pair against the previous report. Failing means failing the run
 * (failsRun). `new`: the pair is not in the previous report.
 */
export type PairChange = 'new-failure' | 'fixed' | 'still-failing' | 'unchanged' | 'new';

export interface PairResult {
  /** Relative path shared by both sides (or the uuid, name or manifest id the pair was matched by). */
  id: string;
  src: string | null;
  dst: string | null;
  status: PairStatus;
  /** With `--driver qemu`: whose rules gave the verdict (the QEMU driver's, or the generic ones for guests it does not model). */
  driver?: 'qemu' | 'generic';
  mismatches: Mismatch[];
  error?: { side: 'src' | 'dst'; message: string; line?: number };
  /** With --patches, on an incompatible pair: what `abi-diff fix` makes of it (the diff of the destination, or why not). */
  fix?: PairFix;
  /** With --compare: set on the main thread as results stream to the reports. */
  change?: PairChange;
}

/**
 * A pair's files as seen when its verdict was computed (--cache), as one string the worker
 * compares whole: `<hash of both contents> <src stamp> <dst stamp>`, a stamp being
 * `size:ino:mtimeMs:ctimeMs` (what make and rsync compare, plus inode and ctime). Text, not
 * objects: a re-audit passes 10^6 of them between threads and files.
 */
export type SeenFiles = string;

/** The verdict of a pair without its id and paths (what the cache keeps). */
export type Outcome = Omit<PairResult, 'id' | 'src' | 'dst'>;

// The two shapes a verdict is written in, keys in the order the reports and the cache spell them
// (their bytes must not depend on where a result came from): only these fields, whatever else
// the object carries.

/** The verdict alone, as the cache keeps it. */
export const outcomeOf = (o: Outcome): Outcome => (o.fix ? { ...outcomeKeys(o), fix: o.fix } : outcomeKeys(o));
const outcomeKeys = (o: Outcome): Outcome => {
  if (o.driver) return o.error ? { status: o.status, driver: o.driver, mismatches: o.mismatches, error: o.error } : { status: o.status, driver: o.driver, mismatches: o.mismatches };
  return o.error ? { status: o.status, mismatches: o.mismatches, error: o.error } : { status: o.status, mismatches: o.mismatches };
};

/** The verdict under a pair's id and paths, as the reports show it. */
export const resultWith = (id: string, src: string | null, dst: string | null, o: Outcome): PairResult => (o.fix ? { ...resultKeys(id, src, dst, o), fix: o.fix } : resultKeys(id, src, dst, o));
const resultKeys = (id: string, src: string | null, dst: string | null, o: Outcome): PairResult => {
  if (o.driver) return o.error ? { id, src, dst, status: o.status, driver: o.driver, mismatches: o.mismatches, error: o.error } : { id, src, dst, status: o.status, driver: o.driver, mismatches: o.mismatches };
  return o.error ? { id, src, dst, status: o.status, mismatches: o.mismatches, error: o.error } : { id, src, dst, status: o.status, mismatches: o.mismatches };
};

/**
 * Whether the pair fails the run: an error or unpaired file always does, an incompatible pair
 * unless every mismatch is suppressed. The status itself stays libvirt's verdict.
 */
export function failsRun(r: PairResult): boolean {
  if (r.status === 'compatible') return false;
  if (r.status !== 'incompatible') return true;
  return r.mismatches.some((m) => !m.suppressed);
}

/** The roots two walked trees are paired under, each ending in a path separator. */
export interface PathBases {
  readonly src: string;
  readonly dst: string;
}

export interface PairTask {
  id: string;
  src: string | null;
  dst: string | null;
  /**
   * Set by discovery when src and dst (where not null) are these bases followed by the id, so
   * that the pair travels to a worker as its id alone.
   */
  bases?: PathBases;
  /** With --cache: what the cached verdict was computed from (the worker reuses it when the files still match). */
  cached?: SeenFiles;
  /**
   * Set by discovery when there is nothing to compare (a directory that cannot be read, a file
   * whose uuid cannot be read, a bad manifest line): the pair's result, no file is read.
   */
  problem?: { status: 'error' | 'unpaired'; side: 'src' | 'dst'; message: string; line?: number };
}

/**
 * What a worker makes of one pair: its result, or word that the task's cached verdict still
 * holds (the main thread has that result; the worker makes up none). `seen`: the files as read
 * now (with --cache), for the next cache.
 */
export type CheckedPair =
  | { result: PairResult; seen?: SeenFiles; reused?: undefined }
  | { reused: true; seen?: SeenFiles; result?: undefined };

export interface CheckSettings {
  /** Profile name as given (`upstream`, `9.0.0`, ...). */
  profile: string;
  skipVolatile: boolean;
  /** Stamp and hash the files (for --cache). */
  hashContent?: boolean;
  /** `qemu`: the QEMU driver's view of the guests it models (x86 kvm/qemu), the generic one for the rest. */
  driver?: 'generic' | 'qemu';
  /** With driver qemu: the operation whose check is reproduced (default migrate). */
  operation?: 'migrate' | 'save-image-define';
  /** With driver qemu: a host's capabilities cache file (default: the built-in caps). */
  qemuCaps?: string;
  /** Parse both sides as live XML of running guests (`--live`). */
  live?: boolean;
  /** Files larger than this many bytes are input errors, refused before they are read. */
  maxFileSize?: number;
  /** Each incompatible pair's result carries its fix (`--patches`). */
  patches?: boolean;
}

/** Starts the message of a pair abi-diff itself failed on (a bug, never the input's fault). */
export const ABI_DIFF_FAILED = 'internal error: abi-diff failed';

/** Domain XML is a few KiB; a file this large is a mistake or an attack, not a guest. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;
