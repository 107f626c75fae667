/**
 * reports/abi-diff.html: one self-contained page (inline CSS and JS, a CSP that forbids any
 * network access) with the summary (a status chart, counts by folder and by rule, changes
 * since --compare's report), a filterable, sortable, paged table of the pairs, opened on those
 * that are not compatible, and a detail view per non-compatible pair showing src and dst lines
 * side by side, each rule's explanation and advice, and the patch of `abi-diff fix`.
 *
 * Written as pairs stream by: each pair becomes one compact row in a spool file, every row in
 * id order while the run may list them all, and the failing ones (and those fixed since
 * --compare's report) in a second one while it may list failing pairs only (--report-pairs;
 * by default decided by the run's size); the detail of a non-compatible pair (its mismatches
 * and a few lines of both files around each) goes to another spool file. The page's head is
 * written at the start, the rest at the end. The page parses details only on demand.
 */
import { readFileSync } from 'node:fs';
import { makeDir, readDomainText } from './files.js';
import { join } from 'node:path';
import type { PairResult, PairStatus } from '../model/result.js';
import { driverNote, listsAllPairs, runFlags, type ReportFormat, type ReportSink, type RunEnd, type RunInfo } from './report-sink.js';
import { summarized } from './json-report.js';
import { familyOf, ruleHelp } from './rule-meta.js';
import { Tally } from './tally.js';
import type { Summary } from './summary.js';
import { reportOut, spool } from './text-out.js';
import { unsuppressed } from './suppression.js';

const STATUS: readonly PairStatus[] = ['compatible', 'incompatible', 'error', 'unpaired'];
/** Lines shown before and after a mismatch's line. */
const CONTEXT = 3;
const MAX_LINE = 400;
/** Domain XMLs are small; anything bigger is not read for context. */
const MAX_FILE = 4 * 1024 * 1024;
/** Mismatches per pair that get source lines (count mismatches can list many devices). */
const MAX_CONTEXTS = 50;
/** Folders listed in the page (most failing first); the rest are summed up in one line. */
const FOLDERS_LISTED = 500;
/** Where pairs are counted by folder: the first segment of the id, usually the host. */
export const folderOf = (id: string): string => {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : '(top level)';
};

const asset = (name: string) => readFileSync(new URL(`./html/${name}`, import.meta.url), 'utf8');

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/;

/** JSON safe inside <script>: no `<` can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  // most rows have none of these: one scan instead of three replaces
  return UNSAFE_IN_SCRIPT.test(json) ? json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json;
}

/** A page asset must not contain `</script` or `</style`; ours are static, this guards edits. */
function inline(text: string, tag: string): string {
  if (text.toLowerCase().includes(`</${tag}`)) throw new Error(`inline ${tag} contains </${tag}`);
  return text;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function pageHead(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="abi-diff">
<title>abi-diff report</title>
<style>
${inline(asset('style.css'), 'style')}</style>
</head>
<body>
<header class="top"><h1>abi-diff report</h1><p id="run"></p><p id="partial" class="partial" role="alert" hidden></p></header>
<noscript><p>This report needs JavaScript to show its data; abi-diff.json has the same content.</p></noscript>
<main>
<section aria-labelledby="sum-title">
<h2 id="sum-title">Summary</h2>
<div class="cards" id="cards"></div>
<div id="chart" class="chart" role="img"></div>
<div id="changes"></div>
<div id="waivers"></div>
</section>
<section aria-labelledby="pairs-title">
<h2 id="pairs-title">Pairs (<span id="match-count"></span> shown)</h2>
<p id="unlisted" class="muted" hidden></p>
<div class="filters" role="search">
<label>status<select id="f-status">
<option value="all">all</option><option value="failing">not compatible</option>
${STATUS.map((s) => `<option value="${s}">${s}</option>`).join('')}
<option value="suppressed">incompatible, every mismatch suppressed</option>
</select></label>
<label>rule<select id="f-rule"></select></label>
<label>folder<select id="f-folder"></select></label>
<label id="f-change-label" hidden>since the previous report<select id="f-change"></select></label>
<label>text in pair or message<input type="search" id="f-text" placeholder="e.g. disk, q35/, cmdqv" autocomplete="off"></label>
<label>per page<select id="f-size"><option>50</option><option selected>100</option><option>500</option></select></label>
<button class="btn" type="button" id="f-reset">reset</button>
</div>
<div class="pager"><button class="btn" type="button" id="prev">previous</button><button class="btn" type="button" id="next">next</button><span id="range"></span></div>
<table id="pairs">
<thead><tr><th data-sort="id"><button type="button">pair</button></th><th data-sort="status"><button type="button">status</button></th><th data-sort="rule"><button type="button">first rule</button></th><th data-sort="count" class="num"><button type="button">mismatches</button></th><th data-sort="message"><button type="button">libvirt's message</button></th></tr></thead>
<tbody></tbody>
</table>
<div class="pager"><button class="btn" type="button" id="prev-bottom">previous</button><button class="btn" type="button" id="next-bottom">next</button></div>
</section>
<section aria-labelledby="where-title">
<h2 id="where-title" class="section">Where and why</h2>
<div class="grid2">
<div><h2>By folder</h2><div id="folders"></div></div>
<div><h2>By rule family</h2><div id="families"></div></div>
</div>
<div><h2>Top rules</h2><div id="top-rules"></div><details class="all-rules" id="all-rules"></details></div>
<p class="muted">pairs: pairs with at least one mismatch of the rule · first: pairs where it is the first mismatch, the one libvirt reports · mismatches: all of them.</p>
</section>
</main>
<div id="detail" hidden role="dialog" aria-modal="true" aria-labelledby="detail-title">
<div class="sheet">
<header><div><h2 id="detail-title"></h2><span id="detail-status" class="st"></span> <span id="detail-files" class="files"></span></div>
<button class="btn" type="button" id="detail-close">close</button></header>
<div id="detail-body"></div>
</div>
</div>
<script type="application/json" id="abi-rows">[`;
}

interface Snippet { from: number; lines: string[] }

/**
 * The file's lines, read synchronously: a nightly audit of 10^6 pairs reads the files of some
 * 60,000 non-compatible ones, and the promise API's five thread-pool round trips per file were
 * a third of the main thread's time; these reads come from the page cache. Only a domain
 * document is shown (readDomainText): a pair's path may lead anywhere (a link, a manifest line).
 */
function readLines(file: string | null): string[] | undefined {
  return (file ? readDomainText(file, MAX_FILE) : undefined)?.split(/\r\n|\n|\r/);
}

function around(lines: string[] | undefined, line: number | undefined): Snippet | undefined {
  if (!lines || !line || line > lines.length) return undefined;
  const from = Math.max(1, line - CONTEXT);
  const to = Math.min(lines.length, line + CONTEXT);
  return { from, lines: lines.slice(from - 1, to).map((l) => (l.length > MAX_LINE ? l.slice(0, MAX_LINE) + ' …' : l)) };
}

/** What the detail view shows for a non-compatible pair. */
export function pairDetail(r: PairResult) {
  const needSrc = r.mismatches.some((m) => m.srcLine) || (r.error?.side === 'src' && r.error.line);
  const needDst = r.mismatches.some((m) => m.line) || (r.error?.side === 'dst' && r.error.line);
  const srcLines = needSrc ? readLines(r.src) : undefined;
  const dstLines = needDst ? readLines(r.dst) : undefined;
  const context = r.mismatches.slice(0, MAX_CONTEXTS).map((m) => ({ src: around(srcLines, m.srcLine), dst: around(dstLines, m.line) }));
  return {
    id: r.id,
    status: r.status,
    src: r.src,
    dst: r.dst,
    mismatches: r.mismatches,
    ...(r.error ? { error: r.error, errorContext: around(r.error.side === 'src' ? srcLines : dstLines, r.error.line) } : {}),
    ...(context.length ? { context } : {}),
    ...(r.mismatches.length > MAX_CONTEXTS ? { truncated: `File lines are shown for the first ${MAX_CONTEXTS} mismatches only.` } : {}),
    ...(r.fix ? { fix: r.fix } : {}),
    ...(r.change ? { change: r.change } : {}),
    ...(r.driver ? { checkedBy: driverNote(r) } : {}),
  };
}

/** A folder's pairs that are not compatible and not wholly suppressed. */
const failingIn = (c: number[]): number => c[1] + c[2] + c[3] - c[4];

export const htmlFormat: ReportFormat = {
  name: 'html',
  description: 'abi-diff.html: self-contained page with summary, filterable pair table and details',
  async open(outDir: string, info: RunInfo): Promise<ReportSink> {
    await makeDir(outDir);
    const file = join(outDir, 'abi-diff.html');
    const out = reportOut(file);
    const details = await spool('html');
    const mode = info.options?.reportPairs;
    const allRows = mode === 'failing' ? undefined : await spool('html-rows');
    const failingRows = mode === 'all' ? undefined : await spool('html-failing');
    const tally = new Tally();
    const ruleIndex = new Map<string, number>();
    // per folder: pairs, incompatible, error, unpaired, incompatible with every mismatch suppressed
    const folders = new Map<string, number[]>();
    let rows = 0;
    let listedFailing = 0;
    let detailCount = 0;
    const dispose = async () => { await details.dispose(); await allRows?.dispose(); await failingRows?.dispose(); };
    await out.write(pageHead());
    return {
      async add(r) {
        tally.add(r);
        const rules: number[] = [];
        for (const m of r.mismatches) {
          let i = ruleIndex.get(m.rule);
          if (i === undefined) ruleIndex.set(m.rule, (i = ruleIndex.size));
          if (!rules.includes(i)) rules.push(i);
        }
        let detail = -1;
        if (r.status !== 'compatible') {
          detail = detailCount++;
          const written = details.out.write((detail ? '\n' : '') + scriptJson(pairDetail(r)));
          if (written) await written;
        }
        const text = r.status === 'incompatible' ? r.mismatches[0].message : r.error?.message ?? '';
        const suppressed = r.mismatches.length - unsuppressed(r.mismatches).length;
        const status = STATUS.indexOf(r.status);
        const folder = folderOf(r.id);
        let f = folders.get(folder);
        if (!f) folders.set(folder, (f = [0, 0, 0, 0, 0]));
        f[0]++;
        if (status) f[status]++;
        if (r.status === 'incompatible' && suppressed === r.mismatches.length) f[4]++;
        const row = scriptJson(r.change ? [r.id, status, rules, r.mismatches.length, text, detail, suppressed, r.change] : [r.id, status, rules, r.mismatches.length, text, detail, suppressed]);
        if (allRows && listsAllPairs(mode, rows + 1)) {
          const written = allRows.out.write((rows++ ? ',\n' : '\n') + row);
          if (written) await written;
        }
        // a pair fixed since the previous report is listed with the failing ones: it is news
        if (failingRows && (r.status !== 'compatible' || r.change === 'fixed')) {
          const written = failingRows.out.write((listedFailing++ ? ',\n' : '\n') + row);
          if (written) await written;
        }
      },
      async close(summary: Summary, end: RunEnd = { complete: true }) {
        await details.out.end();
        await allRows?.out.end();
        await failingRows?.out.end();
        const all = listsAllPairs(mode, summary.pairs);
        const folderRows = [...folders].sort((a, b) => failingIn(b[1]) - failingIn(a[1]) || b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1));
        const meta = {
          info: {
            tool: info.toolName, version: info.toolVersion, profile: info.profile, libvirtVersion: info.libvirtVersion, flags: runFlags(info), src: info.src, dst: info.dst,
            config: info.config ?? null, baseline: info.baseline ?? null, rulesOff: info.rulesOff ?? [],
          },
          summary: summarized(summary, end),
          complete: end.complete,
          rules: [...ruleIndex.keys()].map((id) => ({ id, family: familyOf(id) })),
          ruleRows: tally.ruleRows(),
          familyRows: tally.familyRows(),
          mismatches: tally.mismatches,
          ruleHelp: Object.fromEntries([...ruleIndex.keys()].flatMap((id) => { const h = ruleHelp(id); return h ? [[id, h]] : []; })),
          folders: folderRows.slice(0, FOLDERS_LISTED).map(([name, c]) => [name, ...c]),
          moreFolders: Math.max(0, folderRows.length - FOLDERS_LISTED),
          // compatible pairs left out of the rows (--report-pairs failing): counted only
          unlisted: all ? 0 : summary.pairs - listedFailing,
        };
        try {
          await out.append(all ? allRows!.file : failingRows!.file);
          await out.write('\n]</script>\n<script type="text/plain" id="abi-detail">');
          await out.append(details.file);
          await out.write(`</script>\n<script type="application/json" id="abi-meta">${scriptJson(meta)}</script>\n<script>\n${inline(asset('app.js'), 'script')}</script>\n</body>\n</html>\n`);
          await out.end();
        } finally {
          await dispose();
        }
        return [file];
      },
      async discard() {
        await out.discard();
        await dispose();
      },
    };
  },
};
