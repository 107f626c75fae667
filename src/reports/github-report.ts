/**
 * GitHub Actions: `::error` workflow commands for the first N non-compatible pairs (GitHub shows
 * at most 10 error annotations per step, hence the default), and a markdown report appended to
 * $GITHUB_STEP_SUMMARY when that is set.
 */
import { appendFile, stat } from 'node:fs/promises';
import type { PairResult } from '../model/result.js';
import type { ReportFormat, ReportSink, RunEnd, RunInfo } from './report-sink.js';
import { displayPath, workspaceRoot } from './paths.js';
import { Tally } from './tally.js';
import type { Summary } from './summary.js';

export const DEFAULT_ANNOTATIONS = 10;
/** GitHub refuses step summaries over 1 MiB; leave room for what other steps' tools append. */
const STEP_SUMMARY_LIMIT = 1024 * 1024;
const STEP_SUMMARY_MARGIN = 16 * 1024;
/** Room kept for the counts and rule tables written before the pair rows. */
const HEAD_BUDGET = 64 * 1024;
const MORE_LISTED = 20;

/** Workflow-command message text (as @actions/core escapes it). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: `:` and `,` would end the value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(command: string, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  return `::${command}${list.length ? ' ' + list.join(',') : ''}::${escapeData(message)}`;
}

/** The annotation for a non-compatible pair: at its first mismatch, with the others listed. */
export function annotation(r: PairResult, root: string): string {
  if (r.status === 'incompatible') {
    const [first, ...rest] = r.mismatches;
    let message = first.message;
    if (rest.length) {
      const listed = rest.slice(0, MORE_LISTED).map((m) => `- ${m.rule}${m.line ? ` (line ${m.line})` : ''}: ${m.message}`);
      if (rest.length > MORE_LISTED) listed.push(`- ... ${rest.length - MORE_LISTED} more`);
      message += `\n\n${rest.length} more mismatch${rest.length === 1 ? '' : 'es'}:\n${listed.join('\n')}`;
    }
    return workflowCommand('error', { file: displayPath(root, r.dst!), line: first.line, title: `abi-diff ${first.rule}: ${r.id}` }, message);
  }
  const e = r.error!;
  const file = r.status === 'unpaired' ? (r.src ?? r.dst)! : (e.side === 'src' ? r.src : r.dst) ?? (r.src ?? r.dst)!;
  return workflowCommand('error', { file: displayPath(root, file), line: e.line, title: `abi-diff ${r.status === 'unpaired' ? 'unpaired' : `input error (${e.side})`}: ${r.id}` }, e.message);
}

/** A markdown table cell: no pipes or line breaks, and no HTML (GitHub renders it). */
export function mdCell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\r?\n|\r/g, '<br>');
}

function pairRow(r: PairResult): string {
  if (r.status === 'incompatible') {
    const [first] = r.mismatches;
    const more = r.mismatches.length > 1 ? ` (+${r.mismatches.length - 1} more)` : '';
    return `| ${mdCell(r.id)} | incompatible | ${mdCell(first.rule)} | ${first.line ?? ''} | ${mdCell(first.message)}${more} |\n`;
  }
  const e = r.error!;
  return `| ${mdCell(r.id)} | ${r.status} | ${r.status === 'unpaired' ? 'unpaired' : 'input error'} (${e.side}) | ${e.line ?? ''} | ${mdCell(e.message)} |\n`;
}

/** What a stopped run says first, in the step summary and as an annotation. */
export function partialNote(end: RunEnd): string {
  return `The run was stopped before every pair was checked${end.notChecked === undefined ? '' : ` (${end.notChecked} pairs not checked)`}: this report is partial.`;
}

export function summaryHead(info: RunInfo, summary: Summary, tally: Tally, end: RunEnd = { complete: true }): string {
  const verdict = summary.pairs === summary.compatible ? 'every pair compatible' : `${summary.pairs - summary.compatible} of ${summary.pairs} pairs not compatible`;
  const lines = [
    `## abi-diff: ${verdict}${end.complete ? '' : ' (partial)'}`,
    '',
    ...(end.complete ? [] : [`**${partialNote(end)}**`, '']),
    `libvirt ${info.libvirtVersion} ABI-stability rules (profile ${mdCell(info.profile)}${info.skipVolatile ? ', skip volatile' : ''}), ${mdCell(info.toolName)} ${mdCell(info.toolVersion)}.`,
    '',
    '| status | pairs |',
    '|---|---:|',
    ...(['compatible', 'incompatible', 'error', 'unpaired'] as const).map((s) => `| ${s} | ${summary[s]} |`),
    `| **total** | **${summary.pairs}** |`,
    '',
  ];
  const families = tally.familyRows();
  if (families.length) {
    lines.push('### By rule family', '', '| family | pairs | first (libvirt\'s message) | mismatches |', '|---|---:|---:|---:|');
    for (const f of families) lines.push(`| ${mdCell(f.family)} | ${f.pairs} | ${f.first} | ${f.mismatches} |`);
    lines.push('', '### By rule', '', '| rule | family | pairs | first (libvirt\'s message) | mismatches |', '|---|---|---:|---:|---:|');
    for (const r of tally.ruleRows()) lines.push(`| ${mdCell(r.rule)} | ${mdCell(r.family)} | ${r.pairs} | ${r.first} | ${r.mismatches} |`);
    lines.push('');
  }
  return lines.join('\n') + '\n';
}

const TABLE_HEAD = '### Pairs that are not compatible\n\n| pair | status | rule | dst line | message |\n|---|---|---|---:|---|\n';

export const githubFormat: ReportFormat = {
  name: 'github',
  description: 'GitHub Actions annotations on stdout, markdown in $GITHUB_STEP_SUMMARY',
  async open(_outDir: string, info: RunInfo): Promise<ReportSink> {
    const env = info.options?.env ?? process.env;
    const stdout = info.options?.stdout ?? process.stdout;
    const limit = info.options?.annotations ?? DEFAULT_ANNOTATIONS;
    const root = workspaceRoot(env);
    const summaryFile = env.GITHUB_STEP_SUMMARY || undefined;
    let budget = STEP_SUMMARY_LIMIT - STEP_SUMMARY_MARGIN;
    if (summaryFile) budget -= await stat(summaryFile).then((s) => s.size, () => 0);
    const tally = new Tally();
    // rows are kept only up to the step summary's size limit
    const rows: string[] = [];
    let rowBytes = 0;
    let omitted = 0;
    let failing = 0;
    return {
      add(r) {
        tally.add(r);
        if (r.status === 'compatible') return;
        if (failing++ < limit) stdout.write(annotation(r, root) + '\n');
        if (!summaryFile) return;
        const row = pairRow(r);
        const size = Buffer.byteLength(row);
        if (omitted || rowBytes + size > budget - HEAD_BUDGET) omitted++;
        else { rows.push(row); rowBytes += size; }
      },
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        if (!end.complete) stdout.write(workflowCommand('error', { title: 'abi-diff stopped' }, partialNote(end)) + '\n');
        if (failing > limit) {
          stdout.write(workflowCommand('notice', { title: 'abi-diff' }, `${failing - limit} more non-compatible pairs are not annotated (--annotations ${limit}); see the step summary or the reports.`) + '\n');
        }
        if (!summaryFile) return [];
        let md = summaryHead(info, summary, tally, end);
        if (Buffer.byteLength(md) > HEAD_BUDGET) md = summaryHead(info, summary, new Tally(), end) + '_Rule tables left out: too many rules for the step summary limit._\n\n';
        if (rows.length) md += TABLE_HEAD + rows.join('');
        if (omitted) md += `\n_${omitted} more rows left out: GitHub limits a step summary to 1 MiB. abi-diff.json lists every pair._\n`;
        await appendFile(summaryFile, md + '\n');
        return [summaryFile];
      },
    };
  },
};
