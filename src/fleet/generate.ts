/**
 * Synthetic fleets: streams of realistic source/destination guest pairs with a controlled share
 * of ABI-breaking changes and invalid destinations, deterministic for a seed.
 *
 * Layout: DIR/src/<host>/<vm>.xml, DIR/dst/<host>/<vm>.xml, DIR/manifest.jsonl (one line per
 * pair in generation order: id, kind, family, detail, and `since` for changes that only some
 * libvirt releases refuse).
 */
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { buildGuest, type Family, type Guest } from './guest.js';
import { mutate, type ChangeKind } from './mutate.js';
import { guestTree } from './render.js';
import { Rng, seedOf } from './rng.js';
import { serialize, VIRSH_STYLE, type XmlStyle } from './xml.js';
import { versionNumber } from '../model/profile.js';

export { Rng, seedOf } from './rng.js';
export { MUTATIONS, type ChangeKind, type Mutation } from './mutate.js';
export type { Family, Guest } from './guest.js';

export interface FleetOptions {
  /** Manifest entries (pairs, unpaired files included). */
  pairs: number;
  seed: string;
  /** Share of ABI-breaking destinations. */
  changed: number;
  /** Share of destinations libvirt refuses to parse. */
  invalid: number;
  /** Share of guests present on one side only. */
  unpaired: number;
  /** Shares of compatible re-spellings and host-side changes. */
  cosmetic: number;
  volatile: number;
  /** Mean guests per host folder (each host gets 2/3 to 4/3 of it). */
  hostSize?: number;
}

export const DEFAULT_FLEET: Omit<FleetOptions, 'pairs'> = {
  seed: '1', changed: 0.05, invalid: 0.01, unpaired: 0.001, cosmetic: 0.1, volatile: 0.15, hostSize: 300,
};

export type EntryKind = ChangeKind | 'unpaired';

export interface ManifestEntry {
  /** Relative path, the same on both sides: `<host>/<vm>.xml`. */
  id: string;
  /** `none`, `cosmetic:<what>`, `volatile:<what>`, `breaking:<what>`, `invalid:<what>`, `unpaired:src-only|dst-only` */
  kind: string;
  family: Family;
  detail?: string;
  /** The change is a break (or invalid) only from this libvirt release on; compatible before. */
  since?: string;
}

export interface GeneratedPair {
  entry: ManifestEntry;
  /** File contents; null for the missing side of an unpaired guest. */
  src: string | null;
  dst: string | null;
}

/** The verdict libvirt gives a manifest entry at a release (`9.0.0`, `12.8.0`, ...). */
export function expectedStatus(entry: ManifestEntry, libvirtVersion: string): 'compatible' | 'incompatible' | 'error' | 'unpaired' {
  const kind = entry.kind.split(':')[0] as EntryKind;
  if (kind === 'unpaired') return 'unpaired';
  if (kind === 'none' || kind === 'cosmetic' || kind === 'volatile') return 'compatible';
  if (entry.since && versionNumber(libvirtVersion) < versionNumber(entry.since)) return 'compatible';
  return kind === 'breaking' ? 'incompatible' : 'error';
}

export function validateOptions(o: FleetOptions): void {
  if (!Number.isInteger(o.pairs) || o.pairs < 0) throw new Error(`pairs must be a non-negative integer, got ${o.pairs}`);
  for (const k of ['changed', 'invalid', 'unpaired', 'cosmetic', 'volatile'] as const) {
    if (!(o[k] >= 0 && o[k] <= 1)) throw new Error(`${k} must be a fraction between 0 and 1, got ${o[k]}`);
  }
  if (o.hostSize !== undefined && !(Number.isInteger(o.hostSize) && o.hostSize >= 1)) throw new Error(`hostSize must be a positive integer, got ${o.hostSize}`);
  const sum = o.changed + o.invalid + o.unpaired + o.cosmetic + o.volatile;
  if (sum > 1 + 1e-9) throw new Error(`changed + invalid + unpaired + cosmetic + volatile is ${sum.toFixed(3)}, more than 1`);
}

// --- kinds: exact shares per block --------------------------------------------------------

/** Kinds are dealt per block of 200 pairs, so that any stretch of the fleet has the requested shares. */
const BLOCK = 200;
const ORDER = ['breaking', 'invalid', 'unpaired', 'cosmetic', 'volatile'] as const;

function blockKinds(o: FleetOptions, block: number): EntryKind[] {
  const start = block * BLOCK;
  const end = Math.min(o.pairs, start + BLOCK);
  const kinds: EntryKind[] = new Array(end - start).fill('none');
  const share = { breaking: o.changed, invalid: o.invalid, unpaired: o.unpaired, cosmetic: o.cosmetic, volatile: o.volatile };
  const slots = new Rng(seedOf(o.seed, 'block', block)).shuffle(Array.from({ length: end - start }, (_, i) => i));
  let cumulative = 0;
  let from = 0;
  for (const k of ORDER) {
    // rounding the running totals keeps every kind's count within one of its share
    cumulative += share[k];
    const to = Math.min(slots.length, Math.round(cumulative * end) - Math.round(cumulative * start));
    for (let i = from; i < to; i++) kinds[slots[i]] = k;
    from = Math.max(from, to);
  }
  return kinds;
}

// --- hosts ---------------------------------------------------------------------------------

interface Host { name: string; first: number; size: number; arm: boolean }

function hostAt(o: FleetOptions, h: number, first: number): Host {
  const rng = new Rng(seedOf(o.seed, 'host', h));
  const mean = o.hostSize ?? 300;
  const arm = rng.chance(0.25);
  const rack = Math.floor(h / 16) + 1;
  return { name: `rack${String(rack).padStart(3, '0')}-${arm ? 'arm' : 'x86'}-hv${String((h % 16) + 1).padStart(2, '0')}`, first, size: rng.int(Math.ceil((mean * 2) / 3), Math.max(1, Math.floor((mean * 4) / 3))), arm };
}

// --- pairs ---------------------------------------------------------------------------------

const SRC_STYLES: ReadonlyArray<readonly [XmlStyle, number]> = [
  [VIRSH_STYLE, 9],
  [{ ...VIRSH_STYLE, indent: '    ', quote: '"' }, 1],
];

function render(g: Guest, style: XmlStyle): string {
  return serialize(guestTree(g), style);
}

function generatePair(o: FleetOptions, index: number, host: Host, kind: EntryKind): GeneratedPair {
  const rng = new Rng(seedOf(o.seed, 'pair', index));
  const family: Family = host.arm ? 'aarch64' : rng.chance(0.8) ? 'q35' : 'i440fx';
  const guest = buildGuest(rng, { family, name: (role) => `${role}-${String(index).padStart(6, '0')}` });
  const name = guest.name;
  const style = rng.weighted(SRC_STYLES);
  const id = `${host.name}/${name}.xml`;
  const src = render(guest, style);
  if (kind === 'none') return { entry: { id, kind, family }, src, dst: src };
  if (kind === 'unpaired') {
    const srcOnly = rng.chance(0.5);
    return { entry: { id, kind: srcOnly ? 'unpaired:src-only' : 'unpaired:dst-only', family }, src: srcOnly ? src : null, dst: srcOnly ? null : src };
  }
  const { plan, mutation, detail } = mutate(rng, guest, style, kind);
  const tree = guestTree(plan.guest);
  for (const f of plan.tree) f(tree);
  let dst = serialize(tree, plan.style);
  for (const f of plan.text) dst = f(dst);
  const entry: ManifestEntry = { id, kind: `${kind}:${mutation.what}`, family, detail };
  if (mutation.since) entry.since = mutation.since;
  return { entry, src, dst };
}

/** Every pair of the fleet, in order, generated lazily. */
export function* generateFleet(o: FleetOptions): Generator<GeneratedPair> {
  validateOptions(o);
  let host = hostAt(o, 0, 0);
  let h = 0;
  let kinds: EntryKind[] = [];
  for (let i = 0; i < o.pairs; i++) {
    if (i % BLOCK === 0) kinds = blockKinds(o, i / BLOCK);
    if (i >= host.first + host.size) host = hostAt(o, ++h, i);
    yield generatePair(o, i, host, kinds[i % BLOCK]);
  }
}

// --- writing -------------------------------------------------------------------------------

export interface FleetSummary {
  pairs: number;
  files: number;
  bytes: number;
  hosts: number;
  /** Entries per kind prefix (`none`, `cosmetic`, `breaking`, ...). */
  kinds: Record<string, number>;
  /** Entries per full kind (`breaking:disk-bus`, ...). */
  mutations: Record<string, number>;
}

export interface WriteOptions {
  /** Files written at once. */
  concurrency?: number;
  /** Removes DIR/src, DIR/dst and the manifest first. */
  clean?: boolean;
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 256;

/** Writes the fleet under `dir`, streaming: memory does not grow with the number of pairs. */
export async function writeFleet(dir: string, o: FleetOptions, w: WriteOptions = {}): Promise<FleetSummary> {
  validateOptions(o);
  const srcRoot = join(dir, 'src');
  const dstRoot = join(dir, 'dst');
  if (w.clean) await Promise.all([rm(srcRoot, { recursive: true, force: true }), rm(dstRoot, { recursive: true, force: true }), rm(join(dir, 'manifest.jsonl'), { force: true })]);
  await mkdir(srcRoot, { recursive: true });
  await mkdir(dstRoot, { recursive: true });
  const limit = pLimit(w.concurrency ?? 32);
  const manifest = await open(join(dir, 'manifest.jsonl'), 'w');
  const summary: FleetSummary = { pairs: 0, files: 0, bytes: 0, hosts: 0, kinds: {}, mutations: {} };
  const hosts = new Set<string>();
  let chunk: GeneratedPair[] = [];
  const flush = async () => {
    const jobs: Array<Promise<void>> = [];
    for (const p of chunk) {
      const host = p.entry.id.slice(0, p.entry.id.indexOf('/'));
      if (!hosts.has(host)) {
        hosts.add(host);
        await mkdir(join(srcRoot, host), { recursive: true });
        await mkdir(join(dstRoot, host), { recursive: true });
      }
      for (const [root, text] of [[srcRoot, p.src], [dstRoot, p.dst]] as const) {
        if (text === null) continue;
        summary.files++;
        summary.bytes += text.length;
        jobs.push(limit(() => writeFile(join(root, p.entry.id), text)));
      }
    }
    await Promise.all(jobs);
    await manifest.write(chunk.map((p) => JSON.stringify(p.entry)).join('\n') + '\n');
    chunk = [];
  };
  try {
    for (const p of generateFleet(o)) {
      summary.pairs++;
      const top = p.entry.kind.split(':')[0];
      summary.kinds[top] = (summary.kinds[top] ?? 0) + 1;
      summary.mutations[p.entry.kind] = (summary.mutations[p.entry.kind] ?? 0) + 1;
      chunk.push(p);
      if (chunk.length === CHUNK) {
        await flush();
        w.onProgress?.(summary.pairs, o.pairs);
      }
    }
    if (chunk.length) await flush();
    w.onProgress?.(summary.pairs, o.pairs);
  } finally {
    await manifest.close();
  }
  summary.hosts = hosts.size;
  return summary;
}

/** Reads a manifest line by line (for tools and tests). */
export async function* readManifest(dir: string): AsyncGenerator<ManifestEntry> {
  const fh = await open(join(dir, 'manifest.jsonl'), 'r');
  try {
    for await (const line of fh.readLines()) if (line) yield JSON.parse(line) as ManifestEntry;
  } finally {
    await fh.close();
  }
}
