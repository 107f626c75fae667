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

const TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][\s\S]*?>|<(\/?)([A-Za-z_][\w.:-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;

/**
 * Line (1-based) of the deepest element of `path` present in `xml`: the element itself, or its
 * nearest existing ancestor when the path names something the document lacks.
 */
export function lineOfPath(xml: string, path: string): number | undefined {
  const want = segmentsOf(path);
  if (!want.length) return undefined;
  // per open element: how many children of each name it has had so far
  const counts: Record<string, number>[] = [{}];
  let depth = 0;      // open elements
  let matched = 0;    // leading open elements that follow the wanted path
  let best: number | undefined;
  let line = 1;
  let scanned = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const name = m[2];
    if (name === undefined) continue;
    if (m[1]) {
      if (matched === depth) matched--;
      depth--;
      counts.pop();
      if (depth < 0) break;
      continue;
    }
    const siblings = counts[depth];
    const n = (siblings[name] ?? 0) + 1;
    siblings[name] = n;
    const onPath = matched === depth && depth < want.length && want[depth].name === name && want[depth].index === n;
    if (onPath) {
      for (; scanned < m.index; scanned++) if (xml.charCodeAt(scanned) === 10) line++;
      best = line;
      if (depth + 1 === want.length) return best;
    }
    if (m[3]) continue; // self-closing: never opened
    depth++;
    counts.push({});
    if (onPath) matched = depth;
  }
  return best;
}
