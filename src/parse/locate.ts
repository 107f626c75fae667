/**
 * Line numbers for element paths (`/domain/devices/disk[2]/target/@bus`), found by scanning the
 * document's tags. Only run for pairs that fail, so the common path never pays for it.
 */

interface Segment { name: string; index: number }

function segmentsOf(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('/')) {
    if (!part || part.startsWith('@')) continue;
    const m = /^([^[\]]+)(?:\[(\d+)\])?/.exec(part);
    if (m) out.push({ name: m[1], index: m[2] ? Number(m[2]) : 1 });
  }
  return out;
}

const SLASH = 47, BANG = 33, QUESTION = 63;

/** [A-Za-z_] */
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** [\w.:-] */
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 58 || c === 45;

const ATTRIBUTES = /(?:"[^"]*"|'[^']*'|[^'">])*>/y;

/** Index just past the `>` that closes a tag whose attributes start at `i` (quoted values may hold `>`). */
function tagEnd(xml: string, i: number): number {
  ATTRIBUTES.lastIndex = i;
  return ATTRIBUTES.test(xml) ? ATTRIBUTES.lastIndex : -1;
}

/**
 * Line (1-based) of the deepest element of each path present in `xml`: the element itself, or
 * its nearest existing ancestor when the path names something the document lacks. One scan of
 * the document serves every path: a failing pair locates all its mismatches on both sides, and
 * a scan per mismatch was a tenth of a cold worker's time on the conformance set.
 */
export function linesOfPaths(xml: string, paths: readonly string[]): (number | undefined)[] {
  const wanted = paths.map(segmentsOf);
  const lines: (number | undefined)[] = paths.map(() => undefined);
  /** per path: how many leading open elements follow it */
  const matched = paths.map(() => 0);
  let open = wanted.filter((w) => w.length > 0).length;
  // per open element: how many children of each name it has had so far
  const counts: Map<string, number>[] = [new Map()];
  let depth = 0;
  let line = 1;
  let counted = 0;
  for (let lt = xml.indexOf('<'); lt >= 0 && open > 0; lt = xml.indexOf('<', lt + 1)) {
    const c = xml.charCodeAt(lt + 1);
    if (c === BANG || c === QUESTION) {
      // comment, CDATA, doctype, processing instruction: skipped whole
      const close = xml.startsWith('<!--', lt) ? xml.indexOf('-->', lt + 4) : xml.startsWith('<![CDATA[', lt) ? xml.indexOf(']]>', lt + 9) : xml.indexOf('>', lt + 2);
      if (close < 0) break;
      lt = close;
      continue;
    }
    const closing = c === SLASH;
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isNameStart(xml.charCodeAt(nameStart))) continue;
    let nameEnd = nameStart + 1;
    while (isNameChar(xml.charCodeAt(nameEnd))) nameEnd++;
    const end = tagEnd(xml, nameEnd);
    if (end < 0) break;
    if (closing) {
      for (let k = 0; k < matched.length; k++) if (matched[k] === depth) matched[k]--;
      depth--;
      counts.pop();
      if (depth < 0) break;
      lt = end - 1;
      continue;
    }
    const name = xml.slice(nameStart, nameEnd);
    const siblings = counts[depth];
    const n = (siblings.get(name) ?? 0) + 1;
    siblings.set(name, n);
    let onAnyPath = false;
    for (let k = 0; k < wanted.length; k++) {
      const want = wanted[k];
      if (matched[k] !== depth || depth >= want.length || want[depth].name !== name || want[depth].index !== n) continue;
      for (let nl = xml.indexOf('\n', counted); nl >= 0 && nl < lt; nl = xml.indexOf('\n', nl + 1)) line++;
      counted = lt;
      lines[k] = line;
      if (depth + 1 === want.length) {
        open--;
        matched[k] = -1; // found: follows no further element
      } else {
        matched[k] = depth + 1;
        onAnyPath = true;
      }
    }
    const selfClosing = xml.charCodeAt(end - 2) === SLASH;
    if (selfClosing) {
      // never opened: a path that went through it stops here
      if (onAnyPath) for (let k = 0; k < matched.length; k++) if (matched[k] === depth + 1) matched[k] = depth;
    } else {
      depth++;
      counts.push(new Map());
    }
    lt = end - 1;
  }
  return lines;
}

/** linesOfPaths for one path. */
export const lineOfPath = (xml: string, path: string): number | undefined => linesOfPaths(xml, [path])[0];
