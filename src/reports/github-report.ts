/**
 * GitHub Actions: `::error` workflow commands for the first N non-compatible pairs (GitHub shows
 * at most 10 error annotations per step, hence the default), and a markdown report appended to
 * $GITHUB_STEP_SUMMARY when that is set.
 */
import { appendFile, stat } from 'node:fs/promises';
import { failsRun, type Mismatch, type PairResult } from '../model/result.js';
import { runFlags, type ReportFormat, type ReportSink, type RunEnd, type RunInfo } from './report-sink.js';
import { DEFAULT_ANNOTATIONS } from './format-names.js';
import { displayPath, workspaceRoot } from './paths.js';
import { Tally } from './tally.js';
import { failing, newFailures, type CompareCounts, type Summary } from './summary.js';
import { rulesOffText, suppressionText, unsuppressed } from './suppression.js';
import { visibleText } from './text-escape.js';

/** GitHub refuses step summaries over 1 MiB; leave room for what other steps' tools append. */
const STEP_SUMMARY_LIMIT = 1024 * 1024;
const STEP_SUMMARY_MARGIN = 16 * 1024;
/** Room kept for the counts and rule tables written before the pair rows. */
const HEAD_BUDGET = 64 * 1024;
const MORE_LISTED = 20;
/** Stale baseline entries listed in the step summary; the JSON report has them all. */
const STALE_LISTED = 50;

/** Workflow-command message text (as @actions/core escapes it). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: `:` and `,` would end the value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A workflow command; controls in the text shown, not acted on (GitHub's log renders ANSI colours). */
export function workflowCommand(command: string, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(visibleText(String(v)))}`);
  return `::${command}${list.length ? ' ' + list.join(',') : ''}::${escapeData(visibleText(message))}`;
}

const suppressedNote = (m: Mismatch, baselineFile?: string) => (m.suppressed ? ` (suppressed: ${suppressionText(m.suppressed, baselineFile)})` : '');

/** Patch text put in an annotation; the step summary has room for longer ones. */
const ANNOTATION_PATCH = 4096;
const SUMMARY_PATCH = 16 * 1024;

/** `abi-diff fix`'s patch for the pair, cut to `max` characters, or why there is none. */
/** A QEMU-mode run's annotation says which driver's rules gave the verdict: they differ for one guest. */
const driverTag = (r: PairResult): string => (r.driver === 'qemu' ? ' [QEMU driver]' : r.driver === 'generic' ? ' [generic rules]' : '');

function fixNote(r: PairResult, max: number): string {
  if (!r.fix) return '';
  if (r.fix.status === 'unfixable') return `\n\nabi-diff fix: no safe fix: ${r.fix.reason}`;
  const patch = r.fix.patch.length > max ? `${r.fix.patch.slice(0, max)}\n... (cut; abi-diff.json has the whole patch)` : r.fix.patch;
  return `\n\nSuggested fix (abi-diff fix), a patch to the destination:\n${patch.replace(/\n$/, '')}`;
}

/** A pair that fails now and did not in --compare's report (or was not in it). */
const isNewFailure = (r: PairResult): boolean => r.change === 'new-failure' || (r.change === 'new' && failsRun(r));

/** The annotation for a failing pair: at its first mismatch that is not suppressed, with the others listed, and the fix when there is one. */
export function annotation(r: PairResult, root: string, baselineFile?: string): string {
  const since = isNewFailure(r) ? ' (new failure)' : '';
  if (r.status === 'incompatible') {
    const first = unsuppressed(r.mismatches)[0] ?? r.mismatches[0];
    const rest = r.mismatches.filter((m) => m !== first);
    let message = first.message;
    if (rest.length) {
      const listed = rest.slice(0, MORE_LISTED).map((m) => `- ${m.rule}${m.line ? ` (line ${m.line})` : ''}: ${m.message}${suppressedNote(m, baselineFile)}`);
      if (rest.length > MORE_LISTED) listed.push(`- ... ${rest.length - MORE_LISTED} more`);
      message += `\n\n${rest.length} more mismatch${rest.length === 1 ? '' : 'es'}:\n${listed.join('\n')}`;
    }
    return workflowCommand('error', { file: displayPath(root, r.dst!), line: first.line, title: `abi-diff ${first.rule}${since}${driverTag(r)}: ${r.id}` }, message + fixNote(r, ANNOTATION_PATCH));
  }
  const e = r.error!;
  const file = r.status === 'unpaired' ? (r.src ?? r.dst)! : (e.side === 'src' ? r.src : r.dst) ?? (r.src ?? r.dst)!;
  return workflowCommand('error', { file: displayPath(root, file), line: e.line, title: `abi-diff ${r.status === 'unpaired' ? 'unpaired' : `input error (${e.side})`}${since}${driverTag(r)}: ${r.id}` }, e.message);
}

/**
 * Input-derived text in the step summary, as a markdown table cell: no pipes or line breaks, no
 * HTML, links or images (GitHub renders them and fetches images), controls shown.
 */
export function mdCell(s: string): string {
  return visibleText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\\|`[\]]/g, '\\$&').replace(/\r?\n|\r/g, '<br>');
}

const CHANGE_TEXT: Record<NonNullable<PairResult['change']>, string> = { 'new-failure': 'new failure', fixed: 'fixed', 'still-failing': 'still failing', unchanged: 'unchanged', new: 'new pair' };

function pairRow(r: PairResult): string {
  const since = r.change ? `, ${CHANGE_TEXT[r.change]}` : '';
  if (r.status === 'incompatible') {
    const failing = unsuppressed(r.mismatches);
    const first = failing[0] ?? r.mismatches[0];
    const waived = r.mismatches.length - failing.length;
    const more = r.mismatches.length > 1 ? ` (+${r.mismatches.length - 1} more${waived && failing.length ? `, ${waived} suppressed` : ''})` : '';
    return `| ${mdCell(r.id)} | ${failing.length ? 'incompatible' : 'incompatible, suppressed'}${since} | ${mdCell(first.rule)} | ${first.line ?? ''} | ${mdCell(first.message)}${more} |\n`;
  }
  const e = r.error!;
  return `| ${mdCell(r.id)} | ${r.status}${since} | ${r.status === 'unpaired' ? 'unpaired' : 'input error'} (${e.side}) | ${e.line ?? ''} | ${mdCell(e.message)} |\n`;
}

/** A fenced block that no run of backquotes in the text can close. */
function fenced(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${visibleText(text).replace(/\n$/, '')}\n${fence}\n`;
}

/** The step summary's suggestion for a fixed pair: its patch, folded. */
function fixSuggestion(r: PairResult): string {
  if (r.fix?.status !== 'fixed') return '';
  const patch = r.fix.patch.length > SUMMARY_PATCH ? `${r.fix.patch.slice(0, SUMMARY_PATCH)}\n... (cut; abi-diff.json has the whole patch)\n` : r.fix.patch;
  return `<details><summary>${mdCell(r.id)}</summary>\n\n${fenced(patch, 'diff')}\n</details>\n\n`;
}

/** With --compare: the pairs by change, and what fails the run. */
function compareLines(c: CompareCounts | undefined): string[] {
  if (!c) return [];
  return [
    '### Since the previous report',
    '',
    `Compared with ${mdCell(c.previous)}${c.failOn === 'new' ? '; only new failures fail the run (--fail-on new)' : ''}.`,
    '',
    '| change | pairs |',
    '|---|---:|',
    `| new failures | ${newFailures(c)} |`,
    `| fixed | ${c.fixed} |`,
    `| still failing | ${c['still-failing']} |`,
    `| unchanged | ${c.unchanged} |`,
    `| new pairs (failing) | ${c.new} (${c.newFailing}) |`,
    `| gone pairs (failing before) | ${c.gone} (${c.goneFailing}) |`,
    '',
  ];
}

function verdictOf(summary: Summary): string {
  if (summary.compare?.failOn === 'new') {
    const n = newFailures(summary.compare);
    return n ? `${n} new failure${n === 1 ? '' : 's'}` : 'no new failure';
  }
  if (summary.pairs === summary.compatible) return 'every pair compatible';
  const fails = failing(summary);
  const waived = summary.suppressed ? `; ${summary.suppressed} incompatible but suppressed` : '';
  return fails ? `${fails} of ${summary.pairs} pairs fail${waived}` : `no pair fails${waived}`;
}

/** The run's waivers: config, rules off, baseline and its stale entries. */
function waiverLines(info: RunInfo, summary: Summary): string[] {
  const lines: string[] = [];
  if (info.config) lines.push(`Config: ${mdCell(info.config)}.`);
  if (info.rulesOff?.length) lines.push(`Rules turned off (their mismatches are suppressed): ${mdCell(rulesOffText(info.rulesOff))}.`);
  if (info.baseline) lines.push(`Baseline: ${mdCell(info.baseline)}; ${summary.staleBaseline?.length ?? 0} stale entries.`);
  if (lines.length) lines.push('');
  const stale = summary.staleBaseline ?? [];
  if (stale.length) {
    lines.push('### Stale baseline entries (no longer seen)', '', '| pair | rule | count | message |', '|---|---|---:|---|');
    for (const e of stale.slice(0, STALE_LISTED)) lines.push(`| ${mdCell(e.pair)} | ${mdCell(e.rule)} | ${e.count} | ${mdCell(e.message ?? e.fingerprint)} |`);
    if (stale.length > STALE_LISTED) lines.push('', `_${stale.length - STALE_LISTED} more in abi-diff.json (summary.staleBaseline)._`);
    lines.push('');
  }
  return lines;
}

/** What a stopped run says first, in the step summary and as an annotation. */
export function partialNote(end: RunEnd): string {
  return `The run was stopped before every pair was checked${end.notChecked === undefined ? '' : ` (${end.notChecked} pairs not checked)`}: this report is partial.`;
}

export function summaryHead(info: RunInfo, summary: Summary, tally: Tally, end: RunEnd = { complete: true }): string {
  const lines = [
    `## abi-diff: ${verdictOf(summary)}${end.complete ? '' : ' (partial)'}`,
    '',
    ...(end.complete ? [] : [`**${partialNote(end)}**`, '']),
    `libvirt ${info.libvirtVersion} ABI-stability rules (profile ${mdCell(info.profile)}${runFlags(info)}), ${mdCell(info.toolName)} ${mdCell(info.toolVersion)}.`,
    '',
    '| status | pairs |',
    '|---|---:|',
    ...(['compatible', 'incompatible', 'error', 'unpaired'] as const).map((s) => `| ${s} | ${summary[s]} |`),
    ...(summary.suppressed ? [`| incompatible, every mismatch suppressed | ${summary.suppressed} |`] : []),
    `| **total** | **${summary.pairs}** |`,
    '',
    ...compareLines(summary.compare),
    ...waiverLines(info, summary),
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
    const fixes: string[] = [];
    let rowBytes = 0;
    let omitted = 0;
    let failingPairs = 0;
    const newFirst: string[] = [];
    const others: string[] = [];
    return {
      add(r) {
        tally.add(r);
        if (r.status === 'compatible') return;
        if (failsRun(r)) {
          failingPairs++;
          // new failures first (what a gate with --compare is about), the others after them:
          // at most `limit` of each are kept, and written when the run ends
          const kept = isNewFailure(r) ? newFirst : others;
          if (kept.length < limit) kept.push(annotation(r, root, info.baseline));
        }
        if (!summaryFile) return;
        const row = pairRow(r);
        const size = Buffer.byteLength(row);
        if (omitted || rowBytes + size > budget - HEAD_BUDGET) omitted++;
        else { rows.push(row); rowBytes += size; }
        // a patch takes the room of rows: only while the table has room left for both
        const fix = omitted ? '' : fixSuggestion(r);
        if (fix && rowBytes + Buffer.byteLength(fix) <= (budget - HEAD_BUDGET) / 2) { fixes.push(fix); rowBytes += Buffer.byteLength(fix); }
      },
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        for (const a of [...newFirst, ...others].slice(0, limit)) stdout.write(a + '\n');
        if (!end.complete) stdout.write(workflowCommand('error', { title: 'abi-diff stopped' }, partialNote(end)) + '\n');
        if (failingPairs > limit) {
          stdout.write(workflowCommand('notice', { title: 'abi-diff' }, `${failingPairs - limit} more failing pairs are not annotated (--annotations ${limit}); see the step summary or the reports.`) + '\n');
        }
        const stale = summary.staleBaseline?.length;
        if (stale) stdout.write(workflowCommand('warning', { title: 'abi-diff: stale baseline entries' }, `${stale} entr${stale === 1 ? 'y' : 'ies'} of the baseline ${info.baseline ?? ''} no longer seen; --prune-baseline removes them.`) + '\n');
        if (!summaryFile) return [];
        let md = summaryHead(info, summary, tally, end);
        if (Buffer.byteLength(md) > HEAD_BUDGET) md = summaryHead(info, summary, new Tally(), end) + '_Rule tables left out: too many rules for the step summary limit._\n\n';
        if (rows.length) md += TABLE_HEAD + rows.join('');
        if (omitted) md += `\n_${omitted} more rows left out: GitHub limits a step summary to 1 MiB. abi-diff.json lists every pair._\n`;
        if (fixes.length) md += `\n### Suggested fixes (abi-diff fix)\n\nEach a patch to the destination that gives it the source's guest ABI, host-side edits kept.\n\n${fixes.join('')}`;
        await appendFile(summaryFile, md + '\n');
        return [summaryFile];
      },
    };
  },
};
