/** Running abi-diff with every report format and reading each report back, for the report tests. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Log } from 'sarif';
import type { PairResult, PairStatus, RuleOff } from '../../src/model/result.js';
import type { RunInfo } from '../../src/reports/report-sink.js';
import { summarize, type Summary } from '../../src/reports/summary.js';
import { tempDir } from './temp.js';

const run = promisify(execFile);
export const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
/** tsx's loader by its own URL, so the CLI also starts from another working directory. */
export const TSX = import.meta.resolve('tsx');
export const EXAMPLE = join(process.cwd(), 'corpora', 'example');
export const CONFORMANCE = join(process.cwd(), '..', 'shared', 'conformance');
export const ALL_FORMATS = 'json,jsonl,html,sarif,junit,github';

export async function tmp(prefix = 'abi-diff-reports-'): Promise<string> {
  return tempDir(prefix);
}

/**
 * Runs the CLI. Runs that name no driver check libvirt's generic rules, whose labels these
 * suites compare with (test/qemu/ and the README's own examples run the default QEMU driver).
 */
export async function abiDiff(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = ['merge', 'fix', 'rules', 'explain', 'help'].includes(args[0]);
  const generic = command || args.includes('--driver') || args.includes('--help') ? [] : ['--driver', 'generic'];
  const base = { ...process.env };
  // a CI runner's own GitHub variables must not leak into the reports under test
  for (const k of Object.keys(base)) if (k.startsWith('GITHUB_')) delete base[k];
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, CLI, ...generic, ...args], { maxBuffer: 256 << 20, env: { ...base, ...env }, ...(cwd ? { cwd } : {}) });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export interface AllReports {
  out: string;
  code: number;
  stdout: string;
  stepSummary: string;
}

/** One run writing every format; the step summary goes to a file as on GitHub. */
export async function runAllFormats(src: string, dst: string, extra: string[] = []): Promise<AllReports> {
  const out = await tmp();
  const stepSummary = join(out, 'step-summary.md');
  const r = await abiDiff([src, dst, '--out', out, '--format', ALL_FORMATS, '--quiet', ...extra], { GITHUB_STEP_SUMMARY: stepSummary });
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) throw new Error(`abi-diff exited ${r.code}: ${r.stderr}`);
  if (r.stderr.includes('internal error')) throw new Error(r.stderr);
  return { out, code: r.code, stdout: r.stdout, stepSummary };
}

export interface JsonReport { schemaVersion: number; summary: Summary & { notChecked?: number }; complete: boolean; pairs: PairResult[]; config: string | null; baseline: string | null; rulesOff: RuleOff[]; [k: string]: unknown }

export async function readJsonReport(out: string): Promise<JsonReport> {
  return JSON.parse(await readFile(join(out, 'abi-diff.json'), 'utf8'));
}

/** Lines as text, so tests can also check that nothing but objects is there. */
export async function readJsonlLines(out: string): Promise<string[]> {
  const text = await readFile(join(out, 'abi-diff.jsonl'), 'utf8');
  if (!text.endsWith('\n') && text.length) throw new Error('abi-diff.jsonl does not end with a newline');
  return text.split('\n').slice(0, -1);
}

export interface HtmlData {
  rows: [string, number, number[], number, string, number, number, string?][];
  details: { id: string; status: PairStatus; mismatches: PairResult['mismatches']; error?: PairResult['error']; checkedBy?: string }[];
  meta: { info: { profile: string; libvirtVersion: string; flags: string }; summary: Summary; rules: { id: string; family: string }[]; ruleRows: { rule: string; pairs: number; first: number; mismatches: number }[]; mismatches: number };
}

/** The data the page embeds, read without a browser. */
export async function readHtmlData(out: string): Promise<HtmlData> {
  const html = await readFile(join(out, 'abi-diff.html'), 'utf8');
  const script = (id: string) => {
    const m = new RegExp(`<script type="[^"]+" id="${id}">([\\s\\S]*?)</script>`).exec(html);
    if (!m) throw new Error(`no #${id} in the page`);
    return m[1];
  };
  const detailText = script('abi-detail');
  return {
    rows: JSON.parse(script('abi-rows')),
    details: detailText ? detailText.split('\n').map((l) => JSON.parse(l)) : [],
    meta: JSON.parse(script('abi-meta')),
  };
}

export async function readSarif(out: string): Promise<Log> {
  return JSON.parse(await readFile(join(out, 'abi-diff.sarif'), 'utf8'));
}

type Attrs = Record<string, string>;
export interface JunitCase extends Attrs { failure?: any; error?: any; skipped?: any }
export interface Junit { suites: Attrs; suite: Attrs & { testcase: JunitCase[] } }

export function parseJunit(xml: string): Junit {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, isArray: (name) => name === 'testcase' || name === 'property', textNodeName: '#text', processEntities: true, htmlEntities: true });
  const doc = parser.parse(xml, true);
  return { suites: doc.testsuites, suite: { testcase: [], ...doc.testsuites.testsuite } };
}

export async function readJunit(out: string): Promise<Junit> {
  return parseJunit(await readFile(join(out, 'abi-diff.junit.xml'), 'utf8'));
}

/** Undoes the workflow-command escaping, as the runner does. */
export function unescapeCommand(s: string): string {
  return s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

export interface Command { command: string; props: Record<string, string>; message: string }

export function parseCommands(stdout: string): Command[] {
  const out: Command[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const p of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = p.indexOf('=');
      props[p.slice(0, eq)] = unescapeCommand(p.slice(eq + 1));
    }
    out.push({ command: m[1], props, message: unescapeCommand(m[3]) });
  }
  return out;
}

/** Status counts and pair rows from the markdown step summary. */
export function parseStepSummary(md: string): { counts: Record<string, number>; rows: string[][] } {
  const counts: Record<string, number> = {};
  for (const m of md.matchAll(/^\| (\*\*total\*\*|compatible|incompatible|error|unpaired) \| (?:\*\*)?(\d+)(?:\*\*)? \|$/gm)) counts[m[1].replace(/\*/g, '')] = Number(m[2]);
  const table = md.split('### Pairs that are not compatible')[1] ?? '';
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| pair |')).map((l) => l.slice(2, -2).split(/ (?<!\\)\| /));
  return { counts, rows };
}

export function schemaValidators(): { report: ValidateFunction; pair: ValidateFunction; ajv: Ajv } {
  // strict: the schemas themselves must be clean, not only the data
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: true });
  const dir = join(process.cwd(), 'src', 'reports', 'schema');
  const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
  ajv.addSchema(load('abi-diff-pair.schema.json'));
  ajv.addSchema(load('abi-diff.schema.json'));
  return { report: ajv.getSchema('urn:abi-diff:schema:report:1')!, pair: ajv.getSchema('urn:abi-diff:schema:pair:1')!, ajv };
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function haveChromium(): boolean {
  return existsSync(chromiumPath());
}

export function runInfo(options: RunInfo['options'] = {}): RunInfo {
  return { toolName: 'abi-diff', toolVersion: '0.1.0', profile: 'upstream', libvirtVersion: '12.8.0', skipVolatile: false, live: false, src: 'src', dst: 'dst', options };
}

/** Synthetic results for in-process report tests (the files need not exist). */
export function incompatible(id: string, n: number, root = '/nonexistent'): PairResult {
  return {
    id, src: `${root}/src/${id}`, dst: `${root}/dst/${id}`, status: 'incompatible',
    mismatches: Array.from({ length: n }, (_v, i) => ({ rule: i % 2 ? 'disk/bus' : 'net/model', message: `unsupported configuration: Target thing ${i} does not match source`, path: `/domain/devices/disk[${i + 1}]/target/@bus`, line: 10 + i, srcLine: 9 + i })),
  };
}

export function compatible(id: string, root = '/nonexistent'): PairResult {
  return { id, src: `${root}/src/${id}`, dst: `${root}/dst/${id}`, status: 'compatible', mismatches: [] };
}

export function summaryOf(results: PairResult[]): Summary {
  return summarize(results);
}

/** A stdout stand-in that keeps what is written. */
export function captureStream(): NodeJS.WritableStream & { text: () => string } {
  let buf = '';
  const s = { write(chunk: string | Uint8Array) { buf += String(chunk); return true; }, text: () => buf };
  return s as unknown as NodeJS.WritableStream & { text: () => string };
}

/**
 * Debian's chromium driven by playwright-core: headless, no sandbox (CI runs as root), a fresh
 * profile, nothing that phones home.
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!haveChromium()) throw new Error(`no browser at ${chromiumPath()}: install Debian's chromium (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`);
  const profile = await tmp('abi-diff-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 1000 },
  });
  return { context, close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); } };
}
