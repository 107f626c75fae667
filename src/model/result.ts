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
}

export interface CheckSettings {
  /** Profile name as given (`upstream`, `9.0.0`, ...). */
  profile: string;
  skipVolatile: boolean;
}
