/**
 * reports/abi-diff.sarif: SARIF 2.1.0 for code-scanning tools. One reporting rule per abi-diff
 * rule that fired, with a helpUri to its docs page, one result per mismatch (and per pair that
 * could not be checked), located in the dst file (an input error at the line libvirt rejected).
 * Results stream out as pairs arrive; rules, invocation and counts follow them (JSON key order
 * is free), so the writer holds only per-rule data.
 */
import { createHash } from 'node:crypto';
import { makeDir } from './files.js';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import type { PairResult, Suppression } from '../model/result.js';
import type { ReportFormat, ReportSink, RunEnd, RunInfo } from './report-sink.js';
import { artifactLocation, rootUri, workspaceRoot } from './paths.js';
import { formatShape, INPUT_ERROR_RULE, ruleCatalog, ruleDocsUri, UNPAIRED_RULE, familyOf } from './rule-meta.js';
import type { Summary } from './summary.js';
import { suppressionText } from './suppression.js';
import { reportOut } from './text-out.js';
import { summarized } from './json-report.js';

/** GitHub code scanning rejects runs with more results than this. */
export const SARIF_MAX_RESULTS = 25_000;
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function reportingRules(info: RunInfo): Sarif.ReportingDescriptor[] {
  const rules: Sarif.ReportingDescriptor[] = ruleCatalog(info.libvirtVersion).map((r) => {
    const range = r.until ? `libvirt ${r.since} to before ${r.until}` : `libvirt ${r.since} and later`;
    const shape = formatShape(r.format);
    const summary = r.description ?? `libvirt refuses the destination definition when this part of the guest ABI differs from the source: ${shape}.`;
    const checked = `Checked by libvirt's ${r.libvirtFunction} (${range})${r.where ? `; compared value: ${r.where}` : ''}.`;
    const notHere = r.applies ? '' : ` libvirt ${info.libvirtVersion}, the version this run reproduces, does not check it.`;
    const message = `unsupported configuration: ${r.format}`;
    return {
      id: r.id,
      helpUri: ruleDocsUri(r.id),
      name: r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
      shortDescription: { text: shape },
      fullDescription: { text: summary },
      help: {
        text: `${summary}\nlibvirt's message: "${message}"\n${checked}${notHere}`,
        markdown: `${summary}\n\nlibvirt's message: \`${message.replace(/`/g, "'")}\`\n\n${checked}${notHere}`,
      },
      defaultConfiguration: { level: 'error', enabled: r.applies },
      properties: { family: r.family, libvirtFunction: r.libvirtFunction, since: r.since, ...(r.until ? { until: r.until } : {}), format: r.format, tags: ['libvirt', 'abi', r.family] },
    };
  });
  rules.push(
    {
      id: INPUT_ERROR_RULE,
      name: 'InputError',
      shortDescription: { text: 'A file of the pair could not be checked' },
      fullDescription: { text: 'The file is unreadable, not XML, or a domain definition libvirt would reject, so the ABI check could not run.' },
      help: { text: 'Fix the file so that libvirt accepts it (virsh define would give the same message). The result points at the element libvirt rejected when abi-diff knows it.' },
      defaultConfiguration: { level: 'error' },
      properties: { family: 'input', tags: ['input'] },
    },
    {
      id: UNPAIRED_RULE,
      name: 'Unpaired',
      shortDescription: { text: 'A domain file exists on one side only' },
      fullDescription: { text: 'Directory pairs are matched by relative path; this file has no counterpart to compare with.' },
      help: { text: 'Add the missing file, or remove the leftover one.' },
      defaultConfiguration: { level: 'error' },
      properties: { family: 'input', tags: ['input'] },
    },
  );
  return rules;
}

function fingerprint(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function region(line: number | undefined): { region?: Sarif.Region } {
  return line ? { region: { startLine: line } } : {};
}

/** A waived mismatch stays a result, marked as accepted outside the source (SARIF §3.35). */
export function sarifSuppression(s: Suppression, baselineFile?: string): Sarif.Suppression {
  return { kind: 'external', status: 'accepted', justification: suppressionText(s, baselineFile) };
}

export function pairResults(r: PairResult, root: string, ruleIndex: (id: string) => number, baselineFile?: string): Sarif.Result[] {
  if (r.status === 'compatible') return [];
  if (r.status === 'incompatible') {
    const seen = new Map<string, number>();
    return r.mismatches.map((m, i) => {
      // the same rule at the same place twice in one pair still needs distinct fingerprints
      const key = `${m.rule}\0${m.path}`;
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const result: Sarif.Result = {
        ruleId: m.rule,
        ruleIndex: ruleIndex(m.rule),
        level: 'error',
        kind: 'fail',
        message: { text: m.message },
        locations: [{
          physicalLocation: { artifactLocation: artifactLocation(root, r.dst!), ...region(m.line) },
          logicalLocations: [{ fullyQualifiedName: m.path, kind: 'element' }],
        }],
        partialFingerprints: { 'abiDiffFinding/v1': fingerprint(r.id, m.rule, m.path, occurrence) },
        ...(m.suppressed ? { suppressions: [sarifSuppression(m.suppressed, baselineFile)] } : {}),
        properties: { pair: r.id, family: familyOf(m.rule), path: m.path, order: i + 1, reportedByLibvirt: i === 0, ...(m.suppressed ? { suppressedBy: m.suppressed.by } : {}), ...(r.driver ? { driver: r.driver } : {}) },
      };
      if (r.src) {
        result.relatedLocations = [{
          id: 1,
          message: { text: 'the source definition' },
          physicalLocation: { artifactLocation: artifactLocation(root, r.src), ...region(m.srcLine) },
        }];
      }
      return result;
    });
  }
  const e = r.error!;
  // an unpaired pair's error names the missing side: point at the file that exists
  const file = r.status === 'unpaired' ? (r.src ?? r.dst)! : (e.side === 'src' ? r.src : r.dst) ?? (r.src ?? r.dst)!;
  const rule = r.status === 'unpaired' ? UNPAIRED_RULE : INPUT_ERROR_RULE;
  return [{
    ruleId: rule,
    ruleIndex: ruleIndex(rule),
    level: 'error',
    kind: 'fail',
    message: { text: e.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(root, file), ...region(e.line) } }],
    partialFingerprints: { 'abiDiffFinding/v1': fingerprint(r.id, rule, e.side) },
    properties: { pair: r.id, side: e.side, status: r.status, ...(r.driver ? { driver: r.driver } : {}) },
  }];
}

export const sarifFormat: ReportFormat = {
  name: 'sarif',
  description: 'abi-diff.sarif: SARIF 2.1.0 for code scanning (first 25,000 results)',
  async open(outDir: string, info: RunInfo): Promise<ReportSink> {
    await makeDir(outDir);
    const file = join(outDir, 'abi-diff.sarif');
    const out = reportOut(file);
    const root = workspaceRoot(info.options?.env);
    const catalog = new Map(reportingRules(info).map((r) => [r.id, r]));
    // the rules that fired, in the order they first did
    const rules: Sarif.ReportingDescriptor[] = [];
    const index = new Map<string, number>();
    const ruleIndex = (id: string): number => {
      let i = index.get(id);
      if (i === undefined) {
        i = rules.length;
        // a rule the registry does not list still gets a descriptor so ruleIndex stays valid
        rules.push(catalog.get(id) ?? { id, shortDescription: { text: id }, defaultConfiguration: { level: 'error' }, properties: { family: familyOf(id) } });
        index.set(id, i);
      }
      return i;
    };
    let total = 0;
    let written = 0;
    await out.write(`{\n "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n "version": "2.1.0",\n "runs": [{\n  "results": [`);
    return {
      async add(r) {
        for (const res of pairResults(r, root, ruleIndex, info.baseline)) {
          total++;
          if (written >= SARIF_MAX_RESULTS) continue;
          await out.write((written ? ',\n   ' : '\n   ') + JSON.stringify(res));
          written++;
        }
      },
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        const notifications: Sarif.Notification[] = [];
        if (!end.complete) {
          notifications.push({
            level: 'error',
            descriptor: { id: 'abi-diff/interrupted' },
            message: { text: `The run was stopped before every pair was checked${end.notChecked === undefined ? '' : ` (${end.notChecked} pairs not checked)`}: these results are partial.` },
          });
        }
        if (total > written) {
          notifications.push({
            level: 'warning',
            descriptor: { id: 'abi-diff/results-truncated' },
            message: { text: `abi-diff found ${total} results; this file keeps the first ${written} (GitHub code scanning accepts at most ${SARIF_MAX_RESULTS} per run). abi-diff.json and abi-diff.jsonl list every pair.` },
          });
        }
        const run: Omit<Sarif.Run, 'results'> = {
          tool: {
            driver: {
              name: info.toolName,
              version: info.toolVersion,
              semanticVersion: info.toolVersion,
              fullName: `${info.toolName} ${info.toolVersion} (libvirt ${info.libvirtVersion} ABI-stability rules)`,
              rules,
            },
          },
          invocations: [{ executionSuccessful: end.complete, toolExecutionNotifications: notifications }],
          originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(root) } },
          properties: {
            profile: info.profile,
            libvirtVersion: info.libvirtVersion,
            skipVolatile: info.skipVolatile,
            live: info.live,
            ...(info.driver ? { driver: info.driver, operation: info.operation } : {}),
            config: info.config ?? null,
            baseline: info.baseline ?? null,
            rulesOff: info.rulesOff ?? [],
            summary: summarized(summary, end),
            complete: end.complete,
            results: { total, written, truncated: total > written },
          },
        };
        const tail = JSON.stringify(run, null, 1).slice(1, -2).replace(/\n/g, '\n  ');
        await out.write(`${written ? '\n  ' : ''}],${tail}\n  }\n ]\n}\n`);
        await out.end();
        return [file];
      },
      discard: out.discard,
    };
  },
};
