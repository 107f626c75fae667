/**
 * Which of dst's list items to remove and which of src's to add so that the lists pair up as
 * libvirt compares them (item by item): the cheapest edit script, where keeping a dst item in
 * place of a src item costs less the more alike they are (a host-side edit of an item keeps it).
 */

export interface ListPlan {
  /** dst indices to remove. */
  removed: number[];
  /** src items to add, each after the dst item with index `after` (-1: before the first). */
  added: { src: number; after: number }[];
}

const tokens = (text: string): string[] => text.split(/[\s<>/='"]+/).filter(Boolean);

/** Dice coefficient of the items' tokens: 1 for the same words, 0 for none in common. */
export function similarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.length && !tb.length) return 1;
  const counts = new Map<string, number>();
  for (const w of ta) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of tb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) { common++; counts.set(w, n - 1); }
  }
  return (2 * common) / (ta.length + tb.length);
}

export function alignLists(src: readonly string[], dst: readonly string[]): ListPlan {
  const n = src.length;
  const m = dst.length;
  const keep = (i: number, j: number) => (src[i] === dst[j] ? 0 : 1 - similarity(src[i], dst[j]) / 2);
  // cost[i][j]: the cheapest script for src[i..] and dst[j..]
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n) cost[i][j] = m - j;
      else if (j === m) cost[i][j] = n - i;
      else cost[i][j] = Math.min(keep(i, j) + cost[i + 1][j + 1], 1 + cost[i][j + 1], 1 + cost[i + 1][j]);
    }
  }
  const plan: ListPlan = { removed: [], added: [] };
  let i = 0;
  let j = 0;
  // additions go after a kept item: a removed one's text is gone
  let kept = -1;
  while (i < n || j < m) {
    if (i < n && j < m && cost[i][j] === keep(i, j) + cost[i + 1][j + 1]) { i++; kept = j++; }
    else if (j < m && cost[i][j] === 1 + cost[i][j + 1]) plan.removed.push(j++);
    else plan.added.push({ src: i++, after: kept });
  }
  return plan;
}
