/**
 * Entity amplification shapes: "billion laughs" (levels x width), one entity used many times,
 * and random entity graphs (text of multi-byte characters, predefined and character references,
 * markup, references used in text and in attribute values before and after the text), placed
 * into a domain document. Used by the oracle-labelled table and by the fuzzer.
 */
import type { Rng } from '../../src/fleet/rng.js';

/** Where references go: `text` in a <description> after <name>, `attr` on <domain>, `late` on <vcpu> (after the text). */
export interface Usage { text?: string; attr?: string; late?: string }

/** a0 = `leaf` characters, a1 = `width` x &a0;, ..., `levels` levels. */
export function laughsDecls(levels: number, width: number, leaf: number): string {
  let decls = `<!ENTITY a0 "${'x'.repeat(leaf)}">`;
  for (let i = 1; i <= levels; i++) decls += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(width)}">`;
  return decls;
}

/** `decls` in a DOCTYPE, `pad` characters of comment before the root, the references placed as `usage` says. */
export function amplified(guest: string, decls: string, usage: Usage, pad = 0): string {
  let body = guest.replace(/^\uFEFF?(<\?xml[^>]*\?>\s*)?/, '');
  if (usage.text !== undefined) body = body.replace(/(<\/name>\n?)/, `$1  <description>${usage.text}</description>\n`);
  if (usage.attr !== undefined) body = body.replace(/<domain\b/, `<domain foo='${usage.attr}'`);
  if (usage.late !== undefined) body = body.replace(/<vcpu\b/, `<vcpu foo='${usage.late}'`);
  return `<!DOCTYPE domain [${decls}]>\n${pad ? `<!--${'p'.repeat(pad)}-->\n` : ''}${body}`;
}

/** `levels` of laughs, the top one used `uses` times in the text or in an attribute of <domain>. */
export function laughs(guest: string, levels: number, width: number, leaf: number, uses: number, where: 'text' | 'attr'): string {
  return amplified(guest, laughsDecls(levels, width, leaf), { [where]: `&a${levels};`.repeat(uses) });
}

const TEXT_CHARS = ['x', 'x', 'x', 'x', 'é', '€', '😀', ' ', '\n', '&amp;', '&#233;'];

/**
 * A random entity graph and its uses. Expansions stay under about `budget` characters (libvirt
 * accepts some of them, and both sides then hold the text in memory).
 */
export function randomAmplification(guest: string, rng: Rng, budget = 4_000_000): string {
  const n = rng.int(1, 6);
  const sizes: number[] = [];
  const decls: string[] = [];
  for (let i = 0; i < n; i++) {
    let value = '', size = 0;
    for (let parts = rng.int(1, 4); parts > 0; parts--) {
      const kind = rng.weighted([['text', 3], ['ref', i ? 4 : 0], ['markup', 1]] as const);
      if (kind === 'ref') {
        const j = rng.chance(0.6) ? i - 1 : rng.int(0, i - 1);
        const times = Math.max(1, Math.min(rng.pick([1, 2, 3, 5, 7, 10, 16, 32, 64]), Math.floor(budget / Math.max(1, sizes[j]))));
        value += `&e${j};`.repeat(times);
        size += times * sizes[j];
      } else {
        const len = rng.pick([0, 1, 3, 10, 100, 1000, 5000]);
        const ch = rng.pick(TEXT_CHARS);
        const text = ch.repeat(len);
        value += kind === 'markup' ? `<i>${text}</i>` : text;
        size += len;
      }
    }
    sizes.push(size);
    decls.push(`<!ENTITY e${i} "${value}">`);
  }
  const refs = () => {
    const j = rng.chance(0.7) ? n - 1 : rng.int(0, n - 1);
    const uses = Math.max(1, Math.min(rng.pick([1, 2, 3, 10, 100, 1000, 3000]), Math.floor(budget / Math.max(1, sizes[j]))));
    return `&e${j};`.repeat(uses);
  };
  const usage: Usage = {};
  if (rng.chance(0.8)) usage.text = refs();
  if (rng.chance(0.3)) usage.attr = refs();
  if (rng.chance(0.2)) usage.late = refs();
  return amplified(guest, decls.join(''), usage, rng.pick([0, 0, 100, 1000, 20000]));
}
