/**
 * reports/abi-diff.junit.xml: a testcase per pair for CI test dashboards. An incompatible pair
 * is a failure whose message is libvirt's (the first mismatch) and whose body lists every
 * mismatch; a pair that could not be checked is an error. The suite's counts go at the top, so
 * testcases are spooled to a temporary file until the run ends. A run that lists failing pairs
 * only (--report-pairs) leaves the compatible ones out, one testcase counting them; by default
 * that is decided by the run's size, so until it passes ALL_PAIRS_UP_TO pairs the failing
 * testcases are spooled twice, with the others and alone.
 */
import { makeDir } from './files.js';
import { join, posix } from 'node:path';
import type { Mismatch, PairResult } from '../model/result.js';
import { ALL_PAIRS_UP_TO, driverNote, listsAllPairs, runFlags, type ReportFormat, type ReportSink, type RunEnd, type RunInfo } from './report-sink.js';
import { newFailures, type CompareCounts, type Summary } from './summary.js';
import { reportOut, spool, type TextOut } from './text-out.js';
import { xmlAttr, xmlText } from './xml-text.js';
import { INPUT_ERROR_RULE, UNPAIRED_RULE } from './rule-meta.js';
import { rulesOffText, suppressionText, unsuppressed } from './suppression.js';

function at(line: number | undefined, srcLine: number | undefined): string {
  const parts = [line ? `dst line ${line}` : '', srcLine ? `src line ${srcLine}` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function suppressedMark(m: Mismatch, baselineFile?: string): string {
  return m.suppressed ? `\n   suppressed: ${suppressionText(m.suppressed, baselineFile)}` : '';
}

/**
 * An incompatible pair fails at its first mismatch that is not suppressed; one whose every
 * mismatch is suppressed is skipped (it does not fail the run) with the same body.
 */
const checkedBy = (r: PairResult): string[] => {
  const note = driverNote(r);
  return note ? [`checked by: ${note}`] : [];
};

export function testcase(r: PairResult, baselineFile?: string): string {
  const dir = posix.dirname(r.id);
  const classname = dir === '.' ? 'abi-diff' : `abi-diff.${dir.replace(/\//g, '.')}`;
  const file = r.dst ?? r.src ?? '';
  const open = `  <testcase name="${xmlAttr(r.id)}" classname="${xmlAttr(classname)}" file="${xmlAttr(file)}"`;
  if (r.status === 'compatible') return `${open}/>\n`;
  if (r.status === 'incompatible') {
    const first = r.mismatches[0];
    const failing = unsuppressed(r.mismatches);
    const waived = r.mismatches.length - failing.length;
    const body = [
      `libvirt: ${first.message}`,
      `src: ${r.src}`,
      `dst: ${r.dst}`,
      ...checkedBy(r),
      '',
      `${r.mismatches.length} mismatch${r.mismatches.length === 1 ? '' : 'es'}${waived ? ` (${waived} suppressed)` : ''}, in libvirt's evaluation order:`,
      ...r.mismatches.map((m, i) => `${i + 1}. ${m.rule} at ${m.path}${at(m.line, m.srcLine)}\n   ${m.message}${suppressedMark(m, baselineFile)}`),
    ].join('\n');
    if (!failing.length) return `${open}>\n    <skipped message="${xmlAttr(`incompatible, every mismatch suppressed: ${first.message}`)}">${xmlText(body)}</skipped>\n  </testcase>\n`;
    return `${open}>\n    <failure message="${xmlAttr(failing[0].message)}" type="${xmlAttr(failing[0].rule)}">${xmlText(body)}</failure>\n  </testcase>\n`;
  }
  const e = r.error!;
  const body = [`${r.status}: ${e.side} side${e.line ? `, line ${e.line}` : ''}`, `src: ${r.src ?? '(none)'}`, `dst: ${r.dst ?? '(none)'}`, ...checkedBy(r), '', e.message].join('\n');
  const type = r.status === 'unpaired' ? UNPAIRED_RULE : INPUT_ERROR_RULE;
  return `${open}>\n    <error message="${xmlAttr(e.message)}" type="${type}">${xmlText(body)}</error>\n  </testcase>\n`;
}

/** With --compare: the counts as suite properties. */
function compareProps(c: CompareCounts | undefined): Record<string, string> {
  if (!c) return {};
  return {
    compareWith: c.previous, failOn: c.failOn, newFailures: String(newFailures(c)), fixed: String(c.fixed), stillFailing: String(c['still-failing']),
    unchanged: String(c.unchanged), newPairs: String(c.new), gonePairs: String(c.gone),
  };
}

export const junitFormat: ReportFormat = {
  name: 'junit',
  description: 'abi-diff.junit.xml: JUnit XML, a testcase per pair',
  async open(outDir: string, info: RunInfo): Promise<ReportSink> {
    await makeDir(outDir);
    const file = join(outDir, 'abi-diff.junit.xml');
    const mode = info.options?.reportPairs;
    const cases = mode === 'failing' ? undefined : await spool('junit');
    const failingCases = mode === 'all' ? undefined : await spool('junit-failing');
    let seen = 0;
    let out: TextOut | undefined;
    const dispose = async () => { await cases?.dispose(); await failingCases?.dispose(); };
    return {
      async add(r) {
        const text = testcase(r, info.baseline);
        if (cases && listsAllPairs(mode, ++seen)) await cases.out.write(text);
        if (failingCases && r.status !== 'compatible') await failingCases.out.write(text);
      },
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        await cases?.out.end();
        await failingCases?.out.end();
        const all = listsAllPairs(mode, summary.pairs);
        const errors = summary.error + summary.unpaired;
        // listing failing pairs only, one testcase stands for the compatible ones
        const tests = all || !summary.compatible ? summary.pairs : summary.pairs - summary.compatible + 1;
        const counts = `tests="${tests}" failures="${summary.incompatible - summary.suppressed}" errors="${errors}" skipped="${summary.suppressed}"`;
        const name = `abi-diff (libvirt ${info.libvirtVersion} rules${runFlags(info)})`;
        const props = {
          profile: info.profile, libvirtVersion: info.libvirtVersion, skipVolatile: String(info.skipVolatile), live: String(info.live), src: info.src, dst: info.dst, version: `${info.toolName} ${info.toolVersion}`,
          ...(info.config ? { config: info.config } : {}),
          ...(info.rulesOff?.length ? { rulesOff: rulesOffText(info.rulesOff) } : {}),
          ...(info.baseline ? { baseline: info.baseline } : {}),
          ...(summary.staleBaseline ? { staleBaselineEntries: String(summary.staleBaseline.length) } : {}),
          complete: String(end.complete), ...(end.notChecked === undefined ? {} : { notChecked: String(end.notChecked) }),
          pairs: String(summary.pairs), ...(all ? {} : { reportPairs: 'failing', compatibleNotListed: String(summary.compatible) }),
          ...compareProps(summary.compare),
        };
        out = reportOut(file);
        try {
          await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="abi-diff" ${counts}>\n<testsuite name="${xmlAttr(name)}" ${counts}>\n  <properties>\n`);
          for (const [k, v] of Object.entries(props)) await out.write(`    <property name="${k}" value="${xmlAttr(v)}"/>\n`);
          await out.write('  </properties>\n');
          await out.append(all ? cases!.file : failingCases!.file);
          if (!all && summary.compatible) await out.write(`  <testcase name="${summary.compatible} compatible pairs" classname="abi-diff" file=""><system-out>Counted, not listed: --report-pairs failing (the default above ${ALL_PAIRS_UP_TO} pairs). abi-diff.json lists every pair.</system-out></testcase>\n`);
          await out.write('</testsuite>\n</testsuites>\n');
          await out.end();
        } finally {
          await dispose();
        }
        return [file];
      },
      async discard() {
        await out?.discard();
        await dispose();
      },
    };
  },
};
