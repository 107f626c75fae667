/**
 * npm run corpus -- --pairs N --out DIR [--changed F] [--seed S] ...
 * Writes a synthetic fleet (see generate.ts): DIR/src, DIR/dst and DIR/manifest.jsonl.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FLEET, writeFleet, type FleetOptions } from './generate.js';

const USAGE = `usage: npm run corpus -- --pairs N --out DIR [options]

Writes DIR/src/<host>/<vm>.xml, DIR/dst/<host>/<vm>.xml and DIR/manifest.jsonl (one line per
pair: id, kind = none | cosmetic:* | volatile:* | breaking:* | invalid:* | unpaired:*).
The same options and seed always give the same bytes.

options:
  --pairs N            number of guests (manifest lines)
  --out DIR            output directory
  --changed F          share of ABI-breaking destinations (default ${DEFAULT_FLEET.changed})
  --invalid F          share of destinations libvirt refuses (default ${DEFAULT_FLEET.invalid})
  --unpaired F         share of guests on one side only (default ${DEFAULT_FLEET.unpaired})
  --cosmetic F         share of compatible re-spellings (default ${DEFAULT_FLEET.cosmetic})
  --volatile F         share of compatible host-side changes (default ${DEFAULT_FLEET.volatile})
  --host-size N        mean guests per host folder (default ${DEFAULT_FLEET.hostSize})
  --seed S             any string (default ${DEFAULT_FLEET.seed})
  --force              replace an existing fleet in DIR
  --quiet`;

function fraction(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new Error(`--${name} must be a fraction between 0 and 1, got '${v}'`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let o: FleetOptions;
  let out: string;
  let force: boolean;
  let quiet: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        pairs: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' },
        changed: { type: 'string' }, invalid: { type: 'string' }, unpaired: { type: 'string' },
        cosmetic: { type: 'string' }, volatile: { type: 'string' }, 'host-size': { type: 'string' },
        force: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) { process.stdout.write(USAGE + '\n'); return 0; }
    if (values.pairs === undefined || values.out === undefined) throw new Error('--pairs and --out are required');
    if (!/^\d+$/.test(values.pairs)) throw new Error(`--pairs must be a non-negative integer, got '${values.pairs}'`);
    const hostSize = values['host-size'] ?? String(DEFAULT_FLEET.hostSize);
    if (!/^[1-9]\d*$/.test(hostSize)) throw new Error(`--host-size must be a positive integer, got '${hostSize}'`);
    o = {
      pairs: Number(values.pairs),
      seed: values.seed ?? DEFAULT_FLEET.seed,
      changed: fraction('changed', values.changed, DEFAULT_FLEET.changed),
      invalid: fraction('invalid', values.invalid, DEFAULT_FLEET.invalid),
      unpaired: fraction('unpaired', values.unpaired, DEFAULT_FLEET.unpaired),
      cosmetic: fraction('cosmetic', values.cosmetic, DEFAULT_FLEET.cosmetic),
      volatile: fraction('volatile', values.volatile, DEFAULT_FLEET.volatile),
      hostSize: Number(hostSize),
    };
    out = values.out;
    force = values.force!;
    quiet = values.quiet!;
    const sum = o.changed + o.invalid + o.unpaired + o.cosmetic + o.volatile;
    if (sum > 1 + 1e-9) throw new Error(`the shares add up to ${sum.toFixed(3)}, more than 1`);
  } catch (err) {
    process.stderr.write(`corpus: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  // stale files from an earlier fleet would be paired with the new ones
  const occupied = ['src', 'dst', 'manifest.jsonl'].filter((f) => existsSync(join(out, f)) && (f.endsWith('.jsonl') || readdirSync(join(out, f)).length > 0));
  if (occupied.length && !force) {
    process.stderr.write(`corpus: ${out} already holds ${occupied.join(', ')}; use --force to replace them\n`);
    return 2;
  }
  const started = performance.now();
  let lastReport = started;
  const summary = await writeFleet(out, o, {
    clean: force,
    onProgress: (done, total) => {
      const now = performance.now();
      if (quiet || !process.stderr.isTTY || now - lastReport < 500) return;
      lastReport = now;
      process.stderr.write(`\r${done}/${total} pairs`);
    },
  });
  if (!quiet) {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const secs = (performance.now() - started) / 1000;
    const kinds = Object.entries(summary.kinds).sort().map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(`wrote ${summary.pairs} pairs (${kinds}) in ${summary.hosts} host folders: ${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB, ${secs.toFixed(1)} s\n`);
    process.stdout.write(`manifest: ${join(out, 'manifest.jsonl')}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`corpus: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 2;
});
