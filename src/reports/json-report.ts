/** reports/abi-diff.json: the whole run, pairs sorted by id so equal input gives an equal report. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PairResult } from '../model/result.js';
import { summarize, type Summary } from './summary.js';

export interface RunInfo {
  toolName: string;
  toolVersion: string;
  /** Profile as requested and the libvirt version it stands for. */
  profile: string;
  libvirtVersion: string;
  skipVolatile: boolean;
  src: string;
  dst: string;
}

export interface JsonReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  profile: string;
  libvirtVersion: string;
  skipVolatile: boolean;
  src: string;
  dst: string;
  summary: Summary;
  pairs: PairResult[];
}

export function buildJsonReport(info: RunInfo, results: readonly PairResult[]): JsonReport {
  return {
    schemaVersion: 1,
    tool: { name: info.toolName, version: info.toolVersion },
    profile: info.profile,
    libvirtVersion: info.libvirtVersion,
    skipVolatile: info.skipVolatile,
    src: info.src,
    dst: info.dst,
    summary: summarize(results),
    pairs: results.map((r) => ({ id: r.id, src: r.src, dst: r.dst, status: r.status, mismatches: r.mismatches, ...(r.error ? { error: r.error } : {}) })),
  };
}

export async function writeJsonReport(outDir: string, report: JsonReport): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'abi-diff.json');
  await writeFile(file, JSON.stringify(report, null, 1) + '\n');
  return file;
}
