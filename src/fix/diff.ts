/**
 * A unified diff (`diff -u`, 3 lines of context) between two versions of a file. A fix changes
 * a few lines of a file of a few hundred, so the common head and tail are cut before the
 * quadratic line alignment of what is left.
 */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lineOps(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  // lcs[i][j]: longest common subsequence of x[i..] and y[j..]
  const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { ops.push({ kind: ' ', line: x[i] }); i++; j++; }
    else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', line: x[i++] });
    else ops.push({ kind: '+', line: y[j++] });
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

/** Lines with their ends kept, so that a missing final newline shows as diff -u shows it. */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

const NO_NEWLINE = '\n\\ No newline at end of file\n';
const show = (op: Op) => op.kind + (op.line.endsWith('\n') ? op.line : op.line + NO_NEWLINE);

/** `--- oldName` / `+++ newName` and the hunks; empty when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  if (oldText === newText) return '';
  const ops = lineOps(linesOf(oldText), linesOf(newText));
  const out = [`--- ${oldName}\n`, `+++ ${newName}\n`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') { k++; continue; }
    // a hunk: from CONTEXT lines before this change to CONTEXT after the last change close to it
    const start = Math.max(0, k - CONTEXT);
    let end = k;
    for (let e = k; e < ops.length; e++) {
      if (ops[e].kind !== ' ') end = e;
      else if (e - end > 2 * CONTEXT) break;
    }
    end = Math.min(ops.length, end + 1 + CONTEXT);
    let oldLine = 1;
    let newLine = 1;
    for (const op of ops.slice(0, start)) { if (op.kind !== '+') oldLine++; if (op.kind !== '-') newLine++; }
    const hunk = ops.slice(start, end);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@\n`, ...hunk.map(show));
    k = end;
  }
  return out.join('');
}
