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
}

export type PairStatus = 'compatible' | 'incompatible' | 'error' | 'unpaired';

export interface PairResult {
  /** Relative path shared by both sides. */
  id: string;
  src: string | null;
  dst: string | null;
  status: PairStatus;
  mismatches: Mismatch[];
  error?: { side: 'src' | 'dst'; message: string; line?: number };
}

export interface PairTask {
  id: string;
  src: string | null;
  dst: string | null;
  /** With --cache: the content key of the cached verdict, if any (the worker reuses it when it still matches). */
  cachedKey?: string;
}

/** What a worker returns: the result, or word that the cached one still holds. */
export interface CheckedPair {
  result: PairResult;
  /** Content hash of both files (with --cache). */
  contentKey?: string;
  /** The files still match cachedKey: the result is the cached one, not recomputed. */
  reused?: boolean;
}

export interface CheckSettings {
  /** Profile name as given (`upstream`, `9.0.0`, ...). */
  profile: string;
  skipVolatile: boolean;
  /** Hash file contents (for --cache). */
  hashContent?: boolean;
  /** `qemu` adds the QEMU driver's own ABI checks. */
  driver?: 'generic' | 'qemu';
  /** Files larger than this many bytes are input errors, refused before they are read. */
  maxFileSize?: number;
}

/** Starts the message of a pair abi-diff itself failed on (a bug, never the input's fault). */
export const ABI_DIFF_FAILED = 'internal error: abi-diff failed';

/** Domain XML is a few KiB; a file this large is a mistake or an attack, not a guest. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;
